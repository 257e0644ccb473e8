import type { Command } from "commander";
import { checkProductionServing } from "../components/health/productionServing";
import { defaultStaleClaimMs, defaultSwapOwner, inspectSwap, SwapError, type SwapInspection, type SwapReport } from "../components/swap/swapEngine";
import { HealthGateRefusedError, PostSwapVerificationError } from "../components/health/healthGateErrors";
import { type HealthGatePlan, HealthGateSettingsError, resolveHealthGatePlan } from "../components/health/healthGateSettings";
import { type GatedSwapReport, swapWithHealthGates } from "../components/health/swapWithHealthGates";
import { addHealthGateFlags, type HealthGateFlags, healthGateSettingsFromFlags } from "./healthGateFlags";
import { grantedText, MissingPermissionsError, PermissionCheckError, permissionsJson, requireSwapPermissions } from "./permissionReport";
import {
    addSwapFlags,
    addTargetFlags,
    parseSwapFlags,
    parseTargetFlags,
    scrubSecrets,
    type TargetFlagValues,
    UsageError,
} from "./swapFlags";
import { dryRun, dryRunJson, dryRunText } from "./dryRunReport";
import { InterruptedError, listenForInterrupts } from "./interruption";
import { holderOf, productionRulesOf, statusJson, statusText } from "./statusReport";
import { createSwapProgress } from "./swapProgress";

/** `swap`'s flags that are not about the target, the connection or the health gates. */
interface SwapRunFlags {
    dryRun?: boolean;
    takeOver?: boolean;
    owner?: string;
}

/**
 * Registers `vipswap swap` and `vipswap status`, for pipelines that do not use Pulumi.
 * Exit codes (cli/vipswap.ts): 0 done, 1 failure with the reason on stderr, 2 bad usage, 130/143 stopped by a signal.
 */
export function registerSwapCommands(program: Command): void {
    addHealthGateFlags(addSwapFlags(addTargetFlags(program.command("swap"))))
        .option("--dry-run", "print the steps the swap would take from the state Azure has now, and write nothing")
        .option("--take-over", "go on although another owner's swap claims the pair (its floating IP's tags), e.g. because it was killed")
        .option("--owner <label>", "who runs this swap, written on the floating IP (default: user@host; never a secret)")
        .description("put the production address on --to's load balancer (finishes or undoes a half-done swap)")
        .action(async (values: TargetFlagValues, command: Command) => runSwap(values, command));

    addTargetFlags(program.command("status"))
        .description("print who holds production and staging, where the floating IP is, whether customers are served, and what a swap towards each colour would do")
        .option("--check-permissions", "first check that the identity has every action a swap on this topology needs (of roles/vipswap-swap-operator.json)", false)
        .action(async (values: TargetFlagValues, command: Command) => runStatus(values, command));
}

