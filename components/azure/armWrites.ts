import type { NetworkManagementClient } from "@azure/arm-network";
import { type RequestContext, withRetries } from "./azureRetry";
import { type AcceptedResponse, sendInitialRequest } from "./initialRequest";
import type { OperationOutcome, WriteReceipt } from "./swapResources";

/**
 * The half of the Azure adapter that every swap method shares (docs/swap-engine.md, "Methods"): sending a write's
 * initial request with the engine's one retry policy, asking how an accepted write ended, and reading a resource
 * that may be missing. Each method's adapter (armSwapResources.ts, armPoolSwitchResources.ts) builds its bodies and
 * sends them through here, so both methods retry, count and report the same way.
 */
export class ArmWrites {
    /** @param client an arm-network client built with `pipelineRetries: 0` (the engine retries, and counts) */
    constructor(private readonly client: NetworkManagementClient) {}

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
    async write(
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
export async function orUndefinedOn404<T>(read: () => Promise<T>): Promise<T | undefined> {
    try {
        return await read();
    } catch (error) {
        const { statusCode, code } = error as { statusCode?: number; code?: string };
        if (statusCode === 404 && !scopeNotFoundCodes.has((code ?? "").toLowerCase())) return undefined;
        throw error;
    }
}
