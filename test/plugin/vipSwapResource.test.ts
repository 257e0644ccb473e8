/**
 * `vipswap:index:VipSwap`, the plugin's own resource (docs/other-languages.md, "VipSwap inside the component
 * provider"): the compiled plugin in its own process, driven over gRPC as the engine drives it. Its schema entry, its
 * check (each bad input named), and Configure reaching the swap: create, diff, update, read and delete against the
 * emulator with nothing but the provider's `vipswap:*` config and the token in the environment.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { allInputNames } from "../../components/vipSwap/vipSwapInputs";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { repoRoot } from "../helpers/compiledBuild";
import { type PluginProcess, removeCompiledPlugin, startPlugin } from "./pluginProcess";

/** The DiffResponse changes values (pulumi/proto/provider.proto). */
const diffChanges = { none: 1, some: 2 } as const;

type Property = { type?: string; $ref?: string; description?: string };
type Resource = { description?: string; inputProperties: Record<string, Property>; requiredInputs: string[]; properties: Record<string, Property> };

let fixture: EmulatorFixture;
let plugin: PluginProcess;
let schema: { resources: Record<string, Resource>; types: Record<string, unknown> };

const target = {
    resourceGroupName: "vipswap-rg",
    blueLoadBalancerName: "app-blue-lb",
    greenLoadBalancerName: "app-green-lb",
    frontendName: "public-frontend",
    productionIpName: "app-production-ip",
    stagingIpName: "app-staging-ip",
};
const inputs = (activeColour: string) => ({ activeColour, ...target, pollIntervalMs: 20 });

beforeAll(async () => {
    fixture = await startEmulatorFixture();
    // The engine starts a plugin with the CLI's environment: here only the token, no ARM_SUBSCRIPTION_ID.
    plugin = await startPlugin({ PATH: process.env.PATH, AZURE_ACCESS_TOKEN: fixture.emulator.accessToken });
    schema = (await plugin.getSchema()) as typeof schema;
}, 120_000);

afterAll(async () => {
    await plugin?.stop();
    removeCompiledPlugin();
    await fixture?.stop();
});