async function runSwap(values: TargetFlagValues & SwapRunFlags, command: Command): Promise<void> {
    const flags = parseOrUsage(() => parseSwapFlags(values), command);
    const plan = healthGatePlanOrUsage(values as HealthGateFlags, command);
    if (values.owner !== undefined && (values.owner.trim() === "" || values.owner.length > 256)) {
        command.error("error: --owner must be a label of 1 to 256 characters, e.g. ci@build-7.", { exitCode: 2, code: "vipswap.usage" });
    }
    const owner = values.owner ?? defaultSwapOwner();
    if (values.dryRun) {
        await runDryRun(flags, owner, values.takeOver === true);
        return;
    }
    const progress = createSwapProgress(process.stderr);
    // Ctrl-C (SIGINT) and a cancelled CI job (SIGTERM) stop the swap between requests; the error then says what
    // state it left, and a rerun heals it (cli/interruption.ts).
    const interruption = listenForInterrupts();
    const stopListening = () => interruption.dispose();
    let report: SwapReport;
    let gates: Omit<GatedSwapReport, "swap">;
    try {
        ({ swap: report, ...gates } = await swapWithHealthGates(flags.connection, flags.target, flags.to, plan, {
            ...(flags.pollIntervalMs !== undefined ? { pollIntervalMs: flags.pollIntervalMs } : {}),
            ...(flags.timeoutMs !== undefined ? { timeoutMs: flags.timeoutMs } : {}),
            abortSignal: interruption.signal,
            owner,
            ...(values.takeOver ? { takeOver: true } : {}),
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
        const text = scrubSecrets(failureText(err, `swapping to ${flags.to}`), flags.secrets);
        const signal = interruption.received();
        throw signal ? new InterruptedError(`${text}\nstopped by ${signal}; run the same swap again to finish it (or towards the other colour to undo it).`, signal) : new Error(text);
    }
    stopListening();
    progress.stop();
    const out = flags.json ? `${JSON.stringify({ ok: true, report, healthGate: gates }, null, 2)}\n` : summary(report);
    process.stdout.write(scrubSecrets(out, flags.secrets));
}

/** `swap --dry-run`: reads the pair (GETs only) and prints the plan. */
async function runDryRun(flags: ReturnType<typeof parseSwapFlags>, owner: string, takeOver: boolean): Promise<void> {
    let inspection: SwapInspection;
    try {
        inspection = await inspectSwap(flags.connection, flags.target, {});
    } catch (err) {
        if (flags.json) {
            process.stdout.write(`${scrubSecrets(JSON.stringify({ ok: false, dryRun: true, error: errorJson(err) }, null, 2), flags.secrets)}\n`);
        }
        throw new Error(scrubSecrets(failureText(err, "reading the load balancers"), flags.secrets));
    }
    const run = dryRun(inspection, flags.to, { owner, takeOver, staleClaimMs: defaultStaleClaimMs });
    const out = flags.json ? `${JSON.stringify(dryRunJson(run, inspection), null, 2)}\n` : dryRunText(run, inspection);
    process.stdout.write(scrubSecrets(out, flags.secrets));
}

async function runStatus(values: TargetFlagValues, command: Command): Promise<void> {
    const flags = parseOrUsage(() => parseTargetFlags(values), command);
    let inspection: SwapInspection;
    let permissions: Record<string, unknown> | undefined;
    try {
        if ((values as { checkPermissions?: boolean }).checkPermissions) {
            const check = await requireSwapPermissions(flags.connection, flags.target);
            permissions = permissionsJson(check);
            if (!flags.json) process.stdout.write(scrubSecrets(grantedText(check), flags.secrets));
        }
        inspection = await inspectSwap(flags.connection, flags.target, {});
    } catch (err) {
        // With --json a pipeline reads stdout: it gets the failure as JSON too, as `swap` prints it.
        if (flags.json) {
            process.stdout.write(`${scrubSecrets(JSON.stringify({ ok: false, error: errorJson(err) }, null, 2), flags.secrets)}\n`);
        }
        throw new Error(scrubSecrets(err instanceof PermissionCheckError ? err.message : failureText(err, "reading the load balancers"), flags.secrets));
    }
    const rules = productionRulesOf(inspection);
    const serving = await checkProductionServing(flags.connection, flags.target, holderOf(inspection, "production"), rules ? { rules } : {});
    const out = flags.json
        ? `${JSON.stringify({ ok: true, ...statusJson(inspection, serving), ...(permissions ? { permissions } : {}) }, null, 2)}\n`
        : statusText(inspection, serving);
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
    if (err instanceof PermissionCheckError) {
        return { code: err.code, message: err.message, wroteAnything: false, ...(err instanceof MissingPermissionsError ? permissionsJson(err.check) : {}) };
    }
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
            ...(err.otherSwap ? { otherSwap: err.otherSwap } : {}),
            ...(err.transportCode ? { transportCode: err.transportCode } : {}),
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
