import { type Colour, otherColour } from "../../colour";
import { type AddressRole, type ObservedState, describeState, isSettled } from "./observedState";

/**
 * One write the swap can make. Every step moves the swap one row along docs/design.md's table ("Why the swap needs a
 * temporary address"), in either direction.
 */
export type SwapStep =
    | { readonly kind: "createFloatingIp" }
    /** Point `loadBalancer`'s frontend at the address with role `address` (which must be free). */
    | { readonly kind: "attach"; readonly loadBalancer: Colour; readonly address: AddressRole }
    | { readonly kind: "deleteFloatingIp" };

/** Why the decision refuses: each names a state from which no step is known to be safe. */
export type RefusalCode =
    | "AddressMissing"
    | "FrontendWithoutPublicIp"
    | "UnknownAddress"
    | "SameAddressOnBothLoadBalancers"
    | "AddressAttachedElsewhere"
    | "ForeignFloatingIp";

/** The outcome of one decision. */
export type SwapDecision =
    /** The desired colour is live and no floating IP of ours is left. */
    | { readonly kind: "done" }
    /** A resource is still changing; observe again later. */
    | { readonly kind: "wait"; readonly reason: string }
    /** Make this write next. */
    | { readonly kind: "act"; readonly step: SwapStep; readonly reason: string }
    /** No safe step exists; a person has to look. */
    | { readonly kind: "refuse"; readonly code: RefusalCode; readonly reason: string };

/** A short human text for a step, e.g. "green <- production". */
export function describeStep(step: SwapStep): string {
    switch (step.kind) {
        case "createFloatingIp":
            return "create floating IP";
        case "deleteFloatingIp":
            return "delete floating IP";
        case "attach":
            return `${step.loadBalancer} <- ${step.address}`;
    }
}

/** True when two steps are the same write. */
export function sameStep(a: SwapStep, b: SwapStep): boolean {
    return a.kind === b.kind && (a.kind !== "attach" || (b.kind === "attach" && a.loadBalancer === b.loadBalancer && a.address === b.address));
}

const act = (step: SwapStep, reason: string): SwapDecision => ({ kind: "act", step, reason });
const refuse = (code: RefusalCode, reason: string): SwapDecision => ({ kind: "refuse", code, reason });

/**
 * The swap's whole policy, as a pure function: from what Azure has now, the one next step towards `desired` being
 * live. It never proposes a step that leaves a frontend without an address (every step points a frontend at an
 * address that is free), never deletes anything but a floating IP carrying the vipswap tag, and creates the
 * floating IP before production is released. See docs/swap-engine.md for the table of states.
 */
export function decideNextStep(state: ObservedState, desired: Colour): SwapDecision {
    const refusal = findRefusal(state);
    if (refusal) return refusal;

    const unsettled = findUnsettled(state);
    if (unsettled) return { kind: "wait", reason: unsettled };

    const x = desired;
    const y = otherColour(desired);
    const onX = state.loadBalancers[x].frontend;
    const onY = state.loadBalancers[y].frontend;
    const floating = state.addresses.floating;

    if (onX === "production" && onY === "staging") {
        if (!floating.exists || !floating.taggedFloating) return { kind: "done" };
        if (floating.attachment === "elsewhere") {
            return refuse("AddressAttachedElsewhere", "The floating IP is attached to a resource outside this pair, so it cannot be deleted; detach it, then run the swap again.");
        }
        return act({ kind: "deleteFloatingIp" }, `${x} is live; the floating IP is no longer needed.`);
    }
    if (onX === "staging" && onY === "production") {
        if (!floating.exists) return act({ kind: "createFloatingIp" }, `${y} holds production; a floating IP must stand in for it before production moves.`);
        if (!floating.taggedFloating) {
            return refuse("ForeignFloatingIp", "An address with the floating IP's name exists without the tag vipswap:role=floating; vipswap will not use or delete it. Rename or delete it, then run the swap again.");
        }
        if (floating.attachment === "elsewhere") {
            return refuse("AddressAttachedElsewhere", "The floating IP is attached to a resource outside this pair; detach it, then run the swap again.");
        }
        if (floating.provisioningState?.toLowerCase() === "failed") {
            return act({ kind: "deleteFloatingIp" }, "The floating IP's creation failed; delete it so that it can be created again.");
        }
        return act({ kind: "attach", loadBalancer: y, address: "floating" }, `${y} takes the floating IP so that production is freed.`);
    }
    if (onY === "production") {
        // onX is floating (onX staging was handled above): free production by giving y staging, which is free.
        return act({ kind: "attach", loadBalancer: y, address: "staging" }, `${y} gives production back by taking staging.`);
    }
    if (onX === "production") {
        // onY is floating: staging is free.
        return act({ kind: "attach", loadBalancer: y, address: "staging" }, `${y} takes staging; the floating IP becomes free.`);
    }
    // Production is on neither load balancer; one of them holds the floating IP and the other staging.
    return act({ kind: "attach", loadBalancer: x, address: "production" }, `production is free; ${x} takes it.`);
}

