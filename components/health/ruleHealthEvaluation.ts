import type { LoadBalancerHealthPlan } from "./healthGateSettings";

/**
 * The health of one backend on one load-balancing rule, as Azure's rule-health operation reports it
 * (`LoadBalancerHealthPerRulePerBackendAddress` in @azure/arm-network 36 `models/index.d.ts`).
 */
export interface BackendHealth {
    /** The backend's private address, when Azure reports one. */
    readonly ipAddress?: string;
    /** The backend's NIC ip-configuration id, when Azure reports one. */
    readonly networkInterfaceIPConfigurationId?: string;
    /**
     * Azure's state: `Up` or `Down` (MicrosoftDocs/azure-docs articles/load-balancer/load-balancer-manage-health-status.md,
     * "State of backend instances"; the values Azure/ARO-RP's deployer checks in `pkg/deploy`).
     */
    readonly state?: string;
    /** Azure's reason code, e.g. `Up_Probe_Success`, `Down_Probe_HttpStatusCodeError` (same article, "Reason codes"). */
    readonly reason?: string;
}

/** The health of one load-balancing rule (`LoadBalancerHealthPerRule`: `up`, `down`, per-backend detail). */
export interface RuleHealth {
    /** The rule's name. */
    readonly ruleName: string;
    /** Backends Azure counts as healthy on this rule. */
    readonly up: number;
    /** Backends Azure counts as unhealthy on this rule. */
    readonly down: number;
    /** Per-backend detail (may be shorter than `up + down`, or empty, if Azure omits it). */
    readonly backends: readonly BackendHealth[];
}

/** What one rule of the staging load balancer needed and had. */
export interface RuleVerdict {
    readonly ruleName: string;
    readonly up: number;
    readonly down: number;
    /** The number of `Up` backends the requirement asked for. */
    readonly required: number;
    readonly healthy: boolean;
    /** Why it passed or failed, in words. */
    readonly explanation: string;
    /** The backends that were not `Up`, for the error message. */
    readonly unhealthyBackends: readonly BackendHealth[];
}

/** The verdict on the staging load balancer as a whole. */
export interface LoadBalancerHealthVerdict {
    readonly loadBalancerName: string;
    readonly healthy: boolean;
    readonly rules: readonly RuleVerdict[];
    /** Problems that are not about one rule (for example: the load balancer has no rules). */
    readonly problems: readonly string[];
}

/**
 * Decides whether the staging load balancer may take production traffic. Pure: the caller reads the health.
 *
 * @param stagingLoadBalancerName the load balancer that is about to receive the production address
 * @param staging the rule health of that load balancer (one entry per load-balancing rule)
 * @param live the rule health of the live colour's load balancer; only `matchLive` reads it, by rule name
 * @param plan the requirement
 */
export function evaluateRuleHealth(
    stagingLoadBalancerName: string,
    staging: readonly RuleHealth[],
    live: readonly RuleHealth[],
    plan: LoadBalancerHealthPlan,
): LoadBalancerHealthVerdict {
    const problems: string[] = [];
    if (staging.length === 0) {
        problems.push(
            `load balancer ${stagingLoadBalancerName} has no load-balancing rules, so no backend can be up; ` +
                "add the rules (the component creates the same rules on both colours) before swapping.",
        );
    }
    // The live colour is counted by the same rule as the new one: a live fleet that Azure reports `Up` only because
    // its probes are ignored (every backend down, Up_Probe_AllDownIsUp) must not raise the bar for the swap away from it.
    const liveUp = new Map(live.map((rule) => [rule.ruleName, countedByBackend(rule).up]));
    const rules = staging.map((rule) => judgeRule(rule, plan, liveUp.get(rule.ruleName)));
    return {
        loadBalancerName: stagingLoadBalancerName,
        healthy: problems.length === 0 && rules.every((rule) => rule.healthy),
        rules,
        problems,
    };
}

function judgeRule(given: RuleHealth, plan: LoadBalancerHealthPlan, liveUp: number | undefined): RuleVerdict {
    const rule = countedByBackend(given);
    const total = rule.up + rule.down;
    let required: number;
    let basis: string;
    switch (plan.requirement) {
        case "allUp":
            required = total;
            basis = "all backends up";
            break;
        case "matchLive":
            required = liveUp ?? 0;
            basis = liveUp === undefined ? "the live colour has no rule of this name" : `the live colour has ${liveUp} up`;
            break;
        case "minimumPercent":
            required = Math.ceil((plan.minimumHealthyPercent / 100) * total);
            basis = `${plan.minimumHealthyPercent}% of ${total} backends`;
            break;
    }
    // A rule with no healthy backend serves nothing, whatever the requirement says (0 of 0 is not healthy).
    required = Math.max(required, 1);
    const healthy = rule.up >= required;
    const unhealthyBackends = rule.backends.filter((backend) => !isUp(backend));
    return {
        ruleName: rule.ruleName,
        up: rule.up,
        down: rule.down,
        required,
        healthy,
        explanation: `${rule.up} up, ${rule.down} down; needs at least ${required} up (${basis})`,
        unhealthyBackends,
    };
}

/**
 * `Up` reason codes that do not say the backend answers its probe (MicrosoftDocs/azure-docs
 * articles/load-balancer/load-balancer-manage-health-status.md, "Success reason codes"):
 * - `Up_Probe_AllDownIsUp`: every backend fails its probe and NoHealthyBackendsBehavior sends traffic anyway
 *   ("Health probe state of the backend instance is ignored"): exactly the fleet the gate must not swap onto;
 * - `Up_Admin`: the admin state forces it up, its probe state is ignored;
 * - `Up_Probe_ApproachingUnhealthyThreshold`: its recent probes failed, it is up only on older answers.
 */
const unprovenUpReasons = new Set(["up_probe_alldownisup", "up_admin", "up_probe_approachingunhealthythreshold"]);

/**
 * True when Azure reports the backend as `Up` (compared without regard to case) because it answers its probe, i.e.
 * not for one of {@link unprovenUpReasons}.
 */
export function isUp(backend: BackendHealth): boolean {
    return (backend.state ?? "").toLowerCase() === "up" && !unprovenUpReasons.has((backend.reason ?? "").toLowerCase());
}

/** The counts from the per-backend detail when Azure gives it (so {@link isUp} decides), else Azure's own counts. */
function countedByBackend(rule: RuleHealth): RuleHealth {
    if (rule.backends.length === 0) return rule;
    const up = rule.backends.filter(isUp).length;
    return { ...rule, up, down: rule.backends.length - up };
}

/** One line per failed rule (and per general problem), naming the rule and its unhealthy backends. */
export function describeUnhealthyRules(verdict: LoadBalancerHealthVerdict): string[] {
    const lines = [...verdict.problems];
    for (const rule of verdict.rules) {
        if (rule.healthy) continue;
        const backends = rule.unhealthyBackends.map(describeBackend);
        lines.push(
            `rule ${rule.ruleName} on ${verdict.loadBalancerName}: ${rule.explanation}` +
                (backends.length > 0 ? `; not up: ${backends.join(", ")}` : ""),
        );
    }
    return lines;
}

function describeBackend(backend: BackendHealth): string {
    const name = backend.ipAddress ?? backend.networkInterfaceIPConfigurationId ?? "unnamed backend";
    const state = backend.state ?? "no state";
    return `${name} (${state}${backend.reason ? `: ${backend.reason}` : ""})`;
}
