import type { FullOperationResponse } from "@azure/core-client";
import { abortReason } from "./abortableDelay";

/** The options that every arm-network 36 `begin*` method accepts and that this module drives. */
export interface BeginOptions {
    abortSignal: AbortSignal;
    onResponse: (rawResponse: FullOperationResponse) => void;
}

/** The initial response of a long-running operation that Azure accepted. */
export interface AcceptedResponse {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
}

/**
 * Sends only the initial request of an arm-network 36 long-running operation and returns once Azure has accepted
 * it, without the SDK poller. The classic client's `begin*` awaits the initial request plus one poll, and it
 * resends `customHeaders` such as `If-Match` on every poll and on the final GET (docs/azure-behaviour.md §3 "HLC v33
 * differences"); its poller also follows `Retry-After: 10`. So the poll is cut off: when the initial response
 * is a 2xx, an internal signal aborts the request that would follow. The swap then watches the resource itself.
 */
export async function sendInitialRequest(
    begin: (options: BeginOptions) => Promise<unknown>,
    abortSignal?: AbortSignal,
): Promise<AcceptedResponse> {
    const stop = new AbortController();
    const forwardAbort = () => stop.abort(abortSignal?.reason);
    if (abortSignal?.aborted) throw abortReason(abortSignal);
    abortSignal?.addEventListener("abort", forwardAbort, { once: true });
    let accepted: AcceptedResponse | undefined;
    const onResponse = (raw: FullOperationResponse) => {
        if (accepted === undefined && raw.status >= 200 && raw.status < 300) {
            accepted = { status: raw.status, headers: raw.headers.toJSON() };
            stop.abort(); // cut off the SDK's first poll: the write is accepted and that is all the swap needs
        }
    };
    try {
        await begin({ abortSignal: stop.signal, onResponse });
    } catch (error) {
        if (accepted === undefined || abortSignal?.aborted) throw error;
    } finally {
        abortSignal?.removeEventListener("abort", forwardAbort);
    }
    if (accepted === undefined) throw new Error("Azure returned no response to a long-running operation.");
    return accepted;
}