/** The refusal for states that no step may touch, or undefined when the state is one the swap knows. */
function findRefusal(state: ObservedState): SwapDecision | undefined {
    const { production, staging, floating } = state.addresses;
    if (!production.exists || !staging.exists) {
        const missing = !production.exists ? "production" : "staging";
        return refuse("AddressMissing", `The ${missing} address does not exist; create it (or fix its name), then run the swap again.`);
    }
    for (const colour of ["blue", "green"] as const) {
        const frontend = state.loadBalancers[colour].frontend;
        if (frontend === "none") {
            return refuse("FrontendWithoutPublicIp", `The ${colour} load balancer's frontend references no public IP address; the swap only handles public frontends.`);
        }
        if (frontend === "other") {
            return refuse("UnknownAddress", `The ${colour} load balancer's frontend references an address that is neither production, staging nor the floating IP; point it back at one of them by hand.`);
        }
        if (frontend === "floating" && !floating.exists) {
            return refuse("UnknownAddress", `The ${colour} load balancer's frontend references the floating IP, which Azure says does not exist.`);
        }
    }
    if (state.loadBalancers.blue.frontend === state.loadBalancers.green.frontend) {
        return refuse("SameAddressOnBothLoadBalancers", `Both load balancers reference the ${state.loadBalancers.blue.frontend} address, which Azure does not allow; fix one by hand.`);
    }
    for (const role of ["production", "staging"] as const) {
        if (state.addresses[role].attachment === "elsewhere") {
            return refuse("AddressAttachedElsewhere", `The ${role} address is attached to a resource other than the two load balancers' frontends; detach it there, then run the swap again.`);
        }
    }
    return undefined;
}

/** Why the swap must wait, or undefined when every resource is settled and Azure's two views agree. */
function findUnsettled(state: ObservedState): string | undefined {
    for (const colour of ["blue", "green"] as const) {
        const lb = state.loadBalancers[colour];
        if (!isSettled(lb.provisioningState)) return `the ${colour} load balancer is ${lb.provisioningState}`;
    }
    for (const role of ["production", "staging", "floating"] as const) {
        const address = state.addresses[role];
        if (!address.exists) continue;
        if (!isSettled(address.provisioningState)) return `the ${role} address is ${address.provisioningState}`;
        if (address.attachment === "elsewhere") continue; // only the floating IP gets here; handled by the decision
        const heldBy = state.loadBalancers.blue.frontend === role ? "blue" : state.loadBalancers.green.frontend === role ? "green" : "none";
        // The address's own ipConfiguration lags or leads the load balancer's reference only while an operation
        // commits (docs/azure-behaviour.md §2); attaching it before they agree would fail with PublicIPAddressInUse (§1).
        if (address.attachment !== heldBy) return `the ${role} address still shows attachment "${address.attachment}" while the load balancers say "${heldBy}" (${describeState(state)})`;
    }
    return undefined;
}
