import { createNetworkClient } from "../../components/azure/networkClient";
import type { SwapReport } from "../../components/swap/swapReport";
import { engineRun, engineSwapDriver } from "../../demo/engineSwapDriver";
import type { SwapStepEvent } from "../../demo/swapRun";
import { AzureEmulator } from "../../emulator/azureEmulator";
import { createBlueGreenPair } from "../../emulator/blueGreenScenario";

describe("engineRun", () => {
    it("places the engine's report on the demo clock, relative to the swap's start", () => {
        const report: SwapReport = {
            kind: "pairedLoadBalancers",
            from: "blue",
            to: "green",
            alreadyLive: false,
            steps: [
                { step: { kind: "createFloatingIp" }, description: "create floating IP", startedAt: "2026-01-01T00:00:00.100Z", endedAt: "2026-01-01T00:00:00.400Z", durationMs: 300 },
            ],
            productionUnattachedMs: 120,
            stagingUnattachedMs: 130,
            totalMs: 900,
            retries: 2,
            startedAt: "2026-01-01T00:00:00.000Z",
            endedAt: "2026-01-01T00:00:00.900Z",
        };
        expect(engineRun(report, 5000)).toEqual({
            method: "engine",
            from: "blue",
            to: "green",
            startMs: 5000,
            endMs: 5900,
            steps: [{ name: "create floating IP", startMs: 5100, endMs: 5400 }],
            productionUnattachedMs: 120,
            stagingUnattachedMs: 130,
            retries: 2,
        });
    });
});

describe("engineSwapDriver against the emulator", () => {
    let emulator: AzureEmulator;

    beforeAll(async () => {
        emulator = await AzureEmulator.start({ profile: "fast" });
    });

    afterAll(async () => {
        await emulator.stop();
    });

    it("swaps with vipswap's engine and reports every step as it starts and ends", async () => {
        const connection = emulator.connection();
        const client = createNetworkClient(connection);
        const pair = await createBlueGreenPair(client, emulator, { withBackends: false });
        const events: SwapStepEvent[] = [];
        const t0 = performance.now();
        const clock = (): number => performance.now() - t0;
        const run = await engineSwapDriver(connection, pair.target, 5).swap("green", { clock, onStep: (e) => events.push(e), abortSignal: new AbortController().signal });

        const green = await client.loadBalancers.get(pair.target.resourceGroupName, pair.target.greenLoadBalancerName);
        expect(green.frontendIPConfigurations?.[0].publicIPAddress?.id).toBe(pair.productionIpId);
        expect(run).toMatchObject({ method: "engine", from: "blue", to: "green" });
        expect(run.steps.length).toBeGreaterThanOrEqual(4);
        expect(events.filter((e) => e.kind === "ended").map((e) => e.step)).toEqual(run.steps.map((s) => s.name));
        for (const step of run.steps) {
            expect(step.startMs).toBeGreaterThanOrEqual(run.startMs - 5);
            expect(step.endMs).toBeLessThanOrEqual(run.endMs + 5);
        }
    });
});
