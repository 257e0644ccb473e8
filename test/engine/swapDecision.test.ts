import { type Colour, colours, otherColour } from "../../components/colour";
import type { AddressAttachment, AddressRole, FrontendReference, ObservedAddress, ObservedState } from "../../components/swap/floatingIp/observedState";
import { liveColour } from "../../components/swap/floatingIp/observedState";
import { type SwapStep, decideNextStep, describeStep } from "../../components/swap/floatingIp/swapDecision";

/**
 * The decision function over every state: all frontend references, floating IP kinds, provisioning states and
 * third-party attachments. A small model of Azure applies each step (and refuses what Azure refuses), so the
 * test proves convergence and safety rather than restating the decision table.
 */

const roles: AddressRole[] = ["production", "staging", "floating"];
const references: FrontendReference[] = ["production", "staging", "floating", "other", "none"];

interface ModelOptions {
    blue: FrontendReference;
    green: FrontendReference;
    floating: "absent" | "tagged" | "untagged";
    floatingState?: string;
    updating?: Colour | AddressRole;
    elsewhere?: AddressRole;
    missing?: "production" | "staging";
}

/** A state whose address attachments agree with the load balancers, as Azure shows it once operations commit. */
function model(o: ModelOptions): ObservedState {
    const lbState = (c: Colour) => (o.updating === c ? "Updating" : "Succeeded");
    const address = (role: AddressRole): ObservedAddress => {
        const exists = role === "floating" ? o.floating !== "absent" : o.missing !== role;
        const held: AddressAttachment = o.blue === role ? "blue" : o.green === role ? "green" : "none";
        return {
            exists,
            provisioningState: !exists ? undefined : o.updating === role ? "Updating" : role === "floating" ? (o.floatingState ?? "Succeeded") : "Succeeded",
            attachment: !exists ? "none" : o.elsewhere === role && held === "none" ? "elsewhere" : held,
            ...(role === "floating" ? { taggedFloating: o.floating === "tagged" } : {}),
        };
    };
    return {
        loadBalancers: { blue: { frontend: o.blue, provisioningState: lbState("blue") }, green: { frontend: o.green, provisioningState: lbState("green") } },
        addresses: { production: address("production"), staging: address("staging"), floating: address("floating") },
    };
}

/** Every state in the model's domain. */
function allStates(): ObservedState[] {
    const states: ObservedState[] = [];
    for (const blue of references)
        for (const green of references)
            for (const floating of ["absent", "tagged", "untagged"] as const)
                for (const floatingState of ["Succeeded", "Failed"])
                    for (const updating of [undefined, "blue", "green", "production", "staging", "floating"] as const)
                        for (const elsewhere of [undefined, ...roles])
                            for (const missing of [undefined, "production", "staging"] as const)
                                states.push(model({ blue, green, floating, floatingState, updating, elsewhere, missing }));
    return states;
}

/** What Azure refuses: writes that reference missing or attached addresses, deleting an attached or foreign one. */
function checkStepIsSafe(state: ObservedState, step: SwapStep): void {
    const floating = state.addresses.floating;
    switch (step.kind) {
        case "createFloatingIp":
            expect(floating.exists).toBe(false);
            return;
        case "deleteFloatingIp":
            expect(floating.exists && floating.taggedFloating).toBe(true);
            expect(floating.attachment).toBe("none");
            return;
        case "attach": {
            const target = state.addresses[step.address];
            // The frontend always gets an address that exists and is free: it is never left without one.
            expect(target.exists).toBe(true);
            expect(target.attachment).toBe("none");
            expect(state.loadBalancers.blue.frontend).not.toBe(step.address);
            expect(state.loadBalancers.green.frontend).not.toBe(step.address);
            if (step.address === "floating") expect(floating.taggedFloating).toBe(true);
        }
    }
}

