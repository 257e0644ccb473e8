/**
 * Pure step planning for `vipswap release` and `vipswap rollback`: given what the stack's config, its last update
 * and the release record say, what is the next step. No I/O here; releaseRunner.ts executes the decisions and
 * asks again, so a rerun after any interruption continues from the same derivation.
 */
import { type Colour, isColour, otherColour } from "../components/colour";
import type { ReleaseKeys, ReleaseRecord, ReleaseStage } from "./releaseRecord";
import { serializeReleaseRecord } from "./releaseRecord";

/** The names of the steps, as the report and the progress lines show them. */
export type ReleaseStepName =
    | "deploy"
    | "deploy-staging"
    | "gate"
    | "swap"
    | "revert-flip"
    | "keep-old"
    | "scale-old"
    | "restore-staging"
    | "restore-capacity"
    | "wait-healthy"
    | "finish";

/** What the planner knows about the stack (read by releaseStack.ts). */
export interface ReleaseView {
    readonly stackName: string;
    readonly keys: ReleaseKeys;
    /** The stack's config, full keys (`vipswap:activeColour`) to plain text. */
    readonly config: Readonly<Record<string, string>>;
    /** The capacity of a colour whose key is not set (the project's default). */
    readonly defaultCapacity: number;
    /** The stack's state holds a BlueGreenDeployment. */
    readonly deployed: boolean;
    /** The last update succeeded with the config as it is now (the record key aside): nothing is left to deploy. */
    readonly converged: boolean;
    readonly record?: ReleaseRecord;
}

/** What `vipswap release` was asked to do. */
export interface ReleaseRequest {
    readonly version?: string;
    /** cloud-init text for the idle colour. */
    readonly customData?: string;
    readonly keepOldMs?: number;
    readonly scaleOldTo?: number;
    /** `--finish`: only continue a release that is keeping its old colour. */
    readonly finish?: boolean;
    readonly now: Date;
}

/** What this process has established since it read the stack (not stored: a rerun checks again). */
export interface PlanProgress {
    readonly gatePassed: boolean;
    readonly healthy: boolean;
}

/** The next step. */
export type ReleaseDecision =
    /** Stop without changing anything; `usage` for bad input (exit 2). */
    | { readonly kind: "refuse"; readonly reason: string; readonly usage: boolean }
    /** Write config (`pulumi config set`), then `pulumi up` when `up`; `final` ends the command afterwards. */
    | {
          readonly kind: "configure";
          readonly step: ReleaseStepName;
          readonly set: Readonly<Record<string, string>>;
          readonly remove: readonly string[];
          readonly up: boolean;
          readonly final: boolean;
          readonly says: string;
      }
    /** The config asks for something not deployed yet: `pulumi up` (after an interruption, or a failed up). */
    | { readonly kind: "up"; readonly step: ReleaseStepName; readonly says: string }
    /** Run the pre-swap gate against `colour` on the staging address. */
    | { readonly kind: "gate"; readonly step: ReleaseStepName; readonly colour: Colour }
    /** Wait until every backend of `colour` is up. */
    | { readonly kind: "waitHealthy"; readonly step: ReleaseStepName; readonly colour: Colour }
    /** Keep the old colour until `until`. */
    | { readonly kind: "wait"; readonly step: ReleaseStepName; readonly until: Date };

/** The live colour as the config asks for it (the project's default is blue). */
export function configuredLiveColour(view: ReleaseView): Colour {
    const value = view.config[view.keys.activeColour];
    return isColour(value) ? value : "blue";
}

/** A colour's configured version label ("" when none). */
export function versionOf(view: ReleaseView, colour: Colour): string {
    return view.config[view.keys.appVersion(colour)] ?? "";
}

/** A colour's configured capacity. */
export function capacityOf(view: ReleaseView, colour: Colour): number {
    const text = view.config[view.keys.capacity(colour)];
    return text !== undefined && /^\d+$/.test(text) ? Number(text) : view.defaultCapacity;
}

function refuse(reason: string, usage = false): ReleaseDecision {
    return { kind: "refuse", reason, usage };
}

