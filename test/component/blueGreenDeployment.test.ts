import type { BlueGreenDeployment as BlueGreenDeploymentClass, BlueGreenDeploymentArgs, Colour } from "../../components";
import { mockAddressOf, mockIdOf, mockPulumi, valueOf, type MockedPulumi, type RegisteredResource } from "../helpers/pulumiMocks";

const T = {
    component: "vipswap:azure:BlueGreenDeployment",
    resourceGroup: "azure-native:resources:ResourceGroup",
    vnet: "azure-native:network:VirtualNetwork",
    subnet: "azure-native:network:Subnet",
    nsg: "azure-native:network:NetworkSecurityGroup",
    ip: "azure-native:network:PublicIPAddress",
    lb: "azure-native:network:LoadBalancer",
    vmss: "azure-native:compute:VirtualMachineScaleSet",
    swap: "pulumi-nodejs:dynamic/vipswap:VipSwap",
};

const blueKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBlueKeyBlueKeyBlueKeyBlueKeyBlueKey0000 blue@ci";
const greenKey = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQGreenKeyGreenKeyGreenKey green@ci";

function baseArgs(activeColour: Colour, extra: Partial<BlueGreenDeploymentArgs> = {}): BlueGreenDeploymentArgs {
    return {
        location: "westeurope",
        activeColour,
        blue: { sshPublicKey: blueKey, appVersion: "1.0.0" },
        green: { sshPublicKey: greenKey, capacity: 3, customData: "#cloud-config\nruncmd: [echo green]\n" },
        ...extra,
    };
}

interface Built {
    readonly mocked: MockedPulumi;
    readonly deployment: BlueGreenDeploymentClass;
}

/** Builds one deployment under fresh mocks and waits until every child has been registered. */
async function build(name: string, args: BlueGreenDeploymentArgs, preview = false): Promise<Built> {
    const mocked = await mockPulumi({ preview });
    const { BlueGreenDeployment } = await import("../../components");
    const deployment = new BlueGreenDeployment(name, args);
    await mocked.settled();
    return { mocked, deployment };
}

const frontendAddressId = (lb: RegisteredResource): string => lb.inputs.frontendIPConfigurations[0].publicIPAddress.id;

