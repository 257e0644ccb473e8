import type { NetworkManagementClient } from "@azure/arm-network";
import type { PairedSwapTarget } from "../components/swap/swapTarget";

/** Options of {@link measureLoadBalancerUpdate}. */
export interface FloorMeasurementOptions {
    /** How often to read the load balancer while it is `Updating` (wall ms); keep it small, it bounds the error. */
    readonly pollIntervalMs: number;
    readonly abortSignal?: AbortSignal;
}

/**
 * Measures the floor of a VIP swap: one load balancer update on its own, from the PUT being sent to the load
 * balancer being seen `Succeeded` again (docs/design.md: production is unreachable for one load balancer update, and
 * that is the method's floor). It PUTs the green load balancer with the body it read plus a tag, so that nothing
 * that carries traffic changes, and reads it back every `pollIntervalMs`, far more often than a swap would.
 * Returns wall milliseconds.
 */
export async function measureLoadBalancerUpdate(
    client: NetworkManagementClient,
    target: PairedSwapTarget,
    options: FloorMeasurementOptions,
): Promise<number> {
    const { abortSignal } = options;
    const rg = target.resourceGroupName;
    const name = target.greenLoadBalancerName;
    const lb = await client.loadBalancers.get(rg, name, { abortSignal });
    const started = performance.now();
    await client.loadBalancers.beginCreateOrUpdate(rg, name, { ...lb, tags: { ...lb.tags, "vipswap-demo": `floor-${Date.now()}` } }, { abortSignal });
    for (;;) {
        const current = await client.loadBalancers.get(rg, name, { abortSignal });
        if (current.provisioningState === "Succeeded") return performance.now() - started;
        if (current.provisioningState === "Failed") {
            throw new Error(`Measuring the floor: the update of load balancer '${name}' ended Failed.`);
        }
        await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs));
    }
}
