import { Pair } from "./pairs";

/** How a pair is wired: a load balancer per colour, or one load balancer in front of both (docs/topologies.md). */
export type PairTopology = "paired" | "shared";

/**
 * The topology of a pair: shared when one of its load balancers is tagged `vipswap:colour=shared` (the component
 * tags its one load balancer so; a hand-made shared pair must too) or its VipSwap swaps a shared load balancer;
 * paired otherwise. Tags and the VipSwap's `kind` are plain inputs, so this is known even in a first preview.
 */
export function topologyOf(pair: Pair): PairTopology {
    if (pair.loadBalancers.some((lb) => lb.isShared())) {
        return "shared";
    }
    return pair.vipSwaps.some((vipSwap) => vipSwap.kind() === "sharedLoadBalancer") ? "shared" : "paired";
}
