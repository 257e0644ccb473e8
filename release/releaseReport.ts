/**
 * The result of `vipswap release` and `vipswap rollback` (`--json` prints it): each step with its start, end and
 * outcome, the swap report, the config keys changed and the exact diff of the stack's config file.
 */

/** One step as it ran. */
export interface ReleaseStepReport {
    readonly name: string;
    /** ISO times. */
    readonly startedAt: string;
    readonly endedAt: string;
    readonly outcome: "done" | "failed" | "waiting";
    /** What it did or found, one line. */
    readonly summary: string;
    /** The config keys it wrote, with their values before and after (undefined: not set). */
    readonly configChanged: Readonly<Record<string, { readonly before?: string; readonly after?: string }>>;
}

/** Why the command stopped early. */
export interface ReleaseErrorReport {
    readonly step: string;
    readonly message: string;
    /** The state the stack and Azure are in now. */
    readonly stateLeftBehind: string;
    /** What a rerun does. */
    readonly rerun: string;
}

/** The whole result. */
export interface ReleaseReport {
    readonly ok: boolean;
    readonly command: "release" | "rollback";
    readonly stack: string;
    readonly version?: string;
    /** The colour that was live at the start, and the one live at the end (the same for a first release). */
    readonly from?: string;
    readonly to?: string;
    /** A first release deploys without a swap. */
    readonly firstRelease: boolean;
    readonly steps: readonly ReleaseStepReport[];
    /** The VipSwap resource's report of the swap this command made, when it made one. */
    readonly swapReport?: Record<string, unknown>;
    /** Every config key this command wrote, in order. */
    readonly configKeysChanged: readonly string[];
    /** The stack's config file and the unified diff of it from before to after ("" when unchanged). */
    readonly configFile: string;
    readonly configFileDiff: string;
    /** Where the stack stands now, one line. */
    readonly state: string;
    /** Set while the old colour is kept: when `vipswap release --finish` scales it down. */
    readonly keepOldUntil?: string;
    readonly error?: ReleaseErrorReport;
}

/** A release or rollback that stopped; `report` is the result up to that point. */
export class ReleaseFailure extends Error {
    constructor(
        readonly report: ReleaseReport,
        /** Bad input (exit 2); nothing was changed. */
        readonly usage: boolean,
    ) {
        super(
            `${report.command} failed at step ${report.error?.step}: ${report.error?.message}\n` +
                `State: ${report.error?.stateLeftBehind}\nA rerun: ${report.error?.rerun}`,
        );
        this.name = "ReleaseFailure";
    }
}
