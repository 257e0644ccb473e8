/**
 * The release's I/O on the Pulumi side: the user's own project and stack through `@pulumi/pulumi/automation`
 * (LocalWorkspace, the CLI on PATH or under `--pulumi-root`; never `PulumiCommand.install()`), config written with
 * the CLI (`pulumi config set`), `pulumi up`, and Pulumi's stack lock mapped to a clear message.
 */
import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import {
    CommandError,
    ConcurrentUpdateError,
    type ConfigMap,
    type EngineEvent,
    LocalWorkspace,
    PulumiCommand,
    type Stack,
    StackNotFoundError,
} from "@pulumi/pulumi/automation";
import { defaults } from "../components";
import type { ReleaseView } from "./releasePlan";
import { parseReleaseRecord, releaseKeys } from "./releaseRecord";

/** The type token of the component; a project whose state has none is not a vipswap project. */
export const blueGreenDeploymentType = "vipswap:azure:BlueGreenDeployment";
/** VipSwap's type: the dynamic resource's ends with this; from other languages it is the plugin's `vipswap:index:VipSwap`. */
const vipSwapTypeSuffix = "vipswap:VipSwap";
const packageVipSwapType = "vipswap:index:VipSwap";

/** Where the stack is. */
export interface ReleaseStackOptions {
    readonly stackName: string;
    /** The Pulumi project folder (the user's own). */
    readonly workDir: string;
    /** A folder whose `bin/` holds the `pulumi` to use; otherwise the `pulumi` on PATH. */
    readonly pulumiRoot?: string;
    /** Extra environment for every CLI run. */
    readonly env?: Readonly<Record<string, string>>;
}

/** A usage problem found while opening the stack (exit 2): the stack or project is not what the command needs. */
export class ReleaseUsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ReleaseUsageError";
    }
}

/** Another Pulumi operation holds the stack's lock. */
export class StackLockedError extends Error {
    constructor(stackName: string, detail: string) {
        super(
            `Stack ${stackName} is locked by another Pulumi operation (another release, or a \`pulumi up\`) that is still running, so ` +
                "this release stopped before changing anything more. Wait for it to end and rerun; if no such process runs any more, " +
                `remove the lock with \`pulumi cancel --stack ${stackName}\`. Pulumi said: ${detail.trim()}`,
        );
        this.name = "StackLockedError";
    }
}

/** What one `pulumi up` did to each resource (the engine's step, by resource name). */
export interface UpSteps {
    readonly steps: ReadonlyArray<{ readonly type: string; readonly name: string; readonly op: string }>;
}

/** Hooks for long CLI runs. */
export interface RunHooks {
    /** Each line the CLI prints. */
    readonly onOutput?: (text: string) => void;
    readonly signal?: AbortSignal;
    /** Said when a stale lock is removed. */
    readonly log?: (line: string) => void;
}

/** The narrow view of a stack that the runner uses (a fake can stand in for it in unit tests). */
export interface ReleaseStackPort {
    readonly stackName: string;
    readView(): Promise<ReleaseView>;
    /** `pulumi config set` of each value and `pulumi config rm` of each key. */
    writeConfig(set: Readonly<Record<string, string>>, remove: readonly string[]): Promise<void>;
    /** `pulumi up` (after `pulumi refresh --clear-pending-creates` when an interrupted run left pending operations). */
    up(hooks: RunHooks): Promise<UpSteps>;
    outputs(): Promise<Record<string, unknown>>;
    /** The `VipSwap` resource's report of its last swap, from the state. */
    lastSwapReport(): Promise<Record<string, unknown> | undefined>;
    /** The text of Pulumi.<stack>.yaml ("" when there is none). */
    configFileText(): string;
}

