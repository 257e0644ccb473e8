/**
 * The stand-in for azure-native, driven over gRPC as the Pulumi engine drives a resource plugin, against the
 * emulator: check and diff (replacement vs update), and create, read, update and delete of each of the seven types
 * the component creates, with the emulator's request log proving the ARM bodies it sent. No Pulumi CLI needed.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { blueGreenNames } from "../../../components/blueGreenNames";
import { loadBalancerBody } from "../../../components/loadBalancerBody";
import { inboundSecurityRules } from "../../../components/networkSecurityRules";
import { AzureEmulator } from "../../../emulator/azureEmulator";
import type { StandInInstallation } from "./installStandInAzureNative";
import { installStandInAzureNative, standInEnvironmentFor } from "./installStandInAzureNative";
import { asSecret, secretSig, specialSigKey, unknownValue } from "./pulumiValues";
import { diffChanges, startStandInHost, urnOf, type StandInHost } from "./standInHost";

type Props = Record<string, unknown>;

const rg = "e2e-rg";
const names = blueGreenNames("e2e");
const tokens = {
    resourceGroup: "azure-native:resources:ResourceGroup",
    securityGroup: "azure-native:network:NetworkSecurityGroup",
    virtualNetwork: "azure-native:network:VirtualNetwork",
    subnet: "azure-native:network:Subnet",
    publicIp: "azure-native:network:PublicIPAddress",
    loadBalancer: "azure-native:network:LoadBalancer",
    scaleSet: "azure-native:compute:VirtualMachineScaleSet",
} as const;
const ports = [{ name: "http", protocol: "Tcp" as const, frontendPort: 80, backendPort: 80 }];
const probe = { protocol: "Http" as const, port: 80, path: "/" };

/** One HTTP GET of a data-plane address. */
function fetchJson(url: string): Promise<Props | undefined> {
    return new Promise((resolve) => {
        const req = http.get(url, { agent: false, timeout: 1000 }, (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString()));
            res.on("end", () => resolve(JSON.parse(text) as Props));
        });
        req.on("error", () => resolve(undefined));
    });
}

let emulator: AzureEmulator;
let installation: StandInInstallation;
let host: StandInHost;
let binDir: string;

beforeAll(async () => {
    emulator = await AzureEmulator.start({ profile: "fast" });
    binDir = mkdtempSync(path.join(tmpdir(), "vipswap-standin-"));
    installation = await installStandInAzureNative(binDir);
    host = await startStandInHost(installation.pluginPath, { PATH: process.env.PATH, ...standInEnvironmentFor(emulator, 5) });
});

afterAll(async () => {
    await host?.stop();
    installation?.remove();
    rmSync(binDir, { recursive: true, force: true });
    await emulator?.stop();
});

/** The PUT bodies the emulator received for a path ending as given. */
function putBodies(pathEnd: string): unknown[] {
    return emulator
        .requestLog()
        .filter((e) => e.method === "PUT" && e.path.toLowerCase().endsWith(pathEnd.toLowerCase()))
        .map((e) => e.requestBody);
}

function loadBalancerInputs(colour: "blue" | "green", publicIpId: string): Props {
    const body = loadBalancerBody(names, ports, probe);
    return {
        loadBalancerName: colour === "blue" ? names.blueLoadBalancer : names.greenLoadBalancer,
        resourceGroupName: rg,
        location: "westeurope",
        sku: { name: "Standard", tier: "Regional" },
        frontendIPConfigurations: [{ name: names.frontend, publicIPAddress: { id: publicIpId } }],
        backendAddressPools: body.backendAddressPools,
        probes: body.probes,
        loadBalancingRules: body.loadBalancingRules,
        outboundRules: body.outboundRules,
        tags: { "vipswap:colour": colour },
    };
}

