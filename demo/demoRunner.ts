import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Colour, otherColour } from "../components/colour";
import type { DemoEnvironment } from "./demoEnvironment";
import { formatEmulatedSeconds, toWallMs } from "./emulatedTime";
import { measureLoadBalancerUpdate } from "./floorMeasurement";
import { compareMethods, type MethodComparison } from "./methodComparison";
import { median } from "./median";
import type { ProgressDisplay } from "./progressDisplay";
import type { SwapDriver } from "./swapDriver";
import { type SwapFigures, swapFigures } from "./swapFigures";
import { assessSwap, type SwapOutcome } from "./swapOutcome";
import { type TopologyComparison, compareTopologies } from "./topologyComparison";
import type { SwapMethod, SwapRun, SwapRunStep } from "./swapRun";
import { renderTimelineSvg } from "./timelineChart";
import { TrafficGenerator } from "./trafficGenerator";
import { TrafficWatch } from "./trafficWatch";

/** The colours a demo swaps to, in order: blue is live at the start; to green, then back. */
export const demoSwapSequence: readonly Colour[] = ["green", "blue"];

/** Options of {@link runDemo}. */
export interface DemoRunOptions {
    /** The drivers to run, one after the other, each swapping blue -> green -> blue under its own traffic. */
    readonly drivers: readonly SwapDriver[];
    /** Where the timeline charts go (created if missing). */
    readonly outputDir: string;
    /** Requests per wall second to each address. */
    readonly requestsPerSecond: number;
    readonly progress: ProgressDisplay;
    /** Stops the run: swaps are abandoned, traffic is stopped; the result says it was interrupted. */
    readonly abortSignal: AbortSignal;
    /** The colours to swap to, in order, per driver (default {@link demoSwapSequence}); it should end on blue. */
    readonly swapSequence?: readonly Colour[];
    /** How many times to measure the floor; the median is used (default 1). */
    readonly floorMeasurements?: number;
    /** The charts' file name prefix (default `timeline`). */
    readonly chartName?: string;
}

/** One method's part of a demo run. */
export interface MethodResult {
    readonly method: SwapMethod;
    readonly outcomes: readonly SwapOutcome[];
    /** Per swap: production's failed requests and longest gap for fresh and keep-alive clients, and the total time. */
    readonly figures: readonly SwapFigures[];
    readonly chartPath: string;
}

/** What a demo run found. */
export interface DemoResult {
    readonly methods: readonly MethodResult[];
    /** One load balancer update on its own (wall ms; the median of the measurements). */
    readonly floorMs: number;
    /** Every floor measurement (wall ms). */
    readonly floorSamplesMs: readonly number[];
    /** Present when both methods ran. */
    readonly comparison?: MethodComparison;
    /** Present when the shared load balancer ran beside another method: every method's figures and the ratios to the floating IP's. */
    readonly topologies?: TopologyComparison;
    /** Everything that went wrong; empty when the demo showed what it should. */
    readonly problems: readonly string[];
    readonly interrupted: boolean;
}

/**
 * Runs the demo on an environment that holds a blue/green pair with blue live: measures the floor, then for each
 * driver starts steady traffic to both addresses, swaps to green, then back to blue, stops the traffic, judges each
 * swap from the clients' side and writes the timeline chart. The environment is not stopped here: its owner does.
 */
