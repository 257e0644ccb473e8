import type { NetworkManagementClient } from "@azure/arm-network";
import { createNetworkClient } from "../../components/azure/networkClient";
import { measureLoadBalancerUpdate } from "../../demo/floorMeasurement";
import { runNaiveSwap } from "../../demo/naiveSwap";
import type { SwapStepEvent } from "../../demo/swapRun";
import { AzureEmulator } from "../../emulator/azureEmulator";
import { type BlueGreenPair, createBlueGreenPair } from "../../emulator/blueGreenScenario";

/** The naive 2017 sequence against the emulator (fast profile) through the real arm-network client. */
describe("runNaiveSwap", () => {
    let emulator: AzureEmulator;
    let client: NetworkManagementClient;
    let pair: BlueGreenPair;

    beforeAll(async () => {
        emulator = await AzureEmulator.start({ profile: "fast" });
        client = createNetworkClient(emulator.connection());
        pair = await createBlueGreenPair(client, emulator, { withBackends: false });
    });

    afterAll(async () => {
        await emulator.stop();
    });

    /** Which address each colour's frontend holds now. */
    async function assignment(): Promise<Record<"blue" | "green", string | undefined>> {
        const t = pair.target;
        const [blue, green] = await Promise.all([
            client.loadBalancers.get(t.resourceGroupName, t.blueLoadBalancerName),
            client.loadBalancers.get(t.resourceGroupName, t.greenLoadBalancerName),
        ]);
        return {
            blue: blue.frontendIPConfigurations?.[0].publicIPAddress?.id,
            green: green.frontendIPConfigurations?.[0].publicIPAddress?.id,
        };
    }

    async function addressNames(): Promise<string[]> {
        const names: string[] = [];
        for await (const pip of client.publicIPAddresses.list(pair.target.resourceGroupName)) names.push(pip.name ?? "");
        return names.sort();
    }

    it("swaps blue -> green in the script's order, keeps both addresses and deletes its float IP", async () => {
        let now = 0;
        const events: SwapStepEvent[] = [];
        const run = await runNaiveSwap(client, pair.target, "green", { clock: () => ++now, updateIntervalInMs: 5, onStep: (e) => events.push(e) });

        expect(await assignment()).toEqual({ blue: pair.stagingIpId, green: pair.productionIpId });
        expect(await addressNames()).toEqual([pair.target.productionIpName, pair.target.stagingIpName].sort());
        const production = await client.publicIPAddresses.get(pair.target.resourceGroupName, pair.target.productionIpName);
        expect(production.ipAddress).toBe(pair.productionIpAddress);
        expect(run.steps.map((s) => s.name)).toEqual(["create float IP", "green <- float", "blue <- staging", "green <- production", "delete float IP"]);
        expect(events.map((e) => `${e.kind} ${e.step}`)).toEqual(run.steps.flatMap((s) => [`started ${s.name}`, `ended ${s.name}`]));
        expect(run).toMatchObject({ method: "naive", from: "blue", to: "green", retries: 0 });
        // Production is out from the start of "blue <- staging" to the end of "green <- production".
        expect(run.productionUnattachedMs).toBe(run.steps[3].endMs - run.steps[2].startMs);
    });

    it("swaps back green -> blue, and does nothing when the colour is already live", async () => {
        const run = await runNaiveSwap(client, pair.target, "blue", { clock: () => performance.now(), updateIntervalInMs: 5 });
        expect(run.from).toBe("green");
        expect(await assignment()).toEqual({ blue: pair.productionIpId, green: pair.stagingIpId });

        emulator.clearRequestLog();
        const noop = await runNaiveSwap(client, pair.target, "blue", { clock: () => performance.now(), updateIntervalInMs: 5 });
        expect(noop.steps).toEqual([]);
        expect(emulator.requestLog().filter((r) => r.method !== "GET")).toEqual([]);
    });

    it("measures one load balancer update without changing which address is where", async () => {
        const before = await assignment();
        const ms = await measureLoadBalancerUpdate(client, pair.target, { pollIntervalMs: 1 });
        expect(ms).toBeGreaterThan(0);
        expect(await assignment()).toEqual(before);
    });
});
