/**
 * `release()` and `rollback()`: the loop that asks the planner (releasePlan.ts) for the next step, runs it through
 * the stack and Azure ports, and asks again, until the planner says the command is done. Every decision is derived
 * afresh from the stack, so an interrupted command (Ctrl-C, SIGKILL, a failed `pulumi up`) continues on a rerun.
 */
import { type Colour, otherColour } from "../components/colour";
import { HealthGateRefusedError } from "../components/health/healthGateErrors";
import { unifiedDiff } from "./configFileDiff";
import type { ReleaseAzurePort } from "./releaseAzure";
import {
    capacityOf,
    configuredLiveColour,
    type PlanProgress,
    planRelease,
    planRevertFlip,
    planRollback,
    type ReleaseDecision,
    type ReleaseRequest,
    type ReleaseView,
    versionOf,
} from "./releasePlan";
import { ReleaseFailure, type ReleaseReport, type ReleaseStepReport } from "./releaseReport";
import { type ReleaseStackPort, StackLockedError } from "./releaseStack";

/** How the command reports and waits. */
export interface ReleaseHooks {
    /** Progress, one line each (the CLI writes them to stderr). */
    readonly log: (line: string) => void;
    /** What the Pulumi CLI prints (the CLI writes it to stderr too). */
    readonly onOutput?: (text: string) => void;
    readonly signal?: AbortSignal;
    /** Stop after the swap instead of waiting out `--keep-old` (a later `--finish` scales the old colour). */
    readonly detach?: boolean;
    /** How long a rollback waits for the restored colour to be healthy (default 10 minutes). */
    readonly healthyTimeoutMs?: number;
    /** The clock (tests of the planner use fixed ones; the runner uses the real one). */
    readonly now?: () => Date;
}

/** What `release` is asked (the request without its clock). */
export type ReleaseOptions = Omit<ReleaseRequest, "now">;

/** Runs `vipswap release`. @throws ReleaseFailure with the report so far */
export function release(stack: ReleaseStackPort, azure: ReleaseAzurePort, options: ReleaseOptions, hooks: ReleaseHooks): Promise<ReleaseReport> {
    return drive("release", stack, azure, hooks, (view, progress, now) => planRelease(view, { ...options, now }, progress), options.version);
}

/** Runs `vipswap rollback`. @throws ReleaseFailure with the report so far */
export function rollback(stack: ReleaseStackPort, azure: ReleaseAzurePort, hooks: ReleaseHooks): Promise<ReleaseReport> {
    return drive("rollback", stack, azure, hooks, (view, progress, now) => planRollback(view, { now }, progress));
}

type Planner = (view: ReleaseView, progress: PlanProgress, now: Date) => ReleaseDecision;

