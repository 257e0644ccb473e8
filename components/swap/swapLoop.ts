import { type Colour } from "../colour";
import { abortableDelay } from "../azure/abortableDelay";
import { type RequestContext, DeadlineExceededError } from "../azure/azureRetry";
import type { OperationOutcome, WriteReceipt } from "../azure/swapResources";
import { type ClaimPolicy, defaultStaleClaimMs, defaultSwapOwner, newClaim, otherSwapInProgress, otherSwapMessage } from "./swapClaim";
import { SwapError } from "./swapError";
import { toSwapError } from "./swapErrorMapping";
import type { SwapMethod, SwapView } from "./swapMethod";
import type { SwapOptions, SwapProgressEvent } from "./swapOptions";
import { type AnySwapStep, type SwapReport, type SwapStepRecord, UnattachedClock } from "./swapReport";

/** Defaults of `SwapOptions`. */
export const swapDefaults = { pollIntervalMs: 500, maxRetries: 5 } as const;

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
interface InFlight<Step> {
    readonly step: Step;
    readonly startedAt: number;
    readonly receipt: WriteReceipt;
}

/**
 * The reconciler: observe, decide, act, repeat, until the desired colour is live. Works on any `SwapMethod` (the
 * floating-IP move or the pool switch, each on its Azure adapter in production) and never asks which one it runs;
 * `reconcileSwap` is the public entry point.
 */
