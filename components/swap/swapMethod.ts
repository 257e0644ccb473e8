import type { RequestContext } from "../azure/azureRetry";
import type { OperationOutcome, WriteReceipt } from "../azure/swapResources";
import type { Colour } from "../colour";
import type { SwapClaim } from "./swapClaim";
import type { SwapTargetKind } from "./swapTarget";

/** The outcome of one decision of a method, over that method's steps. */
export type StepDecision<Step> =
    /** The desired colour is live and nothing of the swap's own is left. */
    | { readonly kind: "done" }
    /** A resource is still changing; observe again later. */
    | { readonly kind: "wait"; readonly reason: string }
    /** Make this write next. */
    | { readonly kind: "act"; readonly step: Step; readonly reason: string }
    /** No safe step exists; a person has to look. `code` names the state (the method's refusal codes). */
    | { readonly kind: "refuse"; readonly code: string; readonly reason: string };

/**
 * What the loop, the report, the progress output, `inspectSwap`, `VipSwap` and the CLI need to know about a state,
 * whatever the method: one vocabulary, so none of them asks which method runs.
 */
export interface SwapView {
    /** The colour that production reaches while staging reaches the other, or undefined in between. */
    readonly liveColour?: Colour;
    /** A one-line human description of the state. */
    readonly description: string;
    /** Whether the production and staging addresses reach a backend pool, as the control plane shows it. */
    readonly serving: Readonly<Record<"production" | "staging", boolean>>;
    /** True when something of the swap's own is left to clean up (the floating IP); a rerun removes it. */
    readonly leftovers: boolean;
    /** The urgent words to append to a state left behind ("" when nothing is urgent). */
    readonly urgentNote: string;
    /**
     * The claim of the swap that holds the target, as the state shows it (the floating IP's tags,
     * components/swap/swapClaim.ts); undefined when none does. The pool switch has no floating IP and never reports one.
     */
    readonly claim?: SwapClaim;
    readonly productionIpAddress?: string;
    readonly stagingIpAddress?: string;
}

/**
 * Which rules the pre-swap gate reads (components/health/preSwapGate.ts): the rules that reach the new colour now,
 * and those that serve production now. `rules` undefined means every rule of that load balancer.
 */
export interface GateScope {
    /** The load balancer and rules that reach the colour about to go live. */
    readonly newColour: { readonly loadBalancerName: string; readonly rules?: readonly string[] };
    /**
     * The load balancer and rules that serve production now, for `matchLive`; `counterpartOf` maps each of
     * `newColour`'s rules to the live rule it is compared with (by name when absent).
     */
    readonly live: { readonly loadBalancerName: string; readonly rules?: readonly string[]; readonly counterpartOf?: Readonly<Record<string, string>> };
    /**
     * Undefined when the staging address reaches the new colour now (so a smoke test through it tests that colour);
     * otherwise why it does not (an interrupted swap being finished).
     */
    readonly stagingMissesNewColour?: string;
}

/** What the `beforeFirstWrite` hook is told: the state's view and which rules the gate must read. */
export interface BeforeFirstWrite {
    readonly view: SwapView;
    readonly gate: GateScope;
}

/**
 * One way of swapping, behind the one interface the loop drives (observe, decide, act, report): the floating-IP move
 * between two load balancers (floatingIp/) and the rule-to-pool switch on one shared load balancer
 * (sharedLoadBalancer/). `methodFor` in swapEngine.ts picks one by the target's `kind`, once.
 */
export interface SwapMethod<Snapshot extends { readonly readAt: number }, State, Step> {
    /** The topology it swaps. */
    readonly kind: SwapTargetKind;
    /** The most steps a swap needs, before retries (the loop stops a swap that takes more). */
    readonly stepBudget: number;
    /** Reads everything the decision needs, in one round. */
    read(context: RequestContext): Promise<Snapshot>;
    /** Checks the first read: each problem says what to fix; empty when the swap may proceed. */
    validate(snapshot: Snapshot): string[];
    /** True when the snapshot shows that the load balancers do not exist (yet): VipSwap's first deployment. */
    loadBalancersMissing(snapshot: Snapshot): boolean;
    /** The decision's view of a validated snapshot. */
    observe(snapshot: Snapshot): State;
    /** The one next step towards `desired` (pure). */
    decide(state: State, desired: Colour): StepDecision<Step>;
    /** The method-neutral view of a state (with the snapshot for the addresses). */
    view(state: State, snapshot: Snapshot): SwapView;
    /** Which rules the pre-swap gate reads before a swap towards `desired`. */
    gateScope(state: State, desired: Colour): GateScope;
    /** A short human text for a step. */
    describeStep(step: Step): string;
    /** True when two steps are the same write. */
    sameStep(a: Step, b: Step): boolean;
    /**
     * True when a 412 on this step must be answered by reading again and deciding again instead of stopping: the
     * step ends a window in which production serves nobody, which stopping would leave open.
     */
    endsOutage(step: Step): boolean;
    /**
     * Sends the write for one step, with the resources exactly as they were read for the decision. `claim` is this
     * swap's: a method that creates something for the swap's duration (the floating IP) tags it with the claim.
     */
    execute(step: Step, snapshot: Snapshot, context: RequestContext, claim: SwapClaim): Promise<WriteReceipt>;
    /** Waits until the write of `step` is no longer running (polling only what it wrote). */
    awaitSettled(step: Step, state: State, pollIntervalMs: number, context: RequestContext): Promise<void>;
    /** Asks Azure how an accepted write ended. */
    operationOutcome(receipt: WriteReceipt, context: RequestContext): Promise<OperationOutcome | undefined>;
    /**
     * Removes what an interrupted swap of this method left (VipSwap's delete), and nothing else.
     * @returns true when it removed something
     */
    cleanUp(context: RequestContext, pollIntervalMs: number): Promise<boolean>;
}

/** A method of any snapshot, state and step: what the engine holds after `methodFor`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySwapMethod = SwapMethod<any, any, any>;