/** Opens the user's stack: select, never create (a typo must not make a new stack). */
export async function openReleaseStack(options: ReleaseStackOptions): Promise<ReleaseStackPort> {
    let pulumiCommand: PulumiCommand;
    try {
        pulumiCommand = await PulumiCommand.get(options.pulumiRoot ? { root: options.pulumiRoot } : {});
    } catch (err) {
        // The Automation API's own text is "spawn pulumi ENOENT" or a version parse error: say what to do instead.
        const where = options.pulumiRoot ? `${options.pulumiRoot}/bin/pulumi` : "pulumi on PATH";
        const text = String((err as Error).message);
        const why = /ENOENT/.test(text) ? "it is not there" : (text.split("\n").find((line) => /version|error/i.test(line)) ?? text.split("\n")[0]).trim();
        throw new ReleaseUsageError(
            `vipswap release needs the Pulumi CLI (3.248 or newer) and could not run ${where}: ${why}. ` +
                "Install the Pulumi CLI, or give its folder with --pulumi-root (the folder that holds bin/pulumi) or VIPSWAP_PULUMI_ROOT.",
        );
    }
    if (!existsSync(join(options.workDir, "Pulumi.yaml")) && !existsSync(join(options.workDir, "Pulumi.yml"))) {
        throw new ReleaseUsageError(`${options.workDir} is not a Pulumi project (no Pulumi.yaml). Give the project folder with --cwd.`);
    }
    let stack: Stack;
    try {
        stack = await LocalWorkspace.selectStack(
            { stackName: options.stackName, workDir: options.workDir },
            { pulumiCommand, ...(options.env ? { envVars: { ...options.env } } : {}) },
        );
    } catch (err) {
        if (err instanceof StackNotFoundError) {
            throw new ReleaseUsageError(
                `No stack named ${options.stackName} in the project at ${options.workDir}. List the stacks with \`pulumi stack ls\`; ` +
                    "a release never creates one (create it with `pulumi stack init`).",
            );
        }
        throw err;
    }
    const project = await stack.workspace.projectSettings();
    return new AutomationReleaseStack(stack, options, project.name, readDeclaredConfig(options.workDir));
}

class AutomationReleaseStack implements ReleaseStackPort {
    readonly stackName: string;
    constructor(
        private readonly stack: Stack,
        private readonly options: ReleaseStackOptions,
        private readonly namespace: string,
        private readonly declared: string,
    ) {
        this.stackName = options.stackName;
    }

    async readView(): Promise<ReleaseView> {
        const keys = releaseKeys(this.namespace);
        const config = plain(await this.stack.getAllConfig());
        const [history, state] = await Promise.all([this.stack.history(1, 1, true), this.state()]);
        const resources = state.resources ?? [];
        const deployed = resources.some((r) => r.type === blueGreenDeploymentType);
        if (!deployed && (resources.some((r) => !r.type.startsWith("pulumi:")) || !/^\s+activeColour:/m.test(this.declared))) {
            throw new ReleaseUsageError(
                `The project ${this.namespace} at ${this.options.workDir} has no BlueGreenDeployment (its state holds no ${blueGreenDeploymentType} ` +
                    "and Pulumi.yaml declares no activeColour config), so there is nothing to release. Use a project built on the vipswap component, " +
                    "like the repository's example stack, whose config declares activeColour, blueAppVersion and greenAppVersion.",
            );
        }
        const last = history[0];
        const withoutRecord = (map: Record<string, string>) => JSON.stringify(Object.entries(map).filter(([k]) => k !== keys.record).sort());
        const converged =
            last !== undefined && last.kind === "update" && last.result === "succeeded" && withoutRecord(plain(last.config ?? {})) === withoutRecord(config);
        return {
            stackName: this.stackName,
            keys,
            config,
            defaultCapacity: defaults.capacity,
            deployed,
            converged,
            record: parseReleaseRecord(config[keys.record], keys.record),
        };
    }

    async writeConfig(set: Readonly<Record<string, string>>, remove: readonly string[]): Promise<void> {
        if (Object.keys(set).length > 0) {
            const values: ConfigMap = Object.fromEntries(Object.entries(set).map(([k, v]) => [k, { value: v }]));
            await this.stack.setAllConfig(values);
        }
        const present = plain(await this.stack.getAllConfig());
        const toRemove = remove.filter((key) => key in present);
        if (toRemove.length > 0) await this.stack.removeAllConfig([...toRemove]);
    }

