/**
 * The health gates in the `VipSwap` resource as `pulumi up` runs it: the serialized provider in the SDK's
 * dynamic-provider host, driven over gRPC, against the emulator. A refused or rolled-back update fails the step
 * with the gate's message (so `pulumi up` fails and the state keeps the old colour), and writes nothing or
 * restores the old colour.
 */
import * as pulumi from "@pulumi/pulumi";
import { createVipSwapProvider } from "../../components/vipSwap/vipSwapProvider";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { type CompiledBuild, compileForChildProcess } from "../helpers/compiledBuild";
import { type ProviderHost, startProviderHost } from "../vipSwap/providerHost";
import { reconcileSwap } from "../../components/swap/swapEngine";
import { azureState, dataPlaneUrl, setBackends, writesIn } from "./gateHarness";

let fixture: EmulatorFixture;
let build: CompiledBuild;
let host: ProviderHost;
let pair: BlueGreenPair;
let original: Awaited<ReturnType<typeof azureState>>;
let state: Record<string, unknown>;

const inputs = (activeColour: string, healthGate?: Record<string, unknown>) => ({
    activeColour,
    ...pair.target,
    pollIntervalMs: 20,
    ...(healthGate ? { healthGate } : {}),
});
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

beforeAll(async () => {
    fixture = await startEmulatorFixture({ throttling: false });
    build = compileForChildProcess("vipswap-gates-provider", ["components/vipSwap/vipSwapRuntime.ts"]);
    const provider = createVipSwapProvider(build.js("components/vipSwap/vipSwapRuntime.ts"));
    const providerText = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
    host = await startProviderHost(providerText, { PATH: process.env.PATH, AZURE_ACCESS_TOKEN: fixture.emulator.accessToken });
    await host.configure({
        "azure-native:subscriptionId": fixture.emulator.subscriptionId,
        "vipswap:armEndpoint": fixture.emulator.endpoint,
        "vipswap:armCaCertFile": fixture.emulator.caCertFile,
    });
});
afterAll(async () => {
    await host?.stop();
    build?.remove();
    await fixture?.stop();
});
beforeEach(async () => {
    fixture.emulator.reset();
    pair = await createBlueGreenPair(fixture.client, fixture.emulator); // blue v1 live, green v2, all healthy
    original = await azureState(fixture.client, pair);
    state = (await host.create(inputs("blue"))).properties;
    fixture.emulator.clearRequestLog();
});

describe("VipSwap with health gates, in the dynamic-provider host", () => {
    test("check reports bad gate settings against healthGate, and lets a URL that is unknown in preview through", async () => {
        const bad = await host.check({}, inputs("green", { smokeTest: { url: "ftp://x/" }, rollback: "yes" }));
        expect(bad.failures).toEqual([
            {
                property: "healthGate",
                reason: expect.stringMatching(/healthGate.smokeTest.url must be an absolute .* healthGate.rollback must be true or false; got "yes"\./),
            },
        ]);
        expect((await host.check({}, inputs("green", { smokeTest: { url: unknown } }))).failures).toEqual([]);
    });

    test("an update onto an unhealthy colour fails with the gate's findings and writes nothing", async () => {
        setBackends(fixture.emulator, pair, "green", 3, 1, "v2");
        await expect(host.update("id", state, inputs("green"))).rejects.toThrow(
            /The swap to green was refused by the pre-swap health gate; nothing was changed\.[\s\S]*rule http on app-green-lb: 1 up, 2 down/,
        );
        expect(writesIn(fixture.emulator.requestLog())).toEqual([]);
        expect(await azureState(fixture.client, pair)).toEqual(original);
    });

    test("an update whose verification fails rolls back and fails saying production was restored", async () => {
        const verification = { url: dataPlaneUrl(fixture.emulator, pair.productionIpId, "/version"), bodyPattern: '"version":"v3"', deadlineMs: 300, intervalMs: 20 };
        await expect(host.update("id", state, inputs("green", { verification }))).rejects.toThrow(
            /Post-swap verification failed[\s\S]*Rolled back: production was restored to the old colour blue\./,
        );
        expect(await azureState(fixture.client, pair)).toEqual(original);
    });

    test("an update after a run that died between its swap and its verification verifies now and rolls back", async () => {
        // The dead run swapped to green; Pulumi's state still records blue (the update never finished).
        await reconcileSwap(fixture.connection, pair.target, "green", { pollIntervalMs: 20 });
        const verification = { url: dataPlaneUrl(fixture.emulator, pair.productionIpId, "/version"), bodyPattern: '"version":"v3"', deadlineMs: 300, intervalMs: 20 };
        await expect(host.update("id", state, inputs("green", { verification }))).rejects.toThrow(/Rolled back: production was restored to the old colour blue\./);
        expect(await azureState(fixture.client, pair)).toEqual(original);
    });

    test("an update that only changes the gate settings of an accepted colour neither verifies nor rolls back", async () => {
        const swapped = (await host.update("id", state, inputs("green"))).properties; // a completed swap to green
        fixture.emulator.clearRequestLog();
        const verification = { url: dataPlaneUrl(fixture.emulator, pair.productionIpId, "/version"), bodyPattern: '"version":"v3"', deadlineMs: 300, intervalMs: 20 };
        const updated = await host.update("id", swapped, inputs("green", { verification }));
        expect(updated.properties).toMatchObject({ liveColour: "green", healthGate: { verification } });
        expect(writesIn(fixture.emulator.requestLog())).toEqual([]);
        expect((await azureState(fixture.client, pair)).green).toBe("production");
    });

    test("force: true swaps onto an unhealthy colour and the host's stderr carries the warning", async () => {
        setBackends(fixture.emulator, pair, "green", 2, 0, "v2");
        const updated = await host.update("id", state, inputs("green", { force: true }));
        expect(updated.properties).toMatchObject({ liveColour: "green", healthGate: { force: true } });
        expect(host.stderr()).toContain("!!! HEALTH GATE SKIPPED (force): swapping production to green");
        expect((await azureState(fixture.client, pair)).green).toBe("production");
    });
});
