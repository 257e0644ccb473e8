import { type Colour, colours } from "../colour";
import { abortableDelay } from "../azure/abortableDelay";
import { ArmSwapResources } from "../azure/armSwapResources";
import type { AzureConnection } from "../azure/azureConnection";
import type { RequestContext } from "../azure/azureRetry";
import { createNetworkClient } from "../azure/networkClient";
import { type SwapResourceNames, type SwapResources, floatingTag } from "../azure/swapResources";
import { type ObservedState, describeState, liveColour } from "./observedState";
import { observeState } from "./observeState";
import { decideNextStep, describeStep } from "./swapDecision";
import { SwapError } from "./swapError";
import { toSwapError } from "./swapErrorMapping";
import { runSwapLoop, swapDefaults } from "./swapLoop";
import type { SwapOptions } from "./swapOptions";
import type { SwapReport } from "./swapReport";
import type { SwapClaim } from "./swapClaim";
import { type SwapTarget, floatingIpName } from "./swapTarget";
import { validateSnapshot, validateSwapRequest } from "./swapValidation";

export type { SwapOptions, SwapProgressEvent } from "./swapOptions";
export type { SwapReport, SwapStepRecord } from "./swapReport";
export { SwapError, type SwapErrorCode } from "./swapError";
export { type SwapClaim, defaultStaleClaimMs, defaultSwapOwner, describeClaim, otherSwapInProgress } from "./swapClaim";
export { type PlannedStep, type SwapPlan, planSwap } from "./swapPlan";

/** What `inspectSwap` finds: the live assignment, or the half-done state and what a rerun would do. */
export interface SwapInspection {
    /** The live colour, or undefined while a swap is half done. */
    readonly liveColour?: Colour;
    /** A human description, e.g. "blue -> production, green -> staging, floating IP absent". */
    readonly description: string;
    /** The step a swap towards each colour would take next ("done", "wait: ...", "refuse: ...", or the step). */
    readonly nextStepTowards: Readonly<Record<Colour, string>>;
    readonly productionIpAddress?: string;
    readonly stagingIpAddress?: string;
    readonly floatingIpExists: boolean;
    /** Which swap created the floating IP (who, when, towards which colour), when its tags say so. */
    readonly floatingIpClaim?: SwapClaim;
    /** The decision's full view of Azure. */
    readonly observed: ObservedState;
}

/** The adapter's names for a target's resources. */
export function resourceNamesOf(target: SwapTarget): SwapResourceNames {
    return {
        resourceGroupName: target.resourceGroupName,
        loadBalancerNames: { blue: target.blueLoadBalancerName, green: target.greenLoadBalancerName },
        frontendName: target.frontendName,
        productionIpName: target.productionIpName,
        stagingIpName: target.stagingIpName,
        floatingIpName: floatingIpName(target),
    };
}

/** The Azure adapter for a connection; the SDK pipeline does not retry, the engine does (docs/swap-engine.md). */
function armResources(connection: AzureConnection, target: SwapTarget): SwapResources {
    return new ArmSwapResources(createNetworkClient(connection, { pipelineRetries: 0 }), resourceNamesOf(target));
}

/** Throws `ValidationFailed` for a bad colour or target, before any request. */
function checkRequest(target: SwapTarget, desired: unknown): void {
    const problems = validateSwapRequest(target, desired);
    if (problems.length > 0) {
        throw new SwapError(`${problems.join(" ")} Nothing was read or changed.`, {
            code: "ValidationFailed",
            problems,
            stateLeftBehind: "unchanged (nothing was sent)",
            wroteAnything: false,
        });
    }
}

/**
 * Makes `desired` the live colour: the production address on its load balancer, staging on the other, no floating
 * IP left. From any state a swap, a crash or a half swap by hand leaves, towards either colour; a no-op when
 * `desired` is already live. Throws `SwapError` (with the state left behind) when it stops.
 */
export async function reconcileSwap(connection: AzureConnection, target: SwapTarget, desired: Colour, options: SwapOptions = {}): Promise<SwapReport> {
    checkRequest(target, desired);
    return runSwapLoop(armResources(connection, target), target, desired, options);
}

