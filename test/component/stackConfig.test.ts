import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { mockAddressOf, mockIdOf, mockPulumi, valueOf, type MockedPulumi } from "../helpers/pulumiMocks";
import { StackConfigError, configKeyOfArgument, parseImage, parsePortRule, readStackConfig, stackDefaults } from "../../stackConfig";

// js-yaml ships with @pulumi/pulumi (it reads Pulumi.yaml files itself); no typings are installed for it.
const yaml = require("js-yaml") as { load(text: string): unknown };

const root = path.join(__dirname, "..", "..");

interface ConfigDeclaration {
    type: string;
    description?: string;
    default?: unknown;
    items?: { type: string };
}

interface ProjectFile {
    name: string;
    runtime: { name: string; options?: Record<string, unknown> };
    main?: string;
    config: Record<string, ConfigDeclaration>;
}

const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as ProjectFile;
const devStack = yaml.load(fs.readFileSync(path.join(root, "Pulumi.dev.yaml"), "utf8")) as { config: Record<string, unknown> };

const sshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIStackStackStackStackStackStackStack00 ops@ci";

/** Config values are strings at run time; structured ones are JSON (what the CLI hands the program). */
function asConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** The config the CLI would give the dev stack: Pulumi.yaml defaults, then Pulumi.dev.yaml, then `overrides`. */
function devStackConfig(overrides: Record<string, unknown> = {}): Record<string, string> {
    const config: Record<string, string> = {};
    for (const [key, declaration] of Object.entries(project.config)) {
        if (declaration.default !== undefined) {
            config[`vipswap:${key}`] = asConfigString(declaration.default);
        }
    }
    for (const [key, value] of Object.entries(devStack.config)) {
        config[key] = asConfigString(value);
    }
    config["vipswap:sshPublicKey"] = sshPublicKey;
    for (const [key, value] of Object.entries(overrides)) {
        config[`vipswap:${key}`] = asConfigString(value);
    }
    return config;
}

/** Runs the example stack (index.ts) under mocks with `config`, as `pulumi up` would. */
async function runStack(config: Record<string, string>): Promise<{ mocked: MockedPulumi; stack: Record<string, pulumi.Output<unknown>> }> {
    const mocked = await mockPulumi({ stack: "dev" });
    pulumi.runtime.setAllConfig(config);
    let stack: Record<string, pulumi.Output<unknown>> = {};
    await jest.isolateModulesAsync(async () => {
        stack = (await import("../../index")) as unknown as Record<string, pulumi.Output<unknown>>;
    });
    await mocked.settled();
    return { mocked, stack };
}

describe("Pulumi.yaml", () => {
    it("runs index.ts as the program, because package.json main is the built library", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { main: string };
        expect(pkg.main).toBe("dist/components/index.js");
        expect(project.name).toBe("vipswap");
        expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true } });
        expect(project.main).toBe("index.ts");
        expect(fs.existsSync(path.join(root, project.main!))).toBe(true);
    });

    it("declares every key with a type and a description, and a default for all but the SSH key", () => {
        for (const [key, declaration] of Object.entries(project.config)) {
            expect({ key, type: typeof declaration.type, description: typeof declaration.description }).toEqual({
                key,
                type: "string",
                description: "string",
            });
        }
        const withoutDefault = Object.entries(project.config).filter(([, d]) => d.default === undefined).map(([k]) => k);
        expect(withoutDefault).toEqual(["sshPublicKey"]);
        expect(project.config.activeColour).toMatchObject({ type: "string", default: "blue" });
    });

    it("declares the same defaults the program falls back to", () => {
        const expected: Record<string, unknown> = {
            ...stackDefaults,
            deploymentName: "",
            activeColour: "blue",
            // Read by the VipSwap provider's configure, where blank means "not set".
            armEndpoint: "",
            armCaCertFile: "",
        };
        for (const colour of ["blue", "green"]) {
            for (const [suffix, key] of [
                ["VmSize", "vmSize"],
                ["Capacity", "capacity"],
                ["Image", "image"],
                ["AppVersion", "appVersion"],
                ["CustomData", "customData"],
            ]) {
                expected[`${colour}${suffix}`] = expected[key];
            }
        }
        for (const key of ["vmSize", "capacity", "image", "appVersion", "customData"]) {
            delete expected[key];
        }
        const declared = Object.fromEntries(
            Object.entries(project.config)
                .filter(([, d]) => d.default !== undefined)
                .map(([key, d]) => [key, d.default]),
        );
        expect(declared).toEqual(expected);
    });
});

