import { type Command, InvalidArgumentError, Option } from "commander";
import { runDemoSession, type DemoSettings } from "../demo/demoSession";
import { comparedMethods, swapMethods, type SwapMethod } from "../demo/swapRun";

/**
 * The default time scale. 10 keeps the realistic profile's `Retry-After: 10` a whole number of seconds once
 * scaled (1 s): the SDK reads Retry-After in whole seconds (docs/azure-behaviour.md §3), so at scales that do not divide 10
 * the naive sequence would poll at the wrong emulated interval. At 10x the demo (both swaps) takes well under a
 * minute; `--compare` a little under one.
 */
export const defaultTimeScale = 10;

/** The raw option values commander hands over. */
interface DemoFlagValues {
    method: SwapMethod;
    topology?: "paired" | "shared";
    compare?: boolean;
    timeScale?: number;
    realtime?: boolean;
    output: string;
    rate?: number;
}

/** Registers `vipswap demo`: a blue/green swap and back under live traffic, on the embedded emulator. */
export function registerDemoCommand(program: Command): void {
    program
        .command("demo")
        .description(
            "swap blue -> green -> blue under live traffic on the embedded Azure emulator (no Azure account needed), " +
                "and show the downtime the clients saw beside the control plane's report",
        )
        .addOption(new Option("--method <method>", "how to swap: vipswap's engine, or the 2017 script's naive sequence").choices([...swapMethods]).default("engine"))
        .addOption(
            new Option("--topology <topology>", "paired: two load balancers (the floating-IP method, or --method naive); shared: one load balancer whose rules switch pools")
                .choices(["paired", "shared"])
                .conflicts("method"),
        )
        .addOption(new Option("--compare", "run the naive sequence, the floating-IP method and the shared load balancer, one after the other, and print the ratios").conflicts(["method", "topology"]))
        .addOption(new Option("--time-scale <x>", `run the realistic profile x times faster (default ${defaultTimeScale})`).argParser(positiveNumber("--time-scale")).conflicts("realtime"))
        .addOption(new Option("--realtime", "run in true seconds (time scale 1; takes minutes)"))
        .option("--output <dir>", "folder for the timeline charts", "demo-output")
        .addOption(new Option("--rate <n>", "requests per wall-clock second to each address (default: 20 per emulated second, at most 100 per wall second: 100 at the default 10x, which is 10 per emulated second)").argParser(positiveNumber("--rate")))
        .action(async (values: DemoFlagValues) => {
            process.exitCode = await runDemoCommand(demoSettingsOf(values));
        });
}

/** Turns the flags into settings (commander has already refused conflicting or malformed ones). */
function demoSettingsOf(values: DemoFlagValues): DemoSettings {
    return {
        methods: values.compare ? [...comparedMethods] : values.topology === "shared" ? ["shared"] : [values.method],
        timeScale: values.realtime ? 1 : (values.timeScale ?? defaultTimeScale),
        outputDir: values.output,
        ...(values.rate !== undefined ? { requestsPerSecond: values.rate } : {}),
    };
}

/**
 * Runs the demo with Ctrl-C wired to a clean stop: the first SIGINT aborts the swaps and the traffic and stops the
 * emulator (the report says it was interrupted, exit 130); a second one exits at once.
 */
async function runDemoCommand(settings: DemoSettings): Promise<number> {
    const controller = new AbortController();
    const onSigint = (): void => {
        if (controller.signal.aborted) process.exit(130);
        process.stderr.write("\nvipswap demo: interrupted; stopping the traffic and the emulator (Ctrl-C again to quit at once)\n");
        controller.abort();
    };
    process.on("SIGINT", onSigint);
    try {
        return (await runDemoSession(settings, { stdout: process.stdout, abortSignal: controller.signal })).exitCode;
    } finally {
        process.off("SIGINT", onSigint);
    }
}

/** A commander argument parser for a positive, finite number. */
function positiveNumber(flag: string): (value: string) => number {
    return (value) => {
        const n = Number(value);
        if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${flag} needs a positive number; got '${value}'.`);
        return n;
    };
}
