import type { BlueGreenDeployment as BlueGreenDeploymentClass, BlueGreenDeploymentArgs, Colour } from "../../components";
import { mockAddressOf, mockIdOf, mockPulumi, valueOf, type MockedPulumi, type RegisteredResource } from "../helpers/pulumiMocks";

const T = {
    component: "vipswap:azure:BlueGreenDeployment",
    ip: "azure-native:network:PublicIPAddress",
    lb: "azure-native:network:LoadBalancer",
    vmss: "azure-native:compute:VirtualMachineScaleSet",
    swap: "pulumi-nodejs:dynamic/vipswap:VipSwap",
};

const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKey00 ops@ci";

const ports = [
    { name: "http", protocol: "Tcp" as const, frontendPort: 80, backendPort: 8080 },
    { name: "dns", protocol: "Udp" as const, frontendPort: 53, backendPort: 5353 },
];

function sharedArgs(activeColour: Colour, extra: Partial<BlueGreenDeploymentArgs> = {}): BlueGreenDeploymentArgs {
    return {
        location: "westeurope",
        activeColour,
        topology: "sharedLoadBalancer",
        ports,
        blue: { sshPublicKey: key, appVersion: "1.0.0" },
        green: { sshPublicKey: key, capacity: 3 },
        ...extra,
    };
}

async function build(args: BlueGreenDeploymentArgs, preview = false): Promise<{ mocked: MockedPulumi; deployment: BlueGreenDeploymentClass }> {
    const mocked = await mockPulumi({ preview });
    const { BlueGreenDeployment } = await import("../../components");
    const deployment = new BlueGreenDeployment("shop", args);
    await mocked.settled();
    return { mocked, deployment };
}

/** `args` as a stack that never set `topology`. */
function withoutTopology(args: BlueGreenDeploymentArgs): BlueGreenDeploymentArgs {
    const copy: { -readonly [K in keyof BlueGreenDeploymentArgs]: BlueGreenDeploymentArgs[K] } = { ...args };
    delete copy.topology;
    return copy;
}

type Rule = {
    name: string;
    protocol: string;
    frontendPort: number;
    backendPort: number;
    frontendIPConfiguration: { id: string };
    backendAddressPool: { id: string };
    probe: { id: string };
    enableFloatingIP: boolean;
    disableOutboundSnat: boolean;
};

const rulesOf = (lb: RegisteredResource): Rule[] => lb.inputs.loadBalancingRules;
const frontend = (name: string) => `$self/frontendIPConfigurations/${name}`;
const pool = (name: string) => `$self/backendAddressPools/${name}`;