function scaleSetInputs(colour: "blue" | "green", capacity: number, subnetId: string, poolId: string, customData?: unknown): Props {
    return {
        vmScaleSetName: colour === "blue" ? names.blueScaleSet : names.greenScaleSet,
        resourceGroupName: rg,
        location: "westeurope",
        sku: { name: "Standard_B2s", tier: "Standard", capacity },
        orchestrationMode: "Uniform",
        upgradePolicy: { mode: "Automatic" },
        overprovision: false,
        zones: ["1", "2", "3"],
        virtualMachineProfile: {
            osProfile: {
                computerNamePrefix: colour,
                adminUsername: "azureuser",
                ...(customData !== undefined ? { customData } : {}),
                linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: "/home/azureuser/.ssh/authorized_keys", keyData: "ssh-ed25519 AAAA test" }] } },
            },
            storageProfile: { imageReference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" } },
            networkProfile: {
                networkInterfaceConfigurations: [
                    {
                        name: `${colour}-nic`,
                        primary: true,
                        ipConfigurations: [{ name: `${colour}-ipconfig`, primary: true, subnet: { id: subnetId }, loadBalancerBackendAddressPools: [{ id: poolId }] }],
                    },
                ],
            },
        },
        tags: { "vipswap:colour": colour, "vipswap:appVersion": colour === "blue" ? "1.0.0" : "1.1.0" },
    };
}

describe("stand-in for azure-native: plugin protocol, check and diff", () => {
    test("without its environment it fails the call and names every variable to set (it never guesses an endpoint)", async () => {
        const bare = await startStandInHost(installation.pluginPath, { PATH: process.env.PATH });
        try {
            await expect(bare.create(urnOf(tokens.resourceGroup, "rg"), { resourceGroupName: rg, location: "westeurope" })).rejects.toThrow(
                /stand-in for azure-native .* needs VIPSWAP_STANDIN_ARM_ENDPOINT, VIPSWAP_STANDIN_CA_FILE, ARM_SUBSCRIPTION_ID, VIPSWAP_STANDIN_ACCESS_TOKEN \(or AZURE_ACCESS_TOKEN\)/,
            );
        } finally {
            await bare.stop();
        }
        expect(emulator.requestLog()).toEqual([]);
    });

    test("reports version 3.28.0 and refuses a type it does not implement, naming itself a stand-in", async () => {
        expect(await host.version()).toBe("3.28.0");
        await expect(host.check(urnOf("azure-native:storage:StorageAccount", "sa"), {}, {})).rejects.toThrow(/stand-in for azure-native implements only/);
    });

    test("check auto-names an unnamed resource as azure-native does, keeps the name on later checks, and names a missing path input", async () => {
        const urn = urnOf(tokens.publicIp, "extra-ip");
        const first = await host.check(urn, {}, { resourceGroupName: rg, location: "westeurope" });
        expect(first.failures).toEqual([]);
        expect(first.inputs.publicIpAddressName).toMatch(/^extra-ip[0-9a-f]{8}$/);
        const again = await host.check(urn, first.inputs, { resourceGroupName: rg, location: "westeurope" });
        expect(again.inputs.publicIpAddressName).toBe(first.inputs.publicIpAddressName);
        const missing = await host.check(urnOf(tokens.subnet, "s"), {}, { subnetName: "s", resourceGroupName: rg });
        expect(missing.failures).toEqual([{ property: "virtualNetworkName", reason: expect.stringContaining("missing required property 'virtualNetworkName'") }]);
    });

    test("diff: names, resource group and location replace; rules, tags and frontends update; unknowns are changes; the same inputs are no diff", async () => {
        const urn = urnOf(tokens.loadBalancer, "e2e-blue-lb");
        const id = "/subscriptions/x/resourceGroups/e2e-rg/providers/Microsoft.Network/loadBalancers/e2e-blue-lb";
        const old = loadBalancerInputs("blue", "/pip/production");
        const olds = { __inputs: old, id };
        const diff = (news: Props) => host.diff(urn, id, olds, news);
        expect(await diff(old)).toEqual({ changes: diffChanges.none, replaces: [] });
        expect(await diff({ ...old, location: "West Europe" })).toEqual({ changes: diffChanges.none, replaces: [] });
        expect(await diff({ ...old, loadBalancerName: "renamed" })).toEqual({ changes: diffChanges.some, replaces: ["loadBalancerName"] });
        expect(await diff({ ...old, resourceGroupName: "other-rg" })).toEqual({ changes: diffChanges.some, replaces: ["resourceGroupName"] });
        expect(await diff({ ...old, location: "northeurope" })).toEqual({ changes: diffChanges.some, replaces: ["location"] });
        const flipped = { ...old, frontendIPConfigurations: [{ name: names.frontend, publicIPAddress: { id: "/pip/staging" } }] };
        expect(await diff(flipped)).toEqual({ changes: diffChanges.some, replaces: [] });
        expect(await diff({ ...old, tags: { "vipswap:colour": "blue", extra: "1" } })).toEqual({ changes: diffChanges.some, replaces: [] });
        // Preview: an input not computed yet.
        expect(await diff({ ...old, frontendIPConfigurations: [{ name: names.frontend, publicIPAddress: { id: unknownValue } }] })).toEqual({
            changes: diffChanges.some,
            replaces: [],
        });
        expect(await diff({ ...old, loadBalancerName: unknownValue })).toEqual({ changes: diffChanges.some, replaces: ["loadBalancerName"] });
        // A secret input equal to the stored plain one is no change.
        expect(await diff({ ...old, tags: asSecret(old.tags) })).toEqual({ changes: diffChanges.none, replaces: [] });
    });
});

