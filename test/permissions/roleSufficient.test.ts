/**
 * The shipped role is sufficient: with a token restricted to roles/vipswap-swap-operator.json (read from the file),
 * every kind of swap passes in both directions with the rule-health gate, the smoke test and the verification, a
 * failed verification rolls back, a half-done swap is finished, `status` and the permission check read, and the
 * VipSwap resource's update, read (`pulumi refresh`) and delete work. Every request is checked: none was denied.
 */
import { checkPermissions } from "../../components/azure/permissionCheck";
import { floatingTag } from "../../components/azure/swapResources";
import type { Colour } from "../../components/colour";
import { PostSwapVerificationError } from "../../components/health/healthGateErrors";
import { type HealthGateSettings, resolveHealthGatePlan } from "../../components/health/healthGateSettings";
import { swapWithHealthGates } from "../../components/health/swapWithHealthGates";
import { inspectSwap } from "../../components/swap/swapEngine";
import { floatingIpName } from "../../components/swap/swapTarget";
import * as runtime from "../../components/vipSwap/vipSwapRuntime";
import { type BlueGreenPair, type EmulatorFixture, fastPolling, startEmulatorFixture } from "../helpers/emulatorFixture";
import { dataPlaneUrl, ruleHealthRequestsIn, testPollMs } from "../health/gateHarness";
import { addressesOf, readShippedRole, restrictedIdentity, topologies } from "./roleHarness";

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