describe.each([false, true])("shared topology graph (preview: %s)", (preview) => {
    it("creates one load balancer, three role-named addresses and two scale sets, all children of the component", async () => {
        const { mocked } = await build(sharedArgs("blue"), preview);
        expect(mocked.ofType(T.lb).map((r) => r.name)).toEqual(["shop-lb"]);
        expect(mocked.ofType(T.ip).map((r) => r.name).sort()).toEqual(["shop-outbound-ip", "shop-production-ip", "shop-staging-ip"]);
        expect(mocked.ofType(T.vmss).map((r) => r.name).sort()).toEqual(["shop-blue-vmss", "shop-green-vmss"]);
        expect(mocked.ofType(T.swap)).toHaveLength(1);
        const component = mocked.ofType(T.component)[0];
        for (const child of mocked.resources.filter((r) => r.type !== T.component)) {
            expect({ name: child.name, parent: child.parent }).toEqual({ name: child.name, parent: component.urn });
        }
        const lb = mocked.named("shop-lb").inputs;
        expect(lb.loadBalancerName).toBe("shop-lb");
        expect(lb.sku).toEqual({ name: "Standard", tier: "Regional" });
        expect(lb.backendAddressPools).toEqual([{ name: "blue" }, { name: "green" }, { name: "outbound" }]);
        expect(lb.probes).toEqual([expect.objectContaining({ name: "health-probe", protocol: "Http", port: 80, requestPath: "/" })]);
    });

    it("makes one rule per frontend and port, each probed, without floating IP, and with outbound SNAT off", async () => {
        const { mocked } = await build(sharedArgs("blue"), preview);
        const rules = rulesOf(mocked.named("shop-lb"));
        expect(rules.map((r) => [r.name, r.protocol, r.frontendPort, r.backendPort, r.frontendIPConfiguration.id])).toEqual([
            ["http-production", "Tcp", 80, 8080, frontend("production")],
            ["dns-production", "Udp", 53, 5353, frontend("production")],
            ["http-staging", "Tcp", 80, 8080, frontend("staging")],
            ["dns-staging", "Udp", 53, 5353, frontend("staging")],
        ]);
        for (const rule of rules) {
            expect(rule).toMatchObject({ probe: { id: "$self/probes/health-probe" }, enableFloatingIP: false, disableOutboundSnat: true });
        }
    });

    it("gives outbound traffic its own frontend, address and pool, which no load-balancing rule uses", async () => {
        const { mocked } = await build(sharedArgs("green"), preview);
        const lb = mocked.named("shop-lb");
        expect(lb.inputs.outboundRules).toEqual([
            {
                name: "outbound",
                protocol: "All",
                frontendIPConfigurations: [{ id: frontend("outbound") }],
                backendAddressPool: { id: pool("outbound") },
                enableTcpReset: true,
                idleTimeoutInMinutes: 4,
            },
        ]);
        // Azure refuses a SNATing rule on an outbound rule's frontend, and two outbound rules on one frontend.
        for (const rule of rulesOf(lb)) {
            expect(rule.frontendIPConfiguration.id).not.toBe(frontend("outbound"));
            expect(rule.backendAddressPool.id).not.toBe(pool("outbound"));
        }
        expect(lb.inputs.frontendIPConfigurations.map((f: { name: string }) => f.name)).toEqual(["production", "staging", "outbound"]);
    });

    it("protects the production and staging addresses and nothing else (the outbound address takes no clients)", async () => {
        const { mocked } = await build(sharedArgs("blue"), preview);
        expect(mocked.resources.filter((r) => r.protect === true).map((r) => r.name).sort()).toEqual(["shop-production-ip", "shop-staging-ip"]);
        expect(mocked.named("shop-outbound-ip").inputs).toMatchObject({
            publicIpAddressName: "shop-outbound-ip",
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            zones: ["1", "2", "3"],
        });
    });

    it("tags the load balancer as shared and each address with its role", async () => {
        const { mocked } = await build(sharedArgs("blue", { tags: { owner: "web" } }), preview);
        const tags = (name: string) => mocked.named(name).inputs.tags;
        expect(tags("shop-lb")).toEqual({ owner: "web", "vipswap:deployment": "shop", "vipswap:colour": "shared", "vipswap:role": "load-balancer" });
        expect(tags("shop-production-ip")["vipswap:role"]).toBe("production-address");
        expect(tags("shop-staging-ip")["vipswap:role"]).toBe("staging-address");
        expect(tags("shop-outbound-ip")["vipswap:role"]).toBe("outbound-address");
        expect(tags("shop-blue-vmss")["vipswap:colour"]).toBe("blue");
    });

    it("has the swap wait for the production and staging addresses, and the load balancer and outbound address wait for the swap", async () => {
        const { mocked } = await build(sharedArgs("blue"), preview);
        const [swap] = mocked.ofType(T.swap);
        expect(swap.dependencies).toEqual(expect.arrayContaining([mocked.named("shop-production-ip").urn, mocked.named("shop-staging-ip").urn]));
        expect(swap.dependencies).not.toContain(mocked.named("shop-outbound-ip").urn);
        for (const name of ["shop-lb", "shop-outbound-ip"]) {
            expect(mocked.named(name).dependencies).toContain(swap.urn);
            expect(mocked.named(name).ignoreChanges).toEqual([]);
        }
    });
});

describe.each<[Colour, Colour]>([
    ["blue", "green"],
    ["green", "blue"],
])("shared topology with %s live", (live, idle) => {
    it(`points the production rules at the ${live} pool and the staging rules at the ${idle} pool`, async () => {
        const { mocked } = await build(sharedArgs(live));
        const rules = rulesOf(mocked.named("shop-lb"));
        expect(rules.map((r) => [r.name, r.backendAddressPool.id])).toEqual([
            ["http-production", pool(live)],
            ["dns-production", pool(live)],
            ["http-staging", pool(idle)],
            ["dns-staging", pool(idle)],
        ]);
        // Two rules with one protocol and backend port never share a pool (RulesUseSameBackendPortProtocolAndPool).
        const keys = rules.map((r) => `${r.protocol}/${r.backendPort}/${r.backendAddressPool.id}`);
        expect(new Set(keys).size).toBe(keys.length);
    });

    it("keeps each address on its own frontend whatever the colour", async () => {
        const { mocked } = await build(sharedArgs(live));
        const addresses = mocked.named("shop-lb").inputs.frontendIPConfigurations.map((f: { name: string; publicIPAddress: { id: string } }) => [
            f.name,
            f.publicIPAddress.id,
        ]);
        expect(addresses).toEqual([
            ["production", mockIdOf(T.ip, "shop-production-ip")],
            ["staging", mockIdOf(T.ip, "shop-staging-ip")],
            ["outbound", mockIdOf(T.ip, "shop-outbound-ip")],
        ]);
    });

    it("puts each scale set in its colour's pool and the outbound pool of the one load balancer", async () => {
        const { mocked } = await build(sharedArgs(live));
        const lbId = mockIdOf(T.lb, "shop-lb");
        for (const colour of ["blue", "green"]) {
            const profile = mocked.named(`shop-${colour}-vmss`).inputs.virtualMachineProfile;
            const ipConfig = profile.networkProfile.networkInterfaceConfigurations[0].ipConfigurations[0];
            expect(ipConfig.loadBalancerBackendAddressPools).toEqual([
                { id: `${lbId}/backendAddressPools/${colour}` },
                { id: `${lbId}/backendAddressPools/outbound` },
            ]);
        }
    });

    it("gives VipSwap the shared target and the desired colour", async () => {
        const { mocked, deployment } = await build(sharedArgs(live));
        const target = {
            kind: "sharedLoadBalancer",
            resourceGroupName: "shop-rg",
            loadBalancerName: "shop-lb",
            productionFrontendName: "production",
            stagingFrontendName: "staging",
            bluePoolName: "blue",
            greenPoolName: "green",
        };
        const swap = mocked.ofType(T.swap)[0].inputs;
        expect(swap).toMatchObject({ ...target, activeColour: live });
        for (const pairedField of ["blueLoadBalancerName", "greenLoadBalancerName", "frontendName", "productionIpName", "stagingIpName"]) {
            expect(swap).not.toHaveProperty(pairedField);
        }
        expect(await valueOf(deployment.swapTarget)).toEqual(target);
    });

    it("reports the topology, the one load balancer, the outbound address and the usual outputs", async () => {
        const { deployment } = await build(sharedArgs(live));
        const lbId = mockIdOf(T.lb, "shop-lb");
        expect(deployment.topology).toBe("sharedLoadBalancer");
        expect(await valueOf(deployment.activeColour)).toBe(live);
        expect(await valueOf(deployment.loadBalancerId)).toBe(lbId);
        // The load balancer in front of each colour's scale set is the one load balancer.
        expect(await valueOf(deployment.blueLoadBalancerId)).toBe(lbId);
        expect(await valueOf(deployment.greenLoadBalancerId)).toBe(lbId);
        expect(await valueOf(deployment.outboundIpId)).toBe(mockIdOf(T.ip, "shop-outbound-ip"));
        expect(await valueOf(deployment.outboundAddress)).toBe(mockAddressOf("shop-outbound-ip"));
        expect(await valueOf(deployment.productionAddress)).toBe(mockAddressOf("shop-production-ip"));
        expect(await valueOf(deployment.productionUrl)).toBe(`http://${mockAddressOf("shop-production-ip")}/`);
        expect(await valueOf(deployment.stagingAddress)).toBe(mockAddressOf("shop-staging-ip"));
    });
});

