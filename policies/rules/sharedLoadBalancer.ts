import { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { Colour, colours } from "../../components/colour";
import { LoadBalancerModel, LoadBalancingRuleModel, ruleSignature } from "../model/loadBalancer";
import { Pair, pairsOf } from "../model/pairs";
import { ifKnown } from "../model/propertyReaders";
import { StackIndex } from "../model/stackIndex";
import { topologyOf } from "../model/topology";
import { Role } from "../model/vipswapTags";
import { capitalised, describe } from "./describe";
import { checkRuleProbes, checkStandardSku } from "./loadBalancerChecks";

/**
 * For the shared topology (docs/topologies.md): one Standard load balancer in front of both colours, tagged
 * `vipswap:colour=shared`, whose production and staging frontends declare the pair's production and staging
 * addresses; every port has a rule on both frontends, every rule has a probe of this load balancer, and the two
 * rules of a port send to different pools. A swap exchanges the production and staging rules' pools, so a port that
 * only one frontend serves is lost on one address after it, and two rules of one port on one pool are refused by
 * Azure (`RulesUseSameBackendPortProtocolAndPool`, docs/azure-behaviour.md §11) and leave nothing to exchange.
 */
export const sharedLoadBalancerPolicy: StackValidationPolicy = {
    name: "vipswap-shared-load-balancer",
    description:
        "A pair of the shared topology has one Standard load balancer (tag vipswap:colour=shared) whose production and " +
        "staging frontends hold the role-tagged addresses and carry the same (protocol, frontend port, backend port) " +
        "rules, each with a probe of that load balancer, the two rules of a port on different pools.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const pair of pairsOf(new StackIndex(args.resources))) {
            if (topologyOf(pair) === "shared") {
                checkPair(pair, report);
            }
        }
    },
};

/** The frontend and pool names of the pair: the VipSwap's when there is one, else the component's. */
interface SharedNames {
    readonly frontends: Record<Role, string>;
    readonly pools?: Record<Colour, string>;
}

function namesOf(pair: Pair): SharedNames {
    const vipSwap = pair.vipSwaps.find((v) => v.kind() === "sharedLoadBalancer");
    const frontends = {
        production: vipSwap?.target("productionFrontendName") ?? "production",
        staging: vipSwap?.target("stagingFrontendName") ?? "staging",
    };
    const [blue, green] = [vipSwap?.target("bluePoolName"), vipSwap?.target("greenPoolName")];
    return { frontends, ...(blue !== undefined && green !== undefined ? { pools: { blue, green } } : {}) };
}

function checkPair(pair: Pair, report: ReportViolation): void {
    const shared = pair.loadBalancers.filter((lb) => lb.isShared());
    const anchor = pair.members[0].urn;
    if (shared.length === 0) {
        report(
            capitalised(pair.label) + " swaps a shared load balancer but has no load balancer tagged " +
                "vipswap:colour=shared: tag the load balancer in front of both colours with it.",
            anchor,
        );
        return;
    }
    if (shared.length > 1) {
        report(
            capitalised(pair.label) + ` has ${shared.length} load balancers tagged vipswap:colour=shared ` +
                `(${shared.map((lb) => `"${lb.resource.name}"`).join(", ")}): keep the tag on exactly one.`,
            shared[1].resource.urn,
        );
    }
    const coloured = pair.loadBalancers.filter((lb) => lb.colour() !== undefined);
    if (coloured.length > 0) {
        report(
            capitalised(pair.label) + ` mixes the shared load balancer with ${coloured.map((lb) => describe(lb.resource)).join(", ")} ` +
                "tagged with a colour: a pair has one load balancer per colour or one shared one, and a scale set can be " +
                "behind only one public load balancer (VMScaleSetCannotUseMultipleLoadBalancersOfSameType). Remove the " +
                "colour tag or the extra load balancer.",
            coloured[0].resource.urn,
        );
    }
    const loadBalancer = shared[0];
    const what = `${describe(loadBalancer.resource)} (the shared load balancer of ${pair.label})`;
    const names = namesOf(pair);
    checkStandardSku(loadBalancer, what, report);
    checkRuleProbes(loadBalancer, what, report);
    const rules = rulesByRole(loadBalancer, names);
    checkFrontends(loadBalancer, what, names, pair, report);
    comparePorts(loadBalancer, what, names, rules, report);
    checkPools(loadBalancer, what, names, rules, report);
    checkAddresses(loadBalancer, what, names, pair, report);
}

function rulesByRole(loadBalancer: LoadBalancerModel, names: SharedNames): Record<Role, LoadBalancingRuleModel[]> {
    const on = (frontend: string) => loadBalancer.rules().filter((r) => r.frontendName()?.toLowerCase() === frontend.toLowerCase());
    return { production: on(names.frontends.production), staging: on(names.frontends.staging) };
}

