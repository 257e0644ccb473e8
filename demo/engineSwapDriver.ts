import type { AzureConnection } from "../components/azure/azureConnection";
import { reconcileSwap } from "../components/swap/swapEngine";
import type { SwapReport } from "../components/swap/swapReport";
import type { SwapTarget } from "../components/swap/swapTarget";
import { otherColour } from "../components/colour";
import type { SwapDriver } from "./swapDriver";
import type { SwapMethod, SwapRun } from "./swapRun";
import type { AddressRole } from "./trafficSample";

/**
 * vipswap's reconciling engine as a demo driver, on a paired target (method `engine`, five steps) or a shared one
 * (method `shared`, one step; its traffic goes to `dataPlaneUrls`). `pollIntervalMs` is the engine's default (500 ms)
 * divided by the time scale, so that it polls as often in emulated time as it would against Azure.
 */
export function engineSwapDriver(
    connection: AzureConnection,
    target: SwapTarget,
    pollIntervalMs: number,
    dataPlaneUrls?: Readonly<Record<AddressRole, string>>,
    dataPathLagMs?: number,
): SwapDriver {
    const method: SwapMethod = target.kind === "sharedLoadBalancer" ? "shared" : "engine";
    return {
        method,
        expectedSteps: method === "shared" ? 1 : 5,
        ...(dataPlaneUrls ? { dataPlaneUrls } : {}),
        ...(dataPathLagMs !== undefined ? { dataPathLagMs } : {}),
        async swap(desired, hooks) {
            const startMs = hooks.clock();
            const report = await reconcileSwap(connection, target, desired, {
                pollIntervalMs,
                abortSignal: hooks.abortSignal,
                // Stamped with the demo clock as the event arrives (the engine emits synchronously), not with the
                // engine's own elapsed time from a start a little after `startMs`: the log's lines then keep their order.
                onProgress: (event) => {
                    if (event.type === "stepStarted") {
                        hooks.onStep({ kind: "started", method, step: event.description, atMs: hooks.clock() });
                    } else if (event.type === "stepFinished") {
                        hooks.onStep({ kind: "ended", method, step: event.description, atMs: hooks.clock(), durationMs: event.durationMs });
                    }
                },
            });
            return engineRun(report, startMs, method);
        },
    };
}

/** The engine's report on the demo clock: its ISO times are placed relative to the swap's start at `startMs`. */
export function engineRun(report: SwapReport, startMs: number, method: SwapMethod = "engine"): SwapRun {
    const origin = Date.parse(report.startedAt);
    const at = (iso: string): number => startMs + (Date.parse(iso) - origin);
    return {
        method,
        from: report.from ?? otherColour(report.to),
        to: report.to,
        startMs,
        endMs: startMs + report.totalMs,
        steps: report.steps.map((s) => ({ name: s.description, startMs: at(s.startedAt), endMs: at(s.endedAt) })),
        productionUnattachedMs: report.productionUnattachedMs,
        stagingUnattachedMs: report.stagingUnattachedMs,
        retries: report.retries,
    };
}
