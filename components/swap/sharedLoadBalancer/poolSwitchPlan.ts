import type { SwapPlanner } from "../swapPlan";
import { type PoolSwitchStep, decidePoolSwitch, describePoolSwitchStep } from "./poolSwitchDecision";
import type { ObservedFrontend, PoolSwitchState } from "./poolSwitchState";

/**
 * The pool switch's planner for `vipswap swap --dry-run` (components/swap/swapPlan.ts): its decision, and the state
 * its one write leaves when it commits as sent (every rule of a frontend on the pool the step names).
 */
export const poolSwitchPlanner: SwapPlanner<PoolSwitchState, PoolSwitchStep> = {
    decide: decidePoolSwitch,
    describeStep: describePoolSwitchStep,
    settled: (state) => ({ ...state, provisioningState: "Succeeded" }),
    applied: (state, step) => {
        const onPool = (frontend: ObservedFrontend, pool: PoolSwitchStep["production"]): ObservedFrontend => ({
            ...frontend,
            rules: frontend.rules.map((rule) => ({ ...rule, pool })),
        });
        return {
            ...state,
            provisioningState: "Succeeded",
            frontends: { production: onPool(state.frontends.production, step.production), staging: onPool(state.frontends.staging, step.staging) },
        };
    },
};
