import type { LoadBalancer } from "@azure/arm-network";
import type { PoolSwitchSnapshot } from "../../azure/poolSwitchResources";
import { type Colour, colours } from "../../colour";
import type { SharedSwapTarget } from "../swapTarget";

/** The two public frontends of the shared load balancer, by role. */
export type FrontendRole = "production" | "staging";

/** The frontend roles, production first. */
export const frontendRoles: readonly FrontendRole[] = ["production", "staging"];

/**
 * Which pool a load-balancing rule sends to, as the swap sees it: a colour's pool, no pool at all (`none`), a pool that
 * is neither (`other`), or a rule whose `backendAddressPool` and `backendAddressPools` disagree (`other` as well).
 */
export type PoolReference = Colour | "none" | "other";

/** One load-balancing rule of a frontend. */
export interface ObservedRule {
    readonly name: string;
    /** `<protocol>:<frontendPort>`, e.g. `tcp:80`: what pairs a production rule with its staging twin. */
    readonly port: string;
    readonly pool: PoolReference;
}

/** One frontend as the swap sees it. */
export interface ObservedFrontend {
    /** False when the load balancer has no frontend of that name. */
    readonly exists: boolean;
    /** The load-balancing rules that reference this frontend (found by the reference, not by name). */
    readonly rules: readonly ObservedRule[];
}

/** Everything the pool-switch decision needs: each frontend's rules and their pools, which pools exist, the provisioning state. */
export interface PoolSwitchState {
    /** `provisioningState` of the load balancer as Azure reports it. */
    readonly provisioningState: string;
    readonly frontends: Readonly<Record<FrontendRole, ObservedFrontend>>;
    /** Whether each colour's pool exists. */
    readonly pools: Readonly<Record<Colour, boolean>>;
}

/** Resource ids compare case-insensitively in ARM (docs/azure-behaviour.md §3). */
const sameId = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
const byName = <T extends { name?: string }>(items: readonly T[] | undefined, name: string) => items?.find((i) => i.name?.toLowerCase() === name.toLowerCase());

/** The frontend names of a role. */
export function frontendNameOf(target: SharedSwapTarget, role: FrontendRole): string {
    return role === "production" ? target.productionFrontendName : target.stagingFrontendName;
}

/** The pool name of a colour. */
export function poolNameOf(target: SharedSwapTarget, colour: Colour): string {
    return colour === "blue" ? target.bluePoolName : target.greenPoolName;
}

/** The load-balancing rules whose frontend reference is the named frontend (by id, as Azure resolves it). */
export function rulesOfFrontend(loadBalancer: LoadBalancer, frontendName: string) {
    const frontend = byName(loadBalancer.frontendIPConfigurations, frontendName);
    if (!frontend) return [];
    return (loadBalancer.loadBalancingRules ?? []).filter((rule) => sameId(rule.frontendIPConfiguration?.id, frontend.id));
}

/** Turns what Azure returned into the decision's view. Call it on a snapshot whose load balancer exists. */
export function observePoolSwitch(snapshot: PoolSwitchSnapshot, target: SharedSwapTarget): PoolSwitchState {
    const lb = snapshot.loadBalancer ?? {};
    const poolIds: Record<Colour, string | undefined> = {
        blue: byName(lb.backendAddressPools, target.bluePoolName)?.id,
        green: byName(lb.backendAddressPools, target.greenPoolName)?.id,
    };
    const poolOf = (id: string | undefined): PoolReference => {
        if (!id) return "none";
        return colours.find((colour) => sameId(id, poolIds[colour])) ?? "other";
    };
    const frontend = (role: FrontendRole): ObservedFrontend => {
        const name = frontendNameOf(target, role);
        const exists = byName(lb.frontendIPConfigurations, name) !== undefined;
        const rules = rulesOfFrontend(lb, name).map((rule): ObservedRule => {
            // Newer api-versions may echo the pool in the plural list too; references that disagree are a state we do not know.
            const ids = [rule.backendAddressPool?.id, ...(rule.backendAddressPools ?? []).map((p) => p.id)].filter((id): id is string => !!id);
            const pools = new Set(ids.map(poolOf));
            return { name: rule.name ?? "?", port: `${(rule.protocol ?? "").toLowerCase()}:${rule.frontendPort ?? ""}`, pool: pools.size === 0 ? "none" : pools.size === 1 ? [...pools][0] : "other" };
        });
        return { exists, rules };
    };
    return {
        provisioningState: lb.provisioningState ?? "Succeeded",
        frontends: { production: frontend("production"), staging: frontend("staging") },
        pools: { blue: poolIds.blue !== undefined, green: poolIds.green !== undefined },
    };
}

/** The one pool all of a frontend's rules send to, or undefined when they have none or disagree. */
export function poolOfFrontend(frontend: ObservedFrontend): PoolReference | undefined {
    const pools = new Set(frontend.rules.map((rule) => rule.pool));
    return pools.size === 1 ? [...pools][0] : undefined;
}

/** The colour production's rules send to while staging's send to the other, or undefined in between. */
export function liveColourOfPools(state: PoolSwitchState): Colour | undefined {
    const production = poolOfFrontend(state.frontends.production);
    const staging = poolOfFrontend(state.frontends.staging);
    if (production === "blue" && staging === "green") return "blue";
    if (production === "green" && staging === "blue") return "green";
    return undefined;
}

/** A one-line human description, e.g. "production -> blue pool, staging -> green pool". */
export function describePoolState(state: PoolSwitchState): string {
    const frontend = (role: FrontendRole) => {
        const observed = state.frontends[role];
        if (!observed.exists) return `${role} frontend missing`;
        if (observed.rules.length === 0) return `${role} -> no rules`;
        const pool = poolOfFrontend(observed);
        return pool !== undefined ? `${role} -> ${pool} pool` : `${role} -> ${observed.rules.map((r) => `${r.name}: ${r.pool}`).join(", ")}`;
    };
    const settling = state.provisioningState.toLowerCase() === "succeeded" ? "" : ` (load balancer ${state.provisioningState})`;
    return `${frontend("production")}, ${frontend("staging")}${settling}`;
}