/** Azure's view after the step commits. */
function apply(state: ObservedState, step: SwapStep): ObservedState {
    const loadBalancers = { ...state.loadBalancers };
    const addresses = { ...state.addresses };
    if (step.kind === "createFloatingIp") addresses.floating = { exists: true, provisioningState: "Succeeded", attachment: "none", taggedFloating: true };
    if (step.kind === "deleteFloatingIp") addresses.floating = { exists: false, attachment: "none", taggedFloating: false };
    if (step.kind === "attach") {
        const released = loadBalancers[step.loadBalancer].frontend as AddressRole;
        loadBalancers[step.loadBalancer] = { frontend: step.address, provisioningState: "Succeeded" };
        addresses[released] = { ...addresses[released], attachment: "none" };
        addresses[step.address] = { ...addresses[step.address], attachment: step.loadBalancer };
    }
    return { loadBalancers, addresses };
}

const isKnown = (s: ObservedState) =>
    s.addresses.production.exists &&
    s.addresses.staging.exists &&
    s.loadBalancers.blue.frontend !== s.loadBalancers.green.frontend &&
    (["blue", "green"] as const).every((c) => ["production", "staging", "floating"].includes(s.loadBalancers[c].frontend)) &&
    (s.addresses.floating.exists || (s.loadBalancers.blue.frontend !== "floating" && s.loadBalancers.green.frontend !== "floating")) &&
    s.addresses.production.attachment !== "elsewhere" &&
    s.addresses.staging.attachment !== "elsewhere";

/** Runs decisions to the end, committing every step; returns the steps taken. */
function converge(start: ObservedState, desired: Colour): SwapStep[] {
    const steps: SwapStep[] = [];
    let state = start;
    for (let i = 0; i < 10; i++) {
        const decision = decideNextStep(state, desired);
        if (decision.kind === "done") return steps;
        if (decision.kind !== "act") throw new Error(`stuck: ${JSON.stringify(decision)}`);
        checkStepIsSafe(state, decision.step);
        steps.push(decision.step);
        state = apply(state, decision.step);
    }
    throw new Error(`no convergence from ${JSON.stringify(start)}: ${steps.map(describeStep).join(", ")}`);
}

/** Known states whose floating IP, if any, is ours and free of third parties: the ones a swap or a crash leaves. */
const isOurs = (s: ObservedState) =>
    isKnown(s) && (!s.addresses.floating.exists || s.addresses.floating.taggedFloating) && s.addresses.floating.attachment !== "elsewhere";

const states = allStates();
const settledKnown = states.filter((s) => isOurs(s) && decideNextStep(s, "blue").kind !== "wait");

