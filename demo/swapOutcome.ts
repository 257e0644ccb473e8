import type { Colour } from "../components/colour";
import type { SwapRun } from "./swapRun";
import { addressRoles, type AddressRole, type TrafficSample } from "./trafficSample";
import { analyseTrafficWindow, type TrafficWindow } from "./trafficWindow";

/** How the requests to one address were answered over a span. */
export interface AnswerTally {
    readonly blue: number;
    readonly green: number;
    readonly failed: number;
}

/** One swap judged from both sides: the control plane's run and what the clients of each address saw. */
export interface SwapOutcome {
    readonly run: SwapRun;
    /** The client-side window of each address, over the span from the swap's start to the next swap's start. */
    readonly windows: Readonly<Record<AddressRole, TrafficWindow>>;
    /** How each address was answered after the swap had ended (until the span's end). */
    readonly answeredAfter: Readonly<Record<AddressRole, AnswerTally>>;
    /** What went wrong, in words; empty when the swap did what it should. */
    readonly problems: readonly string[];
}

/**
 * Judges one swap: it must have succeeded, and afterwards production must be answered by the colour swapped to
 * and staging by the colour swapped from, with at least one answer each and no answer from the wrong colour.
 *
 * @param spanEndMs the end of this swap's span on the demo clock: the next swap's start, or the traffic's end.
 * @param dataPathLagMs how long after the swap's end the old colour may still answer: the data path following a pool
 *   switch late (the emulator's `poolSwitchDataPathDelayMs`), so answers in that time are not the wrong colour.
 */
export function assessSwap(run: SwapRun, samples: readonly TrafficSample[], spanEndMs: number, dataPathLagMs = 0): SwapOutcome {
    const expected: Record<AddressRole, Colour> = { production: run.to, staging: run.from };
    const problems: string[] = [];
    if (run.error) problems.push(`the ${run.method} swap ${run.from} -> ${run.to} failed: ${run.error}`);
    const windows = {} as Record<AddressRole, TrafficWindow>;
    const answeredAfter = {} as Record<AddressRole, AnswerTally>;
    for (const role of addressRoles) {
        windows[role] = analyseTrafficWindow(samples, role, run.startMs, spanEndMs);
        // After the data path has followed the control plane (immediately, except a pool switch's: see dataPathLagMs).
        const after = samples.filter((s) => s.role === role && s.sentAtMs >= run.endMs + dataPathLagMs && s.sentAtMs < spanEndMs);
        const tally = {
            blue: after.filter((s) => s.ok && s.colour === "blue").length,
            green: after.filter((s) => s.ok && s.colour === "green").length,
            failed: after.filter((s) => !s.ok).length,
        };
        answeredAfter[role] = tally;
        if (run.error) continue;
        const wrong = tally[expected[role] === "blue" ? "green" : "blue"];
        if (tally[expected[role]] === 0) {
            problems.push(`after the swap to ${run.to}, no request to ${role} was answered by ${expected[role]}`);
        }
        if (wrong > 0) {
            problems.push(`after the swap to ${run.to}, ${wrong} request(s) to ${role} were answered by the wrong colour (expected ${expected[role]})`);
        }
        if (!windows[role].recovered) {
            problems.push(`${role} had not recovered by the end of the swap's span (last request failed)`);
        }
    }
    return { run, windows, answeredAfter, problems };
}
