import { abortableDelay, abortReason } from "./abortableDelay";

/**
 * How one swap's requests are bounded: the caller's signal, an overall deadline, and how many times one request
 * may be retried. One context is shared by every request of a swap, so `onRetry` sees every retry.
 */
export interface RequestContext {
    /** Aborts everything (the caller's signal combined with the overall deadline). */
    readonly abortSignal?: AbortSignal;
    /** Epoch milliseconds after which no retry is started. */
    readonly deadline?: number;
    /** Retries per request (the first attempt is not a retry). */
    readonly maxRetries: number;
    /** Base delay for retries that Azure gives no `Retry-After` for; doubles per attempt, capped at 8 s. */
    readonly retryDelayMs: number;
    /** Told of every retry, so the report can count them. */
    readonly onRetry?: (event: RetryEvent) => void;
}

/** One retry of one request. */
export interface RetryEvent {
    /** What was being done, e.g. "GET load balancer lb-blue". */
    readonly operation: string;
    /** 1 for the first retry. */
    readonly attempt: number;
    /** What Azure (or the network) answered: an error code or an HTTP status. */
    readonly reason: string;
    /** How long the retry waits. */
    readonly delayMs: number;
}

/** Thrown when a retry would run past the overall deadline. */
export class DeadlineExceededError extends Error {
    /** @param operation what was being retried  @param lastError what Azure answered last */
    constructor(operation: string, readonly lastError: unknown) {
        super(`The deadline passed while retrying ${operation} (last answer: ${errorSummary(lastError)}).`);
        this.name = "DeadlineExceededError";
    }
}

/** The fields of an SDK error (`RestError`, or a Node network error) that the retry policy looks at. */
interface ErrorShape {
    name?: string;
    code?: string;
    statusCode?: number;
    message?: string;
    response?: { headers?: { get(name: string): string | undefined } };
}

/** Connection-level failures worth another attempt; core-rest-pipeline passes Node's `err.code` through. */
const transientNetworkCodes = new Set(["ECONNRESET", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "ESOCKETTIMEDOUT", "EAI_AGAIN", "REQUEST_SEND_ERROR"]);

/**
 * Azure error codes that mean "busy, try again" whatever the HTTP status: the network RP's `RetryableError*`, and
 * `AnotherOperationInProgress`, which is seen as a failed long-running operation and whose synchronous status is
 * unconfirmed (docs/azure-behaviour.md §5, Unconfirmed 5), so it is matched by code, not by status.
 */
const retryableCodes = /^(RetryableError|AnotherOperationInProgress$)/;

/**
 * Whether Azure marks an error retryable, and after how long. Retryable: 429 (throttling, and the network RP's
 * `RetryableError*` codes, docs/azure-behaviour.md §5), any `RetryableError*` or `AnotherOperationInProgress` code, 408, 5xx except 501/505 (the same set the
 * SDK's own retry policy uses, docs/azure-behaviour.md §3 "Pipeline retry"), and connection resets. Not retryable: 412 (a
 * concurrent writer: the swap must stop, docs/design.md), other 4xx, aborts.
 * @returns the delay to wait before retrying (Retry-After when Azure sent one), or undefined when not retryable
 */
export function retryDelay(error: unknown, attempt: number, baseDelayMs: number): number | undefined {
    const e = (error ?? {}) as ErrorShape;
    if (e.name === "AbortError") return undefined;
    const status = e.statusCode;
    const retryable =
        status === 429 ||
        status === 408 ||
        (status !== undefined && status >= 500 && status !== 501 && status !== 505) ||
        (e.code !== undefined && retryableCodes.test(e.code)) ||
        (status === undefined && e.code !== undefined && transientNetworkCodes.has(e.code));
    if (!retryable) return undefined;
    // `Retry-After: 0` (the emulator's fast profile) means "now"; back off anyway, so that a resource that is
    // busy for a moment does not use up every retry at once.
    const retryAfter = retryAfterMs(e);
    return retryAfter !== undefined && retryAfter > 0 ? retryAfter : Math.min(baseDelayMs * 2 ** (attempt - 1), 8000);
}

/** Reads `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or an HTTP date), docs/azure-behaviour.md §3. */
function retryAfterMs(e: ErrorShape): number | undefined {
    const headers = e.response?.headers;
    if (!headers) return undefined;
    for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
        const value = Number(headers.get(name));
        if (headers.get(name) !== undefined && Number.isFinite(value) && value >= 0) return value;
    }
    const retryAfter = headers.get("retry-after");
    if (retryAfter === undefined) return undefined;
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(retryAfter);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** A short text for an error: its code and HTTP status when it has them. */
export function errorSummary(error: unknown): string {
    const e = (error ?? {}) as ErrorShape;
    const parts = [e.code, e.statusCode !== undefined ? `HTTP ${e.statusCode}` : undefined].filter(Boolean);
    return parts.length > 0 ? parts.join(", ") : (e.message ?? String(error));
}

/**
 * Runs `request`, retrying what `retryDelay` calls retryable up to `context.maxRetries` times, never past the
 * deadline, and stopping at once when the signal aborts.
 */
export async function withRetries<T>(operation: string, context: RequestContext, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
        if (context.abortSignal?.aborted) throw abortReason(context.abortSignal);
        try {
            return await request();
        } catch (error) {
            if (context.abortSignal?.aborted) throw abortReason(context.abortSignal);
            const delayMs = retryDelay(error, attempt, context.retryDelayMs);
            if (delayMs === undefined || attempt > context.maxRetries) throw error;
            if (context.deadline !== undefined && Date.now() + delayMs > context.deadline) throw new DeadlineExceededError(operation, error);
            context.onRetry?.({ operation, attempt, reason: errorSummary(error), delayMs });
            await abortableDelay(delayMs, context.abortSignal);
        }
    }
}
