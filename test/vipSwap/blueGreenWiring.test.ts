/**
 * `BlueGreenDeployment` under Pulumi mocks: the `VipSwap` resource is there with the pair's names and the live
 * colour, no credential among its inputs, and both load balancers depend on it so a flip swaps before they are PUT.
 */
import * as pulumi from "@pulumi/pulumi";
import { mockPulumi, type MockedPulumi } from "../helpers/pulumiMocks";

const vipSwapType = "pulumi-nodejs:dynamic/vipswap:VipSwap";

async function deploy(activeColour: "blue" | "green", preview = false, hosting: "dynamic" | "package" = "dynamic"): Promise<MockedPulumi> {
    const mocked = await mockPulumi({ preview });
    const { BlueGreenDeployment } = await import("../../components/blueGreenDeployment");
    const { setVipSwapHosting } = await import("../../components/vipSwap/vipSwapHosting");
    setVipSwapHosting(hosting);
    new BlueGreenDeployment("shop", {
        location: "westeurope",
        activeColour,
        blue: { sshPublicKey: "ssh-ed25519 AAAAtest blue" },
        green: { sshPublicKey: "ssh-ed25519 AAAAtest green" },
    });
    await mocked.settled();
    setVipSwapHosting("dynamic");
    return mocked;
}

describe.each(["blue", "green"] as const)("BlueGreenDeployment with %s live", (colour) => {
    let mocked: MockedPulumi;
    beforeAll(async () => {
        process.env.ARM_CLIENT_SECRET = "fake-secret-that-must-not-be-serialized";
        mocked = await deploy(colour);
    });
    afterAll(() => {
        delete process.env.ARM_CLIENT_SECRET;
    });

    it("creates one VipSwap with the pair's names and the live colour", () => {
        const swaps = mocked.ofType(vipSwapType);
        expect(swaps).toHaveLength(1);
        const [swap] = swaps;
        const lbs = mocked.ofType("azure-native:network:LoadBalancer");
        const ips = mocked.ofType("azure-native:network:PublicIPAddress");
        const lbName = (c: string) => lbs.find((lb) => lb.name.includes(`-${c}-`))!.inputs.loadBalancerName;
        const ipName = (role: string) => ips.find((ip) => ip.name.includes(role))!.inputs.publicIpAddressName;
        expect(swap.inputs).toMatchObject({
            activeColour: colour,
            blueLoadBalancerName: lbName("blue"),
            greenLoadBalancerName: lbName("green"),
            productionIpName: ipName("production"),
            stagingIpName: ipName("staging"),
            frontendName: lbs[0].inputs.frontendIPConfigurations[0].name,
        });
        expect(swap.inputs.resourceGroupName).toEqual(expect.any(String));
    });

    it("makes both load balancers depend on it, and it on both addresses", () => {
        const [swap] = mocked.ofType(vipSwapType);
        for (const lb of mocked.ofType("azure-native:network:LoadBalancer")) {
            expect(lb.dependencies).toContain(swap.urn);
        }
        for (const ip of mocked.ofType("azure-native:network:PublicIPAddress")) {
            expect(swap.dependencies).toContain(ip.urn);
        }
    });

    it("puts no credential in its inputs and serializes no secret from the environment", () => {
        const [swap] = mocked.ofType(vipSwapType);
        const keys = Object.keys(swap.inputs).filter((k) => k !== "__provider");
        expect(keys.sort()).toEqual(
            [
                "activeColour",
                "blueLoadBalancerName",
                "frontendName",
                "greenLoadBalancerName",
                "productionIpName",
                "resourceGroupName",
                "scaleSetRevisions",
                "stagingIpName",
            ].sort(),
        );
        expect(typeof swap.inputs.__provider).toBe("string");
        expect(swap.inputs.__provider).not.toContain("fake-secret-that-must-not-be-serialized");
    });
});

describe("BlueGreenDeployment in preview", () => {
    it("still registers VipSwap before the load balancers", async () => {
        const mocked = await deploy("blue", true);
        const swaps = mocked.ofType(vipSwapType);
        expect(swaps).toHaveLength(1);
        const [swap] = swaps;
        const loadBalancers = mocked.ofType("azure-native:network:LoadBalancer");
        expect(loadBalancers).toHaveLength(2);
        for (const lb of loadBalancers) {
            expect(lb.dependencies).toContain(swap.urn);
        }
        expect(pulumi.runtime.isDryRun()).toBe(true);
    });
});

describe("BlueGreenDeployment inside the vipswap plugin (hosting package, set by plugin/componentHost.ts)", () => {
    it("registers the plugin's vipswap:index:VipSwap instead, with the dynamic one's inputs and no serialized provider", async () => {
        const [dynamic] = (await deploy("green")).ofType(vipSwapType);
        const { __provider: _serialized, ...dynamicInputs } = dynamic.inputs;
        expect(typeof _serialized).toBe("string");

        const mocked = await deploy("green", false, "package");
        expect(mocked.ofType(vipSwapType)).toEqual([]);
        const swaps = mocked.ofType("vipswap:index:VipSwap");
        expect(swaps).toHaveLength(1);
        expect(swaps[0].inputs).toEqual(dynamicInputs);
        for (const lb of mocked.ofType("azure-native:network:LoadBalancer")) {
            expect(lb.dependencies).toContain(swaps[0].urn);
        }
    });
});
