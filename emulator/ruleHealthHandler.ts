/**
 * Load-balancing rule health: `POST .../loadBalancers/{lb}/loadBalancingRules/{rule}/health` (arm-network 36
 * `loadBalancerLoadBalancingRules.beginHealth`, a long-running operation polled through `Location`). The result,
 * `{up, down, loadBalancerBackendAddresses: [{ipAddress, networkInterfaceIPConfigurationId, state, reason}]}`, is
 * the shape and the reason codes of MicrosoftDocs/azure-docs articles/load-balancer/load-balancer-manage-health-status.md
 * ("Up_Probe_Success"; "Down_Probe_HttpStatusCodeError" for an Http probe, "Down_Probe_TcpProbeTimeout" for Tcp).
 * The backends come from the control API (backendRegistry.ts); the figures are taken at commit, from the
 * committed load balancer.
 */
import type { ArmHandler } from "./emulatorContext";
import { findLoadBalancer } from "./loadBalancerHandlers";
import { resourceNotFound } from "./networkErrors";
import type { LoadBalancerBody } from "./resourceBodies";
import { sameId } from "./resourceId";
import { acceptedWithLocation } from "./writeGuards";

/** One backend address in the health answer. */
export interface BackendAddressHealth {
    readonly ipAddress: string;
    readonly networkInterfaceIPConfigurationId: string;
    readonly state: "Up" | "Down";
    readonly reason: string;
}

/** The health answer of one rule (`LoadBalancerHealthPerRule`). */
export interface RuleHealth {
    readonly up: number;
    readonly down: number;
    readonly loadBalancerBackendAddresses: readonly BackendAddressHealth[];
}

/** POST .../loadBalancingRules/{rule}/health: 202 + Location; the result comes from operationResults. */
export const postRuleHealth: ArmHandler = (request, context) => {
    const { record } = findLoadBalancer(request, context);
    const lb = record?.committed;
    if (!record || !lb) {
        throw resourceNotFound("loadBalancers", request.params.name, request.params.rg);
    }
    const rule = lb.properties.loadBalancingRules.find((r) => r.name.toLowerCase() === request.params.rule.toLowerCase());
    if (!rule) {
        throw resourceNotFound(`loadBalancers/${lb.name}/loadBalancingRules`, request.params.rule, request.params.rg);
    }
    const operation = context.operations.start({
        kind: "ruleHealth",
        name: "GetLoadBalancingRuleHealthOperation",
        resourceIds: [lb.id],
        action: "action",
        location: lb.location,
        fault: context.faults.takeOperationFault(request.method, request.path),
        commit: () => ruleHealth(context.store.get(lb.id)?.committed as LoadBalancerBody | undefined, rule.name, context),
        abandon: () => undefined,
    });
    return acceptedWithLocation(request, context, operation);
};

function ruleHealth(lb: LoadBalancerBody | undefined, ruleName: string, context: Parameters<ArmHandler>[1]): RuleHealth {
    const rule = lb?.properties.loadBalancingRules.find((r) => r.name === ruleName);
    const probeRef = rule?.properties.probe as { id: string } | undefined;
    // "Health status isn't supported for nonprobed load balancing rules" (same doc): empty figures.
    if (!lb || !rule || !probeRef) {
        return { up: 0, down: 0, loadBalancerBackendAddresses: [] };
    }
    const probe = lb.properties.probes.find((p) => sameId(p.id, probeRef.id));
    const httpProbe = String(probe?.properties.protocol ?? "").toLowerCase().startsWith("http");
    // The rule's own pool: on a shared load balancer each colour's pool has its own backends.
    const poolId = (rule.properties.backendAddressPool as { id?: string } | undefined)?.id;
    const backends = poolId ? context.backends.forPool(lb.id, poolId) : context.backends.get(lb.id);
    const addresses = (backends?.addresses ?? []).map((ipAddress, index): BackendAddressHealth => {
        const up = index < (backends?.healthy ?? 0);
        return {
            ipAddress,
            networkInterfaceIPConfigurationId: `${lb.id.replace(/\/providers\/Microsoft\.Network\/loadBalancers\/.*$/i, "")}/providers/Microsoft.Compute/virtualMachineScaleSets/${backends?.backendPoolName ? `${lb.name}-${backends.backendPoolName}` : lb.name}-vmss/virtualMachines/${index}/networkInterfaces/nic/ipConfigurations/ipconfig1`,
            state: up ? "Up" : "Down",
            reason: up ? "Up_Probe_Success" : httpProbe ? "Down_Probe_HttpStatusCodeError" : "Down_Probe_TcpProbeTimeout",
        };
    });
    const up = addresses.filter((a) => a.state === "Up").length;
    return { up, down: addresses.length - up, loadBalancerBackendAddresses: addresses };
}
