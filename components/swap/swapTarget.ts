/**
 * The Azure resources that one blue/green pair is made of, by name. Everything lives in one resource group
 * (Azure refuses references across regions, and the swap keeps to one group for a least-privilege role).
 */
export interface SwapTarget {
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

/** Every field of a SwapTarget, in declaration order (for validation and comparisons that walk them all). */
export const swapTargetFields: readonly (keyof SwapTarget)[] = [
    "resourceGroupName",
    "blueLoadBalancerName",
    "greenLoadBalancerName",
    "frontendName",
    "productionIpName",
    "stagingIpName",
];

/** The deterministic name of the temporary floating IP that a swap of `target` creates and deletes. */
export function floatingIpName(target: SwapTarget): string {
    return `${target.productionIpName}-vipswap-floating`;
}