export async function runDemo(environment: DemoEnvironment, options: DemoRunOptions): Promise<DemoResult> {
    const { progress, abortSignal } = options;
    const timeScale = environment.timeScale;
    const t0 = performance.now();
    const clock = (): number => performance.now() - t0;
    // Let each side settle before, between and after swaps, so the chart shows steady state around every swap:
    // 3 emulated seconds, but at least 250 wall ms so a large time scale still leaves requests to judge by.
    const settleMs = Math.max(toWallMs(3000, timeScale), 250);
    const methods: MethodResult[] = [];
    const problems: string[] = [];

    const sequence = options.swapSequence ?? demoSwapSequence;
    progress.note("measuring the floor: one load balancer update on its own", clock());
    const floorSamplesMs: number[] = [];
    for (let i = 0; i < (options.floorMeasurements ?? 1) && !abortSignal.aborted; i++) {
        // Every 50 emulated ms: fine enough for a figure in tenths of seconds, and 20 reads per emulated second stay
        // under ARM's read refill (25/s, docs/azure-behaviour.md §5), so the measurement is never throttled.
        floorSamplesMs.push(
            await measureLoadBalancerUpdate(environment.client, environment.target, { pollIntervalMs: Math.max(1, toWallMs(50, timeScale)), abortSignal }),
        );
    }
    const floorMs = median(floorSamplesMs);
    progress.note(`floor: one load balancer update takes ${formatEmulatedSeconds(floorMs, timeScale)}`, clock());

    for (const driver of options.drivers) {
        if (abortSignal.aborted) break;
        const watch = new TrafficWatch();
        const urls = driver.dataPlaneUrls ?? environment.dataPlaneUrls;
        // A request still pending after a quarter of a second of emulated time (at least 200 ms) counts as lost.
        const requestTimeoutMs = Math.max(200, toWallMs(250, timeScale));
        // Keep-alive clients of production beside the fresh-connection ones: they see what happens to open connections.
        const keepAliveTraffic = new TrafficGenerator({ urls: { production: urls.production }, keepAlive: true, requestsPerSecond: options.requestsPerSecond, requestTimeoutMs, clock });
        const traffic = new TrafficGenerator({
            urls,
            requestsPerSecond: options.requestsPerSecond,
            // A detached address refuses at once; an attached one answers in milliseconds. A request still
            // pending after a quarter of a second of emulated time (at least 200 ms) counts as lost.
            requestTimeoutMs: Math.max(200, toWallMs(250, timeScale)),
            clock,
            onSample: (sample) => {
                const change = watch.observe(sample);
                if (change) progress.trafficChanged(change);
                progress.trafficCounts(sample.role, watch.counts(sample.role));
            },
        });
        const onAbort = (): void => {
            traffic.abort();
            keepAliveTraffic.abort();
        };
        abortSignal.addEventListener("abort", onAbort, { once: true });
        const runs: SwapRun[] = [];
        try {
            traffic.start();
            keepAliveTraffic.start();
            progress.note(`${driver.method}: traffic started, ${options.requestsPerSecond} requests/s (wall) to each address on fresh connections, and as many to production on keep-alive ones`, clock());
            await sleep(settleMs, abortSignal);
            for (const [index, desired] of sequence.entries()) {
                if (abortSignal.aborted) break;
                progress.swapStarted(`swap ${index + 1} (${driver.method}): ${otherColour(desired)} -> ${desired}`, driver.method, driver.expectedSteps, clock());
                const run = await runOneSwap(driver, desired, clock, progress, abortSignal);
                runs.push(run);
                if (run.error) break;
                await sleep(settleMs, abortSignal);
            }
        } finally {
            abortSignal.removeEventListener("abort", onAbort);
        }
        const samples = abortSignal.aborted ? traffic.samples() : await traffic.stop();
        const keepAliveSamples = abortSignal.aborted ? keepAliveTraffic.samples() : await keepAliveTraffic.stop();
        const trafficEnd = clock();
        const outcomes = runs.map((run, i) => assessSwap(run, samples, runs[i + 1]?.startMs ?? trafficEnd, driver.dataPathLagMs ?? 0));
        const figures = runs.map((run, i) => swapFigures(run, samples, keepAliveSamples, runs[i + 1]?.startMs ?? trafficEnd));
        if (!abortSignal.aborted && runs.length < sequence.length && !runs.some((r) => r.error)) {
            problems.push(`${driver.method}: only ${runs.length} of ${sequence.length} swaps ran`);
        }
        for (const outcome of outcomes) problems.push(...outcome.problems);
        await mkdir(options.outputDir, { recursive: true });
        const chartPath = path.resolve(options.outputDir, `${options.chartName ?? "timeline"}-${driver.method}.svg`);
        await writeFile(
            chartPath,
            renderTimelineSvg({
                title: `vipswap demo: ${driver.method} swaps under traffic`,
                samples,
                swaps: runs,
                timeScale,
                swapNotes: outcomes.map((o) => `production out ${formatEmulatedSeconds(o.windows.production.windowMs, timeScale)} (${o.windows.production.failedCount} failed)`),
                windows: outcomes.map((o) => o.windows),
                floorMs,
            }),
        );
        methods.push({ method: driver.method, outcomes, figures, chartPath });
    }

    const engine = methods.find((m) => m.method === "engine");
    const naive = methods.find((m) => m.method === "naive");
    const comparison = engine && naive && engine.outcomes.length > 0 && naive.outcomes.length > 0 ? compareMethods(engine.outcomes, naive.outcomes) : undefined;
    const topologies = methods.some((m) => m.method === "shared") ? compareTopologies(methods, floorMs, toWallMs(1000, timeScale)) : undefined;
    // The goals are figures, printed with the comparison; they do not fail the run (a busy machine may miss them).
    if (abortSignal.aborted) problems.push("interrupted (Ctrl-C) before the demo finished");
    return { methods, floorMs, floorSamplesMs, ...(comparison ? { comparison } : {}), ...(topologies ? { topologies } : {}), problems, interrupted: abortSignal.aborted };
}

/** Runs one swap; a failure becomes a run with `error` and the steps seen so far, so it is reported, not lost. */
async function runOneSwap(
    driver: SwapDriver,
    desired: Colour,
    clock: () => number,
    progress: ProgressDisplay,
    abortSignal: AbortSignal,
): Promise<SwapRun> {
    const startMs = clock();
    const steps: SwapRunStep[] = [];
    const open = new Map<string, number>();
    try {
        return await driver.swap(desired, {
            clock,
            abortSignal,
            onStep: (event) => {
                if (event.kind === "started") open.set(event.step, event.atMs);
                else steps.push({ name: event.step, startMs: open.get(event.step) ?? event.atMs, endMs: event.atMs });
                progress.step(event);
            },
        });
    } catch (err) {
        const endMs = clock();
        return {
            method: driver.method,
            from: otherColour(desired),
            to: desired,
            startMs,
            endMs,
            steps,
            productionUnattachedMs: 0,
            stagingUnattachedMs: 0,
            retries: 0,
            error: err instanceof Error ? err.message : String(err),
        };
    }
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
        if (signal.aborted) return resolve();
        const timer = setTimeout(done, ms);
        function done(): void {
            clearTimeout(timer);
            signal.removeEventListener("abort", done);
            resolve();
        }
        signal.addEventListener("abort", done, { once: true });
    });
}
