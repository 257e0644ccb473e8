import { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { Colour, colours, otherColour } from "../../components/colour";
import { LoadBalancerModel, ruleSignature } from "../model/loadBalancer";
import { Pair, pairsOf } from "../model/pairs";
import { StackIndex } from "../model/stackIndex";
import { topologyOf } from "../model/topology";
import { capitalised, describe } from "./describe";
import { checkRuleProbes, checkStandardSku } from "./loadBalancerChecks";

/**
 * For the paired topology (a pair of the shared topology is `vipswap-shared-load-balancer`'s): the blue and green
 * load balancers of a pair are Standard and interchangeable: the same frontend names and the
 * same (protocol, frontend port, backend port) rules, each with a health probe. Cloud Services allowed a VIP swap
 * only between deployments with the same endpoints; here a swap that lands production on a load balancer without
 * one of its ports silently drops that traffic, and a rule without a probe sends traffic to instances that are
 * down. The swap also needs the frontend names to match (SwapTarget.frontendName names one frontend on both).
 */
export const loadBalancerPairPolicy: StackValidationPolicy = {
    name: "vipswap-load-balancer-pair",
    description:
        "The blue and green load balancers of a pair (tag vipswap:colour) are Standard SKU and expose the same " +
        "frontend names and the same (protocol, frontend port, backend port) rules, each with a health probe of its own " +
        "load balancer. Pairs of the shared topology are checked by vipswap-shared-load-balancer.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const pair of pairsOf(new StackIndex(args.resources))) {
            if (topologyOf(pair) === "paired") {
                checkPair(pair, report);
            }
        }
    },
};

function checkPair(pair: Pair, report: ReportViolation): void {
    const byColour = new Map<Colour, LoadBalancerModel[]>(colours.map((c) => [c, []]));
    for (const loadBalancer of pair.loadBalancers) {
        const colour = loadBalancer.colour();
        if (colour !== undefined) {
            byColour.get(colour)!.push(loadBalancer);
        }
    }
    const anchor = pair.members[0].urn;
    for (const colour of colours) {
        const found = byColour.get(colour)!;
        if (found.length === 0) {
            report(
                capitalised(pair.label) + ` has no ${colour} load balancer: tag it with vipswap:colour=${colour} ` +
                    "(a swap needs one blue and one green load balancer).",
                anchor,
            );
        } else if (found.length > 1) {
            report(
                capitalised(pair.label) + ` has ${found.length} load balancers tagged vipswap:colour=${colour} ` +
                    `(${found.map((lb) => `"${lb.resource.name}"`).join(", ")}): keep the tag on exactly one.`,
                found[1].resource.urn,
            );
        }
        for (const loadBalancer of found) {
            checkLoadBalancer(loadBalancer, colour, pair, report);
        }
    }
    const blue = byColour.get("blue")!;
    const green = byColour.get("green")!;
    if (blue.length === 1 && green.length === 1) {
        compareFrontends(blue[0], green[0], pair, report);
        compareRules(blue[0], green[0], pair, report);
    }
}

function checkLoadBalancer(loadBalancer: LoadBalancerModel, colour: Colour, pair: Pair, report: ReportViolation): void {
    const what = `${describe(loadBalancer.resource)} (the ${colour} load balancer of ${pair.label})`;
    checkStandardSku(loadBalancer, what, report);
    checkRuleProbes(loadBalancer, what, report);
}

function compareFrontends(blue: LoadBalancerModel, green: LoadBalancerModel, pair: Pair, report: ReportViolation): void {
    const names = { blue: new Set(blue.frontendNames()), green: new Set(green.frontendNames()) };
    for (const colour of colours) {
        const other = otherColour(colour);
        const missing = [...names[other]].filter((name) => !names[colour].has(name));
        if (missing.length > 0) {
            const target = colour === "blue" ? blue : green;
            report(
                `The ${colour} load balancer of ${pair.label} lacks frontend ${quoteAll(missing)} that the ${other} ` +
                    `one has: give both load balancers the same frontend names (the swap moves the address of ` +
                    "one named frontend between them).",
                target.resource.urn,
            );
        }
    }
}

function compareRules(blue: LoadBalancerModel, green: LoadBalancerModel, pair: Pair, report: ReportViolation): void {
    const signatures = {
        blue: new Set(blue.rules().map(ruleSignature)),
        green: new Set(green.rules().map(ruleSignature)),
    };
    for (const colour of colours) {
        const other = otherColour(colour);
        const missing = [...signatures[other]].filter((s) => !signatures[colour].has(s));
        if (missing.length > 0) {
            const target = colour === "blue" ? blue : green;
            report(
                `The ${colour} load balancer of ${pair.label} lacks the rule${missing.length > 1 ? "s" : ""} ` +
                    `${missing.join(", ")} (protocol frontend->backend port) that the ${other} one has: add ` +
                    `${missing.length > 1 ? "them" : "it"} to ${colour} or remove ${missing.length > 1 ? "them" : "it"} ` +
                    `from ${other}. After a swap, traffic on ${missing.length > 1 ? "those ports" : "that port"} ` +
                    "would reach nothing.",
                target.resource.urn,
            );
        }
    }
}

function quoteAll(names: string[]): string {
    return names.map((n) => `"${n}"`).join(", ");
}