    async up(hooks: RunHooks): Promise<UpSteps> {
        return this.withStaleLockCleared(hooks, async () => {
            if ((await this.state()).pending_operations?.length) {
                // An interrupted `pulumi up` left operations that Azure may or may not have finished; refresh reads
                // what Azure has and clears them (docs/pulumi-behaviour.md §1), as the README's recovery steps do.
                hooks.onOutput?.("vipswap: the last run was interrupted; pulumi refresh --clear-pending-creates first\n");
                await this.stack.refresh({ clearPendingCreates: true, onOutput: hooks.onOutput, signal: hooks.signal });
            }
            const steps: Array<{ type: string; name: string; op: string }> = [];
            await this.stack.up({
                onOutput: hooks.onOutput,
                signal: hooks.signal,
                onEvent: (event: EngineEvent) => {
                    const metadata = event.resourcePreEvent?.metadata;
                    if (metadata) steps.push({ type: metadata.type, name: metadata.urn.split("::").pop() ?? metadata.urn, op: metadata.op });
                },
            });
            return { steps };
        });
    }

    async outputs(): Promise<Record<string, unknown>> {
        const outputs = await this.stack.outputs();
        return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
    }

    async lastSwapReport(): Promise<Record<string, unknown> | undefined> {
        const swap = ((await this.state()).resources ?? []).find((r) => r.type.endsWith(vipSwapTypeSuffix) || r.type === packageVipSwapType);
        return swap?.outputs?.lastSwapReport as Record<string, unknown> | undefined;
    }

    configFileText(): string {
        const file = join(this.options.workDir, `Pulumi.${this.stackName.split("/").pop()}.yaml`);
        return existsSync(file) ? readFileSync(file, "utf8") : "";
    }

    private async state(): Promise<StateView> {
        const exported = await this.stack.exportStack();
        return (exported.deployment ?? {}) as StateView;
    }

    /**
     * Runs `work`; when Pulumi's lock stops it, a lock left by a `pulumi` of this machine that no longer runs (a
     * killed release) is removed with `pulumi cancel` and `work` tried once more. A live holder is reported.
     */
    private async withStaleLockCleared<T>(hooks: RunHooks, work: () => Promise<T>): Promise<T> {
        try {
            return await work();
        } catch (err) {
            if (!(err instanceof ConcurrentUpdateError)) throw err;
            const stale = staleLockHolders(commandStderr(err));
            if (stale === undefined) throw new StackLockedError(this.stackName, commandStderr(err));
            hooks.log?.(`removing the stack lock left by pulumi process ${stale.join(", ")} on this machine, which no longer runs`);
            await this.stack.cancel();
            try {
                return await work();
            } catch (again) {
                if (again instanceof ConcurrentUpdateError) throw new StackLockedError(this.stackName, commandStderr(again));
                throw again;
            }
        }
    }
}

interface StateView {
    readonly resources?: ReadonlyArray<{ readonly type: string; readonly outputs?: Record<string, unknown> }>;
    readonly pending_operations?: readonly unknown[];
}

function plain(config: ConfigMap): Record<string, string> {
    return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, value.value]));
}

function readDeclaredConfig(workDir: string): string {
    const file = [join(workDir, "Pulumi.yaml"), join(workDir, "Pulumi.yml")].find((f) => existsSync(f));
    return file ? readFileSync(file, "utf8") : "";
}

/** The CLI's stderr from an Automation API error. */
export function commandStderr(err: unknown): string {
    const text = err instanceof CommandError || err instanceof Error ? err.message : String(err);
    const at = text.indexOf("stderr:");
    return at < 0 ? text : text.slice(at + "stderr:".length).split("\n").filter((l) => l.trim() !== "").slice(0, 6).join("\n");
}

/**
 * The pids of the lock holders when every lock was taken on this machine by a process that no longer exists;
 * undefined when any holder may still run. The file backend's lock error lists each lock as
 * "created by user@host (pid N) at time".
 */
export function staleLockHolders(stderr: string, host = hostname(), isAlive = processAlive): number[] | undefined {
    const holders = [...stderr.matchAll(/created by [^@\s]*@(\S+) \(pid (\d+)\)/g)].map((m) => ({ host: m[1], pid: Number(m[2]) }));
    if (holders.length === 0) return undefined;
    return holders.every((h) => h.host === host && !isAlive(h.pid)) ? holders.map((h) => h.pid) : undefined;
}

function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM";
    }
}