describe("flipping activeColour in the shared topology", () => {
    it("changes nothing but the rules' pools (exchanged, not added or removed) and the swap's desired colour", async () => {
        const strip = (r: RegisteredResource) => {
            const inputs = JSON.parse(JSON.stringify(r.inputs));
            if (r.type === T.lb) {
                for (const rule of inputs.loadBalancingRules) delete rule.backendAddressPool;
            }
            if (r.type === T.swap) delete inputs.activeColour;
            return { type: r.type, name: r.name, protect: r.protect, dependencies: [...r.dependencies].sort(), inputs };
        };
        const byName = (rs: RegisteredResource[]) => [...rs].sort((a, b) => a.name.localeCompare(b.name)).map(strip);
        const blue = (await build(sharedArgs("blue"))).mocked;
        const green = (await build(sharedArgs("green"))).mocked;
        expect(byName(green.resources)).toEqual(byName(blue.resources));
        const pools = (m: MockedPulumi) => rulesOf(m.named("shop-lb")).map((r) => r.backendAddressPool.id);
        expect(pools(green)).toEqual(pools(blue).map((id) => (id === pool("blue") ? pool("green") : pool("blue"))));
    });
});

describe("the paired topology stays the default", () => {
    it("registers exactly the same resources whether topology is omitted or pairedLoadBalancers, and no kind on VipSwap", async () => {
        const snapshot = (m: MockedPulumi) => m.resources.map((r) => ({ type: r.type, name: r.name, protect: r.protect, inputs: r.inputs }));
        const pairedArgs = withoutTopology(sharedArgs("blue"));
        const omitted = await build(pairedArgs);
        const explicit = await build({ ...pairedArgs, topology: "pairedLoadBalancers" });
        expect(snapshot(explicit.mocked)).toEqual(snapshot(omitted.mocked));
        expect(omitted.mocked.ofType(T.lb).map((r) => r.name).sort()).toEqual(["shop-blue-lb", "shop-green-lb"]);
        expect(omitted.mocked.ofType(T.swap)[0].inputs).not.toHaveProperty("kind");
        expect(omitted.deployment.topology).toBe("pairedLoadBalancers");
        expect(await valueOf(omitted.deployment.loadBalancerId)).toBeUndefined();
        expect(await valueOf(omitted.deployment.outboundIpId)).toBeUndefined();
    });
});

describe("changing the topology of a stack", () => {
    it("keeps the production and staging addresses the same resources (same name, inputs and protection), so they are never replaced", async () => {
        const addresses = (m: MockedPulumi) =>
            ["shop-production-ip", "shop-staging-ip"].map((name) => {
                const r = m.named(name);
                return { urn: r.urn, protect: r.protect, inputs: r.inputs };
            });
        const pairedArgs = withoutTopology(sharedArgs("green"));
        const paired = await build(pairedArgs);
        const shared = await build(sharedArgs("green"));
        expect(addresses(shared.mocked)).toEqual(addresses(paired.mocked));
        expect(addresses(shared.mocked).map((a) => a.protect)).toEqual([true, true]);
    });
});
