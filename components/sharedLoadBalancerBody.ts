import type { AddressRole } from "./addressRole";
import { colourServing } from "./addressRole";
import type { HealthProbe, PortRule } from "./blueGreenArgs";
import { sharedRuleName, type BlueGreenNames } from "./blueGreenNames";
import type { Colour } from "./colour";
import { probeBody, selfReference, type LoadBalancingRuleBody, type OutboundRuleBody, type ProbeBody } from "./loadBalancerBody";

/** The roles whose frontends carry load-balancing rules, in the order the rules are listed. */
const ruleRoles: readonly AddressRole[] = ["production", "staging"];

/**
 * The body of the shared topology's one load balancer, apart from the frontends' addresses (docs/topologies.md):
 * - pools `blue`, `green` and `outbound`;
 * - the probe, as in the paired topology;
 * - for every port, a rule on the production frontend and one on the staging frontend, named
 *   `<port>-production` / `<port>-staging`, whose pool is the colour that role serves: blue live means production
 *   rules -> blue, staging rules -> green. A swap exchanges exactly these two references in one PUT
 *   (docs/azure-behaviour.md §11), so this is the state the load balancer has after it;
 * - one outbound rule on the `outbound` frontend and pool. The load-balancing rules set `disableOutboundSnat`, so
 *   outbound traffic always leaves from the outbound address, whichever colour is live.
 *
 * The two rules of a port share protocol and backend port but never a pool, which Azure requires of rules without
 * floating IP (`RulesUseSameBackendPortProtocolAndPool`, docs/azure-behaviour.md §11).
 */
export interface SharedLoadBalancerBody {
    readonly backendAddressPools: { name: string }[];
    readonly probes: ProbeBody[];
    readonly loadBalancingRules: LoadBalancingRuleBody[];
    readonly outboundRules: OutboundRuleBody[];
}

/** The shared load balancer's body for `ports`, `probe` and the live colour. */
export function sharedLoadBalancerBody(
    names: BlueGreenNames,
    ports: readonly PortRule[],
    probe: HealthProbe,
    activeColour: Colour,
): SharedLoadBalancerBody {
    const pool = (name: string) => ({ id: selfReference("backendAddressPools", name) });
    const frontend = (name: string) => ({ id: selfReference("frontendIPConfigurations", name) });
    const poolOfColour = (colour: Colour) => pool(names.sharedPools[colour]);
    return {
        backendAddressPools: [{ name: names.sharedPools.blue }, { name: names.sharedPools.green }, { name: names.sharedPools.outbound }],
        probes: [probeBody(names, probe)],
        loadBalancingRules: ruleRoles.flatMap((role) =>
            ports.map(
                (rule): LoadBalancingRuleBody => ({
                    name: sharedRuleName(rule.name, role),
                    protocol: rule.protocol,
                    frontendPort: rule.frontendPort,
                    backendPort: rule.backendPort,
                    frontendIPConfiguration: frontend(names.sharedFrontends[role]),
                    backendAddressPool: poolOfColour(colourServing(role, activeColour)),
                    probe: { id: selfReference("probes", names.probe) },
                    enableFloatingIP: false,
                    // The outbound rule gives the instances their source address; a rule that SNATs too would make
                    // outbound traffic leave from production or staging depending on the live colour.
                    disableOutboundSnat: true,
                    idleTimeoutInMinutes: 4,
                }),
            ),
        ),
        outboundRules: [
            {
                name: names.outboundRule,
                protocol: "All",
                // A frontend of its own: Azure refuses two outbound rules on one frontend and protocol, and a
                // load-balancing rule that SNATs on an outbound rule's frontend (docs/azure-behaviour.md §11).
                frontendIPConfigurations: [frontend(names.sharedFrontends.outbound)],
                backendAddressPool: pool(names.sharedPools.outbound),
                enableTcpReset: true,
                idleTimeoutInMinutes: 4,
            },
        ],
    };
}
