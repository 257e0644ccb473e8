import type { Colour } from "../components/colour";
import { describeClaim, otherSwapInProgress, planSwap, type SwapInspection, type SwapPlan } from "../components/swap/swapEngine";

/**
 * `vipswap swap --dry-run`: the steps the swap would take from the state read now, and nothing written. The health
 * gates are not run (they only read, but a dry run answers "what would the swap write", nothing more).
 */

/** Who the dry run would swap as, to tell whether another swap's claim would stop it. */
export interface DryRunIdentity {
    readonly owner: string;
    readonly takeOver: boolean;
    readonly staleClaimMs: number;
}

/** The plan, and whether another swap holds the pair (the real swap would then stop before its first write). */
export interface DryRun {
    readonly to: Colour;
    readonly plan: SwapPlan;
    readonly blockedBy?: string;
}

/** Plans the swap from an inspection. */
export function dryRun(inspection: SwapInspection, to: Colour, identity: DryRunIdentity, now = Date.now()): DryRun {
    const plan = planSwap(inspection.observed, to, inspection.kind);
    const other = plan.steps.length > 0
        ? otherSwapInProgress(inspection.floatingIpClaim, { self: { swapId: "", owner: identity.owner }, now, staleAfterMs: identity.staleClaimMs, takeOver: identity.takeOver })
        : undefined;
    return { to, plan, ...(other ? { blockedBy: `${describeClaim(other.claim, now)} holds this pair; the swap would stop before its first write (wait, or --take-over)` } : {}) };
}

/** The dry run without `--json`. */
export function dryRunText(run: DryRun, inspection: SwapInspection): string {
    const lines = [`dry run: nothing was written. From: ${inspection.description}`];
    if (run.blockedBy) lines.push(`a swap --to ${run.to} would stop: ${run.blockedBy}`);
    if (run.plan.steps.length === 0 && run.plan.outcome.kind === "done") lines.push(`${run.to} is already live; the swap would change nothing.`);
    run.plan.steps.forEach((entry, i) =>
        lines.push(entry.kind === "step" ? `  ${i + 1}. ${entry.description.padEnd(22)} ${entry.reason}` : `  ${i + 1}. wait: ${entry.reason}`),
    );
    lines.push(run.plan.outcome.kind === "done" ? `then ${run.to} is live.` : `then the swap would stop: ${run.plan.outcome.reason}`);
    return `${lines.join("\n")}\n`;
}

/** The dry run as `--json` prints it. */
export function dryRunJson(run: DryRun, inspection: SwapInspection): Record<string, unknown> {
    return {
        ok: true,
        dryRun: true,
        to: run.to,
        from: inspection.description,
        steps: run.plan.steps.map((entry) => (entry.kind === "step" ? { step: entry.step, description: entry.description, reason: entry.reason } : { wait: entry.reason })),
        outcome: run.plan.outcome,
        ...(run.blockedBy ? { blockedBy: run.blockedBy } : {}),
    };
}
