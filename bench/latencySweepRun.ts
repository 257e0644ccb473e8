import type { Colour } from "../components/colour";
import type { DemoEnvironment } from "../demo/demoEnvironment";
import { runDemo, type DemoResult } from "../demo/demoRunner";
import { methodFigures } from "../demo/methodComparison";
import type { ProgressDisplay } from "../demo/progressDisplay";
import type { SwapDriver } from "../demo/swapDriver";
import { setEmulatorLatency } from "./emulatorLatency";
import type { SweepMeasurement } from "./latencySweep";

/** Options of {@link runLatencySweep}. */
export interface LatencySweepOptions {
    /** The load balancer update latencies to measure at (emulated ms), in order. */
    readonly latenciesMs: readonly number[];
    /** The engine's and the naive sequence's drivers, in the order they run at each latency. */
    readonly drivers: readonly SwapDriver[];
    /** The colours to swap to at each latency, per driver (even length, so the pair ends blue-live as it started). */
    readonly swapSequence: readonly Colour[];
    readonly floorMeasurements: number;
    readonly requestsPerSecond: number;
    /** Where the charts go; each latency gets its own prefix (`sweep-8s-engine.svg`). */
    readonly outputDir: string;
    readonly progress: ProgressDisplay;
    readonly abortSignal: AbortSignal;
}

/** What the sweep measured: one point per latency that completed, and what went wrong at the others. */
export interface LatencySweepResult {
    readonly measurements: readonly SweepMeasurement[];
    readonly problems: readonly string[];
}

/**
 * Measures the floor, the engine and the naive sequence at each load balancer update latency, on one emulator: it
 * sets the emulator's `loadBalancerUpdate` latency through the control API, then runs the same demo run as the
 * single-profile benchmark (floor, then each driver swapping back and forth under traffic). Every other latency of
 * the realistic profile (public IP create 4 s, delete 6 s, `Retry-After: 10`) stays as it is, so only the one
 * unknown varies. A latency whose run has problems is reported, not used.
 */
export async function runLatencySweep(environment: DemoEnvironment, options: LatencySweepOptions): Promise<LatencySweepResult> {
    const measurements: SweepMeasurement[] = [];
    const problems: string[] = [];
    for (const latencyMs of options.latenciesMs) {
        if (options.abortSignal.aborted) break;
        const label = `${latencyMs / 1000} s`;
        const latencies = await setEmulatorLatency(environment.connection, "loadBalancerUpdate", latencyMs, options.abortSignal);
        if (latencies.loadBalancerUpdate !== latencyMs) {
            throw new Error(`The emulator reports a load balancer update latency of ${latencies.loadBalancerUpdate} ms after being set to ${latencyMs} ms.`);
        }
        options.progress.note(`sweep: load balancer updates now take ${label} (emulated)`);
        const result: DemoResult = await runDemo(environment, {
            drivers: options.drivers,
            swapSequence: options.swapSequence,
            floorMeasurements: options.floorMeasurements,
            outputDir: options.outputDir,
            chartName: `sweep-${latencyMs / 1000}s`,
            requestsPerSecond: options.requestsPerSecond,
            progress: options.progress,
            abortSignal: options.abortSignal,
        });
        const engine = result.methods.find((m) => m.method === "engine");
        const naive = result.methods.find((m) => m.method === "naive");
        if (!engine || !naive || result.problems.length > 0) {
            problems.push(...(result.problems.length > 0 ? result.problems : ["a method did not run"]).map((p) => `at ${label}: ${p}`));
            continue;
        }
        measurements.push({ loadBalancerUpdateMs: latencyMs, floorMs: result.floorMs, engine: methodFigures(engine.outcomes), naive: methodFigures(naive.outcomes) });
    }
    return { measurements, problems };
}
