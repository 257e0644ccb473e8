import type { DemoEnvironment } from "./demoEnvironment";
import { formatDemoReport } from "./demoReport";
import { runDemo, type DemoResult } from "./demoRunner";
import { createEmulatedEnvironment } from "./emulatedEnvironment";
import { toWallMs } from "./emulatedTime";
import { engineSwapDriver } from "./engineSwapDriver";
import { naiveSwapDriver } from "./naiveSwap";
import { createProgressDisplay } from "./progressDisplay";
import type { SwapDriver } from "./swapDriver";
import type { SwapMethod } from "./swapRun";

/** What `vipswap demo` runs with, once its flags are parsed. */
export interface DemoSettings {
    /**
     * The methods to run, in order: `["engine"]`, `["naive"]`, `["shared"]` (`--topology shared`), or all three for
     * `--compare` (naive, floating IP, shared).
     */
    readonly methods: readonly SwapMethod[];
    /** Emulated seconds per wall second (1 = real time). */
    readonly timeScale: number;
    /** Where the charts go. */
    readonly outputDir: string;
    /** Requests per wall second to each address; defaults to {@link defaultRequestsPerSecond}. */
    readonly requestsPerSecond?: number;
}

/** Where a demo session writes and what stops it. */
export interface DemoIo {
    /** Progress and the report (a TTY gets the live display, anything else plain lines). */
    readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
    readonly abortSignal: AbortSignal;
}

/** What a demo session ended with. */
export interface DemoSessionResult {
    /** 0 when every swap succeeded and the traffic check passed, 1 otherwise, 130 when interrupted. */
    readonly exitCode: number;
    readonly result?: DemoResult;
}

/**
 * The default traffic: 20 requests per emulated second to each address (what a modest service sees), which at a
 * time scale is 20 x scale per wall second, capped at 100 so that the traffic does not starve the in-process
 * emulator of CPU on a small machine.
 */
export function defaultRequestsPerSecond(timeScale: number): number {
    return Math.min(20 * timeScale, 100);
}

/**
 * One `vipswap demo`: starts the emulator (realistic profile, time-scaled), creates the blue/green pair through
 * the real SDK, runs the demo with the chosen methods, prints the report, and always stops the emulator, also
 * on Ctrl-C. Returns the exit code instead of exiting, so a test can run it in-process.
 */
export async function runDemoSession(settings: DemoSettings, io: DemoIo): Promise<DemoSessionResult> {
    const { timeScale } = settings;
    const progress = createProgressDisplay(io.stdout, timeScale);
    const requestsPerSecond = settings.requestsPerSecond ?? defaultRequestsPerSecond(timeScale);
    progress.note(
        `vipswap demo: the emulator's realistic profile${timeScale === 1 ? " in real time" : `, ${timeScale}x faster than real time`}; ` +
            `methods: ${settings.methods.join(", ")}. Times are shown in emulated (Azure) seconds.`,
    );
    let result: DemoResult | undefined;
    let environment: DemoEnvironment | undefined;
    try {
        const withShared = settings.methods.includes("shared");
        environment = await createEmulatedEnvironment({ timeScale, abortSignal: io.abortSignal, onNote: (text) => progress.note(text), withShared });
        const { connection, client, target, shared } = environment;
        const drivers: SwapDriver[] = settings.methods.map((method) =>
            method === "engine"
                ? engineSwapDriver(connection, target, toWallMs(500, timeScale))
                : method === "shared"
                  ? engineSwapDriver(connection, shared!.target, toWallMs(500, timeScale), shared!.dataPlaneUrls, shared!.dataPathLagMs)
                  : naiveSwapDriver(client, target, toWallMs(2000, timeScale)),
        );
        result = await runDemo(environment, {
            drivers,
            outputDir: settings.outputDir,
            requestsPerSecond,
            progress,
            abortSignal: io.abortSignal,
        });
    } catch (err) {
        // Ctrl-C during the setup or the floor measurement aborts an SDK call; that is an interruption, not a failure.
        if (!io.abortSignal.aborted) throw err;
    } finally {
        progress.stop();
        await environment?.stop();
    }
    if (!result || (result.interrupted && result.methods.length === 0)) {
        io.stdout.write("\nInterrupted (Ctrl-C) before the first swap; the emulator is stopped.\n");
        return { exitCode: 130, ...(result ? { result } : {}) };
    }
    io.stdout.write(`${formatDemoReport(result, timeScale)}\n`);
    return { exitCode: result.interrupted ? 130 : result.problems.length > 0 ? 1 : 0, result };
}
