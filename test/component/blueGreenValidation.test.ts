import * as pulumi from "@pulumi/pulumi";
import type { BlueGreenDeploymentArgs } from "../../components";
import { checkedInput } from "../../components/checkedInput";
import { BlueGreenArgsError, validateColour, validatePorts, validateProbe } from "../../components/blueGreenValidation";
import { validateCreatedNetwork, validateResourceGroupName, validateSourceRange, validateSubnetId } from "../../components/blueGreenNetworkValidation";
import { mockPulumi, valueOf } from "../helpers/pulumiMocks";

const key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKeyKey00 ops@ci";

function args(extra: Record<string, unknown> = {}): BlueGreenDeploymentArgs {
    return {
        location: "westeurope",
        activeColour: "blue",
        blue: { sshPublicKey: key },
        green: { sshPublicKey: key },
        ...extra,
    } as BlueGreenDeploymentArgs;
}

const http = { name: "http", protocol: "Tcp", frontendPort: 80, backendPort: 80 };

describe("BlueGreenDeployment refuses bad arguments at construction, before registering anything", () => {
    it.each<[string, Record<string, unknown>, RegExp]>([
        ["a colour other than blue or green", { activeColour: "purple" }, /activeColour: "purple" is not a colour\. Use one of: blue, green\./],
        ["two rules with one name", { ports: [http, { ...http, frontendPort: 81 }] }, /ports\[1\]\.name: "http" is used by two rules/],
        ["two rules on one frontend port", { ports: [http, { ...http, name: "web" }] }, /ports\[1\]\.frontendPort: Tcp port 80 is used by two rules/],
        ["a frontend port out of range", { ports: [{ ...http, frontendPort: 65535 }] }, /ports\[0\]\.frontendPort: 65535 is out of range\. Use a whole number from 1 to 65534\./],
        ["a backend port of 0", { ports: [{ ...http, backendPort: 0 }] }, /ports\[0\]\.backendPort: 0 is out of range/],
        ["a fractional port", { ports: [{ ...http, backendPort: 80.5 }] }, /ports\[0\]\.backendPort: 80\.5 is out of range/],
        ["a rule protocol Azure does not have", { ports: [{ ...http, protocol: "Http" }] }, /ports\[0\]\.protocol: "Http" is not a rule protocol\. Use one of: Tcp, Udp\./],
        ["an empty rule list", { ports: [] }, /ports: \[\] is not a non-empty list of rules/],
        ["a bad probe protocol", { probe: { protocol: "Icmp", port: 80 } }, /probe\.protocol: "Icmp" is not a probe protocol\. Use one of: Http, Https, Tcp\./],
        ["a Tcp probe with a path", { probe: { protocol: "Tcp", port: 80, path: "/" } }, /probe\.path: a Tcp probe cannot have a path/],
        ["a probe path without a leading slash", { probe: { protocol: "Http", port: 80, path: "health" } }, /probe\.path: "health" is not a request path/],
        ["a negative capacity", { green: { sshPublicKey: key, capacity: -1 } }, /green\.capacity: -1 is not a valid instance count\. Use a whole number of instances, 0 or more/],
        ["a private key where the public key goes", { blue: { sshPublicKey: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl" } }, /blue\.sshPublicKey: this is a private key\. Give the public key/],
        ["something that is not an SSH key", { blue: { sshPublicKey: "hunter2" } }, /blue\.sshPublicKey: "hunter2" is not an SSH public key/],
        ["an empty location", { location: "" }, /location: "" is not an Azure region/],
        ["a zone named twice", { zones: ["1", "1"] }, /zones: \["1","1"\] names a zone twice/],
        ["zones given as numbers", { zones: [1, 2] }, /zones: \[1,2\] is not a list of zones/],
        ["a zone Azure does not have", { zones: ["1", "4"] }, /zones: \["1","4"\] is not a list of zones\. Give zones among "1", "2" and "3"/],
        ["an administrator name Azure reserves", { green: { sshPublicKey: key, adminUsername: "root" } }, /green\.adminUsername: "root" is reserved by Azure/],
        ["an administrator name that is not a Linux user", { blue: { sshPublicKey: key, adminUsername: "Ops Team" } }, /blue\.adminUsername: "Ops Team" is not a Linux user name/],
        ["half an image reference", { blue: { sshPublicKey: key, image: { publisher: "Canonical" } } }, /blue\.image: .* is not an image reference\. Give either \{ id \}/],
        // Azure refuses these only at `pulumi up`, after the resource group and the addresses were created.
        ["an empty VM size", { green: { sshPublicKey: key, vmSize: "" } }, /green\.vmSize: "" is not a VM size\. Give a size name such as "Standard_B2s"/],
        ["an address space that is not a prefix", { network: { addressSpace: "nope" } }, /network\.addressSpace: "nope" is not an IPv4 prefix\. Give it in CIDR notation/],
        ["a prefix with host bits set", { network: { addressSpace: "10.0.0.1/16" } }, /network\.addressSpace: "10\.0\.0\.1\/16" has host bits set\. For a \/16 the prefix is "10\.0\.0\.0\/16"/],
        ["a subnet outside the address space", { network: { addressSpace: "10.0.0.0/16", subnetPrefix: "10.1.0.0/24" } }, /network\.subnetPrefix: "10\.1\.0\.0\/24" is not inside the address space "10\.0\.0\.0\/16"/],
        ["a subnet smaller than Azure allows", { network: { addressSpace: "10.0.0.0/16", subnetPrefix: "10.0.0.0/30" } }, /network\.subnetPrefix: "10\.0\.0\.0\/30" is a \/30\. Use a prefix length from \/8 to \/29/],
        ["an empty source range", { network: { allowedSourceRange: "" } }, /network\.allowedSourceRange: "" is not a source range/],
        ["a subnet id that is not one", { network: { subnetId: "not-an-id" } }, /network\.subnetId: "not-an-id" is not a subnet's resource id/],
        [
            "an existing subnet together with settings of a created network",
            { network: { subnetId: "/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/a", addressSpace: "10.1.0.0/16" } },
            /network: subnetId names an existing subnet, so addressSpace would be ignored\. Give network\.subnetId alone/,
        ],
        ["a resource group name with a slash", { resourceGroupName: "bad/rg" }, /resourceGroupName: "bad\/rg" is not a resource group name/],
        ["a topology that does not exist", { topology: "shared" }, /^BlueGreenDeployment argument topology: "shared" is not a topology\. Use one of: pairedLoadBalancers, sharedLoadBalancer/],
        ["a topology given as an output", { topology: pulumi.output("sharedLoadBalancer") }, /^BlueGreenDeployment argument topology: an output was given, but the topology decides which resources exist/],
    ])("%s", async (_what, extra, message) => {
        const mocked = await mockPulumi();
        const { BlueGreenDeployment } = await import("../../components");
        let thrown: unknown;
        try {
            new BlueGreenDeployment("shop", args(extra));
        } catch (err) {
            thrown = err;
        }
        expect(thrown).toBeInstanceOf(BlueGreenArgsError);
        expect((thrown as Error).message).toMatch(message);
        await mocked.settled();
        expect(mocked.resources).toEqual([]);
    });

    it("refuses them in a preview too, so `pulumi preview` already shows the message", async () => {
        const mocked = await mockPulumi({ preview: true });
        const { BlueGreenDeployment } = await import("../../components");
        expect(() => new BlueGreenDeployment("shop", args({ activeColour: "Green" }))).toThrow(
            /activeColour: "Green" is not a colour\. Use one of: blue, green\./,
        );
        await mocked.settled();
        expect(mocked.resources).toEqual([]);
    });

    it.each(["", "-shop", "shop name", "shop/1", "a".repeat(41), "shop."])("a component name that makes bad Azure names: %j", async (name) => {
        const mocked = await mockPulumi();
        const { BlueGreenDeployment } = await import("../../components");
        expect(() => new BlueGreenDeployment(name, args())).toThrow(/cannot be used for Azure resource names: use 1 to 40 letters/);
        await mocked.settled();
        expect(mocked.resources).toEqual([]);
    });
});

describe("arguments that are still outputs", () => {
    it("are validated when they resolve, failing the output with the same message", async () => {
        await mockPulumi();
        const colour = checkedInput(pulumi.output("purple"), (v) => validateColour(v));
        await expect(valueOf(colour)).rejects.toThrow(/activeColour: "purple" is not a colour\. Use one of: blue, green\./);
    });

    it("pass through unchanged when valid", async () => {
        await mockPulumi();
        const ports = checkedInput(pulumi.output([http]), (v) => validatePorts(v));
        expect(await valueOf(ports)).toEqual([http]);
    });
});

describe("validators", () => {
    it("accept the network forms Azure accepts", () => {
        expect(validateCreatedNetwork("10.0.0.0/16", "10.0.255.0/24")).toEqual({ addressSpace: "10.0.0.0/16", subnetPrefix: "10.0.255.0/24" });
        expect(validateCreatedNetwork("192.168.4.0/22", "192.168.4.0/22").subnetPrefix).toBe("192.168.4.0/22");
        for (const range of ["Internet", "AzureCloud.WestEurope", "*", "203.0.113.7", "203.0.113.0/24"]) {
            expect(validateSourceRange(range)).toBe(range);
        }
        const subnetId = "/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/app";
        expect(validateSubnetId(subnetId)).toBe(subnetId);
        expect(validateResourceGroupName("rg-shop(prod)_1")).toBe("rg-shop(prod)_1");
    });

    it("accept the same frontend port for Tcp and Udp (Azure keys rules by protocol and port)", () => {
        const rules = validatePorts([http, { ...http, name: "quic", protocol: "Udp" }]);
        expect(rules.map((r) => r.protocol)).toEqual(["Tcp", "Udp"]);
    });

    it("default an Http probe's path to / and keep a Tcp probe pathless", () => {
        expect(validateProbe({ protocol: "Https", port: 443 })).toEqual({ protocol: "Https", port: 443, path: "/" });
        expect(validateProbe({ protocol: "Tcp", port: 22 })).toEqual({ protocol: "Tcp", port: 22 });
    });

    it("name the argument on the error object", () => {
        try {
            validatePorts([{ ...http, protocol: "Sctp" }], "ports");
            throw new Error("not thrown");
        } catch (err) {
            expect((err as BlueGreenArgsError).argument).toBe("ports[0].protocol");
        }
    });
});
