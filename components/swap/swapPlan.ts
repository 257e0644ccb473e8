import type { Colour } from "../colour";
import type { StepDecision } from "./swapMethod";
import type { AnySwapStep } from "./swapReport";

/** One entry of a planned swap: a write, or a wait for something Azure is still doing. */
export type PlannedStep =
    | { readonly kind: "step"; readonly step: AnySwapStep; readonly description: string; readonly reason: string }
    | { readonly kind: "wait"; readonly reason: string };

/** What a swap towards a colour would do from a state, without doing it. */
export interface SwapPlan {
    /** The writes (and waits) in order, as the decision would choose them if every write took effect. */
    readonly steps: readonly PlannedStep[];
    /** How the plan ends: `done` (the colour is then live), or `refuse` with the decision's reason. */
    readonly outcome: { readonly kind: "done" } | { readonly kind: "refuse"; readonly reason: string };
}

/**
 * What planning needs of a method, all pure: its decision, and the state each step or wait would leave. Each method
 * folder has one (floatingIp/floatingIpPlan.ts, sharedLoadBalancer/poolSwitchPlan.ts).
 */
export interface SwapPlanner<State, Step> {
    decide(state: State, desired: Colour): StepDecision<Step>;
    describeStep(step: Step): string;
    /** The state once every running operation has ended. */
    settled(state: State): State;
    /** The state after `step` committed as sent. */
    applied(state: State, step: Step): State;
}

/** More than any swap needs (five writes, one clean-up of a failed floating IP, and waits between). */
const planLimit = 16;

/**
 * The steps a swap towards `desired` would take from `state`: the method's decision applied to the state each write
 * would leave if it committed as sent. Pure, so `vipswap swap --dry-run` can show it without writing anything.
 * A real swap re-reads Azure after every write, so it takes these steps only while nobody else changes the target.
 */
export function planWith<State, Step>(planner: SwapPlanner<State, Step>, state: State, desired: Colour): SwapPlan {
    const steps: PlannedStep[] = [];
    let current = state;
    while (steps.length < planLimit) {
        const decision = planner.decide(current, desired);
        if (decision.kind === "done") return { steps, outcome: { kind: "done" } };
        if (decision.kind === "refuse") return { steps, outcome: { kind: "refuse", reason: decision.reason } };
        if (decision.kind === "wait") {
            steps.push({ kind: "wait", reason: decision.reason });
            current = planner.settled(current);
            continue;
        }
        steps.push({ kind: "step", step: decision.step as AnySwapStep, description: planner.describeStep(decision.step), reason: decision.reason });
        current = planner.applied(current, decision.step);
    }
    return { steps, outcome: { kind: "refuse", reason: `the plan did not end within ${planLimit} entries` } };
}
