import type { Colour } from "../../colour";
import type { SwapClaim } from "../swapClaim";

/** The three addresses a swap deals with, by role (never by colour). */
export type AddressRole = "production" | "staging" | "floating";

/**
 * What a load balancer's named frontend references, as the swap sees it: one of the three roles, an address that
 * is none of them (`other`), or nothing at all (`none`; Azure forbids this for a public frontend, docs/azure-behaviour.md §1
 * `FrontendIPConfigHasNoSubnetOrPublicIP`, so it can only mean the frontend is not a public one).
 */
export type FrontendReference = AddressRole | "other" | "none";

/** Where an address is attached, from its own `ipConfiguration` (docs/azure-behaviour.md §2: read-only, shows the association). */
export type AddressAttachment = Colour | "none" | "elsewhere";

/** One load balancer as the swap sees it. */
export interface ObservedLoadBalancer {
    /** The address its named frontend references. */
    readonly frontend: FrontendReference;
    /** `provisioningState` as Azure reports it (`Succeeded`, `Updating`, `Deleting`, `Failed`; docs/azure-behaviour.md §3). */
    readonly provisioningState: string;
}

/** One public IP address as the swap sees it. */
export interface ObservedAddress {
    /** False when Azure answered 404 for it. */
    readonly exists: boolean;
    /** `provisioningState`, when it exists. */
    readonly provisioningState?: string;
    /** Which frontend its `ipConfiguration` names: ours (by colour), none, or some other resource. */
    readonly attachment: AddressAttachment;
    /**
     * For the floating IP only: true when it carries the tag `vipswap:role=floating`. The swap uses or deletes
     * an address under the floating name only when the tag is there too, so it never touches somebody else's.
     */
    readonly taggedFloating?: boolean;
    /** For the floating IP only: the claim in its tags (which swap created it, when, towards which colour). */
    readonly claim?: SwapClaim;
}

/**
 * Everything the decision needs, and nothing else: which address each frontend references, where each address
 * is attached, and the provisioning states. Built from what Azure returns by `observeState`.
 */
export interface ObservedState {
    /** The load balancers, by colour. */
    readonly loadBalancers: Readonly<Record<Colour, ObservedLoadBalancer>>;
    /** The addresses, by role. */
    readonly addresses: Readonly<Record<AddressRole, ObservedAddress>>;
}

/** Shared with the pool switch (provisioningState.ts); re-exported here, where the floating-IP method's callers find it. */
export { isSettled } from "../provisioningState";

/** The colour whose load balancer holds production while the other holds staging, or undefined in between. */
export function liveColour(state: ObservedState): Colour | undefined {
    const { blue, green } = state.loadBalancers;
    if (blue.frontend === "production" && green.frontend === "staging") return "blue";
    if (green.frontend === "production" && blue.frontend === "staging") return "green";
    return undefined;
}

/** A one-line human description, e.g. "blue -> production, green -> staging, floating IP absent". */
export function describeState(state: ObservedState): string {
    const lb = (colour: Colour) => {
        const observed = state.loadBalancers[colour];
        const settling = observed.provisioningState.toLowerCase() === "succeeded" ? "" : ` (${observed.provisioningState})`;
        return `${colour} -> ${observed.frontend}${settling}`;
    };
    const floating = state.addresses.floating;
    const floatingText = !floating.exists
        ? "floating IP absent"
        : `floating IP present (${floating.provisioningState ?? "?"}, attached: ${floating.attachment})`;
    return `${lb("blue")}, ${lb("green")}, ${floatingText}`;
}