describe.each([false, true])("BlueGreenDeployment graph (preview: %s)", (preview) => {
    it("creates the resource group, the network, two role-named addresses, two load balancers and two scale sets", async () => {
        const { mocked } = await build("shop", baseArgs("blue"), preview);
        const counts: Record<string, number> = {};
        for (const r of mocked.resources) {
            counts[r.type] = (counts[r.type] ?? 0) + 1;
        }
        expect(counts).toEqual({
            [T.component]: 1,
            [T.resourceGroup]: 1,
            [T.vnet]: 1,
            [T.subnet]: 1,
            [T.nsg]: 1,
            [T.ip]: 2,
            [T.lb]: 2,
            [T.vmss]: 2,
            [T.swap]: 1,
        });
        expect(mocked.ofType(T.ip).map((r) => r.name).sort()).toEqual(["shop-production-ip", "shop-staging-ip"]);
        expect(mocked.ofType(T.lb).map((r) => r.name).sort()).toEqual(["shop-blue-lb", "shop-green-lb"]);
        expect(mocked.ofType(T.vmss).map((r) => r.name).sort()).toEqual(["shop-blue-vmss", "shop-green-vmss"]);
        // Every child is parented to the component, so aliases and providers flow to it.
        const component = mocked.ofType(T.component)[0];
        for (const child of mocked.resources.filter((r) => r.type !== T.component)) {
            expect({ name: child.name, parent: child.parent }).toEqual({ name: child.name, parent: component.urn });
        }
    });

    it("uses an existing resource group and subnet without creating either", async () => {
        const subnetId = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/app";
        const { mocked, deployment } = await build(
            "shop",
            baseArgs("blue", { resourceGroupName: "existing-rg", network: { subnetId } }),
            preview,
        );
        expect(mocked.resources.map((r) => r.type).sort()).toEqual(
            [T.component, T.lb, T.lb, T.ip, T.ip, T.vmss, T.vmss, T.swap].sort(),
        );
        for (const r of mocked.resources.filter((x) => x.custom)) {
            expect(r.inputs.resourceGroupName).toBe("existing-rg");
        }
        for (const vmss of mocked.ofType(T.vmss)) {
            const ipConfig = vmss.inputs.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0];
            expect(ipConfig.subnet.id).toBe(subnetId);
        }
        expect(await valueOf(deployment.swapTarget)).toEqual({
            resourceGroupName: "existing-rg",
            blueLoadBalancerName: "shop-blue-lb",
            greenLoadBalancerName: "shop-green-lb",
            frontendName: "public-frontend",
            productionIpName: "shop-production-ip",
            stagingIpName: "shop-staging-ip",
        });
    });

    it("gives both load balancers the same frontend name, pool, probe, rules and outbound rule, and Standard SKU", async () => {
        const ports = [
            { name: "http", protocol: "Tcp" as const, frontendPort: 80, backendPort: 8080 },
            { name: "dns", protocol: "Udp" as const, frontendPort: 53, backendPort: 5353 },
        ];
        const probe = { protocol: "Http" as const, port: 8080, path: "/healthz" };
        const { mocked } = await build("shop", baseArgs("green", { ports, probe }), preview);
        const [blue, green] = ["shop-blue-lb", "shop-green-lb"].map((n) => mocked.named(n));
        const shared = (lb: RegisteredResource) => ({
            frontendNames: lb.inputs.frontendIPConfigurations.map((f: { name: string }) => f.name),
            sku: lb.inputs.sku,
            backendAddressPools: lb.inputs.backendAddressPools,
            probes: lb.inputs.probes,
            loadBalancingRules: lb.inputs.loadBalancingRules,
            outboundRules: lb.inputs.outboundRules,
        });
        expect(shared(blue)).toEqual(shared(green));
        expect(shared(blue).frontendNames).toEqual(["public-frontend"]);
        expect(blue.inputs.sku).toEqual({ name: "Standard", tier: "Regional" });
        expect(blue.inputs.backendAddressPools).toHaveLength(1);
        expect(blue.inputs.probes).toEqual([
            expect.objectContaining({ name: "health-probe", protocol: "Http", port: 8080, requestPath: "/healthz" }),
        ]);
        expect(
            blue.inputs.loadBalancingRules.map((r: Record<string, unknown>) => [r.name, r.protocol, r.frontendPort, r.backendPort]),
        ).toEqual([
            ["http", "Tcp", 80, 8080],
            ["dns", "Udp", 53, 5353],
        ]);
        for (const rule of blue.inputs.loadBalancingRules) {
            expect(rule.frontendIPConfiguration).toEqual({ id: "$self/frontendIPConfigurations/public-frontend" });
            expect(rule.probe).toEqual({ id: "$self/probes/health-probe" });
        }
        expect(blue.inputs.outboundRules).toHaveLength(1);
        expect(blue.inputs.loadBalancerName).toBe("shop-blue-lb");
        expect(green.inputs.loadBalancerName).toBe("shop-green-lb");
    });

    it("creates Standard, Static, IPv4, zone-redundant addresses named by role, never by colour", async () => {
        const { mocked } = await build("shop", baseArgs("blue"), preview);
        for (const ip of mocked.ofType(T.ip)) {
            expect(ip.inputs).toMatchObject({
                sku: { name: "Standard", tier: "Regional" },
                publicIPAllocationMethod: "Static",
                publicIPAddressVersion: "IPv4",
                zones: ["1", "2", "3"],
                location: "westeurope",
            });
            expect(ip.inputs.publicIpAddressName).toMatch(/^shop-(production|staging)-ip$/);
            expect(ip.inputs.publicIpAddressName).not.toMatch(/blue|green/);
        }
    });

    it("protects both addresses by default and nothing else", async () => {
        const { mocked } = await build("shop", baseArgs("blue"), preview);
        const protectedNames = mocked.resources.filter((r) => r.protect === true).map((r) => r.name);
        expect(protectedNames.sort()).toEqual(["shop-production-ip", "shop-staging-ip"]);
    });

    it("leaves the addresses unprotected when protectAddresses is false", async () => {
        const { mocked } = await build("shop", baseArgs("blue", { protectAddresses: false }), preview);
        expect(mocked.ofType(T.ip).map((r) => r.protect)).toEqual([false, false]);
        expect(mocked.resources.filter((r) => r.protect === true)).toEqual([]);
    });

    it("tags every resource it creates with its colour and role, keeping the user's tags", async () => {
        const { mocked } = await build(
            "shop",
            baseArgs("blue", { tags: { owner: "web", "vipswap:colour": "user-must-not-win" } }),
            preview,
        );
        // Every Azure resource but the subnet (ARM subnets have no tags); the VipSwap resource is not in Azure.
        const tagged = mocked.resources.filter((r) => r.type.startsWith("azure-native:") && r.type !== T.subnet);
        expect(tagged).toHaveLength(9);
        const expected: Record<string, [string, string]> = {
            "shop-rg": ["shared", "resource-group"],
            "shop-vnet": ["shared", "virtual-network"],
            "shop-nsg": ["shared", "network-security-group"],
            "shop-production-ip": ["shared", "production-address"],
            "shop-staging-ip": ["shared", "staging-address"],
            "shop-blue-lb": ["blue", "load-balancer"],
            "shop-green-lb": ["green", "load-balancer"],
            "shop-blue-vmss": ["blue", "scale-set"],
            "shop-green-vmss": ["green", "scale-set"],
        };
        for (const r of tagged) {
            const [colour, role] = expected[r.name];
            expect({ name: r.name, tags: r.inputs.tags }).toEqual({
                name: r.name,
                tags: expect.objectContaining({
                    owner: "web",
                    "vipswap:deployment": "shop",
                    "vipswap:colour": colour,
                    "vipswap:role": role,
                }),
            });
        }
        expect(mocked.named("shop-blue-vmss").inputs.tags["vipswap:appVersion"]).toBe("1.0.0");
        expect(mocked.named("shop-green-vmss").inputs.tags["vipswap:appVersion"]).toBeUndefined();
    });

    it("admits exactly the rules' backend ports from the source range, and the probe from AzureLoadBalancer", async () => {
        const ports = [
            { name: "http", protocol: "Tcp" as const, frontendPort: 80, backendPort: 8080 },
            { name: "game", protocol: "Udp" as const, frontendPort: 7777, backendPort: 7777 },
        ];
        const { mocked } = await build(
            "shop",
            baseArgs("blue", { ports, probe: { protocol: "Tcp", port: 9000 }, network: { allowedSourceRange: "198.51.100.0/24" } }),
            preview,
        );
        const rules = mocked.named("shop-nsg").inputs.securityRules as Record<string, unknown>[];
        expect(rules.map((r) => [r.access, r.direction, r.protocol, r.sourceAddressPrefix, r.destinationPortRange])).toEqual([
            ["Allow", "Inbound", "Tcp", "AzureLoadBalancer", "9000"],
            ["Allow", "Inbound", "Tcp", "198.51.100.0/24", "8080"],
            ["Allow", "Inbound", "Udp", "198.51.100.0/24", "7777"],
        ]);
        expect(new Set(rules.map((r) => r.priority)).size).toBe(rules.length);
        // The subnet is attached to that security group (an input dependency; its id is unknown in preview).
        expect(mocked.named("shop-subnet").dependencies).toContain(mocked.named("shop-nsg").urn);
        if (!preview) {
            expect(mocked.named("shop-subnet").inputs.networkSecurityGroup).toEqual({ id: mockIdOf(T.nsg, "shop-nsg") });
        }
    });

    it("runs each colour's scale set with SSH-key login only, its size, capacity, image and cloud-init", async () => {
        const { mocked } = await build("shop", baseArgs("blue"), preview);
        const blue = mocked.named("shop-blue-vmss").inputs;
        const green = mocked.named("shop-green-vmss").inputs;
        expect(blue.sku).toEqual({ name: "Standard_B2s", tier: "Standard", capacity: 2 });
        expect(green.sku).toEqual({ name: "Standard_B2s", tier: "Standard", capacity: 3 });
        expect(blue.virtualMachineProfile.storageProfile.imageReference).toEqual({
            publisher: "Canonical",
            offer: "ubuntu-24_04-lts",
            sku: "server",
            version: "latest",
        });
        const os = green.virtualMachineProfile.osProfile;
        expect(os.linuxConfiguration.disablePasswordAuthentication).toBe(true);
        expect(os.adminPassword).toBeUndefined();
        expect(os.linuxConfiguration.ssh.publicKeys).toEqual([{ path: "/home/azureuser/.ssh/authorized_keys", keyData: greenKey }]);
        expect(Buffer.from(os.customData, "base64").toString("utf8")).toBe("#cloud-config\nruncmd: [echo green]\n");
        expect(blue.virtualMachineProfile.osProfile.customData).toBeUndefined();
        expect(blue.vmScaleSetName).toBe("shop-blue-vmss");
        expect(blue.zones).toEqual(["1", "2", "3"]);
    });
});

