import { type Colour, colours } from "../colour";
import { ArmPoolSwitchResources } from "../azure/armPoolSwitchResources";
import { ArmSwapResources } from "../azure/armSwapResources";
import type { AzureConnection } from "../azure/azureConnection";
import type { RequestContext } from "../azure/azureRetry";
import { createNetworkClient } from "../azure/networkClient";
import type { SwapResourceNames } from "../azure/swapResources";
import { floatingIpMethod } from "./floatingIp/floatingIpMethod";
import { floatingIpPlanner } from "./floatingIp/floatingIpPlan";
import type { ObservedState } from "./floatingIp/observedState";
import { poolSwitchMethod } from "./sharedLoadBalancer/poolSwitchMethod";
import { poolSwitchPlanner } from "./sharedLoadBalancer/poolSwitchPlan";
import type { PoolSwitchState } from "./sharedLoadBalancer/poolSwitchState";
import { SwapError } from "./swapError";
import { toSwapError } from "./swapErrorMapping";
import { runSwapLoop, swapDefaults } from "./swapLoop";
import type { AnySwapMethod, GateScope, SwapView } from "./swapMethod";
import type { SwapOptions } from "./swapOptions";
import { type SwapPlan, planWith } from "./swapPlan";
import type { SwapReport } from "./swapReport";
import type { SwapClaim } from "./swapClaim";
import { type PairedSwapTarget, type SwapTarget, type SwapTargetKind, floatingIpName, swapTargetKind } from "./swapTarget";
import { validateSwapRequest } from "./swapValidation";

export type { SwapOptions, SwapProgressEvent } from "./swapOptions";
export type { SwapReport, SwapStepRecord } from "./swapReport";
export { SwapError, type SwapErrorCode } from "./swapError";
export { type SwapClaim, defaultStaleClaimMs, defaultSwapOwner, describeClaim, otherSwapInProgress } from "./swapClaim";
export { type PlannedStep, type SwapPlan } from "./swapPlan";
export { swapDefaults } from "./swapLoop";

/** What `inspectSwap` finds: the live assignment, or the half-done state and what a rerun would do. */
export interface SwapInspection {
    /** The topology of the target. */
    readonly kind: SwapTargetKind;
    /** The live colour, or undefined while a swap is half done. */
    readonly liveColour?: Colour;
    /** A human description, e.g. "blue -> production, green -> staging, floating IP absent". */
    readonly description: string;
    /** The step a swap towards each colour would take next ("done", "wait: ...", "refuse: ...", or the step). */
    readonly nextStepTowards: Readonly<Record<Colour, string>>;
    readonly productionIpAddress?: string;
    readonly stagingIpAddress?: string;
    /** True when a floating IP exists (always false for the shared load balancer, which has none). */
    readonly floatingIpExists: boolean;
    /** Which swap holds the target (who, when, towards which colour), when the state says so (the floating IP's tags). */
    readonly floatingIpClaim?: SwapClaim;
    /** The method-neutral view of the state. */
    readonly view: SwapView;
    /** Which rules the pre-swap gate would read before a swap towards each colour (for a gate run on its own). */
    readonly gateScopeTowards: Readonly<Record<Colour, GateScope>>;
    /** The decision's full view of Azure, in the method's own terms. */
    readonly observed: ObservedState | PoolSwitchState;
}

/** The adapter's names for a paired target's resources. */
export function resourceNamesOf(target: PairedSwapTarget): SwapResourceNames {
    return {
        resourceGroupName: target.resourceGroupName,
        loadBalancerNames: { blue: target.blueLoadBalancerName, green: target.greenLoadBalancerName },
        frontendName: target.frontendName,
        productionIpName: target.productionIpName,
        stagingIpName: target.stagingIpName,
        floatingIpName: floatingIpName(target),
    };
}

/**
 * The one place that picks the method, by the target's `kind` (absent: paired), on the Azure adapter for a
 * connection. The SDK pipeline does not retry; the engine does (docs/swap-engine.md).
 */
export function methodFor(connection: AzureConnection, target: SwapTarget): AnySwapMethod {
    const client = createNetworkClient(connection, { pipelineRetries: 0 });
    if (target.kind === "sharedLoadBalancer") {
        return poolSwitchMethod(new ArmPoolSwitchResources(client, target), target);
    }
    return floatingIpMethod(new ArmSwapResources(client, resourceNamesOf(target)), target);
}

/**
 * The steps a swap towards `desired` would take from an inspected state (`vipswap swap --dry-run`), planned by the
 * decision of the target's method over its own state (components/swap/swapPlan.ts). Pure: nothing is read or written.
 */
