import type { Colour } from "../components/colour";
import type { ProductionServing } from "../components/health/productionServing";
import { describeClaim, type SwapInspection } from "../components/swap/swapEngine";

/**
 * What `vipswap status` says: what is true now, role by role, never just "half done". Who holds production and
 * staging, where the floating IP is and which swap made it, whether customers are served, and what a swap towards
 * each colour would do next.
 */

/** The colour whose load balancer references `role`, if one does. */
export function holderOf(inspection: SwapInspection, role: "production" | "staging" | "floating"): Colour | undefined {
    const { blue, green } = inspection.observed.loadBalancers;
    return blue.frontend === role ? "blue" : green.frontend === role ? "green" : undefined;
}

/** Where the floating IP is, in words. */
function floatingText(inspection: SwapInspection, now: number): string {
    const floating = inspection.observed.addresses.floating;
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
    const production = holderOf(inspection, "production");
    const staging = holderOf(inspection, "staging");
    const roles = `production is on ${production ?? "neither load balancer"}, staging on ${staging ?? "neither load balancer"}`;
    const customers = serving.serving === true ? "customers are being served" : serving.serving === false ? "CUSTOMERS ARE NOT BEING SERVED" : "whether customers are served is unknown";
    return `A swap is half done (or was made by hand): ${roles}; ${customers}. A swap towards either colour finishes or undoes it.`;
}

/** `status` without `--json`. */
export function statusText(inspection: SwapInspection, serving: ProductionServing, now = Date.now()): string {
    const holder = (role: "production" | "staging") => holderOf(inspection, role) ?? "neither load balancer";
    const customers = serving.serving === true ? "yes" : serving.serving === false ? "NO" : "unknown";
    return `${[
        headline(inspection, serving),
        `production ${inspection.productionIpAddress ?? "(no address assigned)"}: on ${holder("production")}`,
        `staging ${inspection.stagingIpAddress ?? "(no address assigned)"}: on ${holder("staging")}`,
        `floating IP: ${floatingText(inspection, now)}`,
        `customers served: ${customers} (${serving.detail})`,
        `a swap --to blue would: ${inspection.nextStepTowards.blue}`,
        `a swap --to green would: ${inspection.nextStepTowards.green}`,
        `state: ${inspection.description}`,
    ].join("\n")}\n`;
}

/** `status --json`: the same facts as fields. */
export function statusJson(inspection: SwapInspection, serving: ProductionServing): Record<string, unknown> {
    const floating = inspection.observed.addresses.floating;
    return {
        liveColour: inspection.liveColour ?? null,
        description: inspection.description,
        nextStepTowards: inspection.nextStepTowards,
        ...(inspection.productionIpAddress ? { productionIpAddress: inspection.productionIpAddress } : {}),
        ...(inspection.stagingIpAddress ? { stagingIpAddress: inspection.stagingIpAddress } : {}),
        productionOn: holderOf(inspection, "production") ?? null,
        stagingOn: holderOf(inspection, "staging") ?? null,
        floatingIpExists: inspection.floatingIpExists,
        ...(floating.exists
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
