import type { Command } from "commander";
import { inspectSwap, SwapError, type SwapInspection, type SwapReport } from "../components/swap/swapEngine";
import { HealthGateRefusedError, PostSwapVerificationError } from "../components/health/healthGateErrors";
import { type HealthGatePlan, HealthGateSettingsError, resolveHealthGatePlan } from "../components/health/healthGateSettings";
import { type GatedSwapReport, swapWithHealthGates } from "../components/health/swapWithHealthGates";
import { addHealthGateFlags, type HealthGateFlags, healthGateSettingsFromFlags } from "./healthGateFlags";
import {
    addSwapFlags,
    addTargetFlags,
    parseSwapFlags,
    parseTargetFlags,
    scrubSecrets,
    type TargetFlagValues,
    UsageError,
} from "./swapFlags";
import { createSwapProgress } from "./swapProgress";

/**
 * Registers `vipswap swap` and `vipswap status`, for pipelines that do not use Pulumi.
 * Exit codes (cli/vipswap.ts): 0 done, 1 failure with the reason on stderr, 2 bad usage.
 */
export function registerSwapCommands(program: Command): void {
    addHealthGateFlags(addSwapFlags(addTargetFlags(program.command("swap"))))
        .description("put the production address on --to's load balancer (finishes or undoes a half-done swap)")
        .action(async (values: TargetFlagValues, command: Command) => runSwap(values, command));

    addTargetFlags(program.command("status"))
        .description("print the live colour, or the half-done state and what a rerun towards each colour would do")
        .action(async (values: TargetFlagValues, command: Command) => runStatus(values, command));
}

async function runSwap(values: TargetFlagValues, command: Command): Promise<void> {
    const flags = parseOrUsage(() => parseSwapFlags(values), command);
    const plan = healthGatePlanOrUsage(values as HealthGateFlags, command);
    const progress = createSwapProgress(process.stderr);
    // Ctrl-C (SIGINT) and a cancelled CI job (SIGTERM) stop the swap between requests; the error then says what
    // state it left, and a rerun heals it. A second signal kills at once (the default, once this listener is gone).
    const abort = new AbortController();
    const stopSignals = ["SIGINT", "SIGTERM"] as const;
    const onInterrupt = () => {
        for (const signal of stopSignals) process.off(signal, onInterrupt);
        abort.abort();
    };
    const stopListening = () => stopSignals.forEach((signal) => process.off(signal, onInterrupt));
    for (const signal of stopSignals) process.once(signal, onInterrupt);
    let report: SwapReport;
    let gates: Omit<GatedSwapReport, "swap">;
    try {
        ({ swap: report, ...gates } = await swapWithHealthGates(flags.connection, flags.target, flags.to, plan, {
            ...(flags.pollIntervalMs !== undefined ? { pollIntervalMs: flags.pollIntervalMs } : {}),
            ...(flags.timeoutMs !== undefined ? { timeoutMs: flags.timeoutMs } : {}),
            abortSignal: abort.signal,
            onProgress: (event) => progress.report(event, scrubSecrets(event.message, flags.secrets)),
            // The health gates' lines (and the loud --force warning) go to stderr with the progress.
            log: (line) => process.stderr.write(`${process.stderr.isTTY ? "\r\x1b[K" : ""}${scrubSecrets(line, flags.secrets)}\n`),
        }));
    } catch (err) {
        stopListening();
        progress.stop();
        if (flags.json) {
            process.stdout.write(`${scrubSecrets(JSON.stringify({ ok: false, error: errorJson(err) }, null, 2), flags.secrets)}\n`);
        }
        throw new Error(scrubSecrets(failureText(err, `swapping to ${flags.to}`), flags.secrets));
    }
    stopListening();
    progress.stop();
    const out = flags.json ? `${JSON.stringify({ ok: true, report, healthGate: gates }, null, 2)}\n` : summary(report);
    process.stdout.write(scrubSecrets(out, flags.secrets));
}

async function runStatus(values: TargetFlagValues, command: Command): Promise<void> {
    const flags = parseOrUsage(() => parseTargetFlags(values), command);
    let inspection: SwapInspection;
    try {
        inspection = await inspectSwap(flags.connection, flags.target, {});
    } catch (err) {
        // With --json a pipeline reads stdout: it gets the failure as JSON too, as `swap` prints it.
        if (flags.json) {
            process.stdout.write(`${scrubSecrets(JSON.stringify({ ok: false, error: errorJson(err) }, null, 2), flags.secrets)}\n`);
        }
        throw new Error(scrubSecrets(failureText(err, "reading the load balancers"), flags.secrets));
    }
    const out = flags.json ? `${JSON.stringify({ ok: true, ...statusJson(inspection) }, null, 2)}\n` : statusText(inspection);
    process.stdout.write(scrubSecrets(out, flags.secrets));
}

