import type { Colour } from "../../components/colour";
import type { SwapRun } from "../../demo/swapRun";
import type { AddressRole, TrafficSample } from "../../demo/trafficSample";

/** A served request. */
export function served(role: AddressRole, sentAtMs: number, colour: Colour): TrafficSample {
    return { role, sentAtMs, durationMs: 1, ok: true, status: 200, colour, version: colour === "blue" ? "v1" : "v2" };
}

/** A failed request. */
export function failed(role: AddressRole, sentAtMs: number, error = "ECONNREFUSED"): TrafficSample {
    return { role, sentAtMs, durationMs: 1, ok: false, error };
}

/**
 * Requests every `everyMs` from `fromMs` (inclusive) to `toMs` (exclusive), answered by `colour`, or failed
 * where `colour` is "failed".
 */
export function series(role: AddressRole, fromMs: number, toMs: number, everyMs: number, colour: Colour | "failed"): TrafficSample[] {
    const out: TrafficSample[] = [];
    for (let t = fromMs; t < toMs; t += everyMs) out.push(colour === "failed" ? failed(role, t) : served(role, t, colour));
    return out;
}

/** A successful swap run with the given times. */
export function swapRun(overrides: Partial<SwapRun> = {}): SwapRun {
    return {
        method: "engine",
        from: "blue",
        to: "green",
        startMs: 1000,
        endMs: 3000,
        steps: [
            { name: "create floating IP", startMs: 1000, endMs: 1400 },
            { name: "blue <- floating", startMs: 1400, endMs: 1900 },
            { name: "green <- production", startMs: 1900, endMs: 2400 },
        ],
        productionUnattachedMs: 500,
        stagingUnattachedMs: 600,
        retries: 0,
        ...overrides,
    };
}
