import type { LoadBalancer, NetworkManagementClient, PublicIPAddress } from "@azure/arm-network";
import type { Colour } from "../colour";
import { type RequestContext, withRetries } from "./azureRetry";
import { type AcceptedResponse, sendInitialRequest } from "./initialRequest";
import {
    type OperationOutcome,
    type SwapResourceNames,
    type SwapResources,
    type SwapSnapshot,
    type WriteReceipt,
    floatingTag,
} from "./swapResources";

/** `SwapResources` on `@azure/arm-network` 36 (the classic client). Build the client with `createNetworkClient`. */
export class ArmSwapResources implements SwapResources {
    /**
     * @param client an arm-network client; give it `pipelineRetries: 0` so that retries happen (and are counted) here
     * @param names the pair's resource names
     */
    constructor(
        private readonly client: NetworkManagementClient,
        private readonly names: SwapResourceNames,
    ) {}

    /** Reads the five resources in parallel; a 404 yields undefined, anything else throws after retries. */
    async read(context: RequestContext): Promise<SwapSnapshot> {
        const { resourceGroupName: rg, loadBalancerNames } = this.names;
        const options = { abortSignal: context.abortSignal };
        const lb = (colour: Colour) =>
            orUndefinedOn404(() =>
                withRetries(`GET load balancer ${loadBalancerNames[colour]}`, context, () => this.client.loadBalancers.get(rg, loadBalancerNames[colour], options)),
            );
        const pip = (name: string) =>
            orUndefinedOn404(() => withRetries(`GET public IP ${name}`, context, () => this.client.publicIPAddresses.get(rg, name, options)));
        const [blue, green, production, staging, floating] = await Promise.all([
            lb("blue"),
            lb("green"),
            pip(this.names.productionIpName),
            pip(this.names.stagingIpName),
            pip(this.names.floatingIpName),
        ]);
        return { loadBalancers: { blue, green }, production, staging, floating, readAt: Date.now() };
    }

    /** GETs one load balancer and returns its `provisioningState`. */
    async readProvisioningState(colour: Colour, context: RequestContext): Promise<string | undefined> {
        const name = this.names.loadBalancerNames[colour];
        const lb = await orUndefinedOn404(() =>
            withRetries(`GET load balancer ${name}`, context, () =>
                this.client.loadBalancers.get(this.names.resourceGroupName, name, { abortSignal: context.abortSignal }),
            ),
        );
        return lb?.provisioningState;
    }

    /** PUTs the body that was read with only the frontend's `publicIPAddress.id` changed, under `If-Match`. */
    async setFrontendAddress(loadBalancer: LoadBalancer, publicIpAddressId: string, context: RequestContext): Promise<WriteReceipt> {
        const body = structuredClone(loadBalancer);
        const frontend = body.frontendIPConfigurations?.find((f) => f.name?.toLowerCase() === this.names.frontendName.toLowerCase());
        if (!frontend || !body.name || !body.etag) {
            throw new Error(`The load balancer ${loadBalancer.name} as read has no frontend ${this.names.frontendName} or no ETag.`);
        }
        // Only the reference changes; the rest of the body is what Azure returned, so rules, probes and pools
        // are PUT back unchanged (docs/azure-behaviour.md §6 "In-place change is supported").
        frontend.publicIPAddress = { id: publicIpAddressId };
        const name = body.name;
        // If-Match is not a spec parameter; the classic client sends it from `requestOptions.customHeaders`
        // (docs/azure-behaviour.md §4). A stale ETag gets 412 PreconditionFailed, and the swap stops.
        const customHeaders = { "If-Match": body.etag };
        return this.write(`PUT load balancer ${name}`, context, (begin) =>
            this.client.loadBalancers.beginCreateOrUpdate(this.names.resourceGroupName, name, body, { ...begin, requestOptions: { customHeaders } }),
        );
    }

