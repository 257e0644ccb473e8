import type { LoadBalancer, PublicIPAddress } from "@azure/arm-network";
import type { RequestContext } from "./azureRetry";
import type { OperationOutcome, WriteReceipt } from "./swapResources";

/** The Azure names of one shared-load-balancer pair: one load balancer, its two public frontends and two pools. */
export interface PoolSwitchResourceNames {
    readonly resourceGroupName: string;
    readonly loadBalancerName: string;
    readonly productionFrontendName: string;
    readonly stagingFrontendName: string;
}

/** What Azure returned for the shared load balancer at one moment; a resource that answered 404 is undefined. */
export interface PoolSwitchSnapshot {
    readonly loadBalancer?: LoadBalancer;
    /** The public IP the production frontend references, when it has one that Azure still has. */
    readonly production?: PublicIPAddress;
    /** The same for the staging frontend. */
    readonly staging?: PublicIPAddress;
    /** Epoch milliseconds when the last of the reads answered. */
    readonly readAt: number;
}

/**
 * The few things the pool switch does with Azure: read the load balancer (and the two addresses, for the report),
 * poll its provisioning state, PUT a body the decision computed, and ask how an accepted write ended. Like
 * `SwapResources`, every call takes the swap's `RequestContext` and writes return as soon as Azure accepts them.
 */
export interface PoolSwitchResources {
    /** Reads the load balancer, then the addresses its two frontends reference. */
    read(context: RequestContext): Promise<PoolSwitchSnapshot>;
    /** Reads the load balancer's `provisioningState` (undefined when it does not exist): one cheap GET to poll. */
    readProvisioningState(context: RequestContext): Promise<string | undefined>;
    /** PUTs `body` (the load balancer as read, with only the rules' pool references changed) with `If-Match: body.etag`. */
    putLoadBalancer(body: LoadBalancer, context: RequestContext): Promise<WriteReceipt>;
    /** Asks Azure how an accepted write ended; used when a step did not take effect. */
    operationOutcome(receipt: WriteReceipt, context: RequestContext): Promise<OperationOutcome | undefined>;
}
