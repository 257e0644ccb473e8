import type { AzureConnection } from "../azure/azureConnection";
import { type Colour, otherColour } from "../colour";
import type { BeforeFirstWrite } from "../swap/swapMethod";
import { inspectSwap, reconcileSwap, SwapError, type SwapOptions, type SwapReport } from "../swap/swapEngine";
import type { SwapTarget } from "../swap/swapTarget";
import { fillAddressPlaceholders, hasAddressPlaceholder, type PairAddresses } from "./addressPlaceholders";
import { HealthGateRefusedError, PostSwapVerificationError, type RollbackOutcome } from "./healthGateErrors";
import type { HealthGatePlan, HttpCheckPlan } from "./healthGateSettings";
import { describeObservation } from "./httpProbe";
import { type VerificationResult, verifyAfterSwap } from "./postSwapVerification";
import { type PreSwapGateReport, runPreSwapGate } from "./preSwapGate";

/** Options for {@link swapWithHealthGates}: the swap engine's options (its hook is taken) plus logging. */
export interface GatedSwapOptions extends Omit<SwapOptions, "beforeFirstWrite"> {
    /** Where the gates report progress, one line each. The `force` warning goes to stderr when this is not given. */
    readonly log?: (line: string) => void;
    /** The rule-health poll interval in ms (default 500). */
    readonly ruleHealthPollIntervalMs?: number;
    /**
     * The colour that an earlier run made live and completed (for `VipSwap`, the `activeColour` in Pulumi's state).
     * When production is already on the desired colour and it is this one, nothing is swapped, verified or rolled
     * back: an unrelated update must not undo an accepted swap. Otherwise (the default) an already-live colour is
     * verified like a swapped one, since a run that died between its swap and its verification left it unverified.
     */
    readonly acceptedColour?: Colour;
}

/** What a gated swap did. A refusal or a failed verification throws instead (see {@link swapWithHealthGates}). */
export interface GatedSwapReport {
    /** The swap engine's report of the swap. */
    readonly swap: SwapReport;
    /** The pre-swap gate, or undefined when the swap had nothing to do (so the gate did not run). */
    readonly preSwapGate?: PreSwapGateReport;
    /** The post-swap verification, when it is configured. */
    readonly verification?: VerificationResult;
}

/**
 * A swap towards `desiredColour` between two health gates:
 * 1. the pre-swap gate ({@link runPreSwapGate}) in the engine's `beforeFirstWrite` hook, so a refusal leaves Azure
 *    untouched (`HealthGateRefusedError`);
 * 2. the swap (`reconcileSwap`, which finishes an interrupted swap from any state);
 * 3. when `plan.verification` is set, the post-swap verification against production (also when the colour was
 *    already live, unless `options.acceptedColour` says an earlier run completed it: a rerun after a crash between
 *    swap and verification must not skip it);
 * 4. when it fails and `plan.rollback` is on, an immediate swap back to the other colour (ungated: getting production
 *    back must not wait for anything), then `PostSwapVerificationError` saying whether production was restored.
 *
 * A crash during the rollback is healed by running the swap again: towards the old colour it simply finishes; towards
 * the new one it swaps, fails the verification again and rolls back again. Neither address is ever deleted.
 *
 * @throws HealthGateRefusedError when the pre-swap gate refuses (nothing written)
 * @throws PostSwapVerificationError when the verification fails (with the rollback's outcome)
 * @throws whatever `reconcileSwap` throws (`SwapError`) when the swap itself fails
 */
