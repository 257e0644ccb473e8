/**
 * `planSwap` (what `vipswap swap --dry-run` prints) against what the swap then does: from every state the crash
 * suite stops a swap in, towards either colour, the planned steps are exactly the steps the real swap takes on the
 * emulator. And planning writes nothing.
 */
import type { Colour } from "../../components/colour";
import { inspectSwap, planSwap, reconcileSwap } from "../../components/swap/swapEngine";
import type { ObservedState } from "../../components/swap/floatingIp/observedState";
import { type EngineHarness, startHarness, testPollMs, writesIn } from "./engineHarness";
import { halfDoneSwap } from "./halfDoneSwap";

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterAll(async () => {
    await harness?.stop();
});

const cases: [Colour, number, Colour][] = [];
for (const to of ["green", "blue"] as Colour[]) for (const afterSteps of [0, 1, 2, 3, 4]) for (const rerun of ["green", "blue"] as Colour[]) cases.push([to, afterSteps, rerun]);

describe("the planned steps are the steps the swap takes", () => {
    it.each(cases)("a swap to %s stopped after step %i, then a swap to %s", async (to, afterSteps, rerun) => {
        const pair = await halfDoneSwap(harness, to, afterSteps);
        const inspection = await inspectSwap(harness.connection, pair.target);
        const plan = planSwap(inspection.observed, rerun);
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
        expect(plan.outcome).toEqual({ kind: "done" });
        const report = await reconcileSwap(harness.connection, pair.target, rerun, { pollIntervalMs: testPollMs, owner: "first@host-1" });
        expect(plan.steps.map((s) => (s.kind === "step" ? s.description : `wait: ${s.reason}`))).toEqual(report.steps.map((s) => s.description));
    });
});

describe("planSwap on states the emulator does not hold still", () => {
    const settled = { provisioningState: "Succeeded" };
    const state = (blueState: string): ObservedState => ({
        loadBalancers: { blue: { frontend: "floating", provisioningState: blueState }, green: { frontend: "staging", ...settled } },
        addresses: {
            production: { exists: true, ...settled, attachment: blueState === "Updating" ? "blue" : "none" },
            staging: { exists: true, ...settled, attachment: "green" },
            floating: { exists: true, ...settled, attachment: blueState === "Updating" ? "none" : "blue", taggedFloating: true },
        },
    });

    it("a load balancer still Updating: a wait first, then the steps from the state it commits to", () => {
        const plan = planSwap(state("Updating"), "green");
        expect(plan.steps[0]).toEqual({ kind: "wait", reason: "the blue load balancer is Updating" });
        expect(plan.steps.slice(1).map((s) => (s.kind === "step" ? s.description : s.kind))).toEqual(["green <- production", "blue <- staging", "delete floating IP"]);
        expect(plan.outcome).toEqual({ kind: "done" });
    });

    it("a state no step is safe from: the refusal, and no step", () => {
        const refused = planSwap({ ...state("Succeeded"), addresses: { ...state("Succeeded").addresses, staging: { exists: false, attachment: "none" } } }, "green");
        expect(refused.steps).toEqual([]);
        expect(refused.outcome).toMatchObject({ kind: "refuse", reason: expect.stringMatching(/The staging address does not exist/) });
    });
});