export async function runSwapLoop<Snapshot extends { readonly readAt: number }, State, Step>(
    method: SwapMethod<Snapshot, State, Step>,
    desired: Colour,
    options: SwapOptions = {},
): Promise<SwapReport> {
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
    /** Stops with `AnotherSwapInProgress` when another owner's swap holds the target, as the method's view reports it. */
    const stopIfClaimed = (view: SwapView, cause?: unknown) => {
        const other = otherSwapInProgress(view.claim, claimPolicy());
        if (!other) return;
        const urgent = view.serving.production ? "" : " Production is attached to nothing now: if that swap is not running any more, take over at once.";
        throw new SwapError(`${otherSwapMessage(other, desired, staleAfterMs)}${urgent}`, {
            code: "AnotherSwapInProgress",
            stateLeftBehind: `${view.description}${view.urgentNote}`,
            wroteAnything,
            otherSwap: other.claim,
            ...(cause !== undefined ? { cause } : {}),
        });
    };

    const steps: SwapStepRecord[] = [];
    const production = new UnattachedClock();
    const staging = new UnattachedClock();
    let initial: SwapView | undefined;
    let last: SwapView | undefined;
    let inFlight: InFlight<Step> | undefined;
    /** A write whose request had started when the swap stopped: Azure may or may not have accepted it. */
    let sending: Step | undefined;
    let failedAttempts = 0;
    let productionConflicts = 0;
    let wroteAnything = false;

    try {
        for (;;) {
            const snapshot = await method.read(context);
            if (!initial) {
                const problems = method.validate(snapshot);
                if (problems.length > 0) {
                    const lbMissing = method.loadBalancersMissing(snapshot);
                    throw new SwapError(`The swap to ${desired} cannot start: ${problems.join(" ")} Nothing was changed.`, {
                        code: "ValidationFailed",
                        ...(lbMissing ? { statusCode: 404 } : {}),
                        problems,
                        stateLeftBehind: "unchanged (nothing was written)",
                        wroteAnything: false,
                    });
                }
            }
            const state = method.observe(snapshot);
            const view = method.view(state, snapshot);
            last = view;
            production.sample(view.serving.production, snapshot.readAt);
            staging.sample(view.serving.staging, snapshot.readAt);
            if (!initial) {
                initial = view;
                emit({ type: "started", from: view.liveColour, to: desired, state: view.description, message: `swap to ${desired}: ${view.description}` });
            }

            const decision = method.decide(state, desired);
            // Before any write or wait of ours: a target claimed by another swap (the floating-IP method's claim tags)
            // means that swap is under way (or was killed); say so now rather than wait on its operations or write against it.
            if (decision.kind === "act" || decision.kind === "wait") stopIfClaimed(view);
            if (inFlight && decision.kind !== "wait") {
                const record = finish(inFlight, snapshot.readAt, method.describeStep(inFlight.step));
                steps.push(record);
                emit({ type: "stepFinished", step: record.step, description: record.description, durationMs: record.durationMs, message: `step ${steps.length} done: ${record.description} (${record.durationMs} ms)` });
                if (decision.kind === "act" && method.sameStep(decision.step, inFlight.step)) {
                    // Azure accepted the write, but it did not take effect.
                    failedAttempts++;
                    const outcome = await method.operationOutcome(inFlight.receipt, context);
                    throwUnlessRetryable(record.description, outcome, failedAttempts > maxRetries, failedAttempts, view.description);
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
                throw new SwapError(`The swap to ${desired} stopped: ${decision.reason} (Azure has: ${view.description}.)`, {
                    code: "UnknownState",
                    refusal: decision.code,
                    stateLeftBehind: view.description,
                    wroteAnything,
                });
            }
            if (decision.kind === "wait") {
                await abortableDelay(pollIntervalMs, abortSignal);
                continue;
            }
            if (!wroteAnything && options.beforeFirstWrite) {
                try {
                    await options.beforeFirstWrite({ view, gate: method.gateScope(state, desired) }, { abortSignal });
                } catch (error) {
                    // An abort or the deadline is not the hook's refusal: let it say Aborted / Timeout, as anywhere else.
                    if (abortSignal.aborted) throw error;
                    throw new SwapError(`The swap to ${desired} was refused before anything was written: ${(error as Error)?.message ?? String(error)}`, {
                        code: "RefusedBeforeFirstWrite",
                        stateLeftBehind: view.description,
                        wroteAnything: false,
                        cause: error,
                    });
                }
            }
            if (steps.length >= method.stepBudget + 2 * maxRetries) {
                throw new SwapError(`The swap to ${desired} took ${steps.length} steps without converging; something else keeps changing these resources. Stop it, then run the swap again.`, {
                    code: "NotConverging",
                    stateLeftBehind: view.description,
                    wroteAnything,
                });
            }
            const description = method.describeStep(decision.step);
            emit({ type: "stepStarted", step: decision.step as AnySwapStep, description, reason: decision.reason, message: `step ${steps.length + 1} started: ${description} (${decision.reason})` });
            const startedAt = Date.now();
            wroteAnything = true;
            let receipt: WriteReceipt;
            try {
                sending = decision.step;
                receipt = await method.execute(decision.step, snapshot, context, claim);
                sending = undefined;
            } catch (error) {
                // A step that ends production's outage (the floating IP method's attach of production): a 412 means
                // another writer changed the load balancer since the read (docs/azure-behaviour.md §4), and stopping
                // would leave production serving nobody until somebody reruns. Read again and decide again instead:
                // the next PUT carries their change under its new ETag, so nothing is overwritten. Bounded like every retry.
                if (!method.endsOutage(decision.step) || (error as { statusCode?: number }).statusCode !== 412 || ++productionConflicts > maxRetries) {
                    // A write refused because another swap moved or deleted something since the read: say so, with who.
                    if (!abortSignal.aborted && raceCodes.has((error as { code?: string }).code ?? "")) {
                        const fresh = await method.read(context).catch(() => undefined);
                        if (fresh && method.validate(fresh).length === 0) stopIfClaimed(method.view(method.observe(fresh), fresh), error);
                    }
                    throw error;
                }
                sending = undefined; // refused: nothing was accepted
                retries++;
                emit({ type: "retry", operation: description, reason: "PreconditionFailed, HTTP 412", attempt: productionConflicts, delayMs: 0, message: `retrying ${description}: the load balancer changed since it was read (412); reading it again` });
                continue;
            }
            inFlight = { step: decision.step, startedAt, receipt };
            await method.awaitSettled(decision.step, state, pollIntervalMs, context);
        }
    } catch (error) {
        throw toSwapError(error, {
            during: `the swap to ${desired}`,
            timedOut: timeout.signal.aborted && !options.abortSignal?.aborted,
            ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
            aborted: options.abortSignal?.aborted === true,
            stateLeftBehind: last ? `${last.description}${inFlightNote(inFlight, sending, method.describeStep)}${last.urgentNote}` : "unknown (nothing was read)",
            wroteAnything,
        });
    } finally {
        if (timer) clearTimeout(timer);
    }

    function finishReport(): SwapReport {
        const ended = Date.now();
        const report: SwapReport = {
            kind: method.kind,
            ...(initial?.liveColour ? { from: initial.liveColour } : {}),
            to: desired,
            alreadyLive: steps.length === 0,
            steps,
            productionUnattachedMs: production.totalMs(ended),
            stagingUnattachedMs: staging.totalMs(ended),
            totalMs: ended - started,
            retries,
            startedAt: new Date(started).toISOString(),
            endedAt: new Date(ended).toISOString(),
            ...(last?.productionIpAddress ? { productionIpAddress: last.productionIpAddress } : {}),
            ...(last?.stagingIpAddress ? { stagingIpAddress: last.stagingIpAddress } : {}),
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
function inFlightNote<Step>(inFlight: InFlight<Step> | undefined, sending: Step | undefined, describeStep: (step: Step) => string): string {
    if (inFlight) return `; "${describeStep(inFlight.step)}" was in flight`;
    if (sending) return `; "${describeStep(sending)}" was being sent (Azure may or may not have accepted it; a rerun reads what it did)`;
    return "";
}

/** The record of a step whose commit was seen at `seenAt`. */
function finish<Step>(inFlight: InFlight<Step>, seenAt: number, description: string): SwapStepRecord {
    const endedAt = Math.max(seenAt, inFlight.startedAt);
    return {
        step: inFlight.step as AnySwapStep,
        description,
        startedAt: new Date(inFlight.startedAt).toISOString(),
        endedAt: new Date(endedAt).toISOString(),
        durationMs: endedAt - inFlight.startedAt,
    };
}
