import type { SwapPlanner } from "../swapPlan";
import type { AddressRole, ObservedAddress, ObservedState } from "./observedState";
import { type SwapStep, decideNextStep, describeStep } from "./swapDecision";

/**
 * The floating-IP method's planner for `vipswap swap --dry-run` (components/swap/swapPlan.ts): its decision, and the
 * state each of its steps leaves when it commits as sent.
 */
export const floatingIpPlanner: SwapPlanner<ObservedState, SwapStep> = { decide: decideNextStep, describeStep, settled, applied };

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