function withRecord(view: ReleaseView, record: ReleaseRecord, set: Record<string, string> = {}): Record<string, string> {
    return { ...set, [view.keys.record]: serializeReleaseRecord(record) };
}

/** The next step of `vipswap release`. */
export function planRelease(view: ReleaseView, request: ReleaseRequest, progress: PlanProgress): ReleaseDecision {
    const { keys, record } = view;
    const stack = view.stackName;
    if (record?.kind === "rollback") {
        return refuse(`A rollback to ${record.to} is in progress on stack ${stack}. Finish it first: vipswap rollback --stack ${stack}.`);
    }
    if (!record) {
        if (request.finish) return refuse(`No release is in progress on stack ${stack}, so there is nothing to finish.`, true);
        const version = request.version;
        if (version === undefined || version === "") return refuse("Give the version label to release with --version <label>.", true);
        const live = configuredLiveColour(view);
        if (!view.deployed) {
            // Like Octopus's first production deployment: nothing is live yet, so nothing to swap from.
            const first: ReleaseRecord = { kind: "release", stage: "firstDeploy", version, from: live, to: live, startedAt: request.now.toISOString() };
            return {
                kind: "configure",
                step: "deploy",
                set: withRecord(view, first, {
                    [keys.appVersion(live)]: version,
                    ...(request.customData !== undefined ? { [keys.customData(live)]: request.customData } : {}),
                }),
                remove: [],
                up: true,
                final: false,
                says: `first release of stack ${stack}: deploying ${version} to ${live} (no swap: nothing is live yet)`,
            };
        }
        if (versionOf(view, live) === version) {
            return refuse(`Version ${version} is already live on ${live} (${keys.appVersion(live)}) on stack ${stack}; there is nothing to release. Give a new --version.`, true);
        }
        if (!view.converged) {
            return refuse(
                `Stack ${stack} has config changes that are not deployed yet (its last update did not run with the config as it is now). ` +
                    "Run `pulumi up` or revert the config file first, so that the release starts from what is deployed.",
            );
        }
        const idle = otherColour(live);
        const idleCapacity = capacityOf(view, idle);
        const liveCapacity = capacityOf(view, live);
        const started: ReleaseRecord = {
            kind: "release",
            stage: "staging",
            version,
            from: live,
            to: idle,
            startedAt: request.now.toISOString(),
            previous: { version: versionOf(view, idle), customData: view.config[keys.customData(idle)] ?? "", capacity: idleCapacity },
            ...(request.keepOldMs !== undefined ? { keepOldMs: request.keepOldMs } : {}),
            ...(request.scaleOldTo !== undefined || request.keepOldMs !== undefined ? { scaleOldTo: request.scaleOldTo ?? 0 } : {}),
        };
        return {
            kind: "configure",
            step: "deploy-staging",
            set: withRecord(view, started, {
                [keys.appVersion(idle)]: version,
                ...(request.customData !== undefined ? { [keys.customData(idle)]: request.customData } : {}),
                // An idle colour scaled down by an earlier release is brought back to the live colour's size.
                ...(idleCapacity < liveCapacity ? { [keys.capacity(idle)]: String(liveCapacity) } : {}),
            }),
            remove: [],
            up: true,
            final: false,
            says: `deploying ${version} to ${idle} (staging); production stays on ${live}`,
        };
    }

    const version = record.version ?? "";
    if (request.version !== undefined && request.version !== version) {
        return refuse(
            `A release of ${version} is in progress on stack ${stack} (stage ${record.stage}). Rerun with --version ${version} to continue it, ` +
                `or undo it with vipswap rollback --stack ${stack}.`,
            true,
        );
    }
    const edited = handEdit(view, record);
    if (edited) return refuse(edited);
    const afterUp = (step: ReleaseStepName, says: string): ReleaseDecision | undefined =>
        view.converged ? undefined : { kind: "up", step, says };
    const finish = (says: string): ReleaseDecision => ({ kind: "configure", step: "finish", set: {}, remove: [keys.record], up: false, final: true, says });

    switch (record.stage) {
        case "firstDeploy":
            return afterUp("deploy", `deploying ${version} to ${record.to}`) ?? finish(`first release done: ${record.to} serves ${version} on production`);
        case "staging":
            if (request.finish) return refuse(`The release of ${version} has not swapped yet (stage staging); rerun it without --finish.`, true);
            return (
                afterUp("deploy-staging", `deploying ${version} to ${record.to} (staging)`) ??
                (!progress.gatePassed
                    ? { kind: "gate", step: "gate", colour: record.to }
                    : {
                          kind: "configure",
                          step: "swap",
                          set: withRecord(view, { ...record, stage: "swapping" }, { [keys.activeColour]: record.to }),
                          remove: [],
                          up: true,
                          final: false,
                          says: `swapping production to ${record.to} (${version})`,
                      })
            );
        case "swapping":
            if (!view.converged) return { kind: "up", step: "swap", says: `swapping production to ${record.to}` };
            if (record.scaleOldTo === undefined) return finish(`released ${version}: production is on ${record.to}; ${record.from} is kept at full capacity`);
            return {
                kind: "configure",
                step: "keep-old",
                set: withRecord(view, {
                    ...record,
                    stage: "keepingOld",
                    keepOldUntil: new Date(request.now.getTime() + (record.keepOldMs ?? 0)).toISOString(),
                }),
                remove: [],
                up: false,
                final: false,
                says: `keeping ${record.from} for ${record.keepOldMs ?? 0} ms, then scaling it to ${record.scaleOldTo}`,
            };
        case "keepingOld": {
            const until = new Date(record.keepOldUntil ?? request.now.toISOString());
            if (until.getTime() > request.now.getTime()) return { kind: "wait", step: "keep-old", until };
            return {
                kind: "configure",
                step: "scale-old",
                set: withRecord(view, { ...record, stage: "scalingOld" }, { [keys.capacity(record.from)]: String(record.scaleOldTo ?? 0) }),
                remove: [],
                up: true,
                final: false,
                says: `scaling ${record.from} (the old colour) to ${record.scaleOldTo ?? 0}`,
            };
        }
        case "scalingOld":
            return afterUp("scale-old", `scaling ${record.from} to ${record.scaleOldTo ?? 0}`) ?? finish(`released ${version}: production is on ${record.to}; ${record.from} scaled to ${record.scaleOldTo ?? 0}`);
        default:
            return refuse(`The release record of stack ${stack} is at stage ${record.stage}, which a release does not write. Run vipswap rollback --stack ${stack}.`);
    }
}

