import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { addressRoleOf, type AddressRole } from "./addressRole";
import { loadBalancerNameOf } from "./blueGreenNames";
import { resolvedTags, type ResolvedArgs } from "./blueGreenResolvedArgs";
import type { Colour } from "./colour";
import { loadBalancerBody } from "./loadBalancerBody";

/** What one colour's load balancer is built from, besides the resolved arguments. */
export interface LoadBalancerContext {
    /** The component (every child's parent). */
    readonly parent: pulumi.Resource;
    /** The resource group that holds the pair. */
    readonly resourceGroupName: pulumi.Output<string>;
    /** The resource ids of the production and staging addresses. */
    readonly addressIds: Record<AddressRole, pulumi.Output<string>>;
    /** The `VipSwap` resource: the load balancer is PUT only after the swap has run. */
    readonly swapDependencies: pulumi.Resource[];
}

/**
 * The load balancer of `colour`: Standard, the rules, probe, backend pool and outbound rule that both colours share,
 * and one frontend that declares the address `activeColour` gives this colour (production when it is live).
 */
export function createLoadBalancer(resolved: ResolvedArgs, colour: Colour, context: LoadBalancerContext): network.LoadBalancer {
    const { names, name } = resolved;
    const { addressIds } = context;
    const body = pulumi.all([resolved.ports, resolved.probe]).apply(([ports, probe]) => loadBalancerBody(names, ports, probe));
    const declaredAddressId = pulumi
        .all([resolved.activeColour, addressIds.production, addressIds.staging])
        .apply(([active, production, staging]) => (addressRoleOf(colour, active) === "production" ? production : staging));
    return new network.LoadBalancer(
        `${name}-${colour}-lb`,
        {
            loadBalancerName: loadBalancerNameOf(names, colour),
            resourceGroupName: context.resourceGroupName,
            location: resolved.location,
            sku: { name: "Standard", tier: "Regional" },
            frontendIPConfigurations: [{ name: names.frontend, publicIPAddress: { id: declaredAddressId } }],
            backendAddressPools: body.backendAddressPools,
            probes: body.probes,
            loadBalancingRules: body.loadBalancingRules,
            outboundRules: body.outboundRules,
            tags: resolvedTags(resolved, colour, "load-balancer"),
        },
        // No ignoreChanges on the frontend: azure-native would PUT the stale address on the next unrelated
        // change (docs/pulumi-behaviour.md §5). The swap runs first instead, so this declaration is always what Azure has.
        { parent: context.parent, dependsOn: context.swapDependencies },
    );
}
