import type { NetworkManagementClient } from "@azure/arm-network";
import type { GateScope } from "../swap/swapMethod";
import type { LoadBalancerHealthPlan } from "./healthGateSettings";
import { type LoadBalancerHealthVerdict, type RuleHealth, evaluateRuleHealth } from "./ruleHealthEvaluation";

/** Options for {@link readRuleHealth} and {@link checkLoadBalancerHealth}. */
export interface RuleHealthReadOptions {
    /** Stops the reads. */
    readonly abortSignal?: AbortSignal;
    /**
     * The poll interval of the rule-health long-running operation, in ms. Default 500: the SDK's own default is
     * 2000 ms (docs/azure-behaviour.md §3, core-lro `POLL_INTERVAL_IN_MS`), which would add seconds to every swap. A
     * `Retry-After` on a poll response still wins (same section).
     */
    readonly pollIntervalMs?: number;
}

/**
 * Reads Azure's health of every load-balancing rule of one load balancer (or of the rules named in `only`): the rule
 * names from the load balancer itself, then `POST …/loadBalancingRules/{rule}/health` for each (`loadBalancerLoadBalancingRules.beginHealth`
 * in @azure/arm-network 36, polled with the caller's signal; a long-running operation with `final-state-via: location`). Rules are read in parallel.
 */
export async function readRuleHealth(
    client: NetworkManagementClient,
    resourceGroupName: string,
    loadBalancerName: string,
    options: RuleHealthReadOptions = {},
    only?: readonly string[],
): Promise<RuleHealth[]> {
    const loadBalancer = await client.loadBalancers.get(resourceGroupName, loadBalancerName, { abortSignal: options.abortSignal });
    const wanted = only && new Set(only.map((name) => name.toLowerCase()));
    const ruleNames = (loadBalancer.loadBalancingRules ?? [])
        .map((rule) => rule.name)
        .filter((name): name is string => !!name && (!wanted || wanted.has(name.toLowerCase())));
    return Promise.all(
        ruleNames.map(async (ruleName): Promise<RuleHealth> => {
            // Not beginHealthAndWait: the classic client's ...AndWait calls pollUntilDone() without the signal, so
            // core-lro's wait between polls (Azure's Retry-After, 10 s in practice: docs/azure-behaviour.md §3) ignores an abort
            // (@azure/arm-network 36 loadBalancerLoadBalancingRules.js; @azure/core-lro 2.7.2 poller.js).
            const poller = await client.loadBalancerLoadBalancingRules.beginHealth(resourceGroupName, loadBalancerName, ruleName, {
                abortSignal: options.abortSignal,
                updateIntervalInMs: options.pollIntervalMs ?? 500,
            });
            const health = await poller.pollUntilDone({ abortSignal: options.abortSignal });
            return {
                ruleName,
                up: health.up ?? 0,
                down: health.down ?? 0,
                backends: (health.loadBalancerBackendAddresses ?? []).map((backend) => ({
                    ipAddress: backend.ipAddress,
                    networkInterfaceIPConfigurationId: backend.networkInterfaceIPConfigurationId,
                    state: backend.state,
                    reason: backend.reason,
                })),
            };
        }),
    );
}

/**
 * Reads the health of the rules that reach the new colour (and of those that serve production, when the requirement
 * compares with them) and judges it. Live rules are renamed to the new colour's rule they are compared with
 * (`gate.live.counterpartOf`: on a shared load balancer a port's staging and production rules differ in name). Errors
 * from Azure propagate unchanged (with their code and status), so the caller can report them.
 */
export async function checkLoadBalancerHealth(
    client: NetworkManagementClient,
    resourceGroupName: string,
    gate: GateScope,
    plan: LoadBalancerHealthPlan,
    options: RuleHealthReadOptions = {},
): Promise<LoadBalancerHealthVerdict> {
    const [staging, live] = await Promise.all([
        readRuleHealth(client, resourceGroupName, gate.newColour.loadBalancerName, options, gate.newColour.rules),
        plan.requirement === "matchLive"
            ? readRuleHealth(client, resourceGroupName, gate.live.loadBalancerName, options, gate.live.rules)
            : Promise.resolve([]),
    ]);
    const counterpartOf = gate.live.counterpartOf;
    const liveByNewName = counterpartOf
        ? Object.entries(counterpartOf).flatMap(([newName, liveName]) => {
              const rule = live.find((r) => r.ruleName.toLowerCase() === liveName.toLowerCase());
              return rule ? [{ ...rule, ruleName: newName }] : [];
          })
        : live;
    return evaluateRuleHealth(gate.newColour.loadBalancerName, staging, liveByNewName, plan);
}
