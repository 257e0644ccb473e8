import { type Colour } from "../colour";
import { abortableDelay } from "../azure/abortableDelay";
import { type RequestContext, DeadlineExceededError } from "../azure/azureRetry";
import type { OperationOutcome, SwapResources, SwapSnapshot, WriteReceipt } from "../azure/swapResources";
import { type ObservedState, describeState, isSettled, liveColour } from "./observedState";
import { type ClaimPolicy, claimTags, defaultStaleClaimMs, defaultSwapOwner, newClaim, otherSwapInProgress, otherSwapMessage } from "./swapClaim";
import { observeState } from "./observeState";
import { type SwapStep, decideNextStep, describeStep, sameStep } from "./swapDecision";
import { SwapError } from "./swapError";
import { toSwapError } from "./swapErrorMapping";
import type { SwapOptions, SwapProgressEvent } from "./swapOptions";
import { type SwapReport, type SwapStepRecord, UnattachedClock } from "./swapReport";
import type { SwapTarget } from "./swapTarget";
import { validateSnapshot } from "./swapValidation";

/** Defaults of `SwapOptions`. */
export const swapDefaults = { pollIntervalMs: 500, maxRetries: 5 } as const;

/** Five steps make any swap; one more clears a failed floating IP; each canceled step may be retried. */
const baseStepBudget = 6;

/** Operation outcomes that Azure means as "try again" (docs/azure-behaviour.md §3 Canceled/superseded, §5). */
const retryableOutcome = (code: string | undefined, status: string) =>
    /cancel/i.test(status) || /^(RetryableError|AnotherOperationInProgress|Canceled)/i.test(code ?? "");

/**
 * Azure's answers to a write that another writer's change made invalid (docs/azure-behaviour.md §1, §4): when one
 * comes, the loop reads again to see whether another swap's claim explains it.
 */
const raceCodes = new Set(["InvalidResourceReference", "PublicIPAddressInUse", "PreconditionFailed", "PublicIPAddressCannotBeDeleted", "ResourceNotFound"]);

/** A progress event before the loop stamps its time (distributes over the union). */
type UnstampedEvent = SwapProgressEvent extends infer E ? (E extends SwapProgressEvent ? Omit<E, "at" | "elapsedMs"> : never) : never;

/** A write that was sent and whose commit the loop is waiting to see. */
interface InFlight {
    readonly step: SwapStep;
    readonly startedAt: number;
    readonly receipt: WriteReceipt;
}

/**
 * The reconciler: observe, decide, act, repeat, until the desired colour is live. Works on any `SwapResources`
 * (the Azure adapter in production); `reconcileSwap` is the public entry point.
 */
