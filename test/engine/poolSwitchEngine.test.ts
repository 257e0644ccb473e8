import { inspectSwap, reconcileSwap, SwapError } from "../../components/swap/swapEngine";
import { createSharedPair, type SharedPair } from "../../emulator/sharedLoadBalancerScenario";
import { type EngineHarness, startHarness, testPollMs, writesIn } from "./engineHarness";

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterAll(() => harness.stop());

async function freshSharedPair(): Promise<SharedPair> {
    harness.emulator.reset();
    const pair = await createSharedPair(harness.client, harness.emulator);
    harness.emulator.clearRequestLog();
    return pair;
}

describe("the pool switch against the emulator", () => {
    it("swaps blue -> green with one If-Match PUT and back", async () => {
        const pair = await freshSharedPair();
        const report = await reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs });
        expect(report).toMatchObject({ kind: "sharedLoadBalancer", from: "blue", to: "green", productionUnattachedMs: 0 });
        const writes = writesIn(harness.emulator.requestLog());
        expect(writes.map((w) => `${w.method} ${w.path.split("?")[0].split("/").pop()}`)).toEqual(["PUT app-lb"]);
        const inspection = await inspectSwap(harness.connection, pair.target);
        expect(inspection).toMatchObject({ liveColour: "green", productionIpAddress: pair.productionIpAddress, stagingIpAddress: pair.stagingIpAddress });
        const back = await reconcileSwap(harness.connection, pair.target, "blue", { pollIntervalMs: testPollMs });
        expect(back.from).toBe("green");
        expect(SwapError).toBeDefined();
    });
});