describe.each(topologies)("with only the shipped role: $name", (topology) => {
    let pair: BlueGreenPair;
    let restricted: ReturnType<typeof restrictedIdentity>;
    let addresses: Awaited<ReturnType<typeof addressesOf>>;

    beforeEach(async () => {
        fixture.emulator.reset();
        pair = await topology.build(fixture); // blue v1 live, green v2, all healthy
        restricted = restrictedIdentity(fixture.emulator);
        addresses = await addressesOf(fixture.client, pair);
        fixture.emulator.clearRequestLog();
    });

    const gates = (to: Colour): HealthGateSettings => ({
        smokeTest: { url: dataPlaneUrl(fixture.emulator, pair.stagingIpId, "/health"), bodyPattern: `"colour":"${to}"` },
        verification: { url: dataPlaneUrl(fixture.emulator, pair.productionIpId, "/version"), bodyPattern: `"version":"${versionOf[to]}"`, intervalMs: 20 },
    });
    const gatedSwap = (to: Colour, settings: HealthGateSettings) =>
        swapWithHealthGates(restricted.connection, pair.target, to, resolveHealthGatePlan(settings), {
            pollIntervalMs: testPollMs,
            ruleHealthPollIntervalMs: testPollMs,
            log: () => undefined,
        });

    test("the identity holds exactly the role's actions and the permission check finds nothing missing", async () => {
        const check = await checkPermissions(restricted.connection, pair.target.resourceGroupName, { maxRetries: 0, retryDelayMs: 10 });
        expect(check.missing).toEqual([]);
        expect(check.needed).toEqual(readShippedRole().Actions);
        expect(check.permissions.flatMap((p) => p.actions)).toEqual(readShippedRole().Actions);
        expect(denials()).toEqual([]);
    });

    test("blue -> green -> blue with the rule-health gate, the smoke test and the verification, addresses kept", async () => {
        const toGreen = await gatedSwap("green", gates("green"));
        expect(toGreen.preSwapGate).toMatchObject({ skipped: false, loadBalancer: { healthy: true }, smokeTest: { passed: true } });
        expect(toGreen.verification).toMatchObject({ passed: true });
        expect(await topology.productionOn(fixture.client, pair)).toBe("green");
        const toBlue = await gatedSwap("blue", gates("blue"));
        expect(toBlue.verification).toMatchObject({ passed: true });
        expect(await topology.productionOn(fixture.client, pair)).toBe("blue");
        expect(ruleHealthRequestsIn(fixture.emulator.requestLog()).length).toBeGreaterThan(0);
        expect(await addressesOf(fixture.client, pair)).toEqual(addresses);
        expect(denials()).toEqual([]);
    });

    test("a failed verification rolls back to blue", async () => {
        const failure = await gatedSwap("green", {
            verification: { url: dataPlaneUrl(fixture.emulator, pair.productionIpId, "/version"), bodyPattern: '"version":"v9"', deadlineMs: 200, intervalMs: 20 },
        }).catch((err: unknown) => err);
        expect(failure).toBeInstanceOf(PostSwapVerificationError);
        expect((failure as PostSwapVerificationError).rollback).toEqual({ kind: "restored" });
        expect(await topology.productionOn(fixture.client, pair)).toBe("blue");
        expect(await addressesOf(fixture.client, pair)).toEqual(addresses);
        expect(denials()).toEqual([]);
    });

    test("a swap left half done (blue on the floating IP) is finished, and the floating IP deleted", async () => {
        // Stands in for a crash after step 2, made with the unrestricted token.
        const t = pair.target;
        const floating = await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            t.resourceGroupName,
            floatingIpName(t),
            { location: pair.location, sku: { name: "Standard" }, publicIPAllocationMethod: "Static", zones: ["1", "2", "3"], tags: { [floatingTag.name]: floatingTag.value } },
            fastPolling,
        );
        const blue = await fixture.client.loadBalancers.get(t.resourceGroupName, t.blueLoadBalancerName);
        blue.frontendIPConfigurations!.find((f) => f.name === t.frontendName)!.publicIPAddress = { id: floating.id };
        await fixture.client.loadBalancers.beginCreateOrUpdateAndWait(t.resourceGroupName, t.blueLoadBalancerName, blue, fastPolling);
        fixture.emulator.clearRequestLog();

        expect((await inspectSwap(restricted.connection, t)).liveColour).toBeUndefined();
        await gatedSwap("green", {});
        expect(await topology.productionOn(fixture.client, pair)).toBe("green");
        expect(await addressesOf(fixture.client, pair)).toEqual(addresses);
        expect(denials()).toEqual([]);
    });

    test("status, and the VipSwap resource's update, read (pulumi refresh) and delete", async () => {
        expect((await inspectSwap(restricted.connection, pair.target)).liveColour).toBe("blue");
        const config: Record<string, string> = {
            "azure-native:subscriptionId": fixture.emulator.subscriptionId,
            "vipswap:armEndpoint": fixture.emulator.endpoint,
            "vipswap:armCaCertFile": fixture.emulator.caCertFile,
        };
        runtime.configure({ get: (key) => config[key] });
        process.env.AZURE_ACCESS_TOKEN = restricted.identity.accessToken;
        const inputs = (activeColour: Colour) => ({ activeColour, ...pair.target, pollIntervalMs: 20 });
        const updated = await runtime.update({ ...inputs("blue"), liveColour: "blue" }, inputs("green"));
        expect(updated.outs).toMatchObject({ liveColour: "green" });
        const outs = updated.outs as unknown as Record<string, unknown>;
        const refreshed = await runtime.read("id", outs);
        expect(refreshed.inputs).toMatchObject({ activeColour: "green" });
        // A floating IP that a crashed swap left behind is what the delete removes.
        const t = pair.target;
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            t.resourceGroupName,
            floatingIpName(t),
            { location: pair.location, sku: { name: "Standard" }, publicIPAllocationMethod: "Static", tags: { [floatingTag.name]: floatingTag.value } },
            fastPolling,
        );
        await runtime.remove(outs);
        await expect(fixture.client.publicIPAddresses.get(t.resourceGroupName, floatingIpName(t))).rejects.toMatchObject({ statusCode: 404 });
        expect(await topology.productionOn(fixture.client, pair)).toBe("green");
        expect(await addressesOf(fixture.client, pair)).toEqual(addresses);
        expect(denials()).toEqual([]);
    });
});
