import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { addressRoleOf, type AddressRole } from "./addressRole";
import { loadBalancerNameOf } from "./blueGreenNames";
import { resolvedTags, type ResolvedArgs } from "./blueGreenResolvedArgs";
import type { Colour } from "./colour";
import { loadBalancerBody } from "./loadBalancerBody";
import { sharedLoadBalancerBody } from "./sharedLoadBalancerBody";

/** What a load balancer is built from, besides the resolved arguments. */
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

/** What the shared topology's load balancer is built from, besides {@link LoadBalancerContext}. */
export interface SharedLoadBalancerContext extends LoadBalancerContext {
    /** The resource id of the outbound address. */
    readonly outboundAddressId: pulumi.Output<string>;
}

/**
 * The shared topology's one load balancer (sharedLoadBalancerBody.ts): Standard, a frontend per address that never
 * changes, and rules whose pools follow `activeColour`. It depends on `VipSwap` as the paired load balancers do, so on
 * a flip the pool switch runs first and this PUT only restates what Azure already has.
 */
export function createSharedLoadBalancer(resolved: ResolvedArgs, context: SharedLoadBalancerContext): network.LoadBalancer {
    const { names, name } = resolved;
    const { addressIds } = context;
    const body = pulumi
        .all([resolved.ports, resolved.probe, resolved.activeColour])
        .apply(([ports, probe, active]) => sharedLoadBalancerBody(names, ports, probe, active));
    const frontend = (frontendName: string, addressId: pulumi.Output<string>) => ({
        name: frontendName,
        publicIPAddress: { id: addressId },
    });
    return new network.LoadBalancer(
        `${name}-lb`,
        {
            loadBalancerName: names.sharedLoadBalancer,
            resourceGroupName: context.resourceGroupName,
            location: resolved.location,
            sku: { name: "Standard", tier: "Regional" },
            // Each frontend holds its address for good: the swap never detaches one (docs/azure-behaviour.md §11).
            frontendIPConfigurations: [
                frontend(names.sharedFrontends.production, addressIds.production),
                frontend(names.sharedFrontends.staging, addressIds.staging),
                frontend(names.sharedFrontends.outbound, context.outboundAddressId),
            ],
            backendAddressPools: body.backendAddressPools,
            probes: body.probes,
            loadBalancingRules: body.loadBalancingRules,
            outboundRules: body.outboundRules,
            tags: resolvedTags(resolved, "shared", "load-balancer"),
        },
        // No ignoreChanges on the rules' pools, for the same reason as the paired frontends (docs/pulumi-behaviour.md §5).
        { parent: context.parent, dependsOn: context.swapDependencies },
    );
}