/** Reads the pair once and says what is live and what a swap would do next; writes nothing. */
export async function inspectSwap(connection: AzureConnection, target: SwapTarget, options: { abortSignal?: AbortSignal } = {}): Promise<SwapInspection> {
    checkRequest(target, colours[0]);
    const context = requestContext(options.abortSignal);
    try {
        const snapshot = await armResources(connection, target).read(context);
        const problems = validateSnapshot(snapshot, target);
        if (problems.length > 0) {
            const lbMissing = !snapshot.loadBalancers.blue || !snapshot.loadBalancers.green;
            throw new SwapError(`The pair cannot be inspected: ${problems.join(" ")}`, {
                code: "ValidationFailed",
                ...(lbMissing ? { statusCode: 404 } : {}),
                problems,
                stateLeftBehind: "unchanged",
                wroteAnything: false,
            });
        }
        const observed = observeState(snapshot, target);
        const towards = (colour: Colour) => {
            const decision = decideNextStep(observed, colour);
            if (decision.kind === "act") return describeStep(decision.step);
            if (decision.kind === "done") return "done";
            return `${decision.kind}: ${decision.reason}`;
        };
        return {
            ...(liveColour(observed) ? { liveColour: liveColour(observed) } : {}),
            description: describeState(observed),
            nextStepTowards: { blue: towards("blue"), green: towards("green") },
            ...(snapshot.production?.ipAddress ? { productionIpAddress: snapshot.production.ipAddress } : {}),
            ...(snapshot.staging?.ipAddress ? { stagingIpAddress: snapshot.staging.ipAddress } : {}),
            floatingIpExists: snapshot.floating !== undefined,
            ...(observed.addresses.floating.claim ? { floatingIpClaim: observed.addresses.floating.claim } : {}),
            observed,
        };
    } catch (error) {
        throw toSwapError(error, { during: "the inspection", timedOut: false, aborted: options.abortSignal?.aborted === true, stateLeftBehind: "unchanged", wroteAnything: false });
    }
}

/**
 * Deletes the floating IP that an interrupted swap left, and nothing else: only an address with the floating
 * name AND the tag `vipswap:role=floating`, and only when it is attached to nothing (else the swap is half done:
 * finish it first). Waits until Azure no longer has it.
 * @returns true when it deleted one, false when there was none of ours
 */
export async function removeLeftoverFloatingIp(
    connection: AzureConnection,
    target: SwapTarget,
    options: { abortSignal?: AbortSignal; pollIntervalMs?: number } = {},
): Promise<boolean> {
    checkRequest(target, colours[0]);
    const resources = armResources(connection, target);
    const context = requestContext(options.abortSignal);
    const pollIntervalMs = options.pollIntervalMs ?? swapDefaults.pollIntervalMs;
    let deleted = false;
    let attempts = 0;
    try {
        for (;;) {
            const { floating } = await resources.read(context);
            if (!floating) return deleted;
            if (floating.tags?.[floatingTag.name] !== floatingTag.value) return false; // not ours: leave it
            if (floating.ipConfiguration?.id) {
                throw new SwapError(
                    `The floating IP ${floatingIpName(target)} is still attached to ${floating.ipConfiguration.id}: a swap was interrupted half way. Run the swap towards the colour you want, which removes it.`,
                    { code: "FloatingIpInUse", stateLeftBehind: "unchanged", wroteAnything: false },
                );
            }
            if (!/^(deleting|updating)$/i.test(floating.provisioningState ?? "")) {
                // Not (or no longer) being deleted: send the DELETE, again if an earlier one failed.
                if (attempts > context.maxRetries) {
                    throw new SwapError(`Azure did not delete the floating IP ${floatingIpName(target)} after ${attempts} attempts; delete it by hand.`, {
                        code: "OperationFailed",
                        stateLeftBehind: "the floating IP still exists, attached to nothing",
                        wroteAnything: true,
                    });
                }
                await resources.deleteFloatingIp(floating, context);
                attempts++;
                deleted = true;
            }
            await abortableDelay(pollIntervalMs, options.abortSignal);
        }
    } catch (error) {
        throw toSwapError(error, { during: "the removal of the floating IP", timedOut: false, aborted: options.abortSignal?.aborted === true, stateLeftBehind: deleted ? "the floating IP's deletion was sent" : "unchanged", wroteAnything: deleted });
    }
}

function requestContext(abortSignal: AbortSignal | undefined): RequestContext {
    return { abortSignal, maxRetries: swapDefaults.maxRetries, retryDelayMs: swapDefaults.pollIntervalMs };
}
