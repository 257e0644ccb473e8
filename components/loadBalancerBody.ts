import type { HealthProbe, PortRule } from "./blueGreenArgs";
import type { BlueGreenNames } from "./blueGreenNames";

/**
 * The parts of a load balancer that are the same on blue and green: one backend pool, the probe, the rules and the
 * outbound rule, all pointing at the one public frontend. Identical bodies are what make a swap safe: after it, each
 * address serves the same ports with the same probe as before.
 *
 * References use azure-native's relative form `$self/<collection>/<name>`, which it expands to the load balancer's
 * own id (azure-native `SubResourceArgs` doc), so the body does not depend on the subscription id.
 */
export interface LoadBalancerBody {
    readonly backendAddressPools: { name: string }[];
    readonly probes: ProbeBody[];
    readonly loadBalancingRules: LoadBalancingRuleBody[];
    readonly outboundRules: OutboundRuleBody[];
}

/** A probe as azure-native takes it. */
export interface ProbeBody {
    readonly name: string;
    readonly protocol: HealthProbe["protocol"];
    readonly port: number;
    readonly requestPath?: string;
    readonly intervalInSeconds: number;
    readonly numberOfProbes: number;
    readonly probeThreshold: number;
}

/** A load-balancing rule as azure-native takes it. */
export interface LoadBalancingRuleBody {
    readonly name: string;
    readonly protocol: PortRule["protocol"];
    readonly frontendPort: number;
    readonly backendPort: number;
    readonly frontendIPConfiguration: { id: string };
    readonly backendAddressPool: { id: string };
    readonly probe: { id: string };
    readonly enableFloatingIP: false;
    readonly disableOutboundSnat: true;
    readonly idleTimeoutInMinutes: number;
}

/** An outbound rule as azure-native takes it. */
export interface OutboundRuleBody {
    readonly name: string;
    readonly protocol: "All";
    readonly frontendIPConfigurations: { id: string }[];
    readonly backendAddressPool: { id: string };
    readonly enableTcpReset: true;
    readonly idleTimeoutInMinutes: number;
}

/** `$self/<collection>/<name>`: a reference to a child of the load balancer being declared. */
export function selfReference(collection: string, name: string): string {
    return `$self/${collection}/${name}`;
}

/** The health probe of either topology. */
export function probeBody(names: BlueGreenNames, probe: HealthProbe): ProbeBody {
    return {
        name: names.probe,
        protocol: probe.protocol,
        port: probe.port,
        ...(probe.protocol === "Tcp" ? {} : { requestPath: probe.path ?? "/" }),
        intervalInSeconds: 5,
        numberOfProbes: 2,
        probeThreshold: 2,
    };
}

/** The body of each paired load balancer for `ports` and `probe` (the same on blue and green). */
export function loadBalancerBody(names: BlueGreenNames, ports: readonly PortRule[], probe: HealthProbe): LoadBalancerBody {
    const frontend = { id: selfReference("frontendIPConfigurations", names.frontend) };
    const pool = { id: selfReference("backendAddressPools", names.backendPool) };
    const probeRef = { id: selfReference("probes", names.probe) };
    return {
        backendAddressPools: [{ name: names.backendPool }],
        probes: [probeBody(names, probe)],
        loadBalancingRules: ports.map(
            (rule): LoadBalancingRuleBody => ({
                name: rule.name,
                protocol: rule.protocol,
                frontendPort: rule.frontendPort,
                backendPort: rule.backendPort,
                frontendIPConfiguration: frontend,
                backendAddressPool: pool,
                probe: probeRef,
                enableFloatingIP: false,
                // Outbound connectivity comes from the explicit outbound rule; Azure rejects a rule and an outbound
                // rule that both SNAT on the same frontend ("Outbound rules" in the Azure Load Balancer docs).
                disableOutboundSnat: true,
                idleTimeoutInMinutes: 4,
            }),
        ),
        outboundRules: [
            {
                name: names.outboundRule,
                protocol: "All",
                frontendIPConfigurations: [frontend],
                backendAddressPool: pool,
                enableTcpReset: true,
                idleTimeoutInMinutes: 4,
            },
        ],
    };
}