/** Bad flags end with commander's usage error, exit code 2. */
function parseOrUsage<T>(parse: () => T, command: Command): T {
    try {
        return parse();
    } catch (err) {
        if (err instanceof UsageError) {
            command.error(`error: ${err.message}`, { exitCode: 2, code: "vipswap.usage" });
        }
        throw err;
    }
}

/** The health-gate flags as a plan; a bad value ends with the usage error, exit code 2, like every bad flag. */
function healthGatePlanOrUsage(values: HealthGateFlags, command: Command): HealthGatePlan {
    try {
        return resolveHealthGatePlan(healthGateSettingsFromFlags(values), "the health-gate flags (--lb-health, --smoke-*, --verify-*)");
    } catch (err) {
        if (err instanceof HealthGateSettingsError) {
            command.error(`error: ${err.message}`, { exitCode: 2, code: "vipswap.usage" });
        }
        throw err;
    }
}

/** The reason a swap or a read failed, with the Azure error code, the HTTP status and the state left behind. */
function failureText(err: unknown, during: string): string {
    if (err instanceof SwapError) {
        const status = err.statusCode !== undefined ? ` (HTTP ${err.statusCode})` : "";
        return `failed while ${during}: ${err.code}${status}: ${err.message}\nstate left behind: ${err.stateLeftBehind}`;
    }
    return `failed while ${during}: ${err instanceof Error ? err.message : String(err)}`;
}

/** The failure as `--json` prints it. */
function errorJson(err: unknown): Record<string, unknown> {
    if (err instanceof HealthGateRefusedError) {
        return { code: "HealthGateRefused", message: err.message, wroteAnything: false, findings: err.findings };
    }
    if (err instanceof PostSwapVerificationError) {
        return { code: "PostSwapVerificationFailed", message: err.message, rollback: err.rollback.kind, oldColour: err.oldColour, newColour: err.newColour };
    }
    if (err instanceof SwapError) {
        return {
            code: err.code,
            ...(err.statusCode !== undefined ? { statusCode: err.statusCode } : {}),
            message: err.message,
            stateLeftBehind: err.stateLeftBehind,
            wroteAnything: err.wroteAnything,
            ...(err.problems ? { problems: err.problems } : {}),
        };
    }
    return { message: err instanceof Error ? err.message : String(err) };
}

/** What a finished swap prints without `--json`. */
function summary(report: SwapReport): string {
    if (report.alreadyLive) {
        return `${report.to} was already live; nothing was changed.\n`;
    }
    const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const lines = [
        `${report.to} is live${report.from ? ` (was ${report.from})` : " (the swap started half done)"}.`,
        `production ${report.productionIpAddress ?? "?"}: unattached for ${seconds(report.productionUnattachedMs)}`,
        `staging ${report.stagingIpAddress ?? "?"}: unattached for ${seconds(report.stagingUnattachedMs)}`,
        ...(report.kind === "sharedLoadBalancer" ? ["method: pool switch on one shared load balancer (no address is ever detached)"] : []),
        `${report.steps.length} steps in ${seconds(report.totalMs)}, ${report.retries} retries`,
        ...report.steps.map((step) => `  ${step.description.padEnd(24)} ${seconds(step.durationMs)}`),
    ];
    return `${lines.join("\n")}\n`;
}

/** What `status --json` prints: the inspection without the decision's internal view. */
function statusJson(inspection: SwapInspection): Record<string, unknown> {
    return {
        topology: inspection.kind === "sharedLoadBalancer" ? "shared" : "paired",
        liveColour: inspection.liveColour ?? null,
        description: inspection.description,
        nextStepTowards: inspection.nextStepTowards,
        ...(inspection.productionIpAddress ? { productionIpAddress: inspection.productionIpAddress } : {}),
        ...(inspection.stagingIpAddress ? { stagingIpAddress: inspection.stagingIpAddress } : {}),
        floatingIpExists: inspection.floatingIpExists,
    };
}

/** What `status` prints without `--json`. */
function statusText(inspection: SwapInspection): string {
    const head = inspection.liveColour
        ? `${inspection.liveColour} is live.`
        : "No colour is live: a swap is half done (or was made by hand). A rerun would finish or undo it.";
    return `${[
        head,
        `topology: ${inspection.kind === "sharedLoadBalancer" ? "shared (one load balancer; the rules switch pools)" : "paired (two load balancers; the addresses move)"}`,
        `state: ${inspection.description}`,
        `production address: ${inspection.productionIpAddress ?? "(none assigned)"}`,
        `staging address: ${inspection.stagingIpAddress ?? "(none assigned)"}`,
        `a swap --to blue would: ${inspection.nextStepTowards.blue}`,
        `a swap --to green would: ${inspection.nextStepTowards.green}`,
    ].join("\n")}\n`;
}