describe.each<[Colour, string, string]>([
    ["blue", "shop-production-ip", "shop-staging-ip"],
    ["green", "shop-staging-ip", "shop-production-ip"],
])("with %s live", (activeColour, blueDeclares, greenDeclares) => {
    it(`blue's frontend declares ${blueDeclares} and green's ${greenDeclares}`, async () => {
        const { mocked } = await build("shop", baseArgs(activeColour));
        expect(frontendAddressId(mocked.named("shop-blue-lb"))).toBe(mockIdOf(T.ip, blueDeclares));
        expect(frontendAddressId(mocked.named("shop-green-lb"))).toBe(mockIdOf(T.ip, greenDeclares));
    });

    it("puts each scale set in its own colour's backend pool", async () => {
        const { mocked } = await build("shop", baseArgs(activeColour));
        for (const colour of ["blue", "green"]) {
            const vmss = mocked.named(`shop-${colour}-vmss`).inputs;
            const ipConfig = vmss.virtualMachineProfile.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0];
            expect(ipConfig.loadBalancerBackendAddressPools).toEqual([
                { id: `${mockIdOf(T.lb, `shop-${colour}-lb`)}/backendAddressPools/backend-pool` },
            ]);
            expect(ipConfig.subnet.id).toBe(mockIdOf(T.subnet, "shop-subnet"));
        }
    });

    it("reports the live colour, the addresses, the URLs and every id as outputs", async () => {
        const { deployment } = await build("shop", baseArgs(activeColour));
        const production = mockAddressOf("shop-production-ip");
        const staging = mockAddressOf("shop-staging-ip");
        expect(production).not.toBe(staging);
        expect(await valueOf(deployment.activeColour)).toBe(activeColour);
        expect(await valueOf(deployment.productionAddress)).toBe(production);
        expect(await valueOf(deployment.stagingAddress)).toBe(staging);
        expect(await valueOf(deployment.productionUrl)).toBe(`http://${production}/`);
        expect(await valueOf(deployment.stagingUrl)).toBe(`http://${staging}/`);
        expect(await valueOf(deployment.productionIpId)).toBe(mockIdOf(T.ip, "shop-production-ip"));
        expect(await valueOf(deployment.stagingIpId)).toBe(mockIdOf(T.ip, "shop-staging-ip"));
        expect(await valueOf(deployment.blueLoadBalancerId)).toBe(mockIdOf(T.lb, "shop-blue-lb"));
        expect(await valueOf(deployment.greenLoadBalancerId)).toBe(mockIdOf(T.lb, "shop-green-lb"));
        expect(await valueOf(deployment.blueScaleSetId)).toBe(mockIdOf(T.vmss, "shop-blue-vmss"));
        expect(await valueOf(deployment.greenScaleSetId)).toBe(mockIdOf(T.vmss, "shop-green-vmss"));
        expect(await valueOf(deployment.resourceGroupName)).toBe("shop-rg");
    });
});

