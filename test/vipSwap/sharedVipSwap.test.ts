/**
 * `VipSwap` with a shared load balancer (kind `sharedLoadBalancer`): its inputs as `check` sees them, and the runtime
 * module in-process against the emulator, for the calls where a wrong answer would make Pulumi's state lie (create
 * before and after the load balancer exists, diff from what Azure has, update, read, delete).
 */
import * as runtime from "../../components/vipSwap/vipSwapRuntime";
import { checkVipSwapInputs, parseVipSwapInputs, unknownInputValue } from "../../components/vipSwap/vipSwapInputs";
import { createSharedPair, type SharedPair } from "../../emulator/sharedLoadBalancerScenario";
import { type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";

const shared = {
    activeColour: "blue",
    kind: "sharedLoadBalancer",
    resourceGroupName: "rg-app",
    loadBalancerName: "app-lb",
    productionFrontendName: "production",
    stagingFrontendName: "staging",
    bluePoolName: "blue",
    greenPoolName: "green",
};
const paired = {
    activeColour: "blue",
    resourceGroupName: "rg-app",
    blueLoadBalancerName: "app-blue-lb",
    greenLoadBalancerName: "app-green-lb",
    frontendName: "public-frontend",
    productionIpName: "app-production-ip",
    stagingIpName: "app-staging-ip",
};
const failuresOf = (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => checkVipSwapInputs(news, olds).failures;

describe("the inputs of a shared VipSwap", () => {
    it("accepts the shared names without the paired ones, and parses to exactly the shared target and the settings", () => {
        expect(failuresOf(shared)).toEqual([]);
        expect(parseVipSwapInputs({ ...shared, timeoutMs: "5000" })).toEqual({ ...shared, timeoutMs: 5000 });
    });

    it("reports each missing or bad shared name against its property, and the same pool or frontend twice", () => {
        expect(failuresOf({ ...shared, loadBalancerName: undefined, greenPoolName: "a/b" })).toEqual([
            { property: "loadBalancerName", reason: "load balancer name is required." },
            { property: "greenPoolName", reason: "'a/b' is not a valid backend pool name: check the Azure naming rules for it." },
        ]);
        expect(failuresOf({ ...shared, greenPoolName: "blue" })).toEqual([{ property: "greenPoolName", reason: "the blue and green pools must be different resources; both are named 'blue'." }]);
        expect(failuresOf({ ...shared, stagingFrontendName: "production" })).toMatchObject([{ property: "stagingFrontendName" }]);
    });

    it("refuses an unknown kind, and lets an unknown value pass during preview", () => {
        expect(failuresOf({ ...shared, kind: "mesh" })).toEqual([
            { property: "kind", reason: 'must be "pairedLoadBalancers" (or absent) or "sharedLoadBalancer", not "mesh".' },
        ]);
        expect(failuresOf({ ...shared, loadBalancerName: unknownInputValue })).toEqual([]);
    });

    it("refuses a change of topology on a live pair in either direction, before anything is written, saying how to migrate", () => {
        for (const [olds, news] of [[paired, shared], [shared, paired]]) {
            const failures = failuresOf(news, olds);
            expect(failures).toHaveLength(1);
            expect(failures[0]).toMatchObject({ property: "kind" });
            expect(failures[0].reason).toMatch(/on a live pair.*second deployment.*moving DNS.*Nothing was changed\./s);
        }
        // A paired stack whose state has no kind keeps working: absent is paired.
        expect(failuresOf({ ...paired, kind: "pairedLoadBalancers" }, paired)).toEqual([]);
    });
});

describe("the VipSwap runtime on a shared load balancer", () => {
    let fixture: EmulatorFixture;
    let pair: SharedPair;
    const savedToken = process.env.AZURE_ACCESS_TOKEN;
    const writes = () => fixture.emulator.requestLog().filter((entry) => !entry.control && entry.method !== "GET");
    const inputsFor = (activeColour: string) => ({ activeColour, ...pair.target, pollIntervalMs: 20, healthGate: { loadBalancerHealth: { enabled: false } } });

    beforeAll(async () => {
        fixture = await startEmulatorFixture();
        process.env.AZURE_ACCESS_TOKEN = fixture.emulator.accessToken;
        const config: Record<string, string> = {
            "azure-native:subscriptionId": fixture.emulator.subscriptionId,
            "vipswap:armEndpoint": fixture.emulator.endpoint,
            "vipswap:armCaCertFile": fixture.emulator.caCertFile,
        };
        runtime.configure({ get: (key) => config[key] });
    });
    afterAll(async () => {
        runtime.resetConfiguration();
        if (savedToken === undefined) delete process.env.AZURE_ACCESS_TOKEN;
        else process.env.AZURE_ACCESS_TOKEN = savedToken;
        await fixture?.stop();
    });

    it("create before the load balancer exists records the colour and writes nothing", async () => {
        fixture.emulator.reset();
        const target = { kind: "sharedLoadBalancer", resourceGroupName: "rg", loadBalancerName: "later-lb", productionFrontendName: "production", stagingFrontendName: "staging", bluePoolName: "blue", greenPoolName: "green" };
        const { id, outs } = await runtime.create({ activeColour: "green", ...target });
        expect(id).toBe("vipswap/rg/later-lb");
        expect(outs).toMatchObject({ liveColour: "green", kind: "sharedLoadBalancer" });
        expect(writes()).toEqual([]);
    });

    it("diff compares with Azure, update switches, read reports the live colour and addresses, delete removes nothing", async () => {
        fixture.emulator.reset();
        pair = await createSharedPair(fixture.client, fixture.emulator);
        fixture.emulator.clearRequestLog();
        expect(await runtime.diff(inputsFor("blue"), inputsFor("blue"))).toMatchObject({ changes: false });
        expect(await runtime.diff(inputsFor("blue"), inputsFor("green"))).toMatchObject({ changes: true, replaces: [] });
        const { outs } = await runtime.update(inputsFor("blue"), inputsFor("green"));
        expect(outs).toMatchObject({ liveColour: "green", productionAddress: pair.productionIpAddress, stagingAddress: pair.stagingIpAddress });
        expect(outs.lastSwapReport).toMatchObject({ kind: "sharedLoadBalancer", steps: [{ description: "production -> green pool, staging -> blue pool" }] });
        expect(writes().map((w) => w.method)).toEqual(["PUT"]);
        const read = await runtime.read("vipswap/x", { ...inputsFor("blue") });
        expect(read.inputs.activeColour).toBe("green");
        expect(read.props).toMatchObject({ liveColour: "green", productionAddress: pair.productionIpAddress });
        fixture.emulator.clearRequestLog();
        await runtime.remove(inputsFor("green"));
        expect(writes()).toEqual([]);
    });
});
