import type { Colour } from "../colour";
import type { SwapReport } from "../swap/swapReport";
import { describeObservation } from "./httpProbe";
import type { VerificationResult } from "./postSwapVerification";
import type { LoadBalancerHealthVerdict } from "./ruleHealthEvaluation";
import type { SmokeTestResult } from "./smokeTest";

/**
 * The pre-swap gate refused the swap. Thrown before the first write: Azure was not changed at all.
 * `findings` lists what was unhealthy: each failed rule with its unhealthy backends, and what the smoke test got.
 */
export class HealthGateRefusedError extends Error {
    /** The colour the swap was asked to make live. */
    readonly desiredColour: Colour;
    /** One line per finding. */
    readonly findings: readonly string[];
    /** The rule-health verdict, when that check ran. */
    readonly loadBalancer?: LoadBalancerHealthVerdict;
    /** The smoke test's attempts, when it ran. */
    readonly smokeTest?: SmokeTestResult;

    constructor(details: {
        desiredColour: Colour;
        findings: readonly string[];
        loadBalancer?: LoadBalancerHealthVerdict;
        smokeTest?: SmokeTestResult;
    }) {
        super(
            `The swap to ${details.desiredColour} was refused by the pre-swap health gate; nothing was changed.\n` +
                details.findings.map((finding) => `  - ${finding}`).join("\n") +
                `\nMake the ${details.desiredColour} colour healthy and run the swap again, ` +
                "or skip the gate deliberately with --force (CLI), `pulumi config set healthGateForce true` (example stack) or force: true (component and VipSwap healthGate settings).",
        );
        this.name = "HealthGateRefusedError";
        this.desiredColour = details.desiredColour;
        this.findings = details.findings;
        this.loadBalancer = details.loadBalancer;
        this.smokeTest = details.smokeTest;
    }
}

/** How the rollback after a failed verification went. */
export type RollbackOutcome =
    | { readonly kind: "restored" }
    | { readonly kind: "disabled" }
    | { readonly kind: "failed"; readonly error: Error };

/**
 * The new colour did not answer on the production address as expected after the swap. Says whether production was
 * restored to the old colour (automatic rollback), left on the new one (rollback off), or whether the rollback
 * itself failed (then the swap towards the old colour must be run again; it heals from any state).
 */
export class PostSwapVerificationError extends Error {
    /** The colour that was swapped to and failed the verification. */
    readonly newColour: Colour;
    /** The colour production was on before the swap. */
    readonly oldColour: Colour;
    /** Every verification attempt. */
    readonly verification: VerificationResult;
    /** What happened afterwards. */
    readonly rollback: RollbackOutcome;
    /** The report of the swap to the new colour (its production window counts too); absent when it was already live. */
    readonly swapReport?: SwapReport;
    /** The report of the rollback swap, when it completed. */
    readonly rollbackReport?: SwapReport;

    constructor(details: {
        newColour: Colour;
        oldColour: Colour;
        verification: VerificationResult;
        rollback: RollbackOutcome;
        swapReport?: SwapReport;
        rollbackReport?: SwapReport;
    }) {
        const last = details.verification.attempts[details.verification.attempts.length - 1];
        const what =
            `Post-swap verification failed: the ${details.newColour} colour did not answer on the production address as ` +
            `expected within its ${details.verification.deadlineMs} ms deadline (${details.verification.attempts.length} attempts in ` +
            `${details.verification.elapsedMs} ms; last: ` +
            `${last ? describeObservation(last) : "none"}).`;
        const outcome =
            details.rollback.kind === "restored"
                ? `Rolled back: production was restored to the old colour ${details.oldColour}.`
                : details.rollback.kind === "disabled"
                  ? `Automatic rollback is off: production stays on ${details.newColour}; set the live colour back to ` +
                    `${details.oldColour} to swap back.`
                  : `The rollback to ${details.oldColour} FAILED (${details.rollback.error.message}); production may be ` +
                    `between colours. Run the swap towards ${details.oldColour} again: it finishes from any state.`;
        super(`${what}\n${outcome}`);
        this.name = "PostSwapVerificationError";
        this.newColour = details.newColour;
        this.oldColour = details.oldColour;
        this.verification = details.verification;
        this.rollback = details.rollback;
        this.swapReport = details.swapReport;
        this.rollbackReport = details.rollbackReport;
    }
}
