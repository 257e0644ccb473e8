/**
 * The shipped role is sufficient: with a token restricted to roles/vipswap-swap-operator.json (read from the file),
 * every kind of swap passes in both directions with the rule-health gate, the smoke test and the verification, a
 * failed verification rolls back, a swap to the colour already live writes nothing, a half-done swap is finished,
 * `status` and the permission check read, and the VipSwap resource's update, read (`pulumi refresh`) and delete
 * work. Every request is checked: none was denied. Each case runs once per topology of roleHarness.ts (paired load
 * balancers and the shared load balancer).
 */
import { checkPermissions } from "../../components/azure/permissionCheck";
import type { Colour } from "../../components/colour";
import { PostSwapVerificationError } from "../../components/health/healthGateErrors";
import { type HealthGateSettings, resolveHealthGatePlan } from "../../components/health/healthGateSettings";
import { swapWithHealthGates } from "../../components/health/swapWithHealthGates";
import { neededActions } from "../../components/swap/neededActions";
import { inspectSwap } from "../../components/swap/swapEngine";
import * as runtime from "../../components/vipSwap/vipSwapRuntime";
import { waitUntil } from "../helpers/waitUntil";
import { type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { dataPlaneUrl, ruleHealthRequestsIn, testPollMs, writesIn } from "../health/gateHarness";
import { addressesOf, readShippedRole, restrictedIdentity, type RolePair, type Topology, topologies } from "./roleHarness";

let fixture: EmulatorFixture;
const savedToken = process.env.AZURE_ACCESS_TOKEN;

beforeAll(async () => {
    fixture = await startEmulatorFixture({ throttling: false });
});
afterAll(async () => {
    runtime.resetConfiguration();
    if (savedToken === undefined) delete process.env.AZURE_ACCESS_TOKEN;
    else process.env.AZURE_ACCESS_TOKEN = savedToken;
    await fixture?.stop();
});

/** The requests refused for lack of a permission since the last clear: must stay empty. */
const denials = () => fixture.emulator.requestLog().filter((entry) => entry.status === 403 || entry.deniedAction !== undefined);

const versionOf: Record<Colour, string> = { blue: "v1", green: "v2" };

/** Each topology's pair, fresh for every test, and a token restricted to the role. */
function usePair(topology: Topology) {
    const env = {} as { pair: RolePair; restricted: ReturnType<typeof restrictedIdentity>; addresses: Awaited<ReturnType<typeof addressesOf>> };
    beforeEach(async () => {
        fixture.emulator.reset();
        env.pair = await topology.build(fixture); // blue v1 live, green v2, all healthy
        env.restricted = restrictedIdentity(fixture.emulator);
        env.addresses = await addressesOf(fixture.client, env.pair);
        fixture.emulator.clearRequestLog();
    });
    return env;
}

describe.each(topologies)("with only the shipped role, a half-done swap: $name", (topology) => {
    const env = usePair(topology);
    test("is finished by a rerun, and what it left (a floating IP, an operation in flight) is gone", async () => {
        await topology.leaveHalfDone(fixture, env.pair);
        // Not done yet: production is unattached (paired) or its rules still send to blue's pool (shared, in flight).
        expect(await topology.productionOn(fixture, env.pair)).not.toBe("green");
        fixture.emulator.clearRequestLog();
        const rerun = swapWithHealthGates(env.restricted.connection, env.pair.target, "green", resolveHealthGatePlan({}), {
            pollIntervalMs: testPollMs,
            ruleHealthPollIntervalMs: testPollMs,
            log: () => undefined,
        });
        // An operation left in flight (the shared switch's) ends only once the rerun has read Azure: it must wait for it.
        await waitUntil("the rerun has read Azure", () => fixture.emulator.requestLog().some((e) => !e.control && e.method === "GET"));
        fixture.emulator.releaseOperations();
        await rerun;
        expect(await topology.productionOn(fixture, env.pair)).toBe("green");
        expect(await addressesOf(fixture.client, env.pair)).toEqual(env.addresses);
        expect(denials()).toEqual([]);
    });
});

describe.each(topologies)("with only the shipped role: $name", (topology) => {
    const env = usePair(topology);

    const gates = (to: Colour): HealthGateSettings => ({
        smokeTest: { url: dataPlaneUrl(fixture.emulator, env.pair.stagingIpId, "/health"), bodyPattern: `"colour":"${to}"` },
        verification: { url: dataPlaneUrl(fixture.emulator, env.pair.productionIpId, "/version"), bodyPattern: `"version":"${versionOf[to]}"`, intervalMs: 20 },
    });
    const gatedSwap = (to: Colour, settings: HealthGateSettings) =>
        swapWithHealthGates(env.restricted.connection, env.pair.target, to, resolveHealthGatePlan(settings), {
            pollIntervalMs: testPollMs,
            ruleHealthPollIntervalMs: testPollMs,
            log: () => undefined,
        });

    test("the identity holds exactly the role's actions and the permission check finds nothing missing", async () => {
        const needed = neededActions(topology.kind);
        const check = await checkPermissions(env.restricted.connection, env.pair.target.resourceGroupName, { maxRetries: 0, retryDelayMs: 10 }, needed);
        expect(check.missing).toEqual([]);
        expect(check.needed).toEqual(needed);
        expect(check.permissions.flatMap((p) => p.actions)).toEqual(readShippedRole().Actions);
        expect(denials()).toEqual([]);
    });

    test("blue -> green -> blue with the rule-health gate, the smoke test and the verification, addresses kept", async () => {
        const toGreen = await gatedSwap("green", gates("green"));
        expect(toGreen.preSwapGate).toMatchObject({ skipped: false, loadBalancer: { healthy: true }, smokeTest: { passed: true } });
        expect(toGreen.verification).toMatchObject({ passed: true });
        expect(await topology.productionOn(fixture, env.pair)).toBe("green");
        const toBlue = await gatedSwap("blue", gates("blue"));
        expect(toBlue.verification).toMatchObject({ passed: true });
        expect(await topology.productionOn(fixture, env.pair)).toBe("blue");
        expect(ruleHealthRequestsIn(fixture.emulator.requestLog()).length).toBeGreaterThan(0);
        expect(await addressesOf(fixture.client, env.pair)).toEqual(env.addresses);
        expect(denials()).toEqual([]);
    });

    test("a swap to the colour already live passes its gates and writes nothing", async () => {
        const report = await gatedSwap("blue", gates("blue"));
        expect(report.swap).toMatchObject({ alreadyLive: true, steps: [] });
        expect(writesIn(fixture.emulator.requestLog())).toEqual([]);
        expect(await topology.productionOn(fixture, env.pair)).toBe("blue");
        expect(denials()).toEqual([]);
    });

    test("a failed verification rolls back to blue", async () => {
        const failure = await gatedSwap("green", {
            verification: { url: dataPlaneUrl(fixture.emulator, env.pair.productionIpId, "/version"), bodyPattern: '"version":"v9"', deadlineMs: 200, intervalMs: 20 },
        }).catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(PostSwapVerificationError);
        expect((failure as PostSwapVerificationError).rollback).toEqual({ kind: "restored" });
        expect(await topology.productionOn(fixture, env.pair)).toBe("blue");
        expect(await addressesOf(fixture.client, env.pair)).toEqual(env.addresses);
        expect(denials()).toEqual([]);
    });

    test("status, and the VipSwap resource's update, read (pulumi refresh) and delete", async () => {
        expect((await inspectSwap(env.restricted.connection, env.pair.target)).liveColour).toBe("blue");
        const config: Record<string, string> = {
            "azure-native:subscriptionId": fixture.emulator.subscriptionId,
            "vipswap:armEndpoint": fixture.emulator.endpoint,
            "vipswap:armCaCertFile": fixture.emulator.caCertFile,
        };
        runtime.configure({ get: (key) => config[key] });
        process.env.AZURE_ACCESS_TOKEN = env.restricted.identity.accessToken;
        const inputs = (activeColour: Colour) => ({ activeColour, ...env.pair.target, pollIntervalMs: 20 });
        const updated = await runtime.update({ ...inputs("blue"), liveColour: "blue" }, inputs("green"));
        expect(updated.outs).toMatchObject({ liveColour: "green" });
        const outs = updated.outs as unknown as Record<string, unknown>;
        const refreshed = await runtime.read("id", outs);
        expect(refreshed.inputs).toMatchObject({ activeColour: "green" });
        // What a crashed swap left behind (the floating IP, in the paired topology) is what the delete removes; the
        // shared topology leaves nothing, and its delete writes nothing.
        await topology.leaveLeftover?.(fixture, env.pair);
        await runtime.remove(outs);
        expect(await topology.productionOn(fixture, env.pair)).toBe("green");
        expect(await addressesOf(fixture.client, env.pair)).toEqual(env.addresses);
        expect(denials()).toEqual([]);
    });
});
