/**
 * `planSwap` (what `vipswap swap --dry-run` prints) for the shared load balancer: the plan comes from the pool
 * switch's own decision over its state, so it is exactly the steps the real swap then takes on the emulator, from the
 * live state towards either colour (the one already live plans nothing); a switch still running plans a wait first.
 * Planning writes nothing, and a state the decision refuses plans no step.
 */
import type { LoadBalancer } from "@azure/arm-network";
import type { Colour } from "../../components/colour";
import { poolSwitchBody } from "../../components/swap/sharedLoadBalancer/poolSwitchBody";
import type { PoolSwitchState } from "../../components/swap/sharedLoadBalancer/poolSwitchState";
import { inspectSwap, planSwap, reconcileSwap } from "../../components/swap/swapEngine";
import { type EngineHarness, startHarness, testPollMs, writesIn } from "./engineHarness";
import { freshSharedPair, sharedState } from "./sharedHarness";

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterEach(() => {
    harness.emulator.clearFaults();
    harness.emulator.releaseOperations();
});
afterAll(() => harness.stop());

const poll = { updateIntervalInMs: 5 };
const described = (plan: ReturnType<typeof planSwap>) => plan.steps.map((s) => (s.kind === "step" ? s.description : `wait: ${s.reason}`));

describe("the planned steps are the steps the pool switch takes", () => {
    it.each(["green", "blue"] as Colour[])("from blue live, towards %s", async (to) => {
        const pair = await freshSharedPair(harness);
        const inspection = await inspectSwap(harness.connection, pair.target);
        expect(inspection.kind).toBe("sharedLoadBalancer");
        const plan = planSwap(inspection.observed, to, inspection.kind);
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
        expect(plan.outcome).toEqual({ kind: "done" });
        expect(described(plan)).toEqual(to === "green" ? ["production -> green pool, staging -> blue pool"] : []);
        const report = await reconcileSwap(harness.connection, pair.target, to, { pollIntervalMs: testPollMs });
        expect(described(plan)).toEqual(report.steps.map((s) => s.description));
        expect(await sharedState(harness, pair)).toMatchObject({ production: to, staging: to === "green" ? "blue" : "green" });
    });

    it("while a switch's PUT is still running: a wait first, then the steps from what Azure shows now, and nothing written", async () => {
        const pair = await freshSharedPair(harness);
        harness.emulator.addFault({ method: "PUT", pathPattern: "/loadBalancers/app-lb$", action: { type: "hold" } });
        const lb: LoadBalancer = await harness.client.loadBalancers.get(pair.target.resourceGroupName, pair.target.loadBalancerName);
        await harness.client.loadBalancers.beginCreateOrUpdate(pair.target.resourceGroupName, pair.target.loadBalancerName, poolSwitchBody(lb, pair.target, "green", "blue")!, poll);
        harness.emulator.clearRequestLog();
        const inspection = await inspectSwap(harness.connection, pair.target);
        // Readers see the committed body while the PUT runs (blue's pools, Updating): the plan cannot know what the
        // running operation commits, so after the wait it plans from the state shown. A real swap re-reads after it.
        for (const [to, after] of [["green", ["production -> green pool, staging -> blue pool"]], ["blue", []]] as [Colour, string[]][]) {
            const plan = planSwap(inspection.observed, to, "sharedLoadBalancer");
            expect(described(plan)).toEqual(["wait: the load balancer is Updating", ...after]);
            expect(plan.outcome).toEqual({ kind: "done" });
        }
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    });
});

describe("planSwap on a pool-switch state no write is safe from", () => {
    it("plans no step and ends with the decision's refusal", () => {
        const rules = (pool: "blue" | "green") => [{ name: `http-${pool}`, port: "tcp:80", pool }];
        const state: PoolSwitchState = {
            provisioningState: "Succeeded",
            frontends: { production: { exists: true, rules: rules("blue") }, staging: { exists: true, rules: rules("blue") } },
            pools: { blue: true, green: true },
        };
        const plan = planSwap(state, "green", "sharedLoadBalancer");
        expect(plan.steps).toEqual([]);
        expect(plan.outcome).toMatchObject({ kind: "refuse", reason: expect.stringMatching(/pool/) });
    });
});