describe("stand-in for azure-native: where it lives", () => {
    test("the root Pulumi.yaml and the package never name it: it is on PATH in the e2e tests only", () => {
        const root = path.resolve(__dirname, "../../..");
        const pulumiYaml = readFileSync(path.join(root, "Pulumi.yaml"), "utf8");
        expect(pulumiYaml).not.toMatch(/^plugins:/m);
        expect(pulumiYaml).not.toMatch(/stand-?in/i);
        const files = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { files: string[] }).files;
        expect(files.filter((f) => f.includes("test"))).toEqual(["!dist/**/*.test.*"]);
    });
});

describe("stand-in for azure-native: create, read, update, delete against the emulator", () => {
    const created = new Map<string, { urn: string; id: string; inputs: Props; outputs: Props }>();
    const sub = () => emulator.subscriptionId;
    const groupId = () => `/subscriptions/${sub()}/resourceGroups/${rg}`;

    async function create(key: string, token: string, name: string, inputs: Props): Promise<Props> {
        const urn = urnOf(token, name);
        const checked = await host.check(urn, {}, inputs);
        expect(checked.failures).toEqual([]);
        const result = await host.create(urn, checked.inputs);
        created.set(key, { urn, id: result.id, inputs: checked.inputs, outputs: result.properties });
        return result.properties;
    }

    test("creates the pair in the component's order, with azure-native's PUT bodies, outputs and a data plane that serves blue", async () => {
        const group = await create("rg", tokens.resourceGroup, "e2e-rg", { resourceGroupName: rg, location: "westeurope", tags: { "vipswap:role": "resource-group" } });
        expect(group).toMatchObject({ id: groupId(), name: rg, location: "westeurope", properties: { provisioningState: "Succeeded" }, azureApiVersion: "2024-03-01" });
        expect(putBodies(`/resourceGroups/${rg}`)).toEqual([{ location: "westeurope", tags: { "vipswap:role": "resource-group" } }]);

        const nsg = await create("nsg", tokens.securityGroup, "e2e-nsg", {
            networkSecurityGroupName: names.networkSecurityGroup,
            resourceGroupName: rg,
            location: "westeurope",
            securityRules: inboundSecurityRules(ports, probe, "Internet"),
        });
        expect(putBodies(`/networkSecurityGroups/${names.networkSecurityGroup}`)[0]).toMatchObject({
            location: "westeurope",
            properties: { securityRules: [{ name: "allow-load-balancer-probe", properties: { priority: 100, sourceAddressPrefix: "AzureLoadBalancer", direction: "Inbound" } }, { name: "allow-http" }] },
        });
        expect((nsg.securityRules as Props[])[1]).toMatchObject({ id: `${nsg.id}/securityRules/allow-http`, priority: 200, provisioningState: "Succeeded" });

        const vnet = await create("vnet", tokens.virtualNetwork, "e2e-vnet", {
            virtualNetworkName: names.virtualNetwork,
            resourceGroupName: rg,
            location: "westeurope",
            addressSpace: { addressPrefixes: ["10.0.0.0/16"] },
        });
        expect(putBodies(`/virtualNetworks/${names.virtualNetwork}`)).toEqual([{ location: "westeurope", properties: { addressSpace: { addressPrefixes: ["10.0.0.0/16"] } } }]);
        const subnet = await create("subnet", tokens.subnet, "e2e-subnet", {
            subnetName: names.subnet,
            resourceGroupName: rg,
            virtualNetworkName: vnet.name,
            addressPrefix: "10.0.0.0/24",
            networkSecurityGroup: { id: nsg.id },
            defaultOutboundAccess: false,
        });
        expect(putBodies(`/subnets/${names.subnet}`)).toEqual([{ properties: { addressPrefix: "10.0.0.0/24", networkSecurityGroup: { id: nsg.id }, defaultOutboundAccess: false } }]);
        expect(subnet).toMatchObject({ id: `${vnet.id}/subnets/${names.subnet}`, networkSecurityGroup: { id: nsg.id }, provisioningState: "Succeeded" });

        const address = (role: "production" | "staging") =>
            create(role, tokens.publicIp, `e2e-${role}-ip`, {
                publicIpAddressName: role === "production" ? names.productionIp : names.stagingIp,
                resourceGroupName: rg,
                location: "westeurope",
                sku: { name: "Standard", tier: "Regional" },
                publicIPAllocationMethod: "Static",
                publicIPAddressVersion: "IPv4",
                zones: ["1", "2", "3"],
                tags: { "vipswap:role": `${role}-address` },
            });
        const production = await address("production");
        const staging = await address("staging");
        expect(putBodies(`/publicIPAddresses/${names.productionIp}`)).toEqual([
            {
                location: "westeurope",
                sku: { name: "Standard", tier: "Regional" },
                zones: ["1", "2", "3"],
                tags: { "vipswap:role": "production-address" },
                properties: { publicIPAllocationMethod: "Static", publicIPAddressVersion: "IPv4" },
            },
        ]);
        expect(production.ipAddress).toBe(emulator.dataPlane()[production.id as string].ipAddress);
        expect(production).toMatchObject({ name: names.productionIp, etag: expect.stringMatching(/^W\/"/), provisioningState: "Succeeded" });

        const blueLb = await create("blueLb", tokens.loadBalancer, "e2e-blue-lb", loadBalancerInputs("blue", production.id as string));
        await create("greenLb", tokens.loadBalancer, "e2e-green-lb", loadBalancerInputs("green", staging.id as string));
        const lbBody = putBodies(`/loadBalancers/${names.blueLoadBalancer}`)[0] as Props;
        const lbId = blueLb.id as string;
        expect(lbBody).toMatchObject({
            location: "westeurope",
            sku: { name: "Standard", tier: "Regional" },
            properties: {
                frontendIPConfigurations: [{ name: names.frontend, properties: { publicIPAddress: { id: production.id } } }],
                backendAddressPools: [{ name: names.backendPool }],
                loadBalancingRules: [
                    {
                        name: "http",
                        properties: {
                            frontendIPConfiguration: { id: `${lbId}/frontendIPConfigurations/${names.frontend}` },
                            backendAddressPool: { id: `${lbId}/backendAddressPools/${names.backendPool}` },
                            probe: { id: `${lbId}/probes/${names.probe}` },
                            disableOutboundSnat: true,
                        },
                    },
                ],
                outboundRules: [{ name: names.outboundRule, properties: { frontendIPConfigurations: [{ id: `${lbId}/frontendIPConfigurations/${names.frontend}` }] } }],
            },
        });
        expect(Object.keys(lbBody).sort()).toEqual(["location", "properties", "sku", "tags"]);
        expect(blueLb.frontendIPConfigurations).toEqual([
            expect.objectContaining({ id: `${lbId}/frontendIPConfigurations/${names.frontend}`, name: names.frontend, publicIPAddress: { id: production.id }, provisioningState: "Succeeded" }),
        ]);

        const pool = (lb: string) => `${created.get(lb)!.id}/backendAddressPools/${names.backendPool}`;
        await create("blueVmss", tokens.scaleSet, "e2e-blue-vmss", scaleSetInputs("blue", 2, subnet.id as string, pool("blueLb")));
        const secretCustomData = asSecret(Buffer.from("#cloud-config\n").toString("base64"));
        const green = await create("greenVmss", tokens.scaleSet, "e2e-green-vmss", scaleSetInputs("green", 2, subnet.id as string, pool("greenLb"), secretCustomData));
        expect(putBodies(`/virtualMachineScaleSets/${names.blueScaleSet}`)[0]).toMatchObject({
            sku: { capacity: 2 },
            zones: ["1", "2", "3"],
            properties: {
                orchestrationMode: "Uniform",
                overprovision: false,
                virtualMachineProfile: {
                    networkProfile: {
                        networkInterfaceConfigurations: [
                            { name: "blue-nic", properties: { primary: true, ipConfigurations: [{ name: "blue-ipconfig", properties: { subnet: { id: subnet.id }, loadBalancerBackendAddressPools: [{ id: pool("blueLb") }] } }] } },
                        ],
                    },
                },
            },
        });
        // A secret input reaches ARM in plain text and comes back secret.
        expect(JSON.stringify(putBodies(`/virtualMachineScaleSets/${names.greenScaleSet}`))).toContain(Buffer.from("#cloud-config\n").toString("base64"));
        expect(green.virtualMachineProfile).toMatchObject({ [specialSigKey]: secretSig });

        expect(emulator.backends().map((b) => [b.loadBalancerId, b.count, b.healthy, b.version])).toEqual([
            [lbId, 2, 2, "1.0.0"],
            [created.get("greenLb")!.id, 2, 2, "1.1.0"],
        ]);
        expect(await fetchJson(emulator.dataPlane()[production.id as string].url)).toMatchObject({ loadBalancer: names.blueLoadBalancer, version: "1.0.0" });
        expect(await fetchJson(emulator.dataPlane()[staging.id as string].url)).toMatchObject({ loadBalancer: names.greenLoadBalancer, version: "1.1.0" });
        expect(host.stderr()).not.toContain(emulator.accessToken);
    });

    test("read (refresh) of what it created returns the inputs the program set: no drift, for every type", async () => {
        for (const [key, resource] of created) {
            const read = await host.read(resource.urn, resource.id, resource.outputs);
            expect([key, read.id]).toEqual([key, resource.id]);
            const diff = await host.diff(resource.urn, resource.id, read.properties, resource.inputs);
            expect([key, diff]).toEqual([key, { changes: diffChanges.none, replaces: [] }]);
            resource.outputs = read.properties;
        }
    });

    test("read sees a change made behind its back, and the next diff is an update", async () => {
        const blue = created.get("blueLb")!;
        const client = (await import("../../../components/azure/networkClient")).createNetworkClient(emulator.connection());
        await client.loadBalancers.updateTags(rg, names.blueLoadBalancer, { tags: { "vipswap:colour": "blue", "by-hand": "yes" } });
        const read = await host.read(blue.urn, blue.id, blue.outputs);
        expect(read.inputs?.tags).toEqual({ "vipswap:colour": "blue", "by-hand": "yes" });
        expect(await host.diff(blue.urn, blue.id, read.properties, blue.inputs)).toEqual({ changes: diffChanges.some, replaces: [] });
        const updated = await host.update(blue.urn, blue.id, read.properties, blue.inputs);
        expect(updated.properties.tags).toEqual({ "vipswap:colour": "blue" });
        blue.outputs = updated.properties;
    });

    test("update: a capacity change changes the backend count; a network update leaving subnets unset keeps the live subnet", async () => {
        const blue = created.get("blueVmss")!;
        const news = { ...blue.inputs, sku: { name: "Standard_B2s", tier: "Standard", capacity: 3 } };
        expect(await host.diff(blue.urn, blue.id, blue.outputs, news)).toEqual({ changes: diffChanges.some, replaces: [] });
        const updated = await host.update(blue.urn, blue.id, blue.outputs, news);
        expect(updated.properties.sku).toMatchObject({ capacity: 3 });
        expect(emulator.backends().find((b) => b.loadBalancerId === created.get("blueLb")!.id)).toMatchObject({ count: 3, healthy: 3 });
        const lb = (await host.read(created.get("blueLb")!.urn, created.get("blueLb")!.id, created.get("blueLb")!.outputs)).properties;
        expect(((lb.backendAddressPools as Props[])[0].backendIPConfigurations as Props[]).length).toBe(3);

        const vnet = created.get("vnet")!;
        const vnetNews = { ...vnet.inputs, tags: { changed: "yes" } };
        emulator.clearRequestLog();
        const vnetUpdated = await host.update(vnet.urn, vnet.id, vnet.outputs, vnetNews);
        expect((putBodies(`/virtualNetworks/${names.virtualNetwork}`)[0] as { properties: { subnets: Props[] } }).properties.subnets).toEqual([
            expect.objectContaining({ id: created.get("subnet")!.id, name: names.subnet }),
        ]);
        expect((vnetUpdated.properties.subnets as Props[]).map((s) => s.name)).toEqual([names.subnet]);
    });

    test("a throttled PUT is retried after Retry-After; a failed operation fails the step with its ARM code, naming the stand-in", async () => {
        const blue = created.get("blueLb")!;
        const lbPath = `/loadBalancers/${names.blueLoadBalancer}$`;
        emulator.clearRequestLog();
        emulator.addFault({ method: "PUT", pathPattern: lbPath, count: 2, action: { type: "error", status: 429, code: "SubscriptionRequestsThrottled", retryAfterSeconds: 0 } });
        await host.update(blue.urn, blue.id, blue.outputs, blue.inputs);
        expect(emulator.requestLog().filter((e) => e.method === "PUT").map((e) => e.status)).toEqual([429, 429, 200]);

        emulator.addFault({ method: "PUT", pathPattern: lbPath, count: 1, action: { type: "operationFailed", code: "InternalServerError", message: "injected" } });
        await expect(host.update(blue.urn, blue.id, blue.outputs, blue.inputs)).rejects.toThrow(
            /stand-in for azure-native: PUT \/subscriptions\/.*\/loadBalancers\/e2e-blue-lb: the operation ended Failed: Code="InternalServerError" Message="injected"/,
        );
    });

    test("delete in reverse order removes everything, waits for each operation, and a second delete of a gone resource succeeds", async () => {
        const order = ["greenVmss", "blueVmss", "greenLb", "blueLb", "staging", "production", "subnet", "vnet", "nsg", "rg"];
        for (const key of order) {
            const resource = created.get(key)!;
            await host.delete(resource.urn, resource.id, resource.outputs);
            expect([key, (await host.read(resource.urn, resource.id, resource.outputs)).id]).toEqual([key, ""]);
        }
        expect(emulator.backends()).toEqual([]);
        expect(emulator.operations().filter((o) => o.status === "InProgress")).toEqual([]);
        const production = created.get("production")!;
        await expect(host.delete(production.urn, production.id, production.outputs)).resolves.toBeUndefined();
    });
});
