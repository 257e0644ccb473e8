/**
 * The Azure resources that one blue/green pair is made of, by name, in one of the two topologies. Everything lives in
 * one resource group (Azure refuses references across regions, and the swap keeps to one group for a least-privilege
 * role).
 */

/**
 * The paired topology: two load balancers, one per colour, and the production and staging addresses moved between
 * them with a temporary floating IP (docs/swap-engine.md). `kind` absent means this, so existing stacks and state
 * keep working.
 */
export interface PairedSwapTarget {
    /** Absent or `pairedLoadBalancers`. */
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
 * The shared topology: one load balancer with a production and a staging frontend, each holding its address forever,
 * and a backend pool per colour. The swap exchanges the pools of the two frontends' rules in one PUT
 * (docs/azure-behaviour.md §11).
 */
export interface SharedSwapTarget {
    readonly kind: "sharedLoadBalancer";
    /** The resource group of the load balancer. */
    readonly resourceGroupName: string;
    /** The one load balancer's name. */
    readonly loadBalancerName: string;
    /** The frontend whose address is production (the address in DNS). */
    readonly productionFrontendName: string;
    /** The frontend whose address is staging. */
    readonly stagingFrontendName: string;
    /** The blue scale set's backend pool. */
    readonly bluePoolName: string;
    /** The green scale set's backend pool. */
    readonly greenPoolName: string;
}

/** What a swap works on: either topology, told apart by `kind`. */
export type SwapTarget = PairedSwapTarget | SharedSwapTarget;

/** The topologies, by the `kind` of their target (absent means `pairedLoadBalancers`). */
export type SwapTargetKind = "pairedLoadBalancers" | "sharedLoadBalancer";

/** Every name field of a PairedSwapTarget, in declaration order (for validation and comparisons that walk them all). */
export const pairedSwapTargetFields: readonly (keyof PairedSwapTarget & string)[] = [
    "resourceGroupName",
    "blueLoadBalancerName",
    "greenLoadBalancerName",
    "frontendName",
    "productionIpName",
    "stagingIpName",
];

/** Every name field of a SharedSwapTarget, in declaration order. */
export const sharedSwapTargetFields: readonly (keyof SharedSwapTarget & string)[] = [
    "resourceGroupName",
    "loadBalancerName",
    "productionFrontendName",
    "stagingFrontendName",
    "bluePoolName",
    "greenPoolName",
];

/** The paired list under its earlier name (the policies and older callers walk it). */
export const swapTargetFields = pairedSwapTargetFields;

/** The name fields of one kind. */
export function swapTargetFieldsOf(kind: SwapTargetKind): readonly string[] {
    return kind === "sharedLoadBalancer" ? sharedSwapTargetFields : pairedSwapTargetFields;
}

/** The topology of a target (absent `kind` is paired). */
export function swapTargetKind(target: { readonly kind?: unknown }): SwapTargetKind | undefined {
    if (target.kind === undefined || target.kind === null || target.kind === "pairedLoadBalancers") return "pairedLoadBalancers";
    return target.kind === "sharedLoadBalancer" ? "sharedLoadBalancer" : undefined;
}

/** True for the shared topology's target. */
export function isSharedTarget(target: SwapTarget): target is SharedSwapTarget {
    return target.kind === "sharedLoadBalancer";
}

/** The deterministic name of the temporary floating IP that a swap of `target` creates and deletes. */
export function floatingIpName(target: PairedSwapTarget): string {
    return `${target.productionIpName}-vipswap-floating`;
}

/** The same test as {@link isSharedTarget}, for callers holding either kind's type (the policies, the component). */
export const isSharedSwapTarget: (target: PairedSwapTarget | SharedSwapTarget) => target is SharedSwapTarget = isSharedTarget;

/**
 * Either kind's names in one object type: what `BlueGreenDeployment.swapTarget` outputs. Pulumi's schema for other
 * languages has no unions (docs/other-languages.md), so the fields of the kind not in use are absent rather than typed
 * away; `kind` says which set is there (`isSharedSwapTarget` narrows it to {@link SharedSwapTarget}).
 */
export interface SwapTargetNames {
    /** `sharedLoadBalancer`, or `pairedLoadBalancers` / absent for the paired topology. */
    readonly kind?: string;
    /** The resource group of the load balancer(s) and the addresses. */
    readonly resourceGroupName: string;
    /** Paired: the blue load balancer. */
    readonly blueLoadBalancerName?: string;
    /** Paired: the green load balancer. */
    readonly greenLoadBalancerName?: string;
    /** Paired: the public frontend both load balancers use. */
    readonly frontendName?: string;
    /** Paired: the production public IP. */
    readonly productionIpName?: string;
    /** Paired: the staging public IP. */
    readonly stagingIpName?: string;
    /** Shared: the one load balancer. */
    readonly loadBalancerName?: string;
    /** Shared: the production frontend. */
    readonly productionFrontendName?: string;
    /** Shared: the staging frontend. */
    readonly stagingFrontendName?: string;
    /** Shared: the blue pool. */
    readonly bluePoolName?: string;
    /** Shared: the green pool. */
    readonly greenPoolName?: string;
}
