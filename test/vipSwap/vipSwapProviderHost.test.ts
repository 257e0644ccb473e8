/**
 * The `VipSwap` provider as Pulumi runs it: serialized by the SDK's own `serializeFunction`, loaded by
 * `@pulumi/pulumi/cmd/dynamic-provider` in its own process, driven over gRPC against the emulator through the real
 * `@azure/arm-network` client. Credentials reach the host only through Configure and its environment.
 */
import * as pulumi from "@pulumi/pulumi";
import { reconcileSwap } from "../../components/swap/swapEngine";
import { floatingIpName } from "../../components/swap/swapTarget";
import { createVipSwapProvider } from "../../components/vipSwap/vipSwapProvider";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { type CompiledBuild, compileForChildProcess } from "../helpers/compiledBuild";
import { diffChanges, type ProviderHost, startProviderHost } from "./providerHost";
import { waitUntil } from "../helpers/waitUntil";

const fakeSecret = "fake-arm-client-secret-4f1c9e";
const fakeToken = "fake-azure-access-token-77ab";

let fixture: EmulatorFixture;
let build: CompiledBuild;
let providerText: string;
let host: ProviderHost;

const target = {
    resourceGroupName: "vipswap-rg",
    blueLoadBalancerName: "app-blue-lb",
    greenLoadBalancerName: "app-green-lb",
    frontendName: "public-frontend", // the pair helper's default, as the CLI's
    productionIpName: "app-production-ip",
    stagingIpName: "app-staging-ip",
};
const inputs = (activeColour: string, extra: Record<string, unknown> = {}) => ({ activeColour, ...target, pollIntervalMs: 20, ...extra });

/** The ARM writes (not GETs, not emulator control calls) the emulator saw since the log was last cleared. */
const writes = () =>
    fixture.emulator
        .requestLog()
        // The rule-health POST of the health gate reads; it writes nothing.
        .filter((entry) => !entry.control && entry.method !== "GET" && !/\/loadBalancingRules\/[^/]+\/health$/i.test(entry.path))
        .map((entry) => `${entry.method} ${entry.path.replace(/^.*\/providers\/Microsoft\.Network\//, "")}`);

