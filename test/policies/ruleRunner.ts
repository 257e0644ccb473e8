/** Shortcuts for the rule tests: run the whole pack over fixture specs and pick one policy's outcome. */
import { policies } from "../../policies/rules";
import { buildStack, PolicyOutcome, ResourceSpec, runPolicies, violatedPolicies } from "./policyHarness";

/** Every policy's outcome for a stack made of `specs`. */
export async function runPack(specs: readonly ResourceSpec[]): Promise<PolicyOutcome[]> {
    return runPolicies(policies, buildStack(specs));
}

/** The messages of one policy for `specs`, and which policies reported anything at all. */
export async function check(policy: string, specs: readonly ResourceSpec[]): Promise<{ messages: string[]; violated: string[]; urns: (string | undefined)[] }> {
    const outcomes = await runPack(specs);
    const outcome = outcomes.find((o) => o.policy === policy);
    if (outcome === undefined) {
        throw new Error(`no policy ${policy}`);
    }
    expect(outcomes.flatMap((o) => o.previewAdvisories)).toEqual([]);
    return {
        messages: outcome.violations.map((v) => v.message),
        urns: outcome.violations.map((v) => v.urn),
        violated: violatedPolicies(outcomes),
    };
}
