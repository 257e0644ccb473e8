import type { AzureConnection } from "../azure/azureConnection";
import { createNetworkClient } from "../azure/networkClient";
import type { Colour } from "../colour";
import type { GateScope } from "../swap/swapMethod";
import type { SwapTarget } from "../swap/swapTarget";
import { HealthGateRefusedError } from "./healthGateErrors";
import type { HealthGatePlan } from "./healthGateSettings";
import { describeObservation } from "./httpProbe";
import { checkLoadBalancerHealth } from "./loadBalancerHealthCheck";
import { type LoadBalancerHealthVerdict, describeUnhealthyRules } from "./ruleHealthEvaluation";
import { type SmokeTestResult, runSmokeTest } from "./smokeTest";

/** What the pre-swap gate checked and found (when it passed; a failure throws {@link HealthGateRefusedError}). */
export interface PreSwapGateReport {
    /** True when `force` skipped the gate. */
    readonly skipped: boolean;
    /** The rule-health verdict, when that check ran. */
    readonly loadBalancer?: LoadBalancerHealthVerdict;
    /** The smoke test, when it ran. */
    readonly smokeTest?: SmokeTestResult;
    /** Things worth telling the user (a check that was skipped and why). */
    readonly notes: readonly string[];
}

/** Options for {@link runPreSwapGate}. */
export interface PreSwapGateOptions {
    /** Stops the gate. */
    readonly abortSignal?: AbortSignal;
    /** Where progress and warnings go (one line each). Default: nowhere, except the `force` warning: stderr. */
    readonly log?: (line: string) => void;
    /**
     * Which rules to read, from what the swap engine observed before its first write (the method's `gateScope`):
     * for the paired topology the new colour's load balancer, for the shared one the rules that send to the new
     * colour's pool. When the staging address does not reach the new colour (an interrupted swap being finished),
     * the smoke test cannot test that colour through it and is skipped with a note; the rule-health check does not
     * depend on addresses and still runs.
     */
    readonly gate: GateScope;
    /** The rule-health poll interval in ms (see `RuleHealthReadOptions.pollIntervalMs`). */
    readonly pollIntervalMs?: number;
}

/** The banner that `force` prints: skipping the gate must never go unnoticed in a log. */
export function forceWarning(desiredColour: Colour): string {
    return (
        `!!! HEALTH GATE SKIPPED (force): swapping production to ${desiredColour} WITHOUT checking that its backends are ` +
        "up or that it answers. This is meant for emergencies only. !!!"
    );
}

/**
 * The gate that runs before the first write of a swap towards `desiredColour`: the rule health of the rules that reach
 * that colour (`options.gate`) and, if configured, the HTTP smoke test against the staging address.
 * Both run at once; every finding of both ends up in the error.
 *
 * @throws HealthGateRefusedError when anything is unhealthy (nothing has been written)
 */
export async function runPreSwapGate(
    connection: AzureConnection,
    target: SwapTarget,
    desiredColour: Colour,
    plan: HealthGatePlan,
    options: PreSwapGateOptions,
): Promise<PreSwapGateReport> {
    const log = options.log ?? (() => undefined);
    if (plan.force) {
        (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(forceWarning(desiredColour));
        return { skipped: true, notes: ["forced: the pre-swap gate was skipped"] };
    }
    const { gate } = options;
    const stagingName = gate.newColour.loadBalancerName;
    const notes: string[] = [];
    const findings: string[] = [];

    const loadBalancerCheck = async (): Promise<LoadBalancerHealthVerdict | undefined> => {
        if (!plan.loadBalancerHealth) return undefined;
        log(`health gate: reading the rule health of ${stagingName} (requirement ${plan.loadBalancerHealth.requirement})`);
        try {
            return await checkLoadBalancerHealth(
                createNetworkClient(connection),
                target.resourceGroupName,
                gate,
                plan.loadBalancerHealth,
                { abortSignal: options.abortSignal, pollIntervalMs: options.pollIntervalMs },
            );
        } catch (err) {
            options.abortSignal?.throwIfAborted();
            // A gate that cannot look must not let the swap through.
            findings.push(`could not read the rule health of ${stagingName}: ${describeAzureError(err)}`);
            return undefined;
        }
    };

    const smokeTestCheck = async (): Promise<SmokeTestResult | undefined> => {
        if (!plan.smokeTest) return undefined;
        if (gate.stagingMissesNewColour !== undefined) {
            notes.push(`smoke test skipped: ${gate.stagingMissesNewColour}, so it cannot reach the new colour`);
            return undefined;
        }
        log(`health gate: smoke test GET ${plan.smokeTest.url}`);
        return runSmokeTest(plan.smokeTest, {
            abortSignal: options.abortSignal,
            onAttempt: (observation, attempt, of) =>
                log(`health gate: smoke test attempt ${attempt}/${of}: ${describeObservation(observation)}`),
        });
    };

    const [loadBalancer, smokeTest] = await Promise.all([loadBalancerCheck(), smokeTestCheck()]);
    if (loadBalancer && !loadBalancer.healthy) findings.push(...describeUnhealthyRules(loadBalancer));
    if (smokeTest && !smokeTest.passed) {
        const last = smokeTest.attempts[smokeTest.attempts.length - 1];
        findings.push(`smoke test against the staging address failed after ${smokeTest.attempts.length} attempts: ${describeObservation(last)}`);
    }
    for (const note of notes) log(`health gate: ${note}`);
    if (findings.length > 0) {
        throw new HealthGateRefusedError({ desiredColour, findings, loadBalancer, smokeTest });
    }
    log(`health gate: ${desiredColour} passed`);
    return { skipped: false, loadBalancer, smokeTest, notes };
}

/** The Azure error code, HTTP status and message of an SDK error, as far as it carries them. */
function describeAzureError(err: unknown): string {
    const error = err as { code?: string; statusCode?: number; message?: string };
    const parts = [error.code, error.statusCode !== undefined ? `HTTP ${error.statusCode}` : undefined].filter(Boolean);
    return `${error.message ?? String(err)}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
}
