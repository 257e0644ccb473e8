/**
 * The `VipSwap` runtime module in-process (what the dynamic-provider host `require`s), against the emulator through
 * the real `@azure/arm-network` client: the cases where a wrong answer would make Pulumi's state lie.
 */
import * as runtime from "../../components/vipSwap/vipSwapRuntime";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";

let fixture: EmulatorFixture;
let pair: BlueGreenPair;
const savedToken = process.env.AZURE_ACCESS_TOKEN;

/** Configures the runtime as the engine would, for the emulator, with `subscriptionId`. */
function configureFor(subscriptionId: string): void {
    const config: Record<string, string> = {
        "azure-native:subscriptionId": subscriptionId,
        "vipswap:armEndpoint": fixture.emulator.endpoint,
        "vipswap:armCaCertFile": fixture.emulator.caCertFile,
    };
    runtime.configure({ get: (key) => config[key] });
}

const inputsFor = (activeColour: string, extra: Record<string, unknown> = {}) => ({
    activeColour,
    ...pair.target,
    pollIntervalMs: 20,
    // No health gate on the rule health: these tests are about where the swap looks, not about backends.
    healthGate: { loadBalancerHealth: { enabled: false } },
    ...extra,
});

const writes = () => fixture.emulator.requestLog().filter((entry) => !entry.control && entry.method !== "GET");

beforeAll(async () => {
    fixture = await startEmulatorFixture();
    pair = await createBlueGreenPair(fixture.client, fixture.emulator);
    process.env.AZURE_ACCESS_TOKEN = fixture.emulator.accessToken;
});

afterAll(async () => {
    runtime.resetConfiguration();
    if (savedToken === undefined) delete process.env.AZURE_ACCESS_TOKEN;
    else process.env.AZURE_ACCESS_TOKEN = savedToken;
    await fixture?.stop();
});

beforeEach(() => {
    configureFor(fixture.emulator.subscriptionId);
    fixture.emulator.clearRequestLog();
});

describe("a pair that VipSwap cannot find (another subscription, say an explicit azure-native provider's)", () => {
    const otherSubscription = "11111111-2222-4333-8444-555555555555";

    it("create fails naming the address, the subscription and the fix, instead of recording a colour that is not live", async () => {
        configureFor(otherSubscription);
        const failure = runtime.create(inputsFor("green"));
        await expect(failure).rejects.toThrow(/SubscriptionNotFound \(HTTP 404\)/);
        await expect(failure).rejects.toThrow(new RegExp(`${pair.target.productionIpName}.*${otherSubscription}.*azure-native:subscriptionId`, "s"));
        expect(writes()).toEqual([]);
    });

    it("update fails the same way, so the load balancers are not PUT after a swap that never ran", async () => {
        configureFor(otherSubscription);
        await expect(runtime.update(inputsFor("blue"), inputsFor("green"))).rejects.toThrow(/cannot find the public IP address/);
        expect(writes()).toEqual([]);
        configureFor(fixture.emulator.subscriptionId);
        expect((await runtime.read("id", { ...inputsFor("blue"), liveColour: "blue" })).props.liveColour).toBe("blue");
    });
});

describe("diff", () => {
    it("sees an input that was removed (a timeout taken out), so the state stops recording it", async () => {
        const { outs } = await runtime.create(inputsFor("blue", { timeoutMs: 60_000 }));
        expect(outs.liveColour).toBe("blue");
        expect((await runtime.diff(outs as unknown as Record<string, unknown>, inputsFor("blue"))).changes).toBe(true);
        expect((await runtime.diff(outs as unknown as Record<string, unknown>, inputsFor("blue", { timeoutMs: 60_000 }))).changes).toBe(false);
    });
});

describe("delete (pulumi destroy)", () => {
    it("succeeds when the resource group was deleted by hand: nothing is left to remove, and destroy must not get stuck", async () => {
        const props = { ...inputsFor("blue"), resourceGroupName: "deleted-by-hand-rg", liveColour: "blue" };
        await expect(runtime.remove(props)).resolves.toBeUndefined();
        expect(writes()).toEqual([]);
    });

    it("still fails on any other error, with the Azure code", async () => {
        configureFor("11111111-2222-4333-8444-555555555555");
        await expect(runtime.remove({ ...inputsFor("blue"), liveColour: "blue" })).rejects.toThrow(/VipSwap failed while removing the floating IP: SubscriptionNotFound \(HTTP 404\)/);
    });
});