async function drive(
    command: "release" | "rollback",
    stack: ReleaseStackPort,
    azure: ReleaseAzurePort,
    hooks: ReleaseHooks,
    planner: Planner,
    requestedVersion?: string,
): Promise<ReleaseReport> {
    const now = hooks.now ?? (() => new Date());
    const fileBefore = stack.configFileText();
    const steps: ReleaseStepReport[] = [];
    const keysChanged: string[] = [];
    let progress: PlanProgress = { gatePassed: false, healthy: false };
    let firstRelease = false;
    let swapped = false;
    let from: Colour | undefined;
    let to: Colour | undefined;
    let keepOldUntil: string | undefined;
    let view: ReleaseView | undefined;

    const report = (ok: boolean, state: string, error?: ReleaseReport["error"]): ReleaseReport => {
        const fileAfter = stack.configFileText();
        const fileName = `Pulumi.${stack.stackName.split("/").pop()}.yaml`;
        return {
            ok,
            command,
            stack: stack.stackName,
            ...(view?.record?.version ?? requestedVersion ? { version: view?.record?.version ?? requestedVersion } : {}),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
            firstRelease,
            steps: [...steps],
            configKeysChanged: [...keysChanged],
            configFile: fileName,
            configFileDiff: unifiedDiff(fileBefore, fileAfter, fileName),
            state,
            ...(keepOldUntil ? { keepOldUntil } : {}),
            ...(error ? { error } : {}),
        };
    };
    const fail = (step: string, message: string, stateLeftBehind: string, rerun: string, usage = false): never => {
        throw new ReleaseFailure(report(false, stateLeftBehind, { step, message, stateLeftBehind, rerun }), usage);
    };
    /** Runs one step, recording its times and outcome; a throw records it failed and passes the error on. */
    const step = async <T>(name: string, work: (changed: Record<string, { before?: string; after?: string }>) => Promise<{ result: T; summary: string }>): Promise<T> => {
        const startedAt = now().toISOString();
        const changed: Record<string, { before?: string; after?: string }> = {};
        hooks.log(`[${name}] started`);
        try {
            const { result, summary } = await work(changed);
            steps.push({ name, startedAt, endedAt: now().toISOString(), outcome: "done", summary, configChanged: changed });
            hooks.log(`[${name}] done: ${summary}`);
            return result;
        } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            steps.push({ name, startedAt, endedAt: now().toISOString(), outcome: "failed", summary: message.split("\n")[0], configChanged: changed });
            hooks.log(`[${name}] failed`);
            throw err;
        }
    };
    const writeConfig = async (current: ReleaseView, set: Readonly<Record<string, string>>, remove: readonly string[], changed: Record<string, { before?: string; after?: string }>) => {
        const entries: Array<[string, string | undefined]> = [...Object.entries(set), ...remove.map((k): [string, undefined] => [k, undefined])];
        const effective = entries.filter(([key, value]) => current.config[key] !== value);
        if (effective.length === 0) return;
        await stack.writeConfig(
            Object.fromEntries(effective.filter(([, v]) => v !== undefined)) as Record<string, string>,
            effective.filter(([, v]) => v === undefined).map(([k]) => k),
        );
        for (const [key, value] of effective) {
            const change = { ...(current.config[key] !== undefined ? { before: current.config[key] } : {}), ...(value !== undefined ? { after: value } : {}) };
            changed[key] = change;
            if (!keysChanged.includes(key)) keysChanged.push(key);
            hooks.log(`  config ${key}: ${shown(key, current.config[key])} -> ${shown(key, value)}`);
        }
    };

    try {
        view = await stack.readView();
    } catch (err) {
        return fail("read", err instanceof Error ? err.message : String(err), "unchanged: nothing was written", "the same (fix the problem first)", true);
    }
    {
        const v = view;
        const live = configuredLiveColour(v);
        const idle = otherColour(live);
        steps.push({
            name: "read",
            startedAt: now().toISOString(),
            endedAt: now().toISOString(),
            outcome: "done",
            summary: v.deployed
                ? `live ${live} runs ${versionOf(v, live) || "(no label)"} at capacity ${capacityOf(v, live)}; idle ${idle} runs ${versionOf(v, idle) || "(no label)"} at capacity ${capacityOf(v, idle)}` +
                  (v.record ? `; a ${v.record.kind} is in progress at stage ${v.record.stage}` : "")
                : "nothing deployed yet",
            configChanged: {},
        });
        hooks.log(`[read] ${steps[0].summary}`);
    }

    for (let guard = 0; guard < 30; guard++) {
        const current: ReleaseView = view;
        const decision = planner(current, progress, now());
        if (current.record) {
            from = current.record.from;
            to = current.record.to;
            firstRelease = current.record.stage === "firstDeploy";
        }
        switch (decision.kind) {
            case "refuse":
                return fail(steps[steps.length - 1].name, decision.reason, describeState(current, "nothing was changed by this run"), "the same, until the problem is fixed", decision.usage);
            case "gate": {
                const outputs = await stack.outputs();
                try {
                    await step("gate", async () => {
                        const gate = await azure.gate(current, outputs, decision.colour, (line) => hooks.log(`  ${line}`), hooks.signal);
                        return { result: gate, summary: gate.skipped ? "skipped (healthGateForce)" : `${decision.colour} passed the pre-swap gate on the staging address` };
                    });
                } catch (err) {
                    const refused = err instanceof HealthGateRefusedError;
                    return fail(
                        "gate",
                        err instanceof Error ? err.message : String(err),
                        `production is unchanged on ${otherColour(decision.colour)}; ${decision.colour} (staging) holds the new deployment` + (refused ? "" : " (the gate could not run)"),
                        command === "release"
                            ? `runs the gate again and swaps when it passes; \`vipswap rollback --stack ${stack.stackName}\` puts staging back as it was`
                            : "runs the gate again and swaps back when it passes",
                    );
                }
                progress = { ...progress, gatePassed: true };
                continue;
            }
            case "waitHealthy": {
                const outputs = await stack.outputs();
                try {
                    await step(decision.step, async () => {
                        await azure.waitHealthy(current, outputs, decision.colour, hooks.healthyTimeoutMs ?? 600_000, (line) => hooks.log(`  ${line}`), hooks.signal);
                        return { result: undefined, summary: `every backend of ${decision.colour} is up` };
                    });
                } catch (err) {
                    return fail(decision.step, err instanceof Error ? err.message : String(err), `production is unchanged; ${decision.colour} is scaled back up but not healthy`, "waits for it to be healthy again, then swaps");
                }
                progress = { ...progress, healthy: true };
                continue;
            }
            case "wait": {
                keepOldUntil = decision.until.toISOString();
                if (hooks.detach) {
                    steps.push({ name: decision.step, startedAt: now().toISOString(), endedAt: now().toISOString(), outcome: "waiting", summary: `keeping the old colour until ${keepOldUntil}`, configChanged: {} });
                    return report(true, `${describeState(current, "")}; the old colour is kept until ${keepOldUntil}: run \`vipswap release --stack ${stack.stackName} --finish\` after that to scale it down`);
                }
                hooks.log(`[${decision.step}] keeping the old colour until ${keepOldUntil} (Ctrl-C is safe: \`vipswap release --finish\` continues)`);
                await sleepUntil(decision.until, now, hooks.signal);
                break;
            }
            case "up":
            case "configure": {
                const isSwap = decision.step === "swap";
                const stepName = decision.step;
                try {
                    await step(stepName, async (changed) => {
                        if (decision.kind === "configure") {
                            hooks.log(`  ${decision.says}`);
                            await writeConfig(current, decision.set, decision.remove, changed);
                        } else {
                            hooks.log(`  the config already asks for it (an earlier run stopped before its pulumi up finished): ${decision.says}`);
                        }
                        if (decision.kind === "up" || decision.up) {
                            const afterWrite = decision.kind === "configure" ? await stack.readView() : current;
                            const up = await stack.up({ onOutput: hooks.onOutput, signal: hooks.signal, log: (line) => hooks.log(`  ${line}`) });
                            const touched = up.steps.filter((s) => !["same", "read"].includes(s.op));
                            if (decision.step === "deploy-staging" && afterWrite.record) {
                                await checkProductionUntouched(azure, afterWrite, await stack.outputs(), afterWrite.record.from, touched);
                            }
                            return { result: undefined, summary: `${decision.says}; pulumi up: ${touched.length} resource change(s)${touched.length ? ` (${summariseSteps(touched)})` : ""}` };
                        }
                        return { result: undefined, summary: decision.says };
                    });
                } catch (err) {
                    const message = err instanceof Error ? err.message : String(err);
                    if (err instanceof StackLockedError) {
                        return fail(stepName, message, describeState(await stack.readView().catch(() => current), "Pulumi's lock stopped this run"), "continues from this step once the other operation has ended");
                    }
                    if (err instanceof ProductionChangedError) {
                        return fail(stepName, message, err.state, "stops here again: look at what changed production before going on");
                    }
                    const after = await stack.readView().catch(() => current);
                    if (isSwap && command === "release" && after.record?.stage === "swapping") {
                        const outputs = await stack.outputs();
                        const live = await azure.liveColour(after, outputs).catch(() => "unknown" as const);
                        if (live === after.record.from) {
                            // The gate refused or the verification rolled back: Azure is on the old colour.
                            const revert = planRevertFlip(after, after.record);
                            if (revert.kind === "configure") {
                                await step(revert.step, async (changed) => {
                                    await writeConfig(after, revert.set, revert.remove, changed);
                                    await stack.up({ onOutput: hooks.onOutput, signal: hooks.signal, log: (line) => hooks.log(`  ${line}`) });
                                    return { result: undefined, summary: revert.says };
                                }).catch(() => undefined);
                            }
                            return fail(
                                "swap",
                                message,
                                `production is on ${after.record.from} (the swap was refused or rolled back); ${after.record.to} (staging) runs ${after.record.version}; ${view.keys.activeColour} is ${after.record.from} again`,
                                `runs the pre-swap gate and the swap again; \`vipswap rollback --stack ${stack.stackName}\` puts staging back as it was`,
                            );
                        }
                    }
                    return fail(
                        stepName,
                        message,
                        describeState(after, `the config asks for what step ${stepName} set, but its pulumi up did not finish`),
                        `continues from step ${stepName} (pulumi up again, after pulumi refresh if the run was interrupted)`,
                    );
                }
                if (isSwap) swapped = true;
                if (decision.kind === "configure" && decision.final) {
                    view = await stack.readView();
                    const swapReport = swapped ? await stack.lastSwapReport() : undefined;
                    return { ...report(true, describeState(view, "")), ...(swapReport ? { swapReport } : {}) };
                }
                break;
            }
        }
        view = await stack.readView();
    }
    return fail(steps[steps.length - 1].name, "the release did not settle after 30 steps (a bug: please report it with the --json output)", describeState(view, ""), "continues");
}