export async function runSwapLoop(resources: SwapResources, target: SwapTarget, desired: Colour, options: SwapOptions = {}): Promise<SwapReport> {
    const pollIntervalMs = options.pollIntervalMs ?? swapDefaults.pollIntervalMs;
    const maxRetries = options.maxRetries ?? swapDefaults.maxRetries;
    const started = Date.now();
    const deadline = options.timeoutMs !== undefined ? started + options.timeoutMs : undefined;

    // One signal for everything: the caller's, or the deadline's. The deadline's reason says "timeout".
    const timeout = new AbortController();
    const timer = deadline !== undefined ? setTimeout(() => timeout.abort(new DeadlineExceededError("the swap", undefined)), options.timeoutMs) : undefined;
    const abortSignal = options.abortSignal ? AbortSignal.any([options.abortSignal, timeout.signal]) : timeout.signal;

    let retries = 0;
    const emit = (event: UnstampedEvent) =>
        options.onProgress?.({ ...event, at: new Date().toISOString(), elapsedMs: Date.now() - started } as SwapProgressEvent);
    const context: RequestContext = {
        abortSignal,
        deadline,
        maxRetries,
        retryDelayMs: pollIntervalMs,
        onRetry: (event) => {
            retries++;
            emit({ type: "retry", ...event, message: `retry ${event.attempt} of ${event.operation} in ${event.delayMs} ms (${event.reason})` });
        },
    };

    const claim = newClaim(options.owner ?? defaultSwapOwner(), desired, started);
    const staleAfterMs = options.staleClaimMs ?? defaultStaleClaimMs;
    const claimPolicy = (): ClaimPolicy => ({ self: claim, now: Date.now(), staleAfterMs, takeOver: options.takeOver === true });
    /** Stops with `AnotherSwapInProgress` when another owner's swap holds the pair in `observed`. */
    const stopIfClaimed = (observed: ObservedState, cause?: unknown) => {
        const other = otherSwapInProgress(observed.addresses.floating.claim, claimPolicy());
        if (!other) return;
        const productionDown = observed.loadBalancers.blue.frontend !== "production" && observed.loadBalancers.green.frontend !== "production";
        const urgent = productionDown ? " Production is attached to neither load balancer now: if that swap is not running any more, take over at once." : "";
        throw new SwapError(`${otherSwapMessage(other, desired, staleAfterMs)}${urgent}`, {
            code: "AnotherSwapInProgress",
            stateLeftBehind: `${describeState(observed)}${productionDownNote(observed)}`,
            wroteAnything,
            otherSwap: other.claim,
            ...(cause !== undefined ? { cause } : {}),
        });
    };

    const steps: SwapStepRecord[] = [];
    const production = new UnattachedClock();
    const staging = new UnattachedClock();
    let initial: ObservedState | undefined;
    let last: ObservedState | undefined;
    let lastSnapshot: SwapSnapshot | undefined;
    let inFlight: InFlight | undefined;
    /** A write whose request had started when the swap stopped: Azure may or may not have accepted it. */
    let sending: SwapStep | undefined;
    let failedAttempts = 0;
    let productionConflicts = 0;
    let wroteAnything = false;

    try {
        for (;;) {
            const snapshot = await resources.read(context);
            if (!initial) {
                const problems = validateSnapshot(snapshot, target);
                if (problems.length > 0) {
                    const lbMissing = !snapshot.loadBalancers.blue || !snapshot.loadBalancers.green;
                    throw new SwapError(`The swap to ${desired} cannot start: ${problems.join(" ")} Nothing was changed.`, {
                        code: "ValidationFailed",
                        ...(lbMissing ? { statusCode: 404 } : {}),
                        problems,
                        stateLeftBehind: "unchanged (nothing was written)",
                        wroteAnything: false,
                    });
                }
            }
            const state = observeState(snapshot, target);
            [last, lastSnapshot] = [state, snapshot];
            const held = (role: "production" | "staging") =>
                state.loadBalancers.blue.frontend === role || state.loadBalancers.green.frontend === role;
            production.sample(held("production"), snapshot.readAt);
            staging.sample(held("staging"), snapshot.readAt);
            if (!initial) {
                initial = state;
                emit({ type: "started", from: liveColour(state), to: desired, state: describeState(state), message: `swap to ${desired}: ${describeState(state)}` });
            }

            const decision = decideNextStep(state, desired);
            // Before any write or wait of ours: a floating IP claimed by another swap means it is under way (or was
            // killed); say so now rather than wait on its operations or write against it.
            if (decision.kind === "act" || decision.kind === "wait") stopIfClaimed(state);
            if (inFlight && decision.kind !== "wait") {
                const record = finish(inFlight, snapshot.readAt);
                steps.push(record);
                emit({ type: "stepFinished", step: record.step, description: record.description, durationMs: record.durationMs, message: `step ${steps.length} done: ${record.description} (${record.durationMs} ms)` });
                if (decision.kind === "act" && sameStep(decision.step, inFlight.step)) {
                    // Azure accepted the write, but it did not take effect.
                    failedAttempts++;
                    const outcome = await resources.operationOutcome(inFlight.receipt, context);
                    throwUnlessRetryable(record.description, outcome, failedAttempts > maxRetries, failedAttempts, describeState(state));
                    retries++;
                    const why = outcome ? `its operation ended ${outcome.status}${outcome.code ? ` (${outcome.code})` : ""}` : "it was undone";
                    emit({ type: "retry", operation: record.description, reason: why, attempt: failedAttempts, delayMs: 0, message: `retrying ${record.description}: ${why}` });
                }
                inFlight = undefined;
            }

            if (decision.kind === "done") {
                return finishReport();
            }
            if (decision.kind === "refuse") {
                throw new SwapError(`The swap to ${desired} stopped: ${decision.reason} (Azure has: ${describeState(state)}.)`, {
                    code: "UnknownState",
                    stateLeftBehind: describeState(state),
                    wroteAnything,
                });
            }
            if (decision.kind === "wait") {
                await abortableDelay(pollIntervalMs, abortSignal);
                continue;
            }
            if (!wroteAnything && options.beforeFirstWrite) {
                try {
                    await options.beforeFirstWrite(state, { abortSignal });
                } catch (error) {
                    // An abort or the deadline is not the hook's refusal: let it say Aborted / Timeout, as anywhere else.
                    if (abortSignal.aborted) throw error;
                    throw new SwapError(`The swap to ${desired} was refused before anything was written: ${(error as Error)?.message ?? String(error)}`, {
                        code: "RefusedBeforeFirstWrite",
                        stateLeftBehind: describeState(state),
                        wroteAnything: false,
                        cause: error,
                    });
                }
            }
            if (steps.length >= baseStepBudget + 2 * maxRetries) {
                throw new SwapError(`The swap to ${desired} took ${steps.length} steps without converging; something else keeps changing these resources. Stop it, then run the swap again.`, {
                    code: "NotConverging",
                    stateLeftBehind: describeState(state),
                    wroteAnything,
                });
            }
            const description = describeStep(decision.step);
            emit({ type: "stepStarted", step: decision.step, description, reason: decision.reason, message: `step ${steps.length + 1} started: ${description} (${decision.reason})` });
            const startedAt = Date.now();
            wroteAnything = true;
            let receipt: WriteReceipt;
            try {
                sending = decision.step;
                receipt = await execute(resources, decision.step, snapshot, context, claimTags(claim));
                sending = undefined;
            } catch (error) {
                // Production is free only while this step is due. A 412 means another writer changed the load balancer
                // since the read (docs/azure-behaviour.md §4); stopping would leave production unattached until somebody reruns.
                // Read again and decide again instead: the next PUT carries their change under its new ETag, so
                // nothing is overwritten. Bounded like every retry.
                const attachesProduction = decision.step.kind === "attach" && decision.step.address === "production";
                if (!attachesProduction || (error as { statusCode?: number }).statusCode !== 412 || ++productionConflicts > maxRetries) {
                    // A write refused because another swap moved or deleted an address since the read: say so, with who.
                    if (!abortSignal.aborted && raceCodes.has((error as { code?: string }).code ?? "")) {
                        const fresh = await resources.read(context).catch(() => undefined);
                        if (fresh && validateSnapshot(fresh, target).length === 0) stopIfClaimed(observeState(fresh, target), error);
                    }
                    throw error;
                }
                sending = undefined; // refused: nothing was accepted
                retries++;
                emit({ type: "retry", operation: description, reason: "PreconditionFailed, HTTP 412", attempt: productionConflicts, delayMs: 0, message: `retrying ${description}: the load balancer changed since it was read (412); reading it again` });
                continue;
            }
            inFlight = { step: decision.step, startedAt, receipt };
            if (decision.step.kind === "attach") {
                // Watch only the load balancer being written (one GET a round, not five) until it settles. While
                // production is released or attached, five times as often: the attach then follows the release's
                // commit closely, and the report sees the window's both ends precisely.
                const movesProduction =
                    state.loadBalancers[decision.step.loadBalancer].frontend === "production" || decision.step.address === "production";
                const interval = movesProduction ? Math.max(10, Math.round(pollIntervalMs / 5)) : pollIntervalMs;
                await awaitSettled(resources, decision.step.loadBalancer, interval, context);
            } else {
                await abortableDelay(pollIntervalMs, abortSignal); // the address is Updating or Deleting now
            }
        }
    } catch (error) {
        throw toSwapError(error, {
            during: `the swap to ${desired}`,
            timedOut: timeout.signal.aborted && !options.abortSignal?.aborted,
            ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
            aborted: options.abortSignal?.aborted === true,
            stateLeftBehind: last ? `${describeState(last)}${inFlightNote(inFlight, sending)}${productionDownNote(last)}` : "unknown (nothing was read)",
            wroteAnything,
        });
    } finally {
        if (timer) clearTimeout(timer);
    }

    function finishReport(): SwapReport {
        const ended = Date.now();
        const report: SwapReport = {
            ...(initial && liveColour(initial) ? { from: liveColour(initial) } : {}),
            to: desired,
            alreadyLive: steps.length === 0,
            steps,
            productionUnattachedMs: production.totalMs(ended),
            stagingUnattachedMs: staging.totalMs(ended),
            totalMs: ended - started,
            retries,
            startedAt: new Date(started).toISOString(),
            endedAt: new Date(ended).toISOString(),
            ...(lastSnapshot?.production?.ipAddress ? { productionIpAddress: lastSnapshot.production.ipAddress } : {}),
            ...(lastSnapshot?.staging?.ipAddress ? { stagingIpAddress: lastSnapshot.staging.ipAddress } : {}),
        };
        emit({ type: "done", report, message: report.alreadyLive ? `${desired} is already live; nothing to do` : `${desired} is live after ${steps.length} steps in ${report.totalMs} ms (production unattached ${report.productionUnattachedMs} ms)` });
        return report;
    }
}