describe("ordering around the swap", () => {
    it("registers the swap after both addresses and makes both load balancers depend on it, with no ignoreChanges", async () => {
        const { mocked } = await build("shop", baseArgs("blue"));
        const [swap] = mocked.ofType(T.swap);
        const ips = mocked.ofType(T.ip).map((r) => r.urn);
        expect(swap.dependencies).toEqual(expect.arrayContaining(ips));
        for (const lb of mocked.ofType(T.lb)) {
            expect(lb.dependencies).toContain(swap.urn);
            // ignoreChanges on the frontend would make azure-native PUT a stale address later (docs/design.md).
            expect(lb.ignoreChanges).toEqual([]);
        }
    });
});

describe("changing only activeColour", () => {
    it("changes nothing but the address each frontend declares (and the swap's desired colour)", async () => {
        const strip = (r: RegisteredResource) => {
            const inputs = JSON.parse(JSON.stringify(r.inputs));
            if (r.type === T.lb) {
                delete inputs.frontendIPConfigurations[0].publicIPAddress;
            }
            if (r.type === T.swap) {
                delete inputs.activeColour; // the swap's whole point
            }
            return { type: r.type, name: r.name, protect: r.protect, inputs };
        };
        const byName = (rs: RegisteredResource[]) => [...rs].sort((a, b) => a.name.localeCompare(b.name)).map(strip);
        const blueLive = byName((await build("shop", baseArgs("blue"))).mocked.resources);
        const greenLive = byName((await build("shop", baseArgs("green"))).mocked.resources);
        expect(greenLive).toEqual(blueLive);
    });
});