describe("readStackConfig", () => {
    it("reads the committed dev stack into the component's arguments", async () => {
        await mockPulumi({ stack: "dev" });
        pulumi.runtime.setAllConfig(devStackConfig());
        const { deploymentName, args } = readStackConfig(new pulumi.Config());
        expect(deploymentName).toBe("vipswap-dev");
        expect(args).toMatchObject({
            location: "westeurope",
            activeColour: "blue",
            ports: [{ name: "http", protocol: "Tcp", frontendPort: 80, backendPort: 80 }],
            probe: { protocol: "Http", port: 80, path: "/" },
            zones: ["1", "2", "3"],
            tags: { environment: "dev" },
            protectAddresses: true,
            network: { addressSpace: "10.0.0.0/16", subnetPrefix: "10.0.0.0/24", allowedSourceRange: "Internet" },
        });
        expect(args.resourceGroupName).toBeUndefined();
        expect(args.blue).toMatchObject({ capacity: 2, appVersion: "1.0.0", sshPublicKey, vmSize: "Standard_B2s" });
        expect(args.green).toMatchObject({ capacity: 2, appVersion: "1.1.0", sshPublicKey });
        expect(args.blue.image).toEqual({ publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" });
    });

    it("refuses a colour other than blue or green, naming the allowed values", async () => {
        await mockPulumi({ stack: "dev" });
        pulumi.runtime.setAllConfig(devStackConfig({ activeColour: "purple" }));
        expect(() => readStackConfig(new pulumi.Config())).toThrow(
            `Configuration 'vipswap:activeColour' value 'purple' is not a legal enum value (["blue","green"])`,
        );
    });

    it("stops when the SSH public key is not set", async () => {
        await mockPulumi({ stack: "dev" });
        const config = devStackConfig();
        delete config["vipswap:sshPublicKey"];
        pulumi.runtime.setAllConfig(config);
        expect(() => readStackConfig(new pulumi.Config())).toThrow(/Missing required configuration variable 'vipswap:sshPublicKey'/);
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
        ["a rule without four parts", { ports: ["http:80"] }, /'vipswap:ports\[0\]': "http:80" is not a rule\. Write each rule as name:protocol:frontendPort:backendPort/],
        ["a list given as a plain string", { ports: "http:Tcp:80:80" }, /'vipswap:ports' value 'http:Tcp:80:80' is not a valid JSON object/],
        ["a list of numbers", { zones: [1, 2] }, /'vipswap:zones': \[1,2\] is not a list of strings/],
        ["an image that is neither a URN nor an id", { greenImage: "ubuntu" }, /'vipswap:greenImage': "ubuntu" is not an image/],
        ["a tag without '='", { tags: ["owner"] }, /'vipswap:tags\[0\]': "owner" is not a tag/],
        ["a probe protocol Azure does not have", { probeProtocol: "Icmp" }, /'vipswap:probeProtocol' value 'Icmp' is not a legal enum value \(\["Http","Https","Tcp"\]\)/],
        ["a negative capacity", { blueCapacity: -1 }, /vipswap:blueCapacity/],
        ["a capacity that is not a number", { greenCapacity: "lots" }, /'vipswap:greenCapacity' value 'lots' is not a valid number/],
    ])("refuses %s, naming the key", async (_what, overrides, message) => {
        await mockPulumi({ stack: "dev" });
        pulumi.runtime.setAllConfig(devStackConfig(overrides));
        expect(() => readStackConfig(new pulumi.Config())).toThrow(message);
    });

    it("reads topology, pairedLoadBalancers by default, and refuses a value that is not one", async () => {
        await mockPulumi({ stack: "dev" });
        pulumi.runtime.setAllConfig(devStackConfig());
        expect(readStackConfig(new pulumi.Config()).args.topology).toBe("pairedLoadBalancers");
        pulumi.runtime.setAllConfig(devStackConfig({ topology: "sharedLoadBalancer" }));
        expect(readStackConfig(new pulumi.Config()).args.topology).toBe("sharedLoadBalancer");
        pulumi.runtime.setAllConfig(devStackConfig({ topology: "shared" }));
        expect(() => readStackConfig(new pulumi.Config())).toThrow(
            `Configuration 'vipswap:topology' value 'shared' is not a legal enum value (["pairedLoadBalancers","sharedLoadBalancer"])`,
        );
    });

    it("uses an existing subnet and resource group when they are given", async () => {
        await mockPulumi({ stack: "dev" });
        const subnetId = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/app";
        pulumi.runtime.setAllConfig(devStackConfig({ subnetId, resourceGroupName: "shared-rg", deploymentName: "shop" }));
        const { deploymentName, args } = readStackConfig(new pulumi.Config());
        expect(deploymentName).toBe("shop");
        expect(args.network).toEqual({ subnetId });
        expect(args.resourceGroupName).toBe("shared-rg");
    });

    it("parses rules and images in the documented forms", () => {
        expect(parsePortRule("dns:Udp:53:5353", "ports[0]")).toEqual({ name: "dns", protocol: "Udp", frontendPort: 53, backendPort: 5353 });
        expect(parseImage("/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/app", "blueImage")).toEqual({
            id: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/app",
        });
        expect(() => parsePortRule("http:Tcp:eighty:80", "ports[0]")).toThrow(StackConfigError);
    });
});

describe("the example stack (index.ts)", () => {
    it("creates one deployment from the dev stack and exports its outputs, with green live after a flip", async () => {
        const { mocked, stack } = await runStack(devStackConfig({ activeColour: "green" }));
        expect(mocked.ofType("vipswap:azure:BlueGreenDeployment").map((r) => r.name)).toEqual(["vipswap-dev"]);
        const green = mocked.named("vipswap-dev-green-lb");
        expect(green.inputs.frontendIPConfigurations[0].publicIPAddress.id).toBe(
            mockIdOf("azure-native:network:PublicIPAddress", "vipswap-dev-production-ip"),
        );
        expect(await valueOf(stack.activeColour)).toBe("green");
        expect(await valueOf(stack.productionAddress)).toBe(mockAddressOf("vipswap-dev-production-ip"));
        expect(await valueOf(stack.productionUrl)).toBe(`http://${mockAddressOf("vipswap-dev-production-ip")}/`);
        expect(await valueOf(stack.stagingUrl)).toBe(`http://${mockAddressOf("vipswap-dev-staging-ip")}/`);
        expect(Object.keys(stack).sort()).toEqual(
            [
                "activeColour",
                "topology",
                "loadBalancerId",
                "outboundAddress",
                "blueLoadBalancerId",
                "blueScaleSetId",
                "greenLoadBalancerId",
                "greenScaleSetId",
                "productionAddress",
                "productionIpId",
                "productionUrl",
                "resourceGroupName",
                "stagingAddress",
                "stagingIpId",
                "stagingUrl",
                "swapTarget",
            ].sort(),
        );
    });

    it("creates the shared topology from `topology: sharedLoadBalancer` and exports its load balancer and outbound address", async () => {
        const { mocked, stack } = await runStack(devStackConfig({ topology: "sharedLoadBalancer" }));
        expect(mocked.ofType("azure-native:network:LoadBalancer").map((r) => r.name)).toEqual(["vipswap-dev-lb"]);
        const lbId = mockIdOf("azure-native:network:LoadBalancer", "vipswap-dev-lb");
        expect(stack.topology as unknown).toBe("sharedLoadBalancer"); // plain: it decides which resources exist
        expect(await valueOf(stack.loadBalancerId)).toBe(lbId);
        expect(await valueOf(stack.blueLoadBalancerId)).toBe(lbId);
        expect(await valueOf(stack.outboundAddress)).toBe(mockAddressOf("vipswap-dev-outbound-ip"));
        expect(await valueOf(stack.productionUrl)).toBe(`http://${mockAddressOf("vipswap-dev-production-ip")}/`);
    });

    it("fails on activeColour purple before creating anything", async () => {
        await expect(runStack(devStackConfig({ activeColour: "purple" }))).rejects.toThrow(/is not a legal enum value \(\["blue","green"\]\)/);
    });

    it.each<[Record<string, unknown>, RegExp]>([
        [{ probePort: 70000 }, /^Configuration 'vipswap:probePort': 70000 is out of range\. Use a whole number from 1 to 65535\.$/],
        [{ greenVmSize: "" }, /^Configuration 'vipswap:greenVmSize': "" is not a VM size\./],
        [{ addressSpace: "10.0.0.0/16", subnetPrefix: "10.9.0.0/24" }, /^Configuration 'vipswap:subnetPrefix': "10\.9\.0\.0\/24" is not inside the address space/],
        [{ allowedSourceRange: "" }, /^Configuration 'vipswap:allowedSourceRange': "" is not a source range/],
        [{ blueCapacity: 1.5 }, /^Configuration 'vipswap:blueCapacity': 1\.5 is not a valid instance count/],
        [{ adminUsername: "root" }, /^Configuration 'vipswap:adminUsername': "root" is reserved by Azure/],
        [{ deploymentName: "bad name!" }, /^Configuration 'vipswap:deploymentName': "bad name!" cannot prefix Azure resource names/],
    ])("reports a value the component refuses against its config key (%j), before creating anything", async (overrides, message) => {
        const mocked = await mockPulumi({ stack: "dev" });
        pulumi.runtime.setAllConfig(devStackConfig(overrides));
        await expect(
            jest.isolateModulesAsync(async () => {
                await import("../../index");
            }),
        ).rejects.toThrow(message);
        await mocked.settled();
        expect(mocked.resources).toEqual([]);
    });

    it("maps every argument the example stack sets to its key", () => {
        expect(
            ["ports[2].frontendPort", "probe", "probe.path", "blue.image", "green.capacity", "blue.sshPublicKey", "network.subnetId", "zones", "healthGate"].map(
                configKeyOfArgument,
            ),
        ).toEqual(["ports[2]", "probeProtocol", "probePath", "blueImage", "greenCapacity", "sshPublicKey", "subnetId", "zones", undefined]);
    });

    it("fails on a duplicated frontend port, naming the rule's config key, before creating anything", async () => {
        const mocked = await mockPulumi({ stack: "dev" });
        pulumi.runtime.setAllConfig(devStackConfig({ ports: ["http:Tcp:80:80", "alt:Tcp:80:8080"] }));
        await expect(
            jest.isolateModulesAsync(async () => {
                await import("../../index");
            }),
        ).rejects.toThrow(/'vipswap:ports\[1\]': Tcp port 80 is used by two rules/);
        await mocked.settled();
        expect(mocked.resources).toEqual([]);
    });
});
