/**
 * The rules a load balancer's load-balancing and outbound rules must satisfy among themselves, each with Azure's
 * status and code (docs/azure-behaviour.md §11). Checked on the final state of a PUT, as Azure validates it, so two
 * rules may trade backend pools in one request. Pure checks: they throw before anything changes.
 */
import { ArmError } from "./armError";
import type { ChildResource, LoadBalancerBody } from "./resourceBodies";
import { sameId } from "./resourceId";

const idOf = (value: unknown): string | undefined => (value as { id?: string } | undefined)?.id;
const idsOf = (value: unknown): string[] => ((value as { id?: string }[] | undefined) ?? []).map((r) => r.id).filter((id): id is string => !!id);

/** The pools a load-balancing rule sends to: its `backendAddressPool` and any in `backendAddressPools`. */
function poolsOf(rule: ChildResource): string[] {
    const single = idOf(rule.properties.backendAddressPool);
    return [...new Set([...(single ? [single] : []), ...idsOf(rule.properties.backendAddressPools)].map((id) => id.toLowerCase()))];
}

/** Protocols overlap when they are equal or either is `All`. */
const overlaps = (a: unknown, b: unknown) => {
    const [x, y] = [String(a ?? "").toLowerCase(), String(b ?? "").toLowerCase()];
    return x === y || x === "all" || y === "all";
};

/** Throws the first conflict among the rules of `body` (the load balancer after the write). */
export function validateRuleConflicts(body: LoadBalancerBody): void {
    const rules = body.properties.loadBalancingRules;
    // Two rules with Floating IP off, the same protocol and backend port, and the same pool (MicrosoftDocs/azure-docs#117762).
    for (let i = 0; i < rules.length; i++) {
        for (let j = i + 1; j < rules.length; j++) {
            const [a, b] = [rules[i], rules[j]];
            if (a.properties.enableFloatingIP === true || b.properties.enableFloatingIP === true) continue;
            if (String(a.properties.protocol ?? "").toLowerCase() !== String(b.properties.protocol ?? "").toLowerCase()) continue;
            if (a.properties.backendPort !== b.properties.backendPort) continue;
            const shared = poolsOf(a).find((pool) => poolsOf(b).includes(pool));
            if (shared) {
                throw new ArmError(
                    400,
                    "RulesUseSameBackendPortProtocolAndPool",
                    `Load balancing rules ${a.id} and ${b.id} with floating IP disabled use the same protocol ${String(a.properties.protocol)} and backend port ${String(a.properties.backendPort)}, and must not be used with the same backend address pool ${shared}.`,
                );
            }
        }
    }
    const outbound = body.properties.outboundRules;
    // A load-balancing rule on a frontend that an outbound rule uses must not SNAT (ansible-collections/azure#743).
    for (const rule of rules) {
        const frontend = idOf(rule.properties.frontendIPConfiguration);
        const user = outbound.find((o) => idsOf(o.properties.frontendIPConfigurations).some((id) => sameId(id, frontend)));
        if (user && rule.properties.disableOutboundSnat !== true) {
            throw new ArmError(
                400,
                "LoadBalancingRuleMustDisableSNATSinceSameFrontendIPConfigurationIsReferencedByOutboundRule",
                `Load balancing rule ${rule.id} must have disableOutboundSnat set to true because its frontend IP configuration ${frontend} is referenced by outbound rule ${user.id}.`,
            );
        }
    }
    // Two outbound rules on one frontend and protocol (Azure/AzLoadBalancerMigration#10).
    for (let i = 0; i < outbound.length; i++) {
        for (let j = i + 1; j < outbound.length; j++) {
            const [a, b] = [outbound[i], outbound[j]];
            if (!overlaps(a.properties.protocol, b.properties.protocol)) continue;
            const shared = idsOf(a.properties.frontendIPConfigurations).find((id) => idsOf(b.properties.frontendIPConfigurations).some((other) => sameId(id, other)));
            if (shared) {
                throw new ArmError(
                    400,
                    "MoreThanOneOutboundRuleUsingSameFrontendIPConfigurationAndProtocolIsNotSupported",
                    `Outbound rules ${a.id} and ${b.id} use the same frontend IP configuration ${shared} and protocol; more than one outbound rule per frontend IP configuration and protocol is not supported.`,
                );
            }
        }
    }
}
