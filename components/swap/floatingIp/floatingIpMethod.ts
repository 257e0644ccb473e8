import { abortableDelay } from "../../azure/abortableDelay";
import type { RequestContext } from "../../azure/azureRetry";
import { type SwapResources, type SwapSnapshot, floatingTag } from "../../azure/swapResources";
import { type Colour, otherColour } from "../../colour";
import { type SwapClaim, claimTags } from "../swapClaim";
import { SwapError } from "../swapError";
import type { GateScope, SwapMethod, SwapView } from "../swapMethod";
import { type PairedSwapTarget, floatingIpName } from "../swapTarget";
import { validateSnapshot } from "./floatingIpValidation";
import { type ObservedState, describeState, isSettled, liveColour } from "./observedState";
import { observeState } from "./observeState";
import { type SwapStep, decideNextStep, describeStep, sameStep } from "./swapDecision";

/** The floating-IP method: its snapshot, state and steps. */
export type FloatingIpMethod = SwapMethod<SwapSnapshot, ObservedState, SwapStep>;

/**
 * The floating-IP move between two load balancers (docs/swap-engine.md): five steps make any swap, one more clears a
 * failed floating IP. Production is unattached for one load balancer update, the method's floor.
 */
export function floatingIpMethod(resources: SwapResources, target: PairedSwapTarget): FloatingIpMethod {
    const loadBalancerName = (colour: Colour) => (colour === "blue" ? target.blueLoadBalancerName : target.greenLoadBalancerName);
    return {
        kind: "pairedLoadBalancers",
        stepBudget: 6,
        read: (context) => resources.read(context),
        validate: (snapshot) => validateSnapshot(snapshot, target),
        loadBalancersMissing: (snapshot) => !snapshot.loadBalancers.blue || !snapshot.loadBalancers.green,
        observe: (snapshot) => observeState(snapshot, target),
        decide: decideNextStep,
        view: (state, snapshot): SwapView => {
            const held = (role: "production" | "staging") =>
                state.loadBalancers.blue.frontend === role || state.loadBalancers.green.frontend === role;
            const live = liveColour(state);
            return {
                ...(live ? { liveColour: live } : {}),
                description: describeState(state),
                serving: { production: held("production"), staging: held("staging") },
                leftovers: snapshot.floating !== undefined,
                urgentNote: productionDownNote(state),
                ...(state.addresses.floating.claim ? { claim: state.addresses.floating.claim } : {}),
                ...(snapshot.production?.ipAddress ? { productionIpAddress: snapshot.production.ipAddress } : {}),
                ...(snapshot.staging?.ipAddress ? { stagingIpAddress: snapshot.staging.ipAddress } : {}),
            };
        },
        gateScope: (state, desired): GateScope => {
            const frontend = state.loadBalancers[desired].frontend;
            return {
                newColour: { loadBalancerName: loadBalancerName(desired) },
                live: { loadBalancerName: loadBalancerName(otherColour(desired)) },
                ...(frontend !== "staging"
                    ? {
                          stagingMissesNewColour: `the staging address is not on ${loadBalancerName(desired)} (its frontend holds ${frontend}; an interrupted swap is being finished)`,
                      }
                    : {}),
            };
        },
        describeStep,
        sameStep,
        // Production is free only while its attach is due: stopping on a 412 would leave it unattached.
        endsOutage: (step) => step.kind === "attach" && step.address === "production",
        // The floating IP carries the swap's claim from its creation: it exists exactly while a swap is under way.
        execute: (step, snapshot, context, claim) => execute(resources, step, snapshot, context, claim),
        awaitSettled: async (step, state, pollIntervalMs, context) => {
            if (step.kind !== "attach") {
                await abortableDelay(pollIntervalMs, context.abortSignal); // the address is Updating or Deleting now
                return;
            }
            // Watch only the load balancer being written (one GET a round, not five) until it settles. While
            // production is released or attached, five times as often: the attach then follows the release's
            // commit closely, and the report sees the window's both ends precisely.
            const movesProduction = state.loadBalancers[step.loadBalancer].frontend === "production" || step.address === "production";
            const interval = movesProduction ? Math.max(10, Math.round(pollIntervalMs / 5)) : pollIntervalMs;
            for (;;) {
                await abortableDelay(interval, context.abortSignal);
                const provisioningState = await resources.readProvisioningState(step.loadBalancer, context);
                if (provisioningState === undefined || isSettled(provisioningState)) return;
            }
        },
        operationOutcome: (receipt, context) => resources.operationOutcome(receipt, context),
        cleanUp: (context, pollIntervalMs) => removeLeftoverFloatingIp(resources, target, context, pollIntervalMs),
    };
}

/** Sends the write for one step, with the resources exactly as they were read for the decision. */
function execute(resources: SwapResources, step: SwapStep, snapshot: SwapSnapshot, context: RequestContext, claim: SwapClaim) {
    switch (step.kind) {
        case "createFloatingIp":
            return resources.createFloatingIp(snapshot.production!, context, claimTags(claim));
        case "deleteFloatingIp":
            return resources.deleteFloatingIp(snapshot.floating!, context);
        case "attach": {
            const address = snapshot[step.address]!;
            return resources.setFrontendAddress(snapshot.loadBalancers[step.loadBalancer]!, address.id!, context);
        }
    }
}

/**
 * The one state an operator must act on at once: production referenced by neither load balancer, so its address
 * answers nobody until the swap runs again (the window the method cannot avoid, here left open).
 */
function productionDownNote(state: ObservedState): string {
    const { blue, green } = state.loadBalancers;
    if (blue.frontend === "production" || green.frontend === "production") return "";
    return ". PRODUCTION WAS ATTACHED TO NEITHER LOAD BALANCER at the last read, so its address may not be serving: run the swap again now (towards either colour) to attach it";
}

/**
 * Deletes the floating IP that an interrupted swap left, and nothing else: only an address with the floating
 * name AND the tag `vipswap:role=floating`, and only when it is attached to nothing (else the swap is half done:
 * finish it first). Waits until Azure no longer has it.
 */
async function removeLeftoverFloatingIp(resources: SwapResources, target: PairedSwapTarget, context: RequestContext, pollIntervalMs: number): Promise<boolean> {
    let deleted = false;
    let attempts = 0;
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
        await abortableDelay(pollIntervalMs, context.abortSignal);
    }
}