/**
 * Decides about a write that Azure accepted but that did not take effect: its operation failed or was canceled,
 * or it succeeded and another writer undid it (no outcome). The decision is safe from any state, so the step may
 * be sent again, within the bound, unless Azure ended it with an error that is not retryable.
 */
function throwUnlessRetryable(description: string, outcome: OperationOutcome | undefined, exhausted: boolean, attempts: number, state: string): void {
    const undone = outcome === undefined;
    if (!exhausted && (undone || retryableOutcome(outcome.code, outcome.status))) return;
    throw new SwapError(
        undone
            ? `"${description}" took effect but was undone by another writer, ${attempts} times; stop the other writer, then run the swap again.`
            : `Azure accepted "${description}" but its operation ended ${outcome.status}${outcome.code ? ` with ${outcome.code}` : ""}${outcome.message ? `: ${outcome.message}` : ""}. Run the swap again to continue from here.`,
        { code: undone ? "ConcurrentChange" : (outcome.code ?? "OperationFailed"), stateLeftBehind: state, wroteAnything: true },
    );
}

/** Which write, if any, was under way when the swap stopped. */
function inFlightNote(inFlight: InFlight | undefined, sending: SwapStep | undefined): string {
    if (inFlight) return `; "${describeStep(inFlight.step)}" was in flight`;
    if (sending) return `; "${describeStep(sending)}" was being sent (Azure may or may not have accepted it; a rerun reads what it did)`;
    return "";
}

