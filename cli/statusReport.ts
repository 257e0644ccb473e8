import type { Colour } from "../components/colour";
import type { ProductionServing } from "../components/health/productionServing";
import type { ObservedState } from "../components/swap/floatingIp/observedState";
import type { PoolSwitchState } from "../components/swap/sharedLoadBalancer/poolSwitchState";
import { describeClaim, type SwapInspection } from "../components/swap/swapEngine";

/**
 * What `vipswap status` says: what is true now, role by role, never just "half done". Which topology; who serves
 * production and staging (the load balancer holding each address, or the pool each frontend's rules send to);
 * where the floating IP is and which swap made it (paired only: the shared topology has none); whether customers are
 * served; and what a swap towards each colour would do next.
 */

const isShared = (inspection: SwapInspection) => inspection.kind === "sharedLoadBalancer";
const pairedState = (inspection: SwapInspection) => inspection.observed as ObservedState;
const sharedState = (inspection: SwapInspection) => inspection.observed as PoolSwitchState;

/**
 * The colour that serves `role`: paired, the colour whose load balancer references the address; shared, the colour
 * whose pool all of the frontend's rules send to. Undefined when none does (and always for the shared floating IP).
 */
export function holderOf(inspection: SwapInspection, role: "production" | "staging" | "floating"): Colour | undefined {
    if (isShared(inspection)) {
        if (role === "floating") return undefined;
        const pools = new Set(sharedState(inspection).frontends[role].rules.map((rule) => rule.pool));
        const [pool] = [...pools];
        return pools.size === 1 && (pool === "blue" || pool === "green") ? pool : undefined;
    }
    const { blue, green } = pairedState(inspection).loadBalancers;
    return blue.frontend === role ? "blue" : green.frontend === role ? "green" : undefined;
}

/** The load-balancing rules whose health says whether production is served: the shared production frontend's (all of a paired load balancer's when undefined). */
export function productionRulesOf(inspection: SwapInspection): readonly string[] | undefined {
    return isShared(inspection) ? sharedState(inspection).frontends.production.rules.map((rule) => rule.name) : undefined;
}

/** Where a role's serving colour is, in words. */
function placeOf(inspection: SwapInspection, role: "production" | "staging"): string {
    const holder = holderOf(inspection, role);
    if (isShared(inspection)) return holder ? `${holder}'s pool` : "no single pool";
    return holder ?? "neither load balancer";
}

/** Where the floating IP is, in words. */
function floatingText(inspection: SwapInspection, now: number): string {
    if (isShared(inspection)) return "none (the shared topology switches pools and creates no floating IP)";
    const floating = pairedState(inspection).addresses.floating;
    if (!floating.exists) return "absent";
    const where = holderOf(inspection, "floating") ?? (floating.attachment === "elsewhere" ? undefined : "none");
    const place =
        where === undefined
            ? "attached to a resource outside this pair"
            : where === "none"
              ? "attached to nothing"
              : `on ${where}'s load balancer`;
    const state = floating.provisioningState && !/^succeeded$/i.test(floating.provisioningState) ? `, ${floating.provisioningState}` : "";
    const claim = inspection.floatingIpClaim ? `; created by ${describeClaim(inspection.floatingIpClaim, now)}` : "";
    return `present, ${place}${state}${claim}`;
}

/** The first line: the live colour, or exactly what holds what while a swap is half done. */
function headline(inspection: SwapInspection, serving: ProductionServing): string {
    if (inspection.liveColour) return `${inspection.liveColour} is live.`;
    const roles = `production is on ${placeOf(inspection, "production")}, staging on ${placeOf(inspection, "staging")}`;
    const customers = serving.serving === true ? "customers are being served" : serving.serving === false ? "CUSTOMERS ARE NOT BEING SERVED" : "whether customers are served is unknown";
    return `A swap is half done (or was made by hand): ${roles}; ${customers}. A swap towards either colour finishes or undoes it.`;
}

/** `status` without `--json`. */
export function statusText(inspection: SwapInspection, serving: ProductionServing, now = Date.now()): string {
    const customers = serving.serving === true ? "yes" : serving.serving === false ? "NO" : "unknown";
    return `${[
        headline(inspection, serving),
        `topology: ${isShared(inspection) ? "shared (one load balancer; the rules switch pools)" : "paired (two load balancers; the addresses move)"}`,
        `production ${inspection.productionIpAddress ?? "(no address assigned)"}: on ${placeOf(inspection, "production")}`,
        `staging ${inspection.stagingIpAddress ?? "(no address assigned)"}: on ${placeOf(inspection, "staging")}`,
        `floating IP: ${floatingText(inspection, now)}`,
        `customers served: ${customers} (${serving.detail})`,
        `a swap --to blue would: ${inspection.nextStepTowards.blue}`,
        `a swap --to green would: ${inspection.nextStepTowards.green}`,
        `state: ${inspection.description}`,
    ].join("\n")}\n`;
}

/** `status --json`: the same facts as fields. */
export function statusJson(inspection: SwapInspection, serving: ProductionServing): Record<string, unknown> {
    const floating = isShared(inspection) ? undefined : pairedState(inspection).addresses.floating;
    return {
        topology: isShared(inspection) ? "shared" : "paired",
        liveColour: inspection.liveColour ?? null,
        description: inspection.description,
        nextStepTowards: inspection.nextStepTowards,
        ...(inspection.productionIpAddress ? { productionIpAddress: inspection.productionIpAddress } : {}),
        ...(inspection.stagingIpAddress ? { stagingIpAddress: inspection.stagingIpAddress } : {}),
        productionOn: holderOf(inspection, "production") ?? null,
        stagingOn: holderOf(inspection, "staging") ?? null,
        floatingIpExists: inspection.floatingIpExists,
        ...(floating?.exists
            ? {
                  floatingIp: {
                      on: holderOf(inspection, "floating") ?? (floating.attachment === "elsewhere" ? "elsewhere" : null),
                      provisioningState: floating.provisioningState ?? null,
                      ...(inspection.floatingIpClaim ? { claim: inspection.floatingIpClaim } : {}),
                  },
              }
            : {}),
        customersServed: serving.serving ?? null,
        serving: serving.detail,
    };
}
