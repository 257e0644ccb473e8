import type { LoadBalancer, PublicIPAddress } from "@azure/arm-network";
import type { Colour } from "../../colour";
import { type SwapSnapshot, floatingTag } from "../../azure/swapResources";
import type { AddressAttachment, AddressRole, FrontendReference, ObservedAddress, ObservedState } from "./observedState";
import { readClaim } from "../swapClaim";
import { type PairedSwapTarget, floatingIpName } from "../swapTarget";

/** Resource ids compare case-insensitively in ARM (docs/azure-behaviour.md §3: paths are matched case-insensitively). */
const sameId = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The named frontend of a load balancer as read, if it has one. */
export function findFrontend(loadBalancer: LoadBalancer | undefined, frontendName: string) {
    return loadBalancer?.frontendIPConfigurations?.find((f) => f.name?.toLowerCase() === frontendName.toLowerCase());
}

/**
 * Turns what Azure returned into the decision's view. Call it on a snapshot that `validateSnapshot` accepted
 * (both load balancers and their frontends exist); addresses may be missing.
 */
export function observeState(snapshot: SwapSnapshot, target: PairedSwapTarget): ObservedState {
    const addresses: Record<AddressRole, PublicIPAddress | undefined> = {
        production: snapshot.production,
        staging: snapshot.staging,
        floating: snapshot.floating,
    };
    const frontendIds: Record<Colour, string | undefined> = {
        blue: findFrontend(snapshot.loadBalancers.blue, target.frontendName)?.id,
        green: findFrontend(snapshot.loadBalancers.green, target.frontendName)?.id,
    };

    const reference = (colour: Colour): FrontendReference => {
        const id = findFrontend(snapshot.loadBalancers[colour], target.frontendName)?.publicIPAddress?.id;
        if (!id) return "none";
        for (const role of ["production", "staging", "floating"] as const) {
            if (sameId(id, addresses[role]?.id)) return role;
        }
        // A reference to the floating name while it is missing: the decision refuses it with that reason.
        if (!addresses.floating && id.toLowerCase().endsWith(`/publicipaddresses/${floatingIpName(target).toLowerCase()}`)) return "floating";
        return "other";
    };

    const address = (role: AddressRole): ObservedAddress => {
        const pip = addresses[role];
        if (!pip) return { exists: false, attachment: "none", ...(role === "floating" ? { taggedFloating: false } : {}) };
        const attachedTo = pip.ipConfiguration?.id;
        const attachment: AddressAttachment = !attachedTo
            ? "none"
            : sameId(attachedTo, frontendIds.blue)
              ? "blue"
              : sameId(attachedTo, frontendIds.green)
                ? "green"
                : "elsewhere";
        const claim = role === "floating" ? readClaim(pip.tags) : undefined;
        return {
            ...(claim ? { claim } : {}),
            exists: true,
            provisioningState: pip.provisioningState ?? "Succeeded",
            attachment,
            ...(role === "floating" ? { taggedFloating: pip.tags?.[floatingTag.name] === floatingTag.value } : {}),
        };
    };

    const lb = (colour: Colour) => ({
        frontend: reference(colour),
        provisioningState: snapshot.loadBalancers[colour]?.provisioningState ?? "Succeeded",
    });
    return {
        loadBalancers: { blue: lb("blue"), green: lb("green") },
        addresses: { production: address("production"), staging: address("staging"), floating: address("floating") },
    };
}