/**
 * The one state an operator must act on at once: production referenced by neither load balancer, so its address
 * answers nobody until the swap runs again (docs/design.md: the window the method cannot avoid, here left open).
 */
function productionDownNote(state: ObservedState): string {
    const { blue, green } = state.loadBalancers;
    if (blue.frontend === "production" || green.frontend === "production") return "";
    return ". PRODUCTION WAS ATTACHED TO NEITHER LOAD BALANCER at the last read, so its address may not be serving: run the swap again now (towards either colour) to attach it";
}

/** Polls one load balancer every `intervalMs` until its provisioning state is terminal (or it is gone). */
async function awaitSettled(resources: SwapResources, colour: Colour, intervalMs: number, context: RequestContext): Promise<void> {
    for (;;) {
        await abortableDelay(intervalMs, context.abortSignal);
        const provisioningState = await resources.readProvisioningState(colour, context);
        if (provisioningState === undefined || isSettled(provisioningState)) return;
    }
}

/** The record of a step whose commit was seen at `seenAt`. */
function finish(inFlight: InFlight, seenAt: number): SwapStepRecord {
    const endedAt = Math.max(seenAt, inFlight.startedAt);
    return {
        step: inFlight.step,
        description: describeStep(inFlight.step),
        startedAt: new Date(inFlight.startedAt).toISOString(),
        endedAt: new Date(endedAt).toISOString(),
        durationMs: endedAt - inFlight.startedAt,
    };
}

/** Sends the write for one step, with the resources exactly as they were read for the decision. */
function execute(resources: SwapResources, step: SwapStep, snapshot: SwapSnapshot, context: RequestContext, claim: Record<string, string>): Promise<WriteReceipt> {
    switch (step.kind) {
        case "createFloatingIp":
            return resources.createFloatingIp(snapshot.production!, context, claim);
        case "deleteFloatingIp":
            return resources.deleteFloatingIp(snapshot.floating!, context);
        case "attach": {
            const address = snapshot[step.address]!;
            return resources.setFrontendAddress(snapshot.loadBalancers[step.loadBalancer]!, address.id!, context);
        }
    }
}
