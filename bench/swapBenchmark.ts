/**
 * `npm run bench:swap`: the swap's speed in the emulator's realistic profile, time-scaled. In one run it measures
 * the floor (one load balancer update on its own, several times), then swaps back and forth under traffic with
 * vipswap's engine and with the naive 2017 sequence, and prints the medians, the ratios and whether the goals of
 * issue 4 hold. It prints figures; it asserts nothing (timings never belong in tests).
 *
 * The single-profile run also swaps the shared load balancer (issue 13, the pool switch) under the same traffic, with
 * a keep-alive client of production beside the fresh-connection ones, and prints the three methods side by side with
 * the ratios to the floating-IP method and whether the shared load balancer's goals hold.
 *
 * With `--sweep [seconds]` it does the same at several load balancer update latencies instead of the profile's 8 s
 * (how long a real update takes is not measured publicly, docs/azure-behaviour.md §7), and prints at which latencies each
 * goal holds (latencySweep.ts).
 *
 * Flags: --swaps <n> (per method, even, default 6; 4 per latency with --sweep), --time-scale <x> (default 10),
 * --sweep [seconds] (comma-separated emulated seconds, default 2,4,6,8,12), --output <dir> (charts, default
 * bench-output), --verbose. Exit codes: 0 measured, 1 a swap or the traffic check failed, 2 bad usage.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import type { Colour } from "../components/colour";
import type { DemoEnvironment } from "../demo/demoEnvironment";
import { formatDemoReport } from "../demo/demoReport";
import { runDemo } from "../demo/demoRunner";
import { createEmulatedEnvironment } from "../demo/emulatedEnvironment";
import { formatEmulatedSeconds, toWallMs } from "../demo/emulatedTime";
import { engineSwapDriver } from "../demo/engineSwapDriver";
import { formatRatio, methodFigures, ratio } from "../demo/methodComparison";
import { naiveSwapDriver } from "../demo/naiveSwap";
import { LineProgressDisplay } from "../demo/progressDisplay";
import type { SwapDriver } from "../demo/swapDriver";
import { formatColumns } from "../demo/swapReportTable";
import { formatTopologyComparison } from "../demo/topologyComparison";
import { realisticProfile } from "../emulator/profiles";
import { defaultSweepSeconds, describeBoundary, evaluateSweep, formatSweep, goalBoundary, parseSweepSeconds, type SweepMeasurement } from "./latencySweep";
import { runLatencySweep } from "./latencySweepRun";
import { checkSwapGoals } from "./swapGoals";

interface BenchFlags {
    swaps: number;
    timeScale: number;
    output: string;
    verbose?: boolean;
    /** Load balancer update latencies to sweep (emulated ms); absent for the single-profile run. */
    sweep?: number[];
}

/** Swaps per method at each latency of a sweep, unless --swaps says otherwise: keeps the default sweep to minutes. */
const sweepSwapsPerMethod = 4;

/** Floor measurements at each latency of a sweep (the single-profile run makes 5). */
const sweepFloorMeasurements = 3;

