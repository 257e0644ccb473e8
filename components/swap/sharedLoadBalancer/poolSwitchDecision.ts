import { type Colour, otherColour } from "../../colour";
import { isSettled } from "../provisioningState";
import type { StepDecision } from "../swapMethod";
import { type FrontendRole, type PoolSwitchState, frontendRoles, poolOfFrontend } from "./poolSwitchState";

/** The pool switch's one write: production's rules to the `production` colour's pool, staging's to the other, in one PUT. */
export interface PoolSwitchStep {
    readonly kind: "switchPools";
    /** The colour whose pool production's rules send to after the write. */
    readonly production: Colour;
    /** The colour whose pool staging's rules send to after the write. */
    readonly staging: Colour;
}

/** Why the pool-switch decision refuses: each names a state from which no write is known to be safe. */
export type PoolSwitchRefusalCode =
    | "FrontendMissing"
    | "PoolMissing"
    | "FrontendWithoutRules"
    | "RuleWithoutPool"
    | "RuleOnUnknownPool"
    | "FrontendSplitAcrossPools"
    | "SamePoolOnBothFrontends";

/** The outcome of one decision of the pool switch. */
export type PoolSwitchDecision = StepDecision<PoolSwitchStep>;

/** A short human text for the step, e.g. "production -> green pool, staging -> blue pool". */
export function describePoolSwitchStep(step: PoolSwitchStep): string {
    return `production -> ${step.production} pool, staging -> ${step.staging} pool`;
}

/** True when two steps are the same write. */
export function samePoolSwitchStep(a: PoolSwitchStep, b: PoolSwitchStep): boolean {
    return a.production === b.production && a.staging === b.staging;
}

const refuse = (code: PoolSwitchRefusalCode, reason: string): PoolSwitchDecision => ({ kind: "refuse", code, reason });

/**
 * The pool switch's whole policy, as a pure function (docs/swap-engine.md, "The pool switch"): from what Azure has
 * now, the one next step towards `desired` serving production. Done when production's rules send to `desired`'s pool
 * and staging's to the other; one switch when they send the other way round; a wait while the load balancer is
 * changing (a switch in flight, ours or an interrupted one, finishes first); a refusal with the reason for every other
 * state, since any write from there would be a guess. Neither address is ever touched.
 */
export function decidePoolSwitch(state: PoolSwitchState, desired: Colour): PoolSwitchDecision {
    const refusal = findRefusal(state);
    if (refusal) return refusal;
    if (!isSettled(state.provisioningState)) return { kind: "wait", reason: `the load balancer is ${state.provisioningState}` };
    const production = poolOfFrontend(state.frontends.production);
    if (production === desired) return { kind: "done" };
    const other = otherColour(desired);
    return {
        kind: "act",
        step: { kind: "switchPools", production: desired, staging: other },
        reason: `production's rules send to the ${other} pool; one PUT sends them to ${desired}'s and staging's to ${other}'s.`,
    };
}

/** The refusal for states that no write may touch, or undefined when the state is one of the two the switch knows. */
function findRefusal(state: PoolSwitchState): PoolSwitchDecision | undefined {
    for (const role of frontendRoles) {
        if (!state.frontends[role].exists) {
            return refuse("FrontendMissing", `The load balancer has no ${role} frontend; create it (or fix its name), then run the swap again.`);
        }
    }
    for (const colour of ["blue", "green"] as const) {
        if (!state.pools[colour]) {
            return refuse("PoolMissing", `The load balancer has no ${colour} backend pool; create it (or fix its name), then run the swap again.`);
        }
    }
    const pools = {} as Record<FrontendRole, Colour>;
    for (const role of frontendRoles) {
        const { rules } = state.frontends[role];
        if (rules.length === 0) {
            return refuse("FrontendWithoutRules", `No load-balancing rule uses the ${role} frontend, so its address forwards nothing; add its rules, then run the swap again.`);
        }
        const without = rules.filter((rule) => rule.pool === "none");
        if (without.length > 0) {
            return refuse("RuleWithoutPool", `The ${role} rule ${without.map((r) => r.name).join(", ")} sends to no backend pool; point it at the blue or green pool by hand.`);
        }
        const unknown = rules.filter((rule) => rule.pool === "other");
        if (unknown.length > 0) {
            return refuse("RuleOnUnknownPool", `The ${role} rule ${unknown.map((r) => r.name).join(", ")} sends to a pool that is neither blue nor green (or names two); point it at one of them by hand.`);
        }
        const pool = poolOfFrontend(state.frontends[role]);
        if (pool !== "blue" && pool !== "green") {
            const detail = rules.map((r) => `${r.name} -> ${r.pool}`).join(", ");
            return refuse("FrontendSplitAcrossPools", `The ${role} frontend's rules send to different pools (${detail}), so its address reaches both colours; point them all at one pool by hand.`);
        }
        pools[role] = pool;
    }
    if (pools.production === pools.staging) {
        return refuse("SamePoolOnBothFrontends", `The production and staging rules all send to the ${pools.production} pool, so no address reaches the other colour; point the staging rules at the other pool by hand, then run the swap again.`);
    }
    return undefined;
}
