/**
 * The resources the stand-in for azure-native needs from the emulator: resource groups, virtual networks with
 * subnets, security groups, and scale sets whose NIC ipConfigurations make them a load balancer's backends.
 * Networks go through the real `@azure/arm-network` client; scale sets and resource groups (no SDK in the project)
 * through the stand-in's plain ARM client, which follows long-running operations the same way.
 */
import http from "node:http";
import type { AzureEmulator } from "../../emulator/azureEmulator";
import { StandInArmClient, StandInArmError } from "../e2e/standInAzureNative/standInArmClient";
import { expectArmError, fastPolling, usePairPerTest } from "../helpers/emulatorFixture";

const rg = "scalesets-rg";
const computeApi = "2024-11-01";

function armClient(emulator: AzureEmulator): StandInArmClient {
    return new StandInArmClient({
        endpoint: emulator.endpoint,
        caCertPem: emulator.caCertPem,
        accessToken: emulator.accessToken,
        subscriptionId: emulator.subscriptionId,
        pollIntervalMs: 5,
    });
}

/** One HTTP GET of a data-plane address: its JSON answer, or the connection error. */
function probe(url: string): Promise<{ body?: Record<string, unknown>; error?: string }> {
    return new Promise((resolve) => {
        const req = http.get(url, { agent: false, timeout: 1000 }, (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString()));
            res.on("end", () => resolve({ body: JSON.parse(text) as Record<string, unknown> }));
        });
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    });
}

