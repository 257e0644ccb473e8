import { ResourceValidationPolicy } from "@pulumi/policy";
import { addressModel } from "../model/address";
import { describe } from "./describe";

/**
 * The production and staging addresses carry the `protect` resource option. The production address is the one in
 * DNS and in customers' allow-lists (docs/design.md): a `pulumi destroy`, a replacement caused by an immutable property,
 * or a refactoring that drops the resource from the program would release it for good, since a Static address is
 * released only when the resource is deleted (docs/azure-behaviour.md §2). Staging becomes production on the next swap.
 */
export const addressesProtectedPolicy: ResourceValidationPolicy = {
    name: "vipswap-addresses-protected",
    description:
        "The production and staging public IPs (tag vipswap:role) are created with the protect resource option, " +
        "so no destroy or replacement can release them.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const address = addressModel(args);
        const role = address?.role();
        if (role === undefined || args.opts.protect) {
            return;
        }
        report(
            `${describe(args)} is the ${role} address but is not protected: create it with the resource option ` +
                "{ protect: true } (the BlueGreenDeployment component does so by default; do not turn it off). " +
                "Deleting or replacing it releases the address for good.",
        );
    },
};
