import type { Colour } from "../colour";
import type { AddressRole, ObservedAddress, ObservedState } from "./observedState";
import { type SwapStep, decideNextStep, describeStep } from "./swapDecision";

/** One entry of a planned swap: a write, or a wait for something Azure is still doing. */
export type PlannedStep =
    | { readonly kind: "step"; readonly step: SwapStep; readonly description: string; readonly reason: string }
    | { readonly kind: "wait"; readonly reason: string };

/** What a swap towards a colour would do from a state, without doing it. */
export interface SwapPlan {
    /** The writes (and waits) in order, as the decision would choose them if every write took effect. */
    readonly steps: readonly PlannedStep[];
    /** How the plan ends: `done` (the colour is then live), or `refuse` with the decision's reason. */
    readonly outcome: { readonly kind: "done" } | { readonly kind: "refuse"; readonly reason: string };
}

/** More than any swap needs (five writes, one clean-up of a failed floating IP, and waits between). */
const planLimit = 16;

/**
 * The steps a swap towards `desired` would take from `state`: `decideNextStep` applied to the state each write
 * would leave if it committed as sent. Pure, so `vipswap swap --dry-run` can show it without writing anything.
 * A real swap re-reads Azure after every write, so it takes these steps only while nobody else changes the pair.
 */
export function planSwap(state: ObservedState, desired: Colour): SwapPlan {
    const steps: PlannedStep[] = [];
    let current = state;
    while (steps.length < planLimit) {
        const decision = decideNextStep(current, desired);
        if (decision.kind === "done") return { steps, outcome: { kind: "done" } };
        if (decision.kind === "refuse") return { steps, outcome: { kind: "refuse", reason: decision.reason } };
        if (decision.kind === "wait") {
            steps.push({ kind: "wait", reason: decision.reason });
            current = settled(current);
            continue;
        }
        steps.push({ kind: "step", step: decision.step, description: describeStep(decision.step), reason: decision.reason });
        current = applied(current, decision.step);
    }
    return { steps, outcome: { kind: "refuse", reason: `the plan did not end within ${planLimit} entries` } };
}

/** The state once every running operation has ended: everything settled, each address attached where referenced. */
function settled(state: ObservedState): ObservedState {
    const attachmentOf = (role: AddressRole, address: ObservedAddress): ObservedAddress => {
        if (!address.exists) return address;
        if (/^deleting$/i.test(address.provisioningState ?? "")) return { exists: false, attachment: "none", ...(role === "floating" ? { taggedFloating: false } : {}) };
        const heldBy = state.loadBalancers.blue.frontend === role ? "blue" : state.loadBalancers.green.frontend === role ? "green" : undefined;
        const attachment = heldBy ?? (address.attachment === "elsewhere" ? "elsewhere" : "none");
        return { ...address, provisioningState: "Succeeded", attachment };
    };
    return {
        loadBalancers: {
            blue: { ...state.loadBalancers.blue, provisioningState: "Succeeded" },
            green: { ...state.loadBalancers.green, provisioningState: "Succeeded" },
        },
        addresses: {
            production: attachmentOf("production", state.addresses.production),
            staging: attachmentOf("staging", state.addresses.staging),
            floating: attachmentOf("floating", state.addresses.floating),
        },
    };
}

/** The state after `step` committed as sent. */
function applied(state: ObservedState, step: SwapStep): ObservedState {
    const addresses = { ...state.addresses };
    const loadBalancers = { ...state.loadBalancers };
    switch (step.kind) {
        case "createFloatingIp":
            addresses.floating = { exists: true, provisioningState: "Succeeded", attachment: "none", taggedFloating: true };
            break;
        case "deleteFloatingIp":
            addresses.floating = { exists: false, attachment: "none", taggedFloating: false };
            break;
        case "attach": {
            const released = loadBalancers[step.loadBalancer].frontend;
            if (released === "production" || released === "staging" || released === "floating") {
                addresses[released] = { ...addresses[released], attachment: "none" };
            }
            addresses[step.address] = { ...addresses[step.address], attachment: step.loadBalancer };
            loadBalancers[step.loadBalancer] = { ...loadBalancers[step.loadBalancer], frontend: step.address };
            break;
        }
    }
    return { loadBalancers, addresses };
}
