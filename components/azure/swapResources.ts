import type { LoadBalancer, PublicIPAddress } from "@azure/arm-network";
import type { Colour } from "../colour";
import type { RequestContext } from "./azureRetry";

/** The tag that marks the floating IP as the swap's own; it is deleted only when its name and this tag match. */
export const floatingTag = { name: "vipswap:role", value: "floating" } as const;

/** The Azure names of one blue/green pair's resources, all in one resource group. */
export interface SwapResourceNames {
    readonly resourceGroupName: string;
    readonly loadBalancerNames: Readonly<Record<Colour, string>>;
    readonly frontendName: string;
    readonly productionIpName: string;
    readonly stagingIpName: string;
    readonly floatingIpName: string;
}

/** What Azure returned for the pair at one moment; a resource that answered 404 is undefined. */
export interface SwapSnapshot {
    readonly loadBalancers: Readonly<Record<Colour, LoadBalancer | undefined>>;
    readonly production?: PublicIPAddress;
    readonly staging?: PublicIPAddress;
    readonly floating?: PublicIPAddress;
    /** Epoch milliseconds when the last of the reads answered. */
    readonly readAt: number;
}

/** Azure's answer to a write that it accepted: where to ask how the operation ended. */
export interface WriteReceipt {
    /**
     * The HTTP status of the accepted request (200, 201, 202, 204), or 0 when an attempt's answer was lost or a
     * 408/5xx and a retry got 412: that attempt may have been applied, so the caller must look at Azure before
     * deciding again.
     */
    readonly status: number;
    /** The `Azure-AsyncOperation` (or, for DELETE, `Location`) URL, when Azure gave one (docs/azure-behaviour.md §3). */
    readonly operationUrl?: string;
}

/** How a long-running operation ended, when it did not succeed. */
export interface OperationOutcome {
    /** `Failed` or `Canceled`, or `InProgress` if it has not ended. */
    readonly status: string;
    /** The Azure error code, e.g. `Canceled`, `PublicIPAddressInUse`. */
    readonly code?: string;
    readonly message?: string;
}

/**
 * The few things the swap does with Azure. Every method takes the swap's `RequestContext` (abort signal, deadline,
 * retry bound) and retries what Azure marks retryable. Writes return as soon as Azure accepts them: the swap
 * watches the resources itself (docs/design.md "Speed").
 */
export interface SwapResources {
    /** Reads both load balancers and the three addresses, in parallel. */
    read(context: RequestContext): Promise<SwapSnapshot>;
    /** Reads one load balancer's `provisioningState` (undefined when it does not exist): one cheap GET to poll. */
    readProvisioningState(colour: Colour, context: RequestContext): Promise<string | undefined>;
    /**
     * Points the named frontend of `loadBalancer` (as read) at `publicIpAddressId`, changing nothing else,
     * PUT with `If-Match: <the ETag read>` so that a concurrent writer gets 412 instead of being overwritten.
     */
    setFrontendAddress(loadBalancer: LoadBalancer, publicIpAddressId: string, context: RequestContext): Promise<WriteReceipt>;
    /**
     * Creates the floating IP: Standard, Static, with the IP version, location, zones and tags of `production`, tagged
     * floating, plus `claimTags` (who is swapping, since when, towards which colour: components/swap/swapClaim.ts).
     */
    createFloatingIp(production: PublicIPAddress, context: RequestContext, claimTags?: Readonly<Record<string, string>>): Promise<WriteReceipt>;
    /** Deletes `floating` (as read), only if its name is the floating name and it carries the floating tag. */
    deleteFloatingIp(floating: PublicIPAddress, context: RequestContext): Promise<WriteReceipt>;
    /** Asks Azure how an accepted write ended; used when a step did not take effect. */
    operationOutcome(receipt: WriteReceipt, context: RequestContext): Promise<OperationOutcome | undefined>;
}
