import type { LoadBalancer } from "@azure/arm-network";
import type { Colour } from "../../colour";
import type { SharedSwapTarget } from "../swapTarget";
import { type FrontendRole, frontendNameOf, frontendRoles, poolNameOf, rulesOfFrontend } from "./poolSwitchState";

/**
 * The body of the pool switch's one PUT, as a pure function: the load balancer exactly as read, with only the pool
 * references of the rules that use the production and staging frontends changed (production's to `production`'s pool,
 * staging's to the other). Azure validates the final state of a PUT, so the two rule sets trade pools in one request
 * without ever sharing one (docs/azure-behaviour.md §11). Rules are found by the frontend they reference, not by name.
 * @returns the new body, or undefined when nothing would change
 */
export function poolSwitchBody(loadBalancer: LoadBalancer, target: SharedSwapTarget, production: Colour, staging: Colour): LoadBalancer | undefined {
    const body = structuredClone(loadBalancer);
    const poolId = (colour: Colour) => body.backendAddressPools?.find((p) => p.name?.toLowerCase() === poolNameOf(target, colour).toLowerCase())?.id;
    const wanted: Record<FrontendRole, string | undefined> = { production: poolId(production), staging: poolId(staging) };
    let changed = false;
    for (const role of frontendRoles) {
        const id = wanted[role];
        if (!id) throw new Error(`The load balancer ${loadBalancer.name} as read has no ${role === "production" ? production : staging} pool.`);
        for (const rule of rulesOfFrontend(body, frontendNameOf(target, role))) {
            if (rule.backendAddressPool?.id?.toLowerCase() !== id.toLowerCase()) changed = true;
            rule.backendAddressPool = { id };
            // The plural list is for Gateway load balancers; a Standard one may echo the single pool in it. Keep it in step.
            if (rule.backendAddressPools && rule.backendAddressPools.length > 0) {
                if (rule.backendAddressPools.some((p) => p.id?.toLowerCase() !== id.toLowerCase())) changed = true;
                rule.backendAddressPools = [{ id }];
            }
        }
    }
    return changed ? body : undefined;
}
