/**
 * `npm run bench:swap`: the swap's speed in the emulator's realistic profile, time-scaled. In one run it measures
 * the floor (one load balancer update on its own, several times), then swaps back and forth under traffic with
 * vipswap's engine and with the naive 2017 sequence, and prints the medians, the ratios and whether the goals of
 * issue 4 hold. It prints figures; it asserts nothing (timings never belong in tests).
 *
 * Flags: --swaps <n> (per method, even, default 6), --time-scale <x> (default 10), --output <dir> (charts, default
 * bench-output).
 */
import { Command, InvalidArgumentError } from "commander";
import { formatDemoReport } from "../demo/demoReport";
import { runDemo } from "../demo/demoRunner";
import { createEmulatedEnvironment } from "../demo/emulatedEnvironment";
import { formatEmulatedSeconds, toWallMs } from "../demo/emulatedTime";
import { engineSwapDriver } from "../demo/engineSwapDriver";
import { formatRatio, methodFigures, ratio } from "../demo/methodComparison";
import { naiveSwapDriver } from "../demo/naiveSwap";
import { LineProgressDisplay } from "../demo/progressDisplay";
import { formatColumns } from "../demo/swapReportTable";
import { checkSwapGoals } from "./swapGoals";

interface BenchFlags {
    swaps: number;
    timeScale: number;
    output: string;
    verbose?: boolean;
}

async function main(): Promise<number> {
    const flags = new Command("swapBenchmark")
        .option("--swaps <n>", "swaps per method (even, so each method ends where it started)", evenCount, 6)
        .option("--time-scale <x>", "how many times faster than real time the realistic profile runs", positive, 10)
        .option("--output <dir>", "folder for the timeline charts", "bench-output")
        .option("--verbose", "print every step and traffic change on stderr")
        .parse(process.argv)
        .opts<BenchFlags>();
    const { timeScale } = flags;
    const controller = new AbortController();
    process.once("SIGINT", () => controller.abort());
    const progress = new LineProgressDisplay((line) => {
        if (flags.verbose || !line.includes("traffic:")) process.stderr.write(`${line}\n`);
    }, timeScale);

    const environment = await createEmulatedEnvironment({ timeScale, abortSignal: controller.signal, onNote: (t) => progress.note(t) });
    let result;
    try {
        result = await runDemo(environment, {
            drivers: [
                engineSwapDriver(environment.connection, environment.target, toWallMs(500, timeScale)),
                naiveSwapDriver(environment.client, environment.target, toWallMs(2000, timeScale)),
            ],
            swapSequence: Array.from({ length: flags.swaps }, (_, i) => (i % 2 === 0 ? "green" : "blue")),
            floorMeasurements: 5,
            outputDir: flags.output,
            chartName: "bench",
            requestsPerSecond: Math.min(20 * timeScale, 100),
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
        `Charts: ${engineResult.chartPath}, ${naiveResult.chartPath}`,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
    return 0;
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
        process.stderr.write(`swapBenchmark: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
    },
);
