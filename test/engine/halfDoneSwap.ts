import type { Colour } from "../../components/colour";
import { reconcileSwap } from "../../components/swap/swapEngine";
import { type BlueGreenPair, createBlueGreenPair } from "../helpers/emulatorFixture";
import { type EngineHarness, testPollMs } from "./engineHarness";

/**
 * A pair (with healthy backends) left as a swap towards `to` leaves it when it stops right after its step
 * `afterSteps` committed: the states the crash suite kills at (swapCrash.test.ts "after step N"), made in-process by
 * aborting the swap at that boundary, before its next write is sent.
 */
export async function halfDoneSwap(harness: EngineHarness, to: Colour, afterSteps: number, owner = "first@host-1"): Promise<BlueGreenPair> {
    harness.emulator.reset();
    const pair = await createBlueGreenPair(harness.client, harness.emulator);
    if (to === "blue") await reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs });
    if (afterSteps === 0) {
        harness.emulator.clearRequestLog();
        return pair;
    }
    const abort = new AbortController();
    let finished = 0;
    await reconcileSwap(harness.connection, pair.target, to, {
        pollIntervalMs: testPollMs,
        owner,
        abortSignal: abort.signal,
        onProgress: (e) => {
            if (e.type === "stepFinished" && ++finished === afterSteps) abort.abort();
        },
    }).catch((error: unknown) => {
        if ((error as { code?: string }).code !== "Aborted") throw error;
    });
    harness.emulator.clearRequestLog();
    return pair;
}
