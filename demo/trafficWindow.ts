import type { AddressRole, TrafficSample } from "./trafficSample";

/**
 * The outage that clients of one address saw during one swap: from the first failed request to the first
 * successful request after the last failure. This is the downtime a user measures, as opposed to the control
 * plane's "unattached" time, which leaves out how long the data plane takes to follow.
 */
export interface TrafficWindow {
    /** The address. */
    readonly role: AddressRole;
    /** Requests sent to it during the span. */
    readonly requestCount: number;
    /** Of which failed. */
    readonly failedCount: number;
    /** When the first failed request was sent (wall ms since the traffic started); absent when none failed. */
    readonly firstFailedAtMs?: number;
    /** When the first successful request after the last failure was sent; absent when it never recovered. */
    readonly recoveredAtMs?: number;
    /**
     * `recoveredAtMs - firstFailedAtMs`; 0 when nothing failed. When the address never recovered within the
     * span, the window runs to the last request sent, and `recovered` is false.
     */
    readonly windowMs: number;
    /** False when the last request of the span still failed. */
    readonly recovered: boolean;
}

/**
 * Measures the client-side window of `role` over the samples sent in `[fromMs, toMs)`.
 * Samples may come in any order (requests finish out of order); they are sorted by send time.
 */
export function analyseTrafficWindow(
    samples: readonly TrafficSample[],
    role: AddressRole,
    fromMs: number,
    toMs: number,
): TrafficWindow {
    const span = samples
        .filter((s) => s.role === role && s.sentAtMs >= fromMs && s.sentAtMs < toMs)
        .sort((a, b) => a.sentAtMs - b.sentAtMs);
    const failed = span.filter((s) => !s.ok);
    if (failed.length === 0) {
        return { role, requestCount: span.length, failedCount: 0, windowMs: 0, recovered: true };
    }
    const firstFailedAtMs = failed[0].sentAtMs;
    const lastFailedAtMs = failed[failed.length - 1].sentAtMs;
    const recovery = span.find((s) => s.ok && s.sentAtMs > lastFailedAtMs);
    const end = recovery?.sentAtMs ?? span[span.length - 1].sentAtMs;
    return {
        role,
        requestCount: span.length,
        failedCount: failed.length,
        firstFailedAtMs,
        ...(recovery ? { recoveredAtMs: recovery.sentAtMs } : {}),
        windowMs: end - firstFailedAtMs,
        recovered: recovery !== undefined,
    };
}