describe("the schema the plugin serves", () => {
    const vipSwap = () => schema.resources["vipswap:index:VipSwap"]!;

    it("has the component and the VipSwap resource, whose inputs are exactly those the runtime checks", () => {
        expect(Object.keys(schema.resources).sort()).toEqual(["vipswap:index:BlueGreenDeployment", "vipswap:index:VipSwap"]);
        expect(Object.keys(vipSwap().inputProperties).sort()).toEqual([...allInputNames].sort());
        expect(vipSwap().requiredInputs).toEqual(["activeColour", "resourceGroupName"]);
    });

    it("records the outputs beside the inputs, and refers only to types the schema has", () => {
        const outputs = vipSwap().properties;
        expect(Object.keys(outputs)).toEqual(expect.arrayContaining([...allInputNames, "liveColour", "productionAddress", "stagingAddress", "lastSwapReport"]));
        expect(outputs).not.toHaveProperty("__provider");
        for (const property of Object.values(outputs)) {
            const local = property.$ref?.match(/^#\/types\/(.+)$/)?.[1];
            if (local) expect(schema.types).toHaveProperty([local]);
        }
        expect(vipSwap().inputProperties.activeColour!.$ref).toBe("#/types/vipswap:index:Colour");
    });

    it("documents the resource and every property, and the docs name its type token", () => {
        expect(vipSwap().description).toMatch(/never from inputs/);
        for (const [name, property] of Object.entries(vipSwap().properties)) {
            expect(`${name}: ${property.description ?? ""}`).toMatch(/^\w+: \S/);
        }
        for (const doc of ["docs/other-languages.md", "docs/vipswap-resource.md"]) {
            expect(readFileSync(join(repoRoot, doc), "utf8")).toContain("vipswap:index:VipSwap");
        }
    });
});

describe("Check", () => {
    it("names each bad input and says what it must be", async () => {
        const { failures } = await plugin.check({}, { ...inputs("purple"), greenLoadBalancerName: target.blueLoadBalancerName, timeoutMs: 5 });
        expect(failures.map((f) => f.property).sort()).toEqual(["activeColour", "greenLoadBalancerName", "timeoutMs"]);
        expect(failures.find((f) => f.property === "activeColour")!.reason).toBe('must be one of blue or green, not "purple".');
        expect(failures.find((f) => f.property === "greenLoadBalancerName")!.reason).toMatch(/must be different resources; both are named 'app-blue-lb'/);
        expect(failures.find((f) => f.property === "timeoutMs")!.reason).toMatch(/whole number of milliseconds from 1000/);
    });

    it("checks a secret input's value and hands it back still secret", async () => {
        const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
        const checked = await plugin.check({}, { ...inputs("blue"), resourceGroupName: secret(target.resourceGroupName) });
        expect(checked).toEqual({ inputs: { ...inputs("blue"), resourceGroupName: secret(target.resourceGroupName) }, failures: [] });
        const bad = await plugin.check({}, { ...inputs("blue"), resourceGroupName: secret("no/slashes") });
        expect(bad.failures.map((f) => f.property)).toEqual(["resourceGroupName"]);
    });

    it("passes good inputs through unchanged, and a missing name is named", async () => {
        expect(await plugin.check({}, inputs("blue"))).toEqual({ inputs: inputs("blue"), failures: [] });
        const withoutGroup: Record<string, unknown> = inputs("blue");
        delete withoutGroup.resourceGroupName;
        const { failures } = await plugin.check({}, withoutGroup);
        expect(failures).toEqual([{ property: "resourceGroupName", reason: "resource group name is required." }]);
    });
});

describe("Configure reaches the swap, against the emulator", () => {
    let pair: BlueGreenPair;
    let id: string;
    let state: Record<string, unknown>;

    it("without a subscription in vipswap:* config or the environment, create fails naming vipswap:subscriptionId", async () => {
        pair = await createBlueGreenPair(fixture.client, fixture.emulator);
        await plugin.configure({ armEndpoint: fixture.emulator.endpoint, armCaCertFile: fixture.emulator.caCertFile });
        await expect(plugin.create(inputs("blue"))).rejects.toThrow(/No Azure subscription: set vipswap:subscriptionId or ARM_SUBSCRIPTION_ID/);
    });

    it("with vipswap:subscriptionId, create adopts the pair and records no provider and no credential", async () => {
        await plugin.configure({
            armEndpoint: fixture.emulator.endpoint,
            armCaCertFile: fixture.emulator.caCertFile,
            subscriptionId: fixture.emulator.subscriptionId,
        });
        const created = await plugin.create(inputs("blue"));
        ({ id, properties: state } = created);
        expect(id).toBe("vipswap/vipswap-rg/app-blue-lb+app-green-lb");
        expect(state).toMatchObject({ liveColour: "blue", productionAddress: pair.productionIpAddress, stagingAddress: pair.stagingIpAddress });
        expect(state).not.toHaveProperty("__provider");
        expect(JSON.stringify(state)).not.toContain(fixture.emulator.accessToken);
    });

    it("diff: nothing while Azure has the desired colour, a change for a flip, never a replacement", async () => {
        expect(await plugin.diff(id, state, inputs("blue"))).toEqual({ changes: diffChanges.none, replaces: [] });
        expect(await plugin.diff(id, state, inputs("green"))).toEqual({ changes: diffChanges.some, replaces: [] });
    });

    it("update swaps: green's load balancer holds the production address", async () => {
        state = (await plugin.update(id, state, inputs("green"))).properties;
        expect(state).toMatchObject({ activeColour: "green", liveColour: "green", productionAddress: pair.productionIpAddress });
        const green = await fixture.client.loadBalancers.get(target.resourceGroupName, target.greenLoadBalancerName);
        expect(green.frontendIPConfigurations![0]!.publicIPAddress!.id).toBe(pair.productionIpId);
    });

    it("read reports the live colour, and delete removes nothing of the pair", async () => {
        const read = await plugin.read(id, state);
        expect(read).toMatchObject({ id, properties: { liveColour: "green" }, inputs: { activeColour: "green" } });
        await plugin.delete(id, state);
        const green = await fixture.client.loadBalancers.get(target.resourceGroupName, target.greenLoadBalancerName);
        expect(green.frontendIPConfigurations![0]!.publicIPAddress!.id).toBe(pair.productionIpId);
    });
});