/** The production side must not change while the new version goes to staging (issue 15, step 2). */
class ProductionChangedError extends Error {
    constructor(
        message: string,
        readonly state: string,
    ) {
        super(message);
    }
}

async function checkProductionUntouched(
    azure: ReleaseAzurePort,
    view: ReleaseView,
    outputs: Record<string, unknown>,
    live: Colour,
    touched: ReadonlyArray<{ type: string; name: string; op: string }>,
): Promise<void> {
    const production = touched.filter((s) => s.name.endsWith(`-${live}-lb`) || s.name.endsWith(`-${live}-vmss`) || s.name.endsWith("-production-ip"));
    const azureLive = await azure.liveColour(view, outputs);
    if (production.length > 0 || azureLive !== live) {
        throw new ProductionChangedError(
            `Deploying to staging changed production: ${production.map((s) => `${s.name} ${s.op}`).join(", ") || `Azure has production on ${azureLive}`}. ` +
                "The release stopped before the swap.",
            `production was expected to stay on ${live} untouched; Azure now has it on ${azureLive}`,
        );
    }
}

function summariseSteps(steps: ReadonlyArray<{ name: string; op: string }>): string {
    return steps.map((s) => `${s.name} ${s.op}`).join(", ");
}

function describeState(view: ReleaseView, prefix: string): string {
    const live = configuredLiveColour(view);
    const idle = otherColour(live);
    const text =
        `config: production on ${live} (${versionOf(view, live) || "no label"}, capacity ${capacityOf(view, live)}), ` +
        `${idle} ${versionOf(view, idle) || "no label"} at capacity ${capacityOf(view, idle)}` +
        (view.record ? `; release record at stage ${view.record.stage}` : "") +
        (view.converged ? "; deployed" : "; not all of it deployed yet");
    return prefix ? `${prefix}; ${text}` : text;
}

function shown(key: string, value: string | undefined): string {
    if (value === undefined) return "(not set)";
    if (key.endsWith("CustomData")) return `<${Buffer.byteLength(value)} bytes of cloud-init>`;
    return JSON.stringify(value);
}

async function sleepUntil(until: Date, now: () => Date, signal?: AbortSignal): Promise<void> {
    while (now().getTime() < until.getTime()) {
        signal?.throwIfAborted();
        await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(10, until.getTime() - now().getTime()))));
    }
}
