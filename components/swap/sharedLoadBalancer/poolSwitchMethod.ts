import { abortableDelay } from "../../azure/abortableDelay";
import type { PoolSwitchResources, PoolSwitchSnapshot } from "../../azure/poolSwitchResources";
import { isSettled } from "../provisioningState";
import type { GateScope, SwapMethod, SwapView } from "../swapMethod";
import type { SharedSwapTarget } from "../swapTarget";
import { poolSwitchBody } from "./poolSwitchBody";
import { type PoolSwitchStep, decidePoolSwitch, describePoolSwitchStep, samePoolSwitchStep } from "./poolSwitchDecision";
import {
    type PoolSwitchState,
    describePoolState,
    liveColourOfPools,
    observePoolSwitch,
    poolOfFrontend,
} from "./poolSwitchState";
import { validatePoolSwitchSnapshot } from "./poolSwitchValidation";

/** The pool-switch method: its snapshot, state and step. */
export type PoolSwitchMethod = SwapMethod<PoolSwitchSnapshot, PoolSwitchState, PoolSwitchStep>;

/**
 * The rule-to-pool switch on one shared load balancer (docs/swap-engine.md, "The pool switch"): one If-Match PUT
 * that exchanges the production and staging rules' pools. Neither address is ever detached, so production serves
 * throughout, and there is nothing to clean up afterwards.
 */
export function poolSwitchMethod(resources: PoolSwitchResources, target: SharedSwapTarget): PoolSwitchMethod {
    return {
        kind: "sharedLoadBalancer",
        // One switch; one more when an interrupted switch by someone else is followed by ours the other way.
        stepBudget: 2,
        read: (context) => resources.read(context),
        validate: (snapshot) => validatePoolSwitchSnapshot(snapshot, target),
        loadBalancersMissing: (snapshot) => !snapshot.loadBalancer,
        observe: (snapshot) => observePoolSwitch(snapshot, target),
        decide: decidePoolSwitch,
        view: (state, snapshot): SwapView => {
            const live = liveColourOfPools(state);
            const serves = (role: "production" | "staging") => {
                const pool = poolOfFrontend(state.frontends[role]);
                return pool === "blue" || pool === "green";
            };
            return {
                ...(live ? { liveColour: live } : {}),
                description: describePoolState(state),
                serving: { production: serves("production"), staging: serves("staging") },
                leftovers: false,
                urgentNote: serves("production") ? "" : ". PRODUCTION'S RULES SEND TO NO KNOWN POOL at the last read: fix them by hand now",
                ...(snapshot.production?.ipAddress ? { productionIpAddress: snapshot.production.ipAddress } : {}),
                ...(snapshot.staging?.ipAddress ? { stagingIpAddress: snapshot.staging.ipAddress } : {}),
            };
        },
        gateScope: (state, desired): GateScope => {
            const names = (role: "production" | "staging") => state.frontends[role].rules.map((r) => r.name);
            const stagingPool = poolOfFrontend(state.frontends.staging);
            // Each staging rule is compared with the production rule of the same port (names differ by frontend).
            const counterparts = Object.fromEntries(
                state.frontends.staging.rules.flatMap((rule) => {
                    const twin = state.frontends.production.rules.find((r) => r.port === rule.port);
                    return twin ? [[rule.name, twin.name]] : [];
                }),
            );
            return {
                newColour: { loadBalancerName: target.loadBalancerName, rules: names("staging") },
                live: { loadBalancerName: target.loadBalancerName, rules: names("production"), counterpartOf: counterparts },
                ...(stagingPool !== desired ? { stagingMissesNewColour: `the staging rules send to the ${String(stagingPool)} pool, not ${desired}'s` } : {}),
            };
        },
        describeStep: describePoolSwitchStep,
        sameStep: samePoolSwitchStep,
        // Production serves throughout the switch: a 412 stops it (another writer), leaving a consistent state.
        endsOutage: () => false,
        // No claim is written: the switch creates nothing that could carry one, and its one PUT carries If-Match.
        execute: (step, snapshot, context) => {
            const body = poolSwitchBody(snapshot.loadBalancer!, target, step.production, step.staging);
            if (!body) throw new Error(`The pool switch "${describePoolSwitchStep(step)}" would change nothing; the decision and the body disagree.`);
            return resources.putLoadBalancer(body, context);
        },
        awaitSettled: async (_step, _state, pollIntervalMs, context) => {
            // The switch moves production: poll five times as often, so the report sees its commit precisely.
            const interval = Math.max(10, Math.round(pollIntervalMs / 5));
            for (;;) {
                await abortableDelay(interval, context.abortSignal);
                const provisioningState = await resources.readProvisioningState(context);
                if (provisioningState === undefined || isSettled(provisioningState)) return;
            }
        },
        operationOutcome: (receipt, context) => resources.operationOutcome(receipt, context),
        cleanUp: async () => false,
    };
}