export async function swapWithHealthGates(
    connection: AzureConnection,
    target: SwapTarget,
    desiredColour: Colour,
    givenPlan: HealthGatePlan,
    options: GatedSwapOptions = {},
): Promise<GatedSwapReport> {
    const { log: givenLog, ruleHealthPollIntervalMs, acceptedColour, ...swapOptions } = options;
    const plan = usesPlaceholders(givenPlan)
        ? withAddresses(givenPlan, await inspectSwap(connection, target, { abortSignal: swapOptions.abortSignal }))
        : givenPlan;
    const log = givenLog ?? (() => undefined);
    let preSwapGate: PreSwapGateReport | undefined;
    let swap: SwapReport;
    try {
        swap = await reconcileSwap(connection, target, desiredColour, {
            ...swapOptions,
            // The engine's signal, not the caller's: it also fires at the swap's timeoutMs, which bounds the gate too.
            beforeFirstWrite: async ({ gate }: BeforeFirstWrite, hook) => {
                preSwapGate = await runPreSwapGate(connection, target, desiredColour, plan, {
                    abortSignal: hook.abortSignal,
                    log: givenLog,
                    gate,
                    pollIntervalMs: ruleHealthPollIntervalMs,
                });
            },
        });
    } catch (err) {
        // The engine wraps whatever its hook throws (code RefusedBeforeFirstWrite); the gate's own error says more.
        if (err instanceof SwapError && err.code === "RefusedBeforeFirstWrite" && err.cause instanceof HealthGateRefusedError) {
            throw err.cause;
        }
        throw err;
    }
    if (!plan.verification) return { swap, preSwapGate };
    if (!preSwapGate) {
        if (acceptedColour === desiredColour) {
            log(`verification skipped: ${desiredColour} was already live, made so by an earlier run that completed`);
            return { swap, preSwapGate };
        }
        // Nothing was written, yet the end state is still verified: a run that died after its swap and before its
        // verification (or rollback) must not leave an unverified colour live because the rerun found nothing to do.
        log(`verification: ${desiredColour} was already live; verifying it anyway`);
    }

    log(`verification: GET ${plan.verification.url} (deadline ${plan.verification.deadlineMs} ms)`);
    // An abort during the verification leaves production on an unverified colour, and a rollback under the same
    // aborted signal could not run: say so, rather than throw the signal's bare reason or report a failed rollback.
    const abortedHere = (cause: unknown) =>
        new SwapError(
            `The swap to ${desiredColour} was aborted during its post-swap verification: production is on ${desiredColour}, ` +
                `unverified and not rolled back. Run it again (it verifies ${desiredColour} and rolls back if that fails), ` +
                `or swap to ${otherColour(desiredColour)}.`,
            {
                code: "Aborted",
                stateLeftBehind: `${desiredColour} -> production, ${otherColour(desiredColour)} -> staging (unverified)`,
                wroteAnything: !swap.alreadyLive,
                cause,
            },
        );
    let verification: VerificationResult;
    try {
        verification = await verifyAfterSwap(plan.verification, {
            abortSignal: swapOptions.abortSignal,
            onAttempt: (observation) => log(`verification: ${describeObservation(observation)}`),
        });
    } catch (err) {
        if (swapOptions.abortSignal?.aborted) throw abortedHere(err);
        throw err;
    }
    if (!verification.passed && swapOptions.abortSignal?.aborted) throw abortedHere(swapOptions.abortSignal.reason);
    if (verification.passed) {
        log(`verification: ${desiredColour} answers on the production address`);
        return { swap, preSwapGate, verification };
    }

    const oldColour = otherColour(desiredColour);
    const forward = swap.alreadyLive ? {} : { swapReport: swap };
    if (!plan.rollback) {
        throw new PostSwapVerificationError({ newColour: desiredColour, oldColour, verification, rollback: { kind: "disabled" }, ...forward });
    }
    log(`verification FAILED: rolling production back to ${oldColour} now`);
    let rollback: RollbackOutcome;
    let rollbackReport: SwapReport | undefined;
    try {
        rollbackReport = await reconcileSwap(connection, target, oldColour, swapOptions);
        rollback = { kind: "restored" };
        log(`rollback: production is on ${oldColour} again`);
    } catch (err) {
        rollback = { kind: "failed", error: err instanceof Error ? err : new Error(String(err)) };
    }
    throw new PostSwapVerificationError({ newColour: desiredColour, oldColour, verification, rollback, rollbackReport, ...forward });
}

function usesPlaceholders(plan: HealthGatePlan): boolean {
    return [plan.smokeTest, plan.verification].some(
        (check) => check !== undefined && (hasAddressPlaceholder(check.url) || hasAddressPlaceholder(check.hostHeader ?? "")),
    );
}

/** The plan with `{productionAddress}` / `{stagingAddress}` filled in (addressPlaceholders.ts). */
function withAddresses(plan: HealthGatePlan, addresses: PairAddresses): HealthGatePlan {
    const fill = <T extends HttpCheckPlan>(check: T | undefined, name: string): T | undefined =>
        check && {
            ...check,
            url: fillAddressPlaceholders(check.url, addresses, `healthGate.${name}.url`),
            ...(check.hostHeader !== undefined
                ? { hostHeader: fillAddressPlaceholders(check.hostHeader, addresses, `healthGate.${name}.hostHeader`) }
                : {}),
        };
    return { ...plan, smokeTest: fill(plan.smokeTest, "smokeTest"), verification: fill(plan.verification, "verification") };
}