describe("scale sets, networks and resource groups", () => {
    const env = usePairPerTest(rg, { withBackends: false });
    const sub = () => env.fixture.emulator.subscriptionId;
    const group = () => `/subscriptions/${sub()}/resourceGroups/${rg}`;
    const vnetId = () => `${group()}/providers/Microsoft.Network/virtualNetworks/net`;
    const subnetId = () => `${vnetId()}/subnets/instances`;
    const scaleSetPath = (name: string) => `${group()}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`;
    const poolOf = (lbId: string) => `${lbId}/backendAddressPools/backend`;

    async function createNetwork(): Promise<void> {
        const nsg = await env.fixture.client.networkSecurityGroups.beginCreateOrUpdateAndWait(
            rg,
            "nsg",
            { location: "westeurope", securityRules: [{ name: "allow-http", priority: 200, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "Internet", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "80" }] },
            fastPolling,
        );
        expect(nsg.securityRules?.[0]).toMatchObject({ id: `${nsg.id}/securityRules/allow-http`, priority: 200, provisioningState: "Succeeded" });
        await env.fixture.client.virtualNetworks.beginCreateOrUpdateAndWait(rg, "net", { location: "westeurope", addressSpace: { addressPrefixes: ["10.0.0.0/16"] } }, fastPolling);
        const subnet = await env.fixture.client.subnets.beginCreateOrUpdateAndWait(rg, "net", "instances", { addressPrefix: "10.0.0.0/24", networkSecurityGroup: { id: nsg.id } }, fastPolling);
        expect(subnet).toMatchObject({ id: subnetId(), addressPrefix: "10.0.0.0/24", networkSecurityGroup: { id: nsg.id }, provisioningState: "Succeeded" });
    }

    function scaleSetBody(capacity: number, pools: string[], appVersion = "1.4.2") {
        return {
            location: "westeurope",
            tags: { "vipswap:colour": "blue", "vipswap:appVersion": appVersion },
            sku: { name: "Standard_B2s", tier: "Standard", capacity },
            properties: {
                orchestrationMode: "Uniform",
                upgradePolicy: { mode: "Automatic" },
                virtualMachineProfile: {
                    osProfile: { computerNamePrefix: "blue", adminUsername: "azureuser", customData: Buffer.from("#cloud-config").toString("base64") },
                    networkProfile: {
                        networkInterfaceConfigurations: [
                            {
                                name: "blue-nic",
                                properties: {
                                    primary: true,
                                    ipConfigurations: [
                                        { name: "blue-ipconfig", properties: { subnet: { id: subnetId() }, loadBalancerBackendAddressPools: pools.map((id) => ({ id })) } },
                                    ],
                                },
                            },
                        ],
                    },
                },
            },
        };
    }

    test("a scale set in a pool becomes its load balancer's healthy backends, serving its appVersion, and the pool names its NICs", async () => {
        await createNetwork();
        const arm = armClient(env.fixture.emulator);
        const blueLb = env.pair.loadBalancerIds.blue;
        const created = await arm.put(scaleSetPath("blue-vmss"), computeApi, scaleSetBody(2, [poolOf(blueLb)]));
        expect(created).toMatchObject({ id: scaleSetPath("blue-vmss"), sku: { capacity: 2 }, properties: { provisioningState: "Succeeded" } });
        // Azure never returns customData.
        expect(JSON.stringify(created)).not.toContain("customData");

        expect(env.fixture.emulator.backends()).toEqual([expect.objectContaining({ loadBalancerId: blueLb, count: 2, healthy: 2, version: "1.4.2" })]);
        const production = await probe(env.fixture.emulator.dataPlane()[env.pair.productionIpId].url);
        expect(production.body).toMatchObject({ loadBalancer: env.pair.target.blueLoadBalancerName, version: "1.4.2" });

        const lb = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        const nic = (i: number) => `${scaleSetPath("blue-vmss")}/virtualMachines/${i}/networkInterfaces/blue-nic/ipConfigurations/blue-ipconfig`;
        expect(lb.backendAddressPools?.[0].backendIPConfigurations?.map((c) => c.id)).toEqual([nic(0), nic(1)]);
        // The round trip the swap makes (GET, change, PUT the whole body) passes with the read-only members in it.
        await env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, lb, fastPolling);
        expect(env.fixture.emulator.backends()[0]).toMatchObject({ count: 2 });
    });

    test("a capacity change changes the backend count; a delete removes the backends and the address stops serving", async () => {
        await createNetwork();
        const arm = armClient(env.fixture.emulator);
        const blueLb = env.pair.loadBalancerIds.blue;
        await arm.put(scaleSetPath("blue-vmss"), computeApi, scaleSetBody(2, [poolOf(blueLb)]));
        await arm.put(scaleSetPath("blue-vmss"), computeApi, scaleSetBody(5, [poolOf(blueLb)], "1.5.0"));
        expect(env.fixture.emulator.backends()).toEqual([expect.objectContaining({ loadBalancerId: blueLb, count: 5, healthy: 5, version: "1.5.0" })]);

        await arm.delete(scaleSetPath("blue-vmss"), computeApi);
        expect(await arm.get(scaleSetPath("blue-vmss"), computeApi)).toBeUndefined();
        expect(env.fixture.emulator.backends()).toEqual([]);
        expect(env.fixture.emulator.dataPlane()[env.pair.productionIpId].serving).toBe(false);
        const lb = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        expect(lb.backendAddressPools?.[0].backendIPConfigurations).toBeUndefined();
    });

    test("a scale set on two public load balancers is refused with VMScaleSetCannotUseMultipleLoadBalancersOfSameType, and nothing is created", async () => {
        await createNetwork();
        const arm = armClient(env.fixture.emulator);
        const before = env.fixture.emulator.lastCommit();
        const both = [poolOf(env.pair.loadBalancerIds.blue), poolOf(env.pair.loadBalancerIds.green)];
        const refused = arm.put(scaleSetPath("both-vmss"), computeApi, scaleSetBody(2, both));
        await expect(refused).rejects.toBeInstanceOf(StandInArmError);
        await expect(refused).rejects.toMatchObject({ status: 400, code: "VMScaleSetCannotUseMultipleLoadBalancersOfSameType" });
        expect(await arm.get(scaleSetPath("both-vmss"), computeApi)).toBeUndefined();
        expect(env.fixture.emulator.commits(before)).toEqual([]);
        expect(env.fixture.emulator.backends()).toEqual([]);
    });

    test("references must resolve: a missing pool or subnet is 400 InvalidResourceReference; a bad capacity is 400 InvalidParameter", async () => {
        await createNetwork();
        const arm = armClient(env.fixture.emulator);
        await expect(arm.put(scaleSetPath("x"), computeApi, scaleSetBody(2, [`${env.pair.loadBalancerIds.blue}/backendAddressPools/nope`]))).rejects.toMatchObject({
            status: 400,
            code: "InvalidResourceReference",
        });
        const noSubnet = scaleSetBody(2, []);
        noSubnet.properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].properties.ipConfigurations[0].properties.subnet.id = `${vnetId()}/subnets/other`;
        await expect(arm.put(scaleSetPath("x"), computeApi, noSubnet)).rejects.toMatchObject({ status: 400, code: "InvalidResourceReference" });
        await expect(arm.put(scaleSetPath("x"), computeApi, scaleSetBody(-1, []))).rejects.toMatchObject({ status: 400, code: "InvalidParameter" });
        expect(await arm.get(scaleSetPath("x"), computeApi)).toBeUndefined();
    });

    test("a subnet in use cannot be deleted, by its own DELETE or by a network PUT that leaves it out (InUseSubnetCannotBeDeleted)", async () => {
        await createNetwork();
        await armClient(env.fixture.emulator).put(scaleSetPath("blue-vmss"), computeApi, scaleSetBody(1, [poolOf(env.pair.loadBalancerIds.blue)]));
        await expectArmError(env.fixture.client.subnets.beginDelete(rg, "net", "instances", fastPolling), 400, "InUseSubnetCannotBeDeleted");
        await expectArmError(
            env.fixture.client.virtualNetworks.beginCreateOrUpdate(rg, "net", { location: "westeurope", addressSpace: { addressPrefixes: ["10.0.0.0/16"] } }, fastPolling),
            400,
            "InUseSubnetCannotBeDeleted",
        );
        const vnet = await env.fixture.client.virtualNetworks.get(rg, "net");
        expect(vnet.subnets?.map((s) => s.id)).toEqual([subnetId()]);
        // A network PUT that restates its subnet (what azure-native sends, MaintainSubResourceIfUnset) goes through.
        await env.fixture.client.virtualNetworks.beginCreateOrUpdateAndWait(rg, "net", { ...vnet, tags: { changed: "yes" } }, fastPolling);
        expect((await env.fixture.client.subnets.get(rg, "net", "instances")).addressPrefix).toBe("10.0.0.0/24");
    });

    test("a subnet PUT is an update of its network: the network is busy meanwhile and its GET shows the subnet", async () => {
        await createNetwork();
        env.fixture.emulator.addFault({ method: "PUT", pathPattern: "/subnets/second$", action: { type: "hold" } });
        const second = await env.fixture.client.subnets.beginCreateOrUpdate(rg, "net", "second", { addressPrefix: "10.0.1.0/24" }, fastPolling);
        await expectArmError(
            env.fixture.client.virtualNetworks.beginCreateOrUpdate(rg, "net", { location: "westeurope", addressSpace: { addressPrefixes: ["10.0.0.0/16"] } }, fastPolling),
            429,
            "RetryableError",
        );
        env.fixture.emulator.releaseOperations();
        await second.pollUntilDone();
        const vnet = await env.fixture.client.virtualNetworks.get(rg, "net");
        expect(vnet.subnets?.map((s) => [s.name, s.addressPrefix, s.etag === vnet.etag])).toEqual([
            ["instances", "10.0.0.0/24", true],
            ["second", "10.0.1.0/24", true],
        ]);
        await env.fixture.client.subnets.beginDeleteAndWait(rg, "net", "second", fastPolling);
        expect((await env.fixture.client.virtualNetworks.get(rg, "net")).subnets?.map((s) => s.name)).toEqual(["instances"]);
    });

    test("resource groups: PUT creates (201) and updates tags (200), a new region is 409, DELETE removes the group with its contents", async () => {
        const arm = armClient(env.fixture.emulator);
        const path = `/subscriptions/${sub()}/resourceGroups/own-rg`;
        const created = await arm.put(path, "2024-03-01", { location: "westeurope", tags: { a: "1" } });
        expect(created).toEqual({ id: path, name: "own-rg", type: "Microsoft.Resources/resourceGroups", location: "westeurope", tags: { a: "1" }, properties: { provisioningState: "Succeeded" } });
        expect(env.fixture.emulator.requestLog().filter((e) => e.method === "PUT").map((e) => [e.status, e.requestBody])).toEqual([[201, { location: "westeurope", tags: { a: "1" } }]]);
        await arm.put(path, "2024-03-01", { location: "westeurope", tags: { a: "2" } });
        await expect(arm.put(path, "2024-03-01", { location: "northeurope" })).rejects.toMatchObject({ status: 409, code: "InvalidResourceGroupLocation" });
        await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait("own-rg", "ip", { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" }, fastPolling);

        await arm.delete(path, "2024-03-01");
        expect(await arm.get(path, "2024-03-01")).toBeUndefined();
        expect(env.fixture.emulator.requestLog().at(-1)).toMatchObject({ method: "GET", status: 404, errorCode: "ResourceGroupNotFound" });
        expect(env.fixture.emulator.commits().filter((c) => c.kind === "delete").map((c) => c.resourceId)).toEqual([expect.stringMatching(/own-rg\/providers\/Microsoft\.Network\/publicIPAddresses\/ip$/)]);
        // The pair's own group is untouched.
        expect((await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName)).id).toBe(env.pair.loadBalancerIds.blue);
    });
});
