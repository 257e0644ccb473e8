import { ReportViolation } from "@pulumi/policy";
import { LoadBalancerModel, ruleSignature } from "../model/loadBalancer";
import { sameAzureValue } from "../model/propertyReaders";

/**
 * The checks that every load balancer of a pair gets, in either topology. `what` names it in messages, e.g.
 * `load balancer "shop-blue-lb" (the blue load balancer of BlueGreenDeployment "shop")`.
 */

/** The load balancer is Standard: the addresses are Standard, and a load balancer only takes its own SKU's. */
export function checkStandardSku(loadBalancer: LoadBalancerModel, what: string, report: ReportViolation): void {
    const sku = loadBalancer.sku();
    if (!sameAzureValue(sku, "Standard")) {
        report(
            `${what} has ${sku === undefined ? "no SKU, which leaves it to Azure (historically Basic)" : `SKU ${sku}`}: set ` +
                `${loadBalancer.skuSpelling}. The addresses are Standard, and a load balancer can only hold an ` +
                "address of its own SKU (PublicIPAndLBSkuDoNotMatch).",
            loadBalancer.resource.urn,
        );
    }
}

/** Every rule has a health probe of this very load balancer. */
export function checkRuleProbes(loadBalancer: LoadBalancerModel, what: string, report: ReportViolation): void {
    for (const rule of loadBalancer.rules()) {
        const which = `rule "${rule.name}" (${ruleSignature(rule)})`;
        if (rule.probe === "none") {
            report(
                `${what}: ${which} has no health probe: give it a probe ` +
                    `(${loadBalancer.provider === "azure-native" ? "probe: { id }" : "probeId"}), or a swap can ` +
                    "send production traffic to instances that are down.",
                loadBalancer.resource.urn,
            );
        } else if (rule.probe === "dangling") {
            report(
                `${what}: ${which} names a probe that this load balancer does not define: point it at one of its own probes.`,
                loadBalancer.resource.urn,
            );
        } else if (rule.probe === "foreign") {
            report(
                `${what}: ${which} names a probe of load balancer ${rule.probeOwner}, not one of its own: point it ` +
                    'at this load balancer\'s probe (e.g. probe: { id: "$self/probes/<name>" }). Azure would refuse ' +
                    "the reference, or the rule would follow the health of the other colour's instances.",
                loadBalancer.resource.urn,
            );
        }
    }
}