describe("in a preview of a new stack", () => {
    it("leaves the not-yet-allocated addresses and URLs unknown rather than inventing them", async () => {
        const { deployment } = await build("shop", baseArgs("blue"), true);
        expect(await valueOf(deployment.productionAddress)).toBeUndefined();
        expect(await valueOf(deployment.productionUrl)).toBeUndefined();
        expect(await valueOf(deployment.activeColour)).toBe("blue");
    });
});

describe("the scale set fingerprints that VipSwap gets", () => {
    const revisionsOf = async (args: BlueGreenDeploymentArgs) => (await build("shop", args)).mocked.ofType(T.swap)[0].inputs.scaleSetRevisions;

    it("change for the colour whose scale set model changes, and only for it", async () => {
        const before = await revisionsOf(baseArgs("blue"));
        expect(before).toEqual({ blue: expect.stringMatching(/^[0-9a-f]{16}$/), green: expect.stringMatching(/^[0-9a-f]{16}$/) });
        expect(before.blue).not.toBe(before.green);
        // The flip itself changes no fingerprint, so a plain flip is never refused.
        expect(await revisionsOf(baseArgs("green"))).toEqual(before);
        const greenArgs = baseArgs("blue").green;
        for (const change of [{ image: { publisher: "Canonical", offer: "o", sku: "s", version: "2" } }, { vmSize: "Standard_D2s_v5" }, { capacity: 4 }, { customData: "#cloud-config\n" }, { appVersion: "2.0.0" }]) {
            const after = await revisionsOf(baseArgs("blue", { green: { ...greenArgs, ...change } }));
            expect({ change, blue: after.blue, greenChanged: after.green !== before.green }).toEqual({ change, blue: before.blue, greenChanged: true });
        }
    });

    it("hold no setting's text (cloud-init stays out of VipSwap's state)", async () => {
        const { mocked } = await build("shop", baseArgs("blue"));
        expect(JSON.stringify(mocked.ofType(T.swap)[0].inputs)).not.toContain("runcmd");
    });
});
