import type { HealthProbe, PortRule } from "./blueGreenArgs";

/** One inbound security rule, in the shape azure-native's `securityRules` takes. */
export interface InboundSecurityRule {
    readonly name: string;
    readonly description: string;
    readonly priority: number;
    readonly direction: "Inbound";
    readonly access: "Allow";
    readonly protocol: "Tcp" | "Udp";
    readonly sourceAddressPrefix: string;
    readonly sourcePortRange: "*";
    readonly destinationAddressPrefix: "*";
    readonly destinationPortRange: string;
}

/** Priority of the probe rule; the port rules follow from {@link firstPortRulePriority}. */
const probeRulePriority = 100;
const firstPortRulePriority = 200;

/**
 * The security rules of the created subnet: exactly the rules' backend ports from `sourceRange`, and the probe port
 * from the `AzureLoadBalancer` service tag. A Standard load balancer admits nothing that the subnet's or NIC's
 * security group does not allow, and its probes come from that tag (Azure docs: "Azure Load Balancer health probes",
 * "Network security groups: service tags"). The backend port is what the instances see: without floating IP the
 * load balancer rewrites the destination to the instance address and backend port.
 */
export function inboundSecurityRules(
    ports: readonly PortRule[],
    probe: HealthProbe,
    sourceRange: string,
): InboundSecurityRule[] {
    const probeRule: InboundSecurityRule = {
        name: "allow-load-balancer-probe",
        description: "Azure load balancer health probe",
        priority: probeRulePriority,
        direction: "Inbound",
        access: "Allow",
        protocol: "Tcp",
        sourceAddressPrefix: "AzureLoadBalancer",
        sourcePortRange: "*",
        destinationAddressPrefix: "*",
        destinationPortRange: String(probe.port),
    };
    const portRules = ports.map(
        (rule, i): InboundSecurityRule => ({
            name: `allow-${rule.name}`,
            description: `vipswap rule ${rule.name}: ${rule.protocol} ${rule.frontendPort} -> ${rule.backendPort}`,
            priority: firstPortRulePriority + i,
            direction: "Inbound",
            access: "Allow",
            protocol: rule.protocol,
            sourceAddressPrefix: sourceRange,
            sourcePortRange: "*",
            destinationAddressPrefix: "*",
            destinationPortRange: String(rule.backendPort),
        }),
    );
    return [probeRule, ...portRules];
}
