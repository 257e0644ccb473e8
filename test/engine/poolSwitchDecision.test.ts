import { type Colour, colours, otherColour } from "../../components/colour";
import { type PoolSwitchStep, decidePoolSwitch } from "../../components/swap/sharedLoadBalancer/poolSwitchDecision";
import { type ObservedRule, type PoolReference, type PoolSwitchState, liveColourOfPools } from "../../components/swap/sharedLoadBalancer/poolSwitchState";

/**
 * The pool-switch decision over every state: each frontend's rules (none, one, or two ports, each on blue, green, no
 * pool or a third pool), missing frontends and pools, and the provisioning state. A small model of Azure applies the
 * switch (one PUT that sets every production rule to one pool and every staging rule to the other), so the test proves
 * convergence from the two known states, a refusal with its code for every other, and that nothing else is written.
 */

const pools: PoolReference[] = ["blue", "green", "none", "other"];
type RuleSet = readonly PoolReference[];

/** Every rule set of zero, one or two ports. */
const ruleSets: RuleSet[] = [[], ...pools.map((p) => [p]), ...pools.flatMap((a) => pools.map((b) => [a, b]))];

interface ModelOptions {
    production: RuleSet;
    staging: RuleSet;
    missingFrontend?: "production" | "staging";
    missingPool?: Colour;
    provisioningState?: string;
}

function model(o: ModelOptions): PoolSwitchState {
    const rules = (role: string, set: RuleSet): ObservedRule[] => set.map((pool, i) => ({ name: `port${i}-${role}`, port: `tcp:${80 + i}`, pool }));
    return {
        provisioningState: o.provisioningState ?? "Succeeded",
        frontends: {
            production: { exists: o.missingFrontend !== "production", rules: o.missingFrontend === "production" ? [] : rules("production", o.production) },
            staging: { exists: o.missingFrontend !== "staging", rules: o.missingFrontend === "staging" ? [] : rules("staging", o.staging) },
        },
        pools: { blue: o.missingPool !== "blue", green: o.missingPool !== "green" },
    };
}

function allStates(): PoolSwitchState[] {
    const states: PoolSwitchState[] = [];
    for (const production of ruleSets)
        for (const staging of ruleSets)
            for (const missingFrontend of [undefined, "production", "staging"] as const)
                for (const missingPool of [undefined, "blue", "green"] as const)
                    for (const provisioningState of ["Succeeded", "Updating", "Failed"])
                        states.push(model({ production, staging, missingFrontend, missingPool, provisioningState }));
    return states;
}

/** Azure's view of the one write: every production rule to the step's pool, every staging rule to the other; nothing else. */
function apply(state: PoolSwitchState, step: PoolSwitchStep): PoolSwitchState {
    const to = (rules: readonly ObservedRule[], pool: Colour) => rules.map((rule) => ({ ...rule, pool }));
    return {
        ...state,
        frontends: {
            production: { ...state.frontends.production, rules: to(state.frontends.production.rules, step.production) },
            staging: { ...state.frontends.staging, rules: to(state.frontends.staging.rules, step.staging) },
        },
    };
}

/** A state the switch knows: both frontends exist, both pools exist, each frontend's rules all on one colour, the two differ. */
function isKnown(state: PoolSwitchState): Colour | undefined {
    if (!state.frontends.production.exists || !state.frontends.staging.exists || !state.pools.blue || !state.pools.green) return undefined;
    return liveColourOfPools(state);
}

describe("decidePoolSwitch", () => {
    const states = allStates();

    it("covers every state of the model", () => {
        expect(states.length).toBe(ruleSets.length * ruleSets.length * 3 * 3 * 3);
        expect(states.length).toBeGreaterThan(5000);
    });

    for (const desired of colours) {
        it(`converges towards ${desired} from both known states in at most one switch, and refuses every other state`, () => {
            let converged = 0;
            let refused = 0;
            for (const state of states) {
                const live = isKnown(state);
                const decision = decidePoolSwitch(state, desired);
                if (live === undefined) {
                    expect(decision.kind).toBe("refuse");
                    refused++;
                    continue;
                }
                if (state.provisioningState === "Updating") {
                    expect(decision).toEqual({ kind: "wait", reason: "the load balancer is Updating" });
                    continue;
                }
                if (live === desired) {
                    expect(decision).toEqual({ kind: "done" });
                    converged++;
                    continue;
                }
                expect(decision).toMatchObject({ kind: "act", step: { kind: "switchPools", production: desired, staging: otherColour(desired) } });
                if (decision.kind !== "act") throw new Error("unreachable");
                const after = apply(state, decision.step);
                // The write keeps every rule and its name and port; only pools change, and the two frontends never share one.
                expect(after.frontends.production.rules.map((r) => [r.name, r.port])).toEqual(state.frontends.production.rules.map((r) => [r.name, r.port]));
                expect(liveColourOfPools(after)).toBe(desired);
                expect(decidePoolSwitch(after, desired)).toEqual({ kind: "done" });
                converged++;
            }
            expect(converged).toBeGreaterThan(0);
            expect(refused).toBeGreaterThan(0);
        });
    }

    const refusals: [string, ModelOptions, string][] = [
        ["both rule sets on one pool", { production: ["blue"], staging: ["blue"] }, "SamePoolOnBothFrontends"],
        ["a rule on a third pool", { production: ["blue"], staging: ["other"] }, "RuleOnUnknownPool"],
        ["a rule without a pool", { production: ["none"], staging: ["green"] }, "RuleWithoutPool"],
        ["one frontend's rules split across pools", { production: ["blue", "green"], staging: ["green", "green"] }, "FrontendSplitAcrossPools"],
        ["a frontend with no rules", { production: ["blue"], staging: [] }, "FrontendWithoutRules"],
        ["a missing frontend", { production: ["blue"], staging: ["green"], missingFrontend: "staging" }, "FrontendMissing"],
        ["a missing pool", { production: ["blue"], staging: ["green"], missingPool: "green" }, "PoolMissing"],
    ];
    for (const [what, options, code] of refusals) {
        it(`refuses ${what} with ${code} towards either colour, even while the load balancer is Updating`, () => {
            for (const desired of colours) {
                for (const provisioningState of ["Succeeded", "Updating"]) {
                    const decision = decidePoolSwitch(model({ ...options, provisioningState }), desired);
                    expect(decision).toMatchObject({ kind: "refuse", code });
                    if (decision.kind === "refuse") expect(decision.reason).toMatch(/by hand|create it|add its rules/);
                }
            }
        });
    }

    it("finishes an interrupted switch: a load balancer Updating with it waits, and the committed result is done", () => {
        const during = model({ production: ["green", "green"], staging: ["blue", "blue"], provisioningState: "Updating" });
        expect(decidePoolSwitch(during, "green")).toMatchObject({ kind: "wait" });
        expect(decidePoolSwitch({ ...during, provisioningState: "Succeeded" }, "green")).toEqual({ kind: "done" });
        // A switch whose operation failed left the rules as they were: the same switch is decided again.
        const failed = model({ production: ["blue"], staging: ["green"], provisioningState: "Failed" });
        expect(decidePoolSwitch(failed, "green")).toMatchObject({ kind: "act", step: { production: "green", staging: "blue" } });
    });
});
