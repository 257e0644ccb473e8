import type { Colour } from "../colour";
import type { AzureConnection } from "../azure/azureConnection";
import { createNetworkClient } from "../azure/networkClient";
import type { SwapTarget } from "../swap/swapTarget";
import { readRuleHealth } from "./loadBalancerHealthCheck";

/** Whether customers reach a backend on the production address now. */
export interface ProductionServing {
    /** True: production is on a load balancer with an Up backend on every rule; false: it is not; undefined: unknown. */
    readonly serving: boolean | undefined;
    /** The colour whose load balancer holds production, if one does. */
    readonly colour?: Colour;
    /** One line, e.g. "green serves production: 2 of 2 backends up on rule http". */
    readonly detail: string;
}

/**
 * Whether production is being served: it is attached to a load balancer (`holder`) whose load-balancing rules each
 * have at least one backend Up, by Azure's rule-health operation (a POST that changes nothing; the same read as the
 * pre-swap gate, docs/health-gates.md). On a shared load balancer `holder` is the colour whose pool production's
 * rules send to, and only those rules are read (`options.rules`, the production frontend's). When that read fails (a
 * missing permission, say), the answer is "unknown", with Azure's reason, not a failure of the whole status.
 */
export async function checkProductionServing(
    connection: AzureConnection,
    target: SwapTarget,
    holder: Colour | undefined,
    options: { readonly abortSignal?: AbortSignal; readonly pollIntervalMs?: number; readonly rules?: readonly string[] } = {},
): Promise<ProductionServing> {
    const shared = target.kind === "sharedLoadBalancer";
    if (!holder) {
        return shared
            ? { serving: false, detail: "production's rules send to no single colour's pool, so what its address serves is not known to be either colour" }
            : { serving: false, detail: "production is attached to neither load balancer, so its address answers nobody" };
    }
    const name = target.kind === "sharedLoadBalancer" ? target.loadBalancerName : holder === "blue" ? target.blueLoadBalancerName : target.greenLoadBalancerName;
    const what = shared ? `the load balancer ${name}'s production rules` : `${holder}'s load balancer ${name}`;
    try {
        const { rules: only, ...readOptions } = options;
        const rules = await readRuleHealth(createNetworkClient(connection), target.resourceGroupName, name, readOptions, only);
        if (rules.length === 0) return { serving: undefined, colour: holder, detail: `${what} has no load-balancing rule, so nothing says what it serves` };
        const counts = rules.map((r) => `${r.up} of ${r.up + r.down} backends up on rule ${r.ruleName}`).join(", ");
        const down = rules.filter((r) => r.up === 0).map((r) => r.ruleName);
        return down.length === 0
            ? { serving: true, colour: holder, detail: `${holder} serves production: ${counts}` }
            : { serving: false, colour: holder, detail: `${holder} holds production but no backend is up on rule ${down.join(", ")}: ${counts}` };
    } catch (error) {
        const { code, statusCode, message } = error as { code?: string; statusCode?: number; message?: string };
        const why = [code, statusCode !== undefined ? `HTTP ${statusCode}` : undefined].filter(Boolean).join(", ") || message || String(error);
        return { serving: undefined, colour: holder, detail: `${holder} holds production; its backends' health could not be read (${why})` };
    }
}