describe("decideNextStep", () => {
    it("enumerates a large domain, including every hand-made half swap", () => {
        expect(states.length).toBeGreaterThan(10_000);
        // The reachable, settled states: each ordered pair of distinct roles on the two frontends.
        const pairs = new Set(settledKnown.map((s) => `${s.loadBalancers.blue.frontend}/${s.loadBalancers.green.frontend}`));
        expect(pairs.size).toBe(6);
    });

    it.each(colours)("from every known settled state converges to %s within six steps (five, plus one to clear a failed floating IP), each of them safe", (desired) => {
        for (const state of settledKnown) {
            const steps = converge(state, desired);
            expect(steps.length).toBeLessThanOrEqual(6);
            const end = steps.reduce(apply, state);
            expect(liveColour(end)).toBe(desired);
            expect(end.addresses.production.exists && end.addresses.staging.exists).toBe(true);
            expect(end.addresses.floating.exists).toBe(false);
        }
    });

    it.each(colours)("never releases production towards %s unless the very next step attaches it to the desired side", (desired) => {
        for (const state of settledKnown) {
            const steps = converge(state, desired);
            let current = state;
            steps.forEach((step, i) => {
                const releasesProduction = step.kind === "attach" && current.loadBalancers[step.loadBalancer].frontend === "production";
                if (releasesProduction) {
                    // The floating IP was created earlier (or staging was free): the window is one update.
                    expect(steps[i + 1]).toEqual({ kind: "attach", loadBalancer: desired, address: "production" });
                }
                current = apply(current, step);
            });
        }
    });

    it("runs the swap of docs/design.md's table, row by row, in both directions", () => {
        for (const desired of colours) {
            const live = otherColour(desired);
            const start = model({ [live]: "production", [desired]: "staging", floating: "absent" } as unknown as ModelOptions);
            expect(converge(start, desired).map(describeStep)).toEqual([
                "create floating IP",
                `${live} <- floating`,
                `${desired} <- production`,
                `${live} <- staging`,
                "delete floating IP",
            ]);
        }
    });

    it("is done when the desired colour is already live", () => {
        expect(decideNextStep(model({ blue: "production", green: "staging", floating: "absent" }), "blue")).toEqual({ kind: "done" });
    });

    it("leaves an untagged address with the floating name alone when the swap is done, and refuses to use it", () => {
        expect(decideNextStep(model({ blue: "production", green: "staging", floating: "untagged" }), "blue")).toEqual({ kind: "done" });
        const decision = decideNextStep(model({ blue: "production", green: "staging", floating: "untagged" }), "green");
        expect(decision).toMatchObject({ kind: "refuse", code: "ForeignFloatingIp" });
    });

    it("deletes a floating IP whose creation failed, then creates it again", () => {
        const failed = model({ blue: "production", green: "staging", floating: "tagged", floatingState: "Failed" });
        expect(decideNextStep(failed, "green")).toMatchObject({ kind: "act", step: { kind: "deleteFloatingIp" } });
        expect(converge(failed, "green")[1]).toEqual({ kind: "createFloatingIp" });
    });

    it("waits, and only waits, while a resource is still changing", () => {
        for (const state of states.filter(isKnown)) {
            const changing = [...Object.values(state.loadBalancers), ...Object.values(state.addresses)].some(
                (r) => r.provisioningState === "Updating",
            );
            for (const desired of colours) {
                const decision = decideNextStep(state, desired);
                expect(decision.kind === "wait").toBe(changing);
            }
        }
    });

    it("waits while an address's attachment disagrees with the load balancers (an operation is committing)", () => {
        const state = model({ blue: "floating", green: "staging", floating: "tagged" });
        const lagging: ObservedState = { ...state, addresses: { ...state.addresses, production: { ...state.addresses.production, attachment: "blue" } } };
        expect(decideNextStep(lagging, "green")).toMatchObject({ kind: "wait" });
    });

    it("refuses every unknown state with a reason, for both colours, and never acts on it", () => {
        const unknown = states.filter((s) => !isKnown(s));
        expect(unknown.length).toBeGreaterThan(1000);
        for (const state of unknown) {
            for (const desired of colours) {
                const decision = decideNextStep(state, desired);
                expect(decision.kind).toBe("refuse");
                if (decision.kind === "refuse") expect(decision.reason.length).toBeGreaterThan(20);
            }
        }
    });

    it.each([
        [{ blue: "production", green: "production", floating: "absent" }, "SameAddressOnBothLoadBalancers"],
        [{ blue: "other", green: "staging", floating: "absent" }, "UnknownAddress"],
        [{ blue: "none", green: "staging", floating: "absent" }, "FrontendWithoutPublicIp"],
        [{ blue: "floating", green: "staging", floating: "absent" }, "UnknownAddress"],
        [{ blue: "floating", green: "staging", floating: "tagged", elsewhere: "production" }, "AddressAttachedElsewhere"],
        [{ blue: "production", green: "staging", floating: "absent", missing: "staging" }, "AddressMissing"],
        [{ blue: "production", green: "staging", floating: "tagged", elsewhere: "floating" }, "AddressAttachedElsewhere"],
    ] as [ModelOptions, string][])("refuses %j with %s", (options, code) => {
        expect(decideNextStep(model(options), "blue")).toMatchObject({ kind: "refuse", code });
    });

    it("never proposes a step that Azure would refuse, from any state at all", () => {
        for (const state of states) {
            for (const desired of colours) {
                const decision = decideNextStep(state, desired);
                if (decision.kind === "act") checkStepIsSafe(state, decision.step);
            }
        }
    });
});