export function planSwap(state: ObservedState, desired: Colour, kind?: "pairedLoadBalancers"): SwapPlan;
export function planSwap(state: PoolSwitchState, desired: Colour, kind: "sharedLoadBalancer"): SwapPlan;
export function planSwap(state: ObservedState | PoolSwitchState, desired: Colour, kind?: SwapTargetKind): SwapPlan;
export function planSwap(state: ObservedState | PoolSwitchState, desired: Colour, kind: SwapTargetKind = "pairedLoadBalancers"): SwapPlan {
    return kind === "sharedLoadBalancer"
        ? planWith(poolSwitchPlanner, state as PoolSwitchState, desired)
        : planWith(floatingIpPlanner, state as ObservedState, desired);
}

/** Throws `ValidationFailed` for a bad colour or target (an unknown kind included), before any request. */
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
 * Makes `desired` the live colour: production serving from its scale set, staging from the other, nothing of the
 * swap's own left. From any state a swap, a crash or a half swap by hand leaves, towards either colour; a no-op when
 * `desired` is already live. Throws `SwapError` (with the state left behind) when it stops.
 */
export async function reconcileSwap(connection: AzureConnection, target: SwapTarget, desired: Colour, options: SwapOptions = {}): Promise<SwapReport> {
    checkRequest(target, desired);
    return runSwapLoop(methodFor(connection, target), desired, options);
}

/** Reads the pair once and says what is live and what a swap would do next; writes nothing. */
export async function inspectSwap(connection: AzureConnection, target: SwapTarget, options: { abortSignal?: AbortSignal } = {}): Promise<SwapInspection> {
    checkRequest(target, colours[0]);
    const context = requestContext(options.abortSignal);
    const method = methodFor(connection, target);
    try {
        const snapshot = await method.read(context);
        const problems = method.validate(snapshot);
        if (problems.length > 0) {
            throw new SwapError(`The pair cannot be inspected: ${problems.join(" ")}`, {
                code: "ValidationFailed",
                ...(method.loadBalancersMissing(snapshot) ? { statusCode: 404 } : {}),
                problems,
                stateLeftBehind: "unchanged",
                wroteAnything: false,
            });
        }
        const observed = method.observe(snapshot);
        const view = method.view(observed, snapshot);
        const towards = (colour: Colour) => {
            const decision = method.decide(observed, colour);
            if (decision.kind === "act") return method.describeStep(decision.step);
            if (decision.kind === "done") return "done";
            return `${decision.kind}: ${decision.reason}`;
        };
        return {
            kind: swapTargetKind(target)!,
            ...(view.liveColour ? { liveColour: view.liveColour } : {}),
            description: view.description,
            nextStepTowards: { blue: towards("blue"), green: towards("green") },
            ...(view.productionIpAddress ? { productionIpAddress: view.productionIpAddress } : {}),
            ...(view.stagingIpAddress ? { stagingIpAddress: view.stagingIpAddress } : {}),
            floatingIpExists: view.leftovers,
            ...(view.claim ? { floatingIpClaim: view.claim } : {}),
            view,
            gateScopeTowards: { blue: method.gateScope(observed, "blue"), green: method.gateScope(observed, "green") },
            observed,
        };
    } catch (error) {
        throw toSwapError(error, { during: "the inspection", timedOut: false, aborted: options.abortSignal?.aborted === true, stateLeftBehind: "unchanged", wroteAnything: false });
    }
}

/**
 * Removes what an interrupted swap left, and nothing else (VipSwap's delete). For the floating-IP method, the
 * floating IP: only an address with the floating name AND the tag `vipswap:role=floating`, and only when it is
 * attached to nothing (else the swap is half done: finish it first); it waits until Azure no longer has it. The pool
 * switch leaves nothing behind.
 * @returns true when it deleted something, false when there was nothing of ours
 */
export async function removeSwapLeftovers(
    connection: AzureConnection,
    target: SwapTarget,
    options: { abortSignal?: AbortSignal; pollIntervalMs?: number } = {},
): Promise<boolean> {
    checkRequest(target, colours[0]);
    const context = requestContext(options.abortSignal);
    try {
        return await methodFor(connection, target).cleanUp(context, options.pollIntervalMs ?? swapDefaults.pollIntervalMs);
    } catch (error) {
        throw toSwapError(error, { during: "the removal of the swap's leftovers", timedOut: false, aborted: options.abortSignal?.aborted === true, stateLeftBehind: "unknown: read the pair again", wroteAnything: true });
    }
}

/** The floating IP's removal under its earlier name (a paired target's only leftover). */
export const removeLeftoverFloatingIp = removeSwapLeftovers;

function requestContext(abortSignal: AbortSignal | undefined): RequestContext {
    return { abortSignal, maxRetries: swapDefaults.maxRetries, retryDelayMs: swapDefaults.pollIntervalMs };
}
