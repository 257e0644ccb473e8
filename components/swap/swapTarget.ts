/**
 * The Azure resources that one blue/green pair of the paired topology is made of, by name: two load balancers, and
 * two addresses that the swap moves between them. Everything lives in one resource group (Azure refuses references
 * across regions, and the swap keeps to one group for a least-privilege role).
 */
export interface PairedSwapTarget {
    /** The topology; absent means paired, so existing stacks and state keep working. */
    readonly kind?: "pairedLoadBalancers";
    /** The resource group of the load balancers and the addresses. */
    readonly resourceGroupName: string;
    /** The blue load balancer's name. */
    readonly blueLoadBalancerName: string;
    /** The green load balancer's name. */
    readonly greenLoadBalancerName: string;
    /** The public frontend's name; both load balancers use the same one. */
    readonly frontendName: string;
    /** The production public IP's name (the address in DNS; it must survive everything). */
    readonly productionIpName: string;
    /** The staging public IP's name. */
    readonly stagingIpName: string;
}

/**
 * The Azure resources of a pair in the shared topology (docs/azure-behaviour.md §11): one load balancer whose
 * production and staging frontends keep their addresses forever, and two backend pools whose rules trade places.
 */
export interface SharedSwapTarget {
    /** The topology. */
    readonly kind: "sharedLoadBalancer";
    /** The resource group of the load balancer. */
    readonly resourceGroupName: string;
    /** The one load balancer's name. */
    readonly loadBalancerName: string;
    /** The frontend that holds the production address; its rules point at the live colour's pool. */
    readonly productionFrontendName: string;
    /** The frontend that holds the staging address; its rules point at the idle colour's pool. */
    readonly stagingFrontendName: string;
    /** The blue scale set's backend pool. */
    readonly bluePoolName: string;
    /** The green scale set's backend pool. */
    readonly greenPoolName: string;
}

/**
 * What the swap engine works on. The engine's floating-IP method handles the paired kind; the pool switch for
 * {@link SharedSwapTarget} comes with its own method, and with it this becomes `PairedSwapTarget | SharedSwapTarget`.
 */
export type SwapTarget = PairedSwapTarget;

/** Every name field of a PairedSwapTarget, in declaration order (for validation and comparisons that walk them all). */
export const swapTargetFields: readonly Exclude<keyof PairedSwapTarget, "kind">[] = [
    "resourceGroupName",
    "blueLoadBalancerName",
    "greenLoadBalancerName",
    "frontendName",
    "productionIpName",
    "stagingIpName",
];

/** Every name field of a SharedSwapTarget, in declaration order. */
export const sharedSwapTargetFields: readonly Exclude<keyof SharedSwapTarget, "kind">[] = [
    "resourceGroupName",
    "loadBalancerName",
    "productionFrontendName",
    "stagingFrontendName",
    "bluePoolName",
    "greenPoolName",
];

/** True for a target of the shared topology. */
export function isSharedSwapTarget(target: PairedSwapTarget | SharedSwapTarget): target is SharedSwapTarget {
    return target.kind === "sharedLoadBalancer";
}

/** The deterministic name of the temporary floating IP that a swap of `target` creates and deletes. */
export function floatingIpName(target: PairedSwapTarget): string {
    return `${target.productionIpName}-vipswap-floating`;
}
