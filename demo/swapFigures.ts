import type { SwapRun } from "./swapRun";
import type { AddressRole, TrafficSample } from "./trafficSample";

/**
 * The figures that issue 13 judges a swap by, from the clients' side, for one address: the failed requests of
 * fresh-connection and keep-alive clients, and the longest gap between successful answers (the time a user waited
 * with nothing answering, whatever the cause), beside the swap's total time.
 */
export interface SwapFigures {
    readonly method: SwapRun["method"];
    readonly from: SwapRun["from"];
    readonly to: SwapRun["to"];
    /** Requests sent on fresh connections to production during the swap's span, and how many failed. */
    readonly fresh: ClientFigures;
    /** The same for the keep-alive clients of production. */
    readonly keepAlive: ClientFigures;
    /** The swap from its start to its end, as its driver saw it (wall ms). */
    readonly totalMs: number;
}

/** One kind of client's figures for production over a swap's span. */
export interface ClientFigures {
    readonly sent: number;
    readonly failed: number;
    /** The longest time between two successful answers (or from the span's start to the first), wall ms. */
    readonly longestGapMs: number;
}

/**
 * The longest gap between successful answers to `role` over `[fromMs, toMs)`, by the time each answer arrived: from
 * `fromMs` (or the last answer before it) to the first, between consecutive ones, and from the last to `toMs`.
 */
export function longestAnswerGap(samples: readonly TrafficSample[], role: AddressRole, fromMs: number, toMs: number): number {
    const answered = samples
        .filter((s) => s.role === role && s.ok)
        .map((s) => s.sentAtMs + s.durationMs)
        .sort((a, b) => a - b);
    const before = answered.filter((t) => t < fromMs);
    const inside = answered.filter((t) => t >= fromMs && t < toMs);
    const points = [before.length > 0 ? before[before.length - 1] : fromMs, ...inside, toMs];
    let longest = 0;
    for (let i = 1; i < points.length; i++) longest = Math.max(longest, points[i] - points[i - 1]);
    return longest;
}

/** One kind of client's figures for production over `[fromMs, toMs)`. */
export function clientFigures(samples: readonly TrafficSample[], fromMs: number, toMs: number): ClientFigures {
    const span = samples.filter((s) => s.role === "production" && s.sentAtMs >= fromMs && s.sentAtMs < toMs);
    return { sent: span.length, failed: span.filter((s) => !s.ok).length, longestGapMs: longestAnswerGap(samples, "production", fromMs, toMs) };
}

/**
 * The figures of one swap, over its span: from its start to the end of the settle time after it (the next swap's
 * start, or the traffic's end), so that connections reset when the data path follows late are counted too.
 */
export function swapFigures(run: SwapRun, fresh: readonly TrafficSample[], keepAlive: readonly TrafficSample[], spanEndMs: number): SwapFigures {
    return {
        method: run.method,
        from: run.from,
        to: run.to,
        fresh: clientFigures(fresh, run.startMs, spanEndMs),
        keepAlive: clientFigures(keepAlive, run.startMs, spanEndMs),
        totalMs: run.endMs - run.startMs,
    };
}