/**
 * After the swap's `pulumi up` failed with Azure still on the old colour (the gate refused, or the post-swap
 * verification failed and rolled back): put `activeColour` back so the config says what Azure has, and return the
 * release to staging, from where a rerun retries the gate and the swap.
 */
export function planRevertFlip(view: ReleaseView, record: ReleaseRecord): ReleaseDecision {
    return {
        kind: "configure",
        step: "revert-flip",
        set: withRecord(view, { ...record, stage: "staging" }, { [view.keys.activeColour]: record.from }),
        remove: [],
        up: true,
        final: true,
        says: `production stayed on ${record.from}: setting ${view.keys.activeColour} back to ${record.from}`,
    };
}

/** The next step of `vipswap rollback`. */
export function planRollback(view: ReleaseView, request: { readonly now: Date }, progress: PlanProgress): ReleaseDecision {
    const { keys, record } = view;
    const stack = view.stackName;
    if (!view.deployed) return refuse(`Stack ${stack} has nothing deployed, so there is nothing to roll back.`, true);
    const live = configuredLiveColour(view);
    if (!record) {
        if (!view.converged) {
            return refuse(`Stack ${stack} has config changes that are not deployed yet and no release in progress. Run \`pulumi up\` or revert the config file first.`);
        }
        return beginRollback(view, live, otherColour(live), request.now);
    }
    if (record.kind === "release") {
        switch (record.stage) {
            case "firstDeploy":
                return refuse(`The first release of stack ${stack} has no earlier colour to roll back to.`, true);
            case "staging": {
                // Production never left `from`: put the idle colour back as it was.
                const previous = record.previous ?? { version: "", customData: "", capacity: capacityOf(view, record.to) };
                return {
                    kind: "configure",
                    step: "restore-staging",
                    set: {
                        [keys.activeColour]: record.from,
                        [keys.appVersion(record.to)]: previous.version,
                        [keys.customData(record.to)]: previous.customData,
                        [keys.capacity(record.to)]: String(previous.capacity),
                    },
                    remove: [keys.record],
                    up: true,
                    final: true,
                    says: `the release of ${record.version} never swapped: production stays on ${record.from}; putting ${record.to} back to ${previous.version || "no version"}`,
                };
            }
            default:
                return beginRollback(view, record.to, record.from, request.now);
        }
    }
    const target = record.to;
    switch (record.stage) {
        case "restoring":
            if (!view.converged) return { kind: "up", step: "restore-capacity", says: `scaling ${target} back up` };
            if (!progress.healthy) return { kind: "waitHealthy", step: "wait-healthy", colour: target };
            if (!progress.gatePassed) return { kind: "gate", step: "gate", colour: target };
            return {
                kind: "configure",
                step: "swap",
                set: withRecord(view, { ...record, stage: "swapping" }, { [keys.activeColour]: target }),
                remove: [],
                up: true,
                final: false,
                says: `swapping production back to ${target}`,
            };
        case "swapping":
            if (!view.converged) return { kind: "up", step: "swap", says: `swapping production back to ${target}` };
            return { kind: "configure", step: "finish", set: {}, remove: [keys.record], up: false, final: true, says: `rolled back: production is on ${target}` };
        default:
            return refuse(`The rollback record of stack ${stack} is at stage ${record.stage}, which a rollback does not write. Remove ${keys.record} and rerun.`);
    }
}