beforeAll(async () => {
    fixture = await startEmulatorFixture();
    build = compileForChildProcess("vipswap-provider", ["components/vipSwap/vipSwapRuntime.ts"]);

    // Credentials in the program's environment must not end up in the serialized provider (it goes into state).
    const saved = { secret: process.env.ARM_CLIENT_SECRET, token: process.env.AZURE_ACCESS_TOKEN };
    process.env.ARM_CLIENT_SECRET = fakeSecret;
    process.env.AZURE_ACCESS_TOKEN = fakeToken;
    try {
        const provider = createVipSwapProvider(build.js("components/vipSwap/vipSwapRuntime.ts"));
        providerText = (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
    } finally {
        restoreEnv("ARM_CLIENT_SECRET", saved.secret);
        restoreEnv("AZURE_ACCESS_TOKEN", saved.token);
    }

    host = await startConfiguredHost();
});

/** A host as the engine starts one: the emulator's token in its environment, the rest through Configure. */
async function startConfiguredHost(): Promise<ProviderHost> {
    const started = await startProviderHost(providerText, { PATH: process.env.PATH, AZURE_ACCESS_TOKEN: fixture.emulator.accessToken });
    await started.configure({
        "azure-native:subscriptionId": fixture.emulator.subscriptionId,
        "vipswap:armEndpoint": fixture.emulator.endpoint,
        "vipswap:armCaCertFile": fixture.emulator.caCertFile,
        "vipswap:activeColour": "blue",
    });
    return started;
}

afterAll(async () => {
    await host?.stop();
    build?.remove();
    await fixture?.stop();
});

function restoreEnv(name: string, value: string | undefined): void {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
}

describe("the serialized provider", () => {
    it("holds no credential from the environment, only the location of its runtime", () => {
        expect(providerText).toContain("exports.handler");
        expect(providerText).toContain("vipSwapRuntime.js");
        expect(providerText).not.toContain(fakeSecret);
        expect(providerText).not.toContain(fakeToken);
        expect(providerText).not.toContain(fixture.emulator.accessToken);
        // Nothing of the Azure SDK or the engine is captured by value: it is required in the host.
        expect(providerText).not.toMatch(/ClientSecretCredential|NetworkManagementClient|SwapError/);
    });
});

describe("VipSwap in the dynamic-provider host, against the emulator", () => {
    let pair: BlueGreenPair;
    let id: string;
    let state: Record<string, unknown>;

    it("Check reports each bad input against its property and lets preview unknowns through", async () => {
        const bad = await host.check({}, { ...inputs("purple"), productionIpName: "", pollIntervalMs: -1 });
        expect(bad.failures.map((f) => f.property).sort()).toEqual(["activeColour", "pollIntervalMs", "productionIpName"]);
        expect(bad.failures.find((f) => f.property === "activeColour")!.reason).toMatch(/blue or green, not "purple"/);

        const good = await host.check({}, inputs("blue"));
        expect(good.failures).toEqual([]);
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        expect((await host.check({}, { ...inputs(unknown), resourceGroupName: unknown })).failures).toEqual([]);
    });

    it("Check gets the old inputs through the serialized shell: a flip onto a scale set changed in the same update is refused", async () => {
        const revisions = (green: string) => ({ scaleSetRevisions: { blue: "b1", green } });
        const refused = await host.check(inputs("blue", revisions("g1")), inputs("green", revisions("g2")));
        expect(refused.failures.map((f) => f.property)).toEqual(["activeColour"]);
        expect(refused.failures[0].reason).toMatch(/Deploy green with activeColour still blue/);
        expect((await host.check(inputs("blue", revisions("g2")), inputs("green", revisions("g2")))).failures).toEqual([]);
    });

    it("Create on a first deployment, before the load balancers exist, records the colour and writes nothing", async () => {
        // The addresses come first (VipSwap depends on them); the load balancers come after it.
        const address = { location: "westeurope", sku: { name: "Standard" as const, tier: "Regional" as const }, publicIPAllocationMethod: "Static" as const };
        const [production, staging] = await Promise.all(
            [target.productionIpName, target.stagingIpName].map((name) =>
                fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(target.resourceGroupName, name, address, { updateIntervalInMs: 5 }),
            ),
        );
        fixture.emulator.clearRequestLog();
        const created = await host.create(inputs("blue"));
        expect(created.id).toBe("vipswap/vipswap-rg/app-blue-lb+app-green-lb");
        expect(created.properties).toMatchObject({
            liveColour: "blue",
            activeColour: "blue",
            productionAddress: production.ipAddress,
            stagingAddress: staging.ipAddress,
        });
        expect(writes()).toEqual([]);
        expect(created.properties.__provider).toBe(providerText);
    });

    it("Create adopts an existing pair: no swap when the desired colour is live", async () => {
        pair = await createBlueGreenPair(fixture.client, fixture.emulator);
        fixture.emulator.clearRequestLog();
        const created = await host.create(inputs("blue"));
        id = created.id;
        state = created.properties;
        expect(state).toMatchObject({
            liveColour: "blue",
            productionAddress: pair.productionIpAddress,
            stagingAddress: pair.stagingIpAddress,
        });
        expect(writes()).toEqual([]);
    });

    it("Diff says nothing changes when Azure has the desired colour, and never replaces", async () => {
        const diff = await host.diff(id, state, inputs("blue"));
        expect(diff).toEqual({ changes: diffChanges.none, replaces: [], deleteBeforeReplace: false });
    });

    it("Diff sees a flip of the desired colour", async () => {
        expect((await host.diff(id, state, inputs("green"))).changes).toBe(diffChanges.some);
    });

    it("Diff sees Azure differ from an unchanged desired colour (a swap made outside Pulumi)", async () => {
        await reconcileSwap(fixture.connection, target, "green", { pollIntervalMs: 10 });
        const diff = await host.diff(id, state, inputs("blue"));
        expect(diff.changes).toBe(diffChanges.some);
        expect(diff.replaces).toEqual([]);
        await reconcileSwap(fixture.connection, target, "blue", { pollIntervalMs: 10 });
    });

    it("Update swaps for real: green holds production, both addresses keep their IPs, the report is recorded", async () => {
        fixture.emulator.clearRequestLog();
        const updated = await host.update(id, state, inputs("green"));
        state = updated.properties;
        expect(state).toMatchObject({
            activeColour: "green",
            liveColour: "green",
            productionAddress: pair.productionIpAddress,
            stagingAddress: pair.stagingIpAddress,
        });
        const report = state.lastSwapReport as { to: string; steps: { description: string }[]; alreadyLive: boolean };
        expect(report).toMatchObject({ to: "green", alreadyLive: false });
        expect(report.steps.map((s) => s.description)).toEqual([
            "create floating IP",
            "blue <- floating",
            "green <- production",
            "blue <- staging",
            "delete floating IP",
        ]);

        const green = await fixture.client.loadBalancers.get(target.resourceGroupName, target.greenLoadBalancerName);
        const blue = await fixture.client.loadBalancers.get(target.resourceGroupName, target.blueLoadBalancerName);
        expect(green.frontendIPConfigurations![0].publicIPAddress!.id).toBe(pair.productionIpId);
        expect(blue.frontendIPConfigurations![0].publicIPAddress!.id).toBe(pair.stagingIpId);
        const production = await fixture.client.publicIPAddresses.get(target.resourceGroupName, target.productionIpName);
        const staging = await fixture.client.publicIPAddresses.get(target.resourceGroupName, target.stagingIpName);
        expect(production.ipAddress).toBe(pair.productionIpAddress);
        expect(staging.ipAddress).toBe(pair.stagingIpAddress);
        // Only load balancer PUTs and the floating IP's create and delete: nothing else was written.
        expect(new Set(writes())).toEqual(
            new Set([
                `PUT publicIPAddresses/${floatingIpName(target)}`,
                `PUT loadBalancers/${target.blueLoadBalancerName}`,
                `PUT loadBalancers/${target.greenLoadBalancerName}`,
                `DELETE publicIPAddresses/${floatingIpName(target)}`,
            ]),
        );
    });

    it("Update with nothing to do keeps the last swap's report", async () => {
        fixture.emulator.clearRequestLog();
        const updated = await host.update(id, state, inputs("green"));
        expect(writes()).toEqual([]);
        expect(updated.properties.lastSwapReport).toEqual(state.lastSwapReport);
    });

    it("Read reports the live assignment for `pulumi refresh`, in props and inputs", async () => {
        await reconcileSwap(fixture.connection, target, "blue", { pollIntervalMs: 10 });
        const read = await host.read(id, state);
        expect(read.id).toBe(id);
        expect(read.properties).toMatchObject({ liveColour: "blue", productionAddress: pair.productionIpAddress });
        expect(read.inputs).toMatchObject({ activeColour: "blue", ...target });
        expect(read.inputs).not.toHaveProperty("liveColour");
        // The program still says green: the next `pulumi up` swaps back.
        expect((await host.diff(id, read.properties, inputs("green"))).changes).toBe(diffChanges.some);
    });

    it("surfaces an Azure error with its code, its HTTP status and the state left behind", async () => {
        fixture.emulator.addFault({
            method: "PUT",
            pathPattern: `/loadBalancers/${target.blueLoadBalancerName}$`,
            action: { type: "error", status: 403, code: "LinkedAuthorizationFailed", message: "no join permission" },
        });
        try {
            await expect(host.update(id, state, inputs("green"))).rejects.toThrow(
                /LinkedAuthorizationFailed \(HTTP 403\).*State left behind: .*floating IP present/s,
            );
        } finally {
            fixture.emulator.clearFaults();
        }
        // A rerun heals it.
        const healed = await host.update(id, state, inputs("green"));
        expect(healed.properties).toMatchObject({ liveColour: "green", productionAddress: pair.productionIpAddress });
        state = healed.properties;
    });

    it("Diff during a preview with unknown inputs reports a change without reading Azure", async () => {
        fixture.emulator.clearRequestLog();
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        expect((await host.diff(id, state, { ...inputs("blue"), resourceGroupName: unknown })).changes).toBe(diffChanges.some);
        expect(fixture.emulator.requestLog().filter((e) => !e.control)).toEqual([]);
    });

    it("a host killed in the middle of a swap: the next `pulumi up` sees the half-done swap and heals it", async () => {
        // Green is live (state says so). `pulumi up` towards blue; the host dies once production has been released.
        const seen = host.stderr().length;
        const swapping = host.update(id, state, { ...inputs("blue"), pollIntervalMs: 200 }).catch((err: Error) => err);
        await waitUntil("the swap releases production", () => /step 3 started/.test(host.stderr().slice(seen)));
        await host.stop();
        expect(await swapping).toBeInstanceOf(Error);

        host = await startConfiguredHost();
        const read = await host.read(id, state);
        expect(read.properties.liveColour).toBe("intermediate");
        expect(read.inputs).toMatchObject({ activeColour: "green" }); // the recorded colour, while half done

        // The update failed, so state still says green; the program now says green again (the user gave up on
        // blue): Azure differs from that, so diff reports a change and update finishes the way back.
        const diff = await host.diff(id, state, inputs("green"));
        expect(diff.changes).toBe(diffChanges.some);
        const healed = await host.update(id, state, inputs("green"));
        expect(healed.properties).toMatchObject({
            liveColour: "green",
            productionAddress: pair.productionIpAddress,
            stagingAddress: pair.stagingIpAddress,
        });
        const ips = [];
        for await (const ip of fixture.client.publicIPAddresses.list(target.resourceGroupName)) ips.push(ip);
        expect(ips.map((ip) => ip.name).sort()).toEqual([target.productionIpName, target.stagingIpName]);
        expect(ips.find((ip) => ip.name === target.productionIpName)!.ipAddress).toBe(pair.productionIpAddress);
        state = healed.properties;
    });

    it("Delete removes a leftover floating IP and nothing else", async () => {
        // What a swap killed after its first step leaves: the tagged floating IP, attached to nothing.
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            target.resourceGroupName,
            floatingIpName(target),
            {
                location: pair.location,
                sku: { name: "Standard", tier: "Regional" },
                publicIPAllocationMethod: "Static",
                tags: { "vipswap:role": "floating" },
            },
            { updateIntervalInMs: 5 },
        );
        fixture.emulator.clearRequestLog();
        await host.delete(id, state);
        expect(writes()).toEqual([`DELETE publicIPAddresses/${floatingIpName(target)}`]);
        const names = [];
        for await (const ip of fixture.client.publicIPAddresses.list(target.resourceGroupName)) names.push(ip.name);
        expect(names.sort()).toEqual([target.productionIpName, target.stagingIpName]);
        const lbs = [];
        for await (const lb of fixture.client.loadBalancers.list(target.resourceGroupName)) lbs.push(lb.name);
        expect(lbs.sort()).toEqual([target.blueLoadBalancerName, target.greenLoadBalancerName]);
    });

    it("Delete with no floating IP left writes nothing", async () => {
        fixture.emulator.clearRequestLog();
        await host.delete(id, state);
        expect(writes()).toEqual([]);
    });

    it("Delete in `pulumi destroy` order (the load balancers already gone) succeeds and leaves both addresses", async () => {
        await Promise.all(
            [target.blueLoadBalancerName, target.greenLoadBalancerName].map((name) =>
                fixture.client.loadBalancers.beginDeleteAndWait(target.resourceGroupName, name, { updateIntervalInMs: 5 }),
            ),
        );
        fixture.emulator.clearRequestLog();
        await host.delete(id, state);
        expect(writes()).toEqual([]);
        const production = await fixture.client.publicIPAddresses.get(target.resourceGroupName, target.productionIpName);
        expect(production.ipAddress).toBe(pair.productionIpAddress);
    });
});
