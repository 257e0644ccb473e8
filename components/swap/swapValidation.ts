import { colours, isColour } from "../colour";
import { validatePairedTarget } from "./floatingIp/floatingIpValidation";
import { validateSharedTarget } from "./sharedLoadBalancer/poolSwitchValidation";
import { type SwapTarget, swapTargetFieldsOf, swapTargetKind } from "./swapTarget";

/** Azure resource names: 1-80 characters of letters, digits, '.', '-', '_' (resource groups also allow '()'). */
const namePattern = /^[A-Za-z0-9_.()-]{1,90}$/;

/**
 * Checks the request itself, before anything is sent: the colour is one of the two, the target's kind is known,
 * every name of that kind is set and plausible, and the method's own checks pass (distinct resources).
 * @returns the problems found, each a sentence that says what to fix (empty when the request is fine)
 */
export function validateSwapRequest(target: SwapTarget | undefined, desired: unknown): string[] {
    const problems: string[] = [];
    if (!isColour(desired)) problems.push(`The colour to make live is ${JSON.stringify(desired)}; use one of ${colours.join(", ")}.`);
    if (!target || typeof target !== "object") {
        return [...problems, "No swap target was given: name the resource group, both load balancers, the frontend and both addresses (or, for a shared load balancer, kind sharedLoadBalancer with its frontends and pools)."];
    }
    const kind = swapTargetKind(target);
    if (!kind) {
        return [...problems, `The swap target's kind is ${JSON.stringify(target.kind)}; use "pairedLoadBalancers" (or leave it out) or "sharedLoadBalancer".`];
    }
    for (const field of swapTargetFieldsOf(kind)) {
        const value: unknown = (target as unknown as Record<string, unknown>)[field];
        if (typeof value !== "string" || !namePattern.test(value)) {
            problems.push(`${field} is ${JSON.stringify(value)}; give an Azure resource name (letters, digits, '.', '-', '_').`);
        }
    }
    if (problems.length > 0) return problems;
    return target.kind === "sharedLoadBalancer" ? validateSharedTarget(target) : validatePairedTarget(target);
}