function beginRollback(view: ReleaseView, from: Colour, to: Colour, now: Date): ReleaseDecision {
    const { keys } = view;
    const needed = capacityOf(view, from);
    const scaledDown = capacityOf(view, to) < needed;
    const record: ReleaseRecord = { kind: "rollback", stage: "restoring", from, to, startedAt: now.toISOString() };
    return {
        kind: "configure",
        step: "restore-capacity",
        set: withRecord(view, record, scaledDown ? { [keys.capacity(to)]: String(needed) } : {}),
        remove: [],
        up: scaledDown,
        final: false,
        says: scaledDown ? `scaling ${to} back to ${needed} (the live colour's capacity) before the swap back` : `${to} is at full capacity`,
    };
}

/** The config a stage of a release has written; a difference means someone edited it by hand since. */
function handEdit(view: ReleaseView, record: ReleaseRecord): string | undefined {
    const { keys } = view;
    const expected: Record<string, string> = { [keys.appVersion(record.to)]: record.version ?? "" };
    const stage: ReleaseStage = record.stage;
    if (stage === "staging") expected[keys.activeColour] = record.from;
    if (stage === "swapping" || stage === "keepingOld" || stage === "scalingOld") expected[keys.activeColour] = record.to;
    if (stage === "scalingOld") expected[keys.capacity(record.from)] = String(record.scaleOldTo ?? 0);
    for (const [key, want] of Object.entries(expected)) {
        const have = key === keys.activeColour ? configuredLiveColour(view) : key.endsWith("Capacity") ? String(capacityOf(view, record.from)) : (view.config[key] ?? "");
        if (have !== want) {
            return (
                `The stack's config was edited by hand while a release of ${record.version} was at stage ${record.stage}: ${key} is ` +
                `${JSON.stringify(have)}, but the release set ${JSON.stringify(want)}. Nothing was changed. Put it back with ` +
                `\`pulumi config set ${key.split(":")[1]} ${want}\` and rerun to continue, or run vipswap rollback --stack ${view.stackName}.`
            );
        }
    }
    return undefined;
}