async function main(): Promise<number> {
    const command = new Command("swapBenchmark")
        .exitOverride()
        .option("--swaps <n>", "swaps per method (even, so each method ends where it started)", evenCount, 6)
        .option("--time-scale <x>", "how many times faster than real time the realistic profile runs", positive, 10)
        .option("--output <dir>", "folder for the timeline charts", "bench-output")
        .option("--verbose", "print every step and traffic change on stderr")
        .addOption(
            new Option("--sweep [seconds]", "measure at each of these load balancer update latencies (emulated seconds, comma-separated)")
                .preset(defaultSweepSeconds.join(","))
                .argParser(sweepList),
        );
    const flags = command.parse(process.argv).opts<BenchFlags>();
    const { timeScale } = flags;
    const controller = new AbortController();
    process.once("SIGINT", () => controller.abort());
    const progress = new LineProgressDisplay((line) => {
        if (flags.verbose || !line.includes("traffic:")) process.stderr.write(`${line}\n`);
    }, timeScale);

    const environment = await createEmulatedEnvironment({ timeScale, abortSignal: controller.signal, onNote: (t) => progress.note(t), withShared: !flags.sweep });
    const requestsPerSecond = Math.min(20 * timeScale, 100);
    if (flags.sweep) {
        const swaps = command.getOptionValueSource("swaps") === "default" ? sweepSwapsPerMethod : flags.swaps;
        try {
            const sweep = await runLatencySweep(environment, {
                latenciesMs: flags.sweep,
                drivers: benchDrivers(environment),
                swapSequence: swapSequence(swaps),
                floorMeasurements: sweepFloorMeasurements,
                requestsPerSecond,
                outputDir: flags.output,
                progress,
                abortSignal: controller.signal,
            });
            return printSweep(sweep.measurements, sweep.problems, flags.sweep, swaps, timeScale);
        } finally {
            await environment.stop();
        }
    }
    let result;
    try {
        result = await runDemo(environment, {
            drivers: [...benchDrivers(environment), sharedDriver(environment)],
            swapSequence: swapSequence(flags.swaps),
            floorMeasurements: 5,
            outputDir: flags.output,
            chartName: "bench",
            requestsPerSecond,
            progress,
            abortSignal: controller.signal,
        });
    } finally {
        await environment.stop();
    }
    if (flags.verbose) process.stderr.write(`${formatDemoReport(result, timeScale)}\n`);

    const s = (ms: number): string => formatEmulatedSeconds(ms, timeScale);
    const engineResult = result.methods.find((m) => m.method === "engine");
    const naiveResult = result.methods.find((m) => m.method === "naive");
    if (!engineResult || !naiveResult || result.problems.length > 0) {
        process.stdout.write(`The benchmark did not complete:\n${result.problems.map((p) => `  - ${p}`).join("\n")}\n`);
        return 1;
    }
    const engine = methodFigures(engineResult.outcomes);
    const naive = methodFigures(naiveResult.outcomes);
    const out: string[] = [
        `Swap benchmark: emulator realistic profile at ${timeScale}x; ${flags.swaps} swaps per method, alternating directions;`,
        `medians; durations in emulated (Azure) seconds = wall time x ${timeScale}.`,
        `Floor (one load balancer update on its own, ${result.floorSamplesMs.length} measurements): median ${s(result.floorMs)} ` +
            `[${result.floorSamplesMs.map(s).join(", ")}]`,
        "",
        ...formatColumns([
            ["", "engine", "naive (2017)", "engine / naive"],
            ["production window (clients)", s(engine.productionWindowMs), s(naive.productionWindowMs), formatRatio(ratio(engine.productionWindowMs, naive.productionWindowMs))],
            ["production out, control plane (naive: script's downtime)", s(engine.productionUnattachedMs), s(naive.productionUnattachedMs), formatRatio(ratio(engine.productionUnattachedMs, naive.productionUnattachedMs))],
            ["total swap time", s(engine.totalMs), s(naive.totalMs), formatRatio(ratio(engine.totalMs, naive.totalMs))],
        ]),
        "",
        "Every swap, production window (clients) / total:",
        ...[engineResult, naiveResult].map(
            (m) => `  ${m.method.padEnd(6)} ${m.outcomes.map((o) => `${s(o.windows.production.windowMs)} / ${s(o.run.endMs - o.run.startMs)}`).join(",  ")}`,
        ),
        "",
        "Goals (issue 4):",
        ...checkSwapGoals(engine, naive, result.floorMs, timeScale).map(
            (g) => `  ${g.holds ? "holds " : "MISSED"}  ${g.name}: ${s(g.measuredMs)} against a limit of ${s(g.limitMs)}`,
        ),
        "",
        ...(result.topologies ? ["", formatTopologyComparison(result.topologies, timeScale)] : []),
        "",
        `Charts: ${result.methods.map((m) => m.chartPath).join(", ")}`,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
    return 0;
}

/**
 * The engine and the naive sequence, each polling at its own interval divided by the time scale: the engine's
 * 500 ms (docs/design.md) and the SDK's default 2 s, which Azure's `Retry-After` overrides (docs/azure-behaviour.md §3).
 */
function benchDrivers(environment: DemoEnvironment): SwapDriver[] {
    return [
        engineSwapDriver(environment.connection, environment.target, toWallMs(500, environment.timeScale)),
        naiveSwapDriver(environment.client, environment.target, toWallMs(2000, environment.timeScale)),
    ];
}

/** The engine on the shared load balancer (the pool switch), polling like the engine on the pair. */
function sharedDriver(environment: DemoEnvironment): SwapDriver {
    const shared = environment.shared!;
    return engineSwapDriver(environment.connection, shared.target, toWallMs(500, environment.timeScale), shared.dataPlaneUrls, shared.dataPathLagMs);
}

/** Alternating swaps, green first: an even count ends blue-live, where the pair started. */
function swapSequence(count: number): Colour[] {
    return Array.from({ length: count }, (_, i) => (i % 2 === 0 ? "green" : "blue"));
}

/** Prints the sweep's tables and where each goal holds; 1 when a latency could not be measured. */
function printSweep(
    measurements: readonly SweepMeasurement[],
    problems: readonly string[],
    latenciesMs: readonly number[],
    swaps: number,
    timeScale: number,
): number {
    const rows = evaluateSweep(measurements, timeScale);
    const profile = realisticProfile;
    const out: string[] = [
        `Latency sweep: emulator realistic profile at ${timeScale}x with load balancer updates set to ` +
            `${latenciesMs.map((ms) => `${ms / 1000}`).join(", ")} s in turn (everything else as in the profile: ` +
            `public IP create ${profile.latencies.publicIpCreate / 1000} s, delete ${profile.latencies.publicIpDelete / 1000} s, ` +
            `Retry-After: ${profile.retryAfterSeconds});`,
        `${swaps} swaps per method and ${sweepFloorMeasurements} floor measurements at each latency; medians; ` +
            `durations in emulated (Azure) seconds = wall time x ${timeScale}.`,
        "engine (clients) / naive (clients): the production window the clients saw (first failed to first successful request);",
        "engine (control plane): production unattached as the engine observed it; naive (script's downtime): the 2017 script's",
        "own figure, from the start of LB1's update to the end of LB2's.",
        "",
    ];
    if (rows.length === 0) {
        out.push("No latency was measured.");
    } else {
        out.push(
            ...formatSweep(rows, timeScale),
            "",
            "Where each goal holds:",
            `  <= floor + 0.5 s: ${describeBoundary(goalBoundary(rows, "nearFloor"))}`,
            `  <= half the naive one (clients): ${describeBoundary(goalBoundary(rows, "halfNaiveClients"))}`,
            `  <= half the naive script's downtime (control plane): ${describeBoundary(goalBoundary(rows, "halfNaiveControlPlane"))}`,
        );
    }
    if (problems.length > 0) out.push("", "Not measured:", ...problems.map((p) => `  - ${p}`));
    process.stdout.write(`${out.join("\n")}\n`);
    return problems.length > 0 || rows.length === 0 ? 1 : 0;
}

function sweepList(value: string): number[] {
    try {
        return parseSweepSeconds(value);
    } catch (err) {
        throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
}

function positive(value: string): number {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`needs a positive number; got '${value}'.`);
    return n;
}

function evenCount(value: string): number {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 2 || n % 2 !== 0) throw new InvalidArgumentError(`needs an even whole number >= 2; got '${value}'.`);
    return n;
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        // Commander has already printed the usage error (or the help, exit code 0): bad usage exits 2, as vipswap does.
        if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
        process.stderr.write(`swapBenchmark: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    },
);