    /**
     * Creates the floating IP like production: Standard (Static only, docs/azure-behaviour.md §2), production's IP version, same
     * place and zones (a frontend's zonality comes from its address, §6), and production's tags with the floating
     * tag on top: subscriptions commonly deny untagged resources by Azure Policy (a cost centre, an owner), and a
     * floating IP without them would be refused at the one write every swap needs. `claimTags` say which swap
     * created it, so that a second swap can tell it is not alone.
     */
    async createFloatingIp(production: PublicIPAddress, context: RequestContext, claimTags: Readonly<Record<string, string>> = {}): Promise<WriteReceipt> {
        const body: PublicIPAddress = {
            location: production.location,
            ...(production.zones && production.zones.length > 0 ? { zones: [...production.zones] } : {}),
            sku: { name: "Standard", tier: production.sku?.tier ?? "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: production.publicIPAddressVersion ?? "IPv4",
            tags: { ...production.tags, ...claimTags, [floatingTag.name]: floatingTag.value },
        };
        const name = this.names.floatingIpName;
        return this.write(`PUT public IP ${name}`, context, (begin) =>
            this.client.publicIPAddresses.beginCreateOrUpdate(this.names.resourceGroupName, name, body, begin),
        );
    }

    /** Deletes the floating IP, refusing anything whose name or tag does not say it is the swap's own. */
    async deleteFloatingIp(floating: PublicIPAddress, context: RequestContext): Promise<WriteReceipt> {
        const name = this.names.floatingIpName;
        if (floating.name?.toLowerCase() !== name.toLowerCase() || floating.tags?.[floatingTag.name] !== floatingTag.value) {
            throw new Error(`Refusing to delete public IP ${floating.name}: only ${name} tagged ${floatingTag.name}=${floatingTag.value} may be deleted.`);
        }
        try {
            return await this.write(`DELETE public IP ${name}`, context, (begin) =>
                this.client.publicIPAddresses.beginDelete(this.names.resourceGroupName, name, {
                    ...begin,
                    // Deletes exactly the version that was read and checked, not a replacement made since.
                    ...(floating.etag ? { requestOptions: { customHeaders: { "If-Match": floating.etag } } } : {}),
                }),
            );
        } catch (error) {
            if ((error as { statusCode?: number }).statusCode === 404) return { status: 404 }; // already gone
            throw error;
        }
    }

    /**
     * GETs the operation URL through the client's own pipeline (auth, TLS, CA) and reads `status` and `error`
     * (docs/azure-behaviour.md §3 "Operation status body"). A DELETE's `Location` answers 202 while running and the error
     * body when it failed.
     */
    async operationOutcome(receipt: WriteReceipt, context: RequestContext): Promise<OperationOutcome | undefined> {
        const url = receipt.operationUrl;
        if (!url) return undefined;
        const { createPipelineRequest } = require("@azure/core-rest-pipeline") as typeof import("@azure/core-rest-pipeline");
        const response = await withRetries(`GET operation status`, context, () =>
            this.client.sendRequest(createPipelineRequest({ url, method: "GET", abortSignal: context.abortSignal })),
        );
        let body: { status?: string; error?: { code?: string; message?: string } } = {};
        try {
            body = JSON.parse(response.bodyAsText ?? "{}");
        } catch {
            // not JSON: the status code alone decides
        }
        if (response.status >= 400) return { status: "Failed", code: body.error?.code, message: body.error?.message };
        if (response.status === 202) return { status: "InProgress" };
        const status = body.status ?? "Succeeded";
        if (/succeeded/i.test(status)) return undefined;
        return { status, code: body.error?.code, message: body.error?.message };
    }

    /** Sends the initial request of a long-running write with retries and returns Azure's receipt. */
    private async write(
        operation: string,
        context: RequestContext,
        begin: (options: Parameters<Parameters<typeof sendInitialRequest>[0]>[0]) => Promise<unknown>,
    ): Promise<WriteReceipt> {
        let maybeApplied = false;
        try {
            const accepted = await withRetries(operation, context, async () => {
                try {
                    return await sendInitialRequest(begin, context.abortSignal);
                } catch (error) {
                    maybeApplied ||= mayHaveBeenApplied(error);
                    throw error;
                }
            });
            return { status: accepted.status, operationUrl: operationUrl(accepted) };
        } catch (error) {
            // An attempt that Azure may have accepted, then a retry with the same If-Match: the 412 may be our own
            // first attempt. Report "maybe accepted"; the engine observes Azure and decides again.
            if (maybeApplied && (error as { statusCode?: number }).statusCode === 412) return { status: 0 };
            throw error;
        }
    }
}

/**
 * Whether a failed attempt at a write may have been applied all the same: a connection that broke before the answer
 * (the request may have reached Azure), or a 408 or 5xx. Those statuses are what a gateway or ARM's front end answers
 * when it times out or fails, which can happen after the resource provider took the write; nothing documents that
 * such an answer means "not applied", and the SDK's retry policy resends on them (docs/azure-behaviour.md §3 "Pipeline retry").
 * A 4xx other than 408 is the service refusing the request, so it was not applied.
 */
function mayHaveBeenApplied(error: unknown): boolean {
    const { statusCode, name } = error as { statusCode?: number; name?: string };
    if (name === "AbortError") return false;
    return statusCode === undefined || statusCode === 408 || statusCode >= 500;
}

/** The URL to ask for the outcome: `Azure-AsyncOperation` for PUTs, `Location` for DELETEs (docs/azure-behaviour.md §3). */
function operationUrl(accepted: AcceptedResponse): string | undefined {
    const headers = Object.fromEntries(Object.entries(accepted.headers).map(([k, v]) => [k.toLowerCase(), v]));
    return headers["azure-asyncoperation"] ?? headers["location"];
}

/** 404 codes that mean the request itself was wrong, not that the one resource is missing. */
const scopeNotFoundCodes = new Set(["subscriptionnotfound", "resourcegroupnotfound", "invalidsubscriptionid"]);

/** Reads a resource; undefined when Azure says it does not exist (404 `ResourceNotFound`). */
async function orUndefinedOn404<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
        return await read();
    } catch (error) {
        const { statusCode, code } = error as { statusCode?: number; code?: string };
        if (statusCode === 404 && !scopeNotFoundCodes.has((code ?? "").toLowerCase())) return undefined;
        throw error;
    }
}
