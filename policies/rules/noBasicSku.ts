import { StackValidationPolicy } from "@pulumi/policy";
import { addressModel } from "../model/address";
import { loadBalancerModel } from "../model/loadBalancer";
import { pairsOf } from "../model/pairs";
import { sameAzureValue } from "../model/propertyReaders";
import { StackIndex } from "../model/stackIndex";
import { describe } from "./describe";

/**
 * No public IP or load balancer of a pair is Basic. Basic public IPs were retired on 30 September 2025 and new ones
 * cannot be created since 31 March 2025; the Basic Load Balancer was retired on 30 September 2025 (docs/azure-behaviour.md §2,
 * learn.microsoft.com public-ip-basic-upgrade-guidance and configure-public-ip-load-balancer). A Basic resource also
 * cannot share a swap with Standard ones (`PublicIPAndLBSkuDoNotMatch`, docs/azure-behaviour.md §1).
 */
export const noBasicSkuPolicy: StackValidationPolicy = {
    name: "vipswap-no-basic-sku",
    description:
        "No public IP or load balancer in a blue/green pair uses the Basic SKU, which Azure retired on " +
        "30 September 2025.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const stack = new StackIndex(args.resources);
        for (const pair of pairsOf(stack)) {
            for (const member of pair.members) {
                const model = addressModel(member) ?? loadBalancerModel(member);
                if (model === undefined) {
                    continue;
                }
                const sku = model.sku();
                if (sameAzureValue(sku, "Basic")) {
                    const spelling = "spelling" in model ? model.spelling.sku : model.skuSpelling;
                    report(
                        `${describe(member)} in ${pair.label} uses the Basic SKU, which Azure retired on ` +
                            `30 September 2025: set ${spelling} (Basic and Standard resources cannot be swapped ` +
                            "with each other either).",
                        member.urn,
                    );
                }
            }
        }
    },
};
