/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as `abortSignal` fires, so that a swap
 * that is cancelled or out of time never sleeps on.
 */
export function abortableDelay(ms: number, abortSignal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
        if (abortSignal?.aborted) {
            reject(abortReason(abortSignal));
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(abortReason(abortSignal!));
        };
        const timer = setTimeout(() => {
            abortSignal?.removeEventListener("abort", onAbort);
            resolve();
        }, Math.max(0, ms));
        abortSignal?.addEventListener("abort", onAbort, { once: true });
    });
}

/** The error to throw for an aborted signal: its reason when that is an Error, else an `AbortError`. */
export function abortReason(abortSignal: AbortSignal): Error {
    const reason: unknown = abortSignal.reason;
    if (reason instanceof Error) return reason;
    const error = new Error(typeof reason === "string" ? reason : "The operation was aborted.");
    error.name = "AbortError";
    return error;
}