function checkFrontends(loadBalancer: LoadBalancerModel, what: string, names: SharedNames, pair: Pair, report: ReportViolation): void {
    const present = new Set(loadBalancer.frontendNames().map((n) => n.toLowerCase()));
    for (const role of ["production", "staging"] as const) {
        const name = names.frontends[role];
        if (!present.has(name.toLowerCase())) {
            report(
                `${what} has no frontend "${name}" for the ${role} address (it has ` +
                    `${loadBalancer.frontendNames().map((n) => `"${n}"`).join(", ") || "none"}): give it a frontend of that ` +
                    `name that declares the ${role} address of ${pair.label}.`,
                loadBalancer.resource.urn,
            );
        }
    }
}

/** Every port is on both frontends: the swap exchanges the two rules of a port, so each needs its counterpart. */
function comparePorts(
    loadBalancer: LoadBalancerModel,
    what: string,
    names: SharedNames,
    rules: Record<Role, LoadBalancingRuleModel[]>,
    report: ReportViolation,
): void {
    const signatures = {
        production: new Set(rules.production.map(ruleSignature)),
        staging: new Set(rules.staging.map(ruleSignature)),
    };
    for (const [role, other] of [["staging", "production"], ["production", "staging"]] as const) {
        const missing = [...signatures[other]].filter((s) => !signatures[role].has(s));
        if (missing.length > 0) {
            report(
                `${what}: the ${role} frontend "${names.frontends[role]}" lacks the rule${missing.length > 1 ? "s" : ""} ` +
                    `${missing.join(", ")} (protocol frontend->backend port) that the ${other} frontend has: give every ` +
                    "port a rule on both frontends. After a swap, that port would reach nothing on one address.",
                loadBalancer.resource.urn,
            );
        }
    }
}

/** The two rules of a port send to different pools, and (with a VipSwap) to its blue and green pools only. */
function checkPools(
    loadBalancer: LoadBalancerModel,
    what: string,
    names: SharedNames,
    rules: Record<Role, LoadBalancingRuleModel[]>,
    report: ReportViolation,
): void {
    const poolOf = (rule: LoadBalancingRuleModel) => rule.poolNames()[0]?.toLowerCase();
    for (const production of rules.production) {
        const staging = rules.staging.find((r) => ruleSignature(r) === ruleSignature(production));
        const pool = poolOf(production);
        if (staging !== undefined && pool !== undefined && pool === poolOf(staging)) {
            report(
                `${what}: rules "${production.name}" and "${staging.name}" (${ruleSignature(production)}) both send to ` +
                    `pool "${production.poolNames()[0]}": point the production rule at the live colour's pool and the ` +
                    "staging rule at the other one. Azure refuses two rules of one protocol and backend port on one " +
                    "pool (RulesUseSameBackendPortProtocolAndPool), and a swap would have nothing to exchange.",
                loadBalancer.resource.urn,
            );
        }
    }
    if (names.pools === undefined) {
        return;
    }
    const allowed = colours.map((c) => names.pools![c].toLowerCase());
    for (const rule of [...rules.production, ...rules.staging]) {
        const pool = poolOf(rule);
        if (pool !== undefined && !allowed.includes(pool)) {
            report(
                `${what}: rule "${rule.name}" sends to pool "${rule.poolNames()[0]}", which is neither the blue pool ` +
                    `"${names.pools.blue}" nor the green pool "${names.pools.green}" that the VipSwap switches between: ` +
                    "point it at one of them (the swap refuses a rule on a third pool).",
                loadBalancer.resource.urn,
            );
        }
    }
}

/**
 * Each role's frontend declares the pair's address of that role. Checked only once the address ids are known: a
 * first preview has not created the addresses yet (every later preview and update checks it).
 */
function checkAddresses(loadBalancer: LoadBalancerModel, what: string, names: SharedNames, pair: Pair, report: ReportViolation): void {
    for (const role of ["production", "staging"] as const) {
        const address = pair.addresses.filter((a) => a.role() === role);
        const frontend = loadBalancer.frontends().find((f) => f.name?.toLowerCase() === names.frontends[role].toLowerCase());
        if (address.length !== 1 || frontend === undefined) {
            continue; // vipswap-address-pair reports a missing or doubled address; checkFrontends a missing frontend
        }
        const declared = ifKnown(() => frontend.addressName());
        const expected = address[0].azureName();
        if (declared !== undefined && expected !== undefined && declared.toLowerCase() !== expected.toLowerCase()) {
            report(
                `${what}: frontend "${frontend.name}" declares public IP "${declared}", but the ${role} address of ` +
                    `${pair.label} is ${describe(address[0].resource)} ("${expected}"): point the ${role} frontend at ` +
                    `the ${role} address. The frontends keep their addresses; the swap only moves the rules' pools.`,
                loadBalancer.resource.urn,
            );
        }
    }
}
