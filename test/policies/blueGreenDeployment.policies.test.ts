/**
 * The real thing: BlueGreenDeployment under Pulumi mocks, every resource it registers (type, inputs, protect,
 * parent, dependencies) captured and fed through every vipswap-guard rule. Resource rules see the inputs; stack
 * rules see what azure-native would output (no `resourceGroupName`, no `<type>Name`, only `name`). The component
 * passes them all; variants with one defect each, made with the component's own arguments where it offers one and
 * otherwise by transforming the captured resources, fail exactly the rules that the defect breaks.
 */
import * as pulumi from "@pulumi/pulumi";
import type { BlueGreenDeploymentArgs } from "../../components";
import { policies } from "../../policies/rules";
import { azureNameInput, mockPulumi, type RegisteredResource } from "../helpers/pulumiMocks";
import { editProps, modify, networkId } from "./pairFixtures";
import { buildStack, PolicyOutcome, ResourceSpec, runPolicies, unknownString, violatedPolicies } from "./policyHarness";

const key = (who: string) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPolicyTestKeyPolicyTestKeyPolicyTest00 ${who}@ci`;

function args(extra: Partial<BlueGreenDeploymentArgs> = {}): BlueGreenDeploymentArgs {
    return {
        location: "westeurope",
        activeColour: "blue",
        ports: [
            { name: "http", protocol: "Tcp", frontendPort: 80, backendPort: 8080 },
            { name: "https", protocol: "Tcp", frontendPort: 443, backendPort: 8443 },
        ],
        blue: { sshPublicKey: key("blue") },
        green: { sshPublicKey: key("green") },
        ...extra,
    };
}

/** What preview mocks deliver for a value that is not known yet, as the engine sends it to a policy pack. */
function asEngineSends(value: unknown): unknown {
    if (pulumi.isUnknown(value)) {
        return unknownString;
    }
    if (Array.isArray(value)) {
        return value.map(asEngineSends);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asEngineSends(v)]));
    }
    return value;
}

/** Builds the component under fresh mocks and returns every registration as a spec (links by name). */
async function captureComponent(componentArgs: BlueGreenDeploymentArgs, preview = false): Promise<ResourceSpec[]> {
    const mocked = await mockPulumi({ preview });
    const { BlueGreenDeployment } = await import("../../components");
    new BlueGreenDeployment("shop", componentArgs);
    await mocked.settled();
    const nameOf = new Map(mocked.resources.map((r) => [r.urn, r.name]));
    return mocked.resources.map(
        (r: RegisteredResource): ResourceSpec => ({
            type: r.type,
            name: r.name,
            props: asEngineSends(r.inputs) as Record<string, unknown>,
            parent: nameOf.get(r.parent),
            protect: r.protect,
            dependencies: r.dependencies.map((urn) => nameOf.get(urn)!).filter((n) => n !== undefined),
        }),
    );
}

/** A spec as a stack policy sees it: azure-native outputs carry `name` but not the name and group inputs. */
function asOutputs(spec: ResourceSpec): ResourceSpec {
    const nameKey = azureNameInput[spec.type];
    if (nameKey === undefined) {
        return spec;
    }
    const outputs: Record<string, unknown> = { ...spec.props, name: spec.props[nameKey] };
    delete outputs[nameKey];
    delete outputs.resourceGroupName;
    return { ...spec, props: outputs };
}

async function runOn(specs: readonly ResourceSpec[]): Promise<PolicyOutcome[]> {
    return runPolicies(policies, { inputs: buildStack(specs), outputs: buildStack(specs.map(asOutputs)) });
}

const messagesOf = (outcomes: PolicyOutcome[]) => outcomes.flatMap((o) => o.violations.map((v) => `${o.policy}: ${v.message}`));

describe.each([false, true])("BlueGreenDeployment through every rule (preview: %s)", (preview) => {
    it("captured what the rules need: both addresses protected, children under the component, a VipSwap", async () => {
        const specs = await captureComponent(args(), preview);
        expect(specs.filter((s) => s.type === "azure-native:network:PublicIPAddress").map((s) => [s.name, s.protect])).toEqual([
            ["shop-production-ip", true],
            ["shop-staging-ip", true],
        ]);
        expect(specs.filter((s) => s.parent !== "shop").map((s) => s.type)).toEqual(["vipswap:azure:BlueGreenDeployment"]);
        expect(specs.some((s) => s.type === "pulumi-nodejs:dynamic/vipswap:VipSwap")).toBe(true);
    });

    it.each(["blue", "green"] as const)("passes every rule with %s live, without needing a value unknown in preview", async (activeColour) => {
        const outcomes = await runOn(await captureComponent(args({ activeColour }), preview));
        expect(messagesOf(outcomes)).toEqual([]);
        expect(outcomes.flatMap((o) => o.previewAdvisories)).toEqual([]);
    });
});

describe.each([false, true])("BlueGreenDeployment, shared topology, through every rule (preview: %s)", (preview) => {
    it.each(["blue", "green"] as const)("passes every rule with %s live, without needing a value unknown in preview", async (activeColour) => {
        const specs = await captureComponent(args({ activeColour, topology: "sharedLoadBalancer" }), preview);
        expect(specs.filter((s) => s.type === "azure-native:network:LoadBalancer").map((s) => s.name)).toEqual(["shop-lb"]);
        const outcomes = await runOn(specs);
        expect(messagesOf(outcomes)).toEqual([]);
        expect(outcomes.flatMap((o) => o.previewAdvisories)).toEqual([]);
    });
});

describe("BlueGreenDeployment, shared topology, with one defect each", () => {
    let good: ResourceSpec[];
    beforeAll(async () => {
        good = await captureComponent(args({ topology: "sharedLoadBalancer" }));
    });

    const variants: [string, () => ResourceSpec[] | Promise<ResourceSpec[]>, string[], RegExp][] = [
        [
            "a port missing on the staging frontend",
            () => editProps(good, "shop-lb", (p) => (p.loadBalancingRules = p.loadBalancingRules.filter((r: { name: string }) => r.name !== "https-staging"))),
            ["vipswap-shared-load-balancer"],
            /the staging frontend "staging" lacks the rule tcp 443->8443/,
        ],
        [
            "both rules of a port on the live pool",
            () => editProps(good, "shop-lb", (p) => (p.loadBalancingRules[2].backendAddressPool = { id: "$self/backendAddressPools/blue" })),
            ["vipswap-shared-load-balancer"],
            /rules "http-production" and "http-staging" \(tcp 80->8080\) both send to pool "blue"/,
        ],
        [
            "the frontends' addresses exchanged",
            () =>
                // With ids as Azure writes them (the mocks' ids have no `publicIPAddresses` segment to read a name from).
                editProps(good, "shop-lb", (p) => {
                    const [production, staging] = p.frontendIPConfigurations;
                    production.publicIPAddress = { id: networkId("shop-rg", "publicIPAddresses", "shop-staging-ip") };
                    staging.publicIPAddress = { id: networkId("shop-rg", "publicIPAddresses", "shop-production-ip") };
                }),
            ["vipswap-shared-load-balancer"],
            /frontend "production" declares public IP "shop-staging-ip"/,
        ],
        [
            "a VipSwap naming a pool the load balancer lacks",
            () => editProps(good, "shop-swap", (p) => (p.greenPoolName = "teal")),
            ["vipswap-shared-load-balancer", "vipswap-swap-targets"],
            /names backend pool "teal" \(greenPoolName\)/,
        ],
        [
            "protection off",
            () => captureComponent(args({ topology: "sharedLoadBalancer", protectAddresses: false })),
            ["vipswap-addresses-protected"],
            /"shop-production-ip" is the production address but is not protected/,
        ],
    ];

    it.each(variants)("%s fails exactly the rules it breaks", async (_label, make, expected, message) => {
        const outcomes = await runOn(await make());
        expect(violatedPolicies(outcomes)).toEqual([...expected].sort());
        expect(messagesOf(outcomes)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
        expect(outcomes.flatMap((o) => o.previewAdvisories)).toEqual([]);
    });
});

describe("BlueGreenDeployment with one defect each", () => {
    let good: ResourceSpec[];
    beforeAll(async () => {
        good = await captureComponent(args());
    });

    const variants: [string, () => ResourceSpec[] | Promise<ResourceSpec[]>, string[], RegExp][] = [
        [
            "a Dynamic staging address",
            () => editProps(good, "shop-staging-ip", (p) => (p.publicIPAllocationMethod = "Dynamic")),
            ["vipswap-address-pair"],
            /"shop-staging-ip" .* is Dynamic: set publicIPAllocationMethod: "Static"/,
        ],
        [
            "a staging address in other zones",
            () => editProps(good, "shop-staging-ip", (p) => (p.zones = ["1"])),
            ["vipswap-address-pair"],
            /are in different zones/,
        ],
        [
            "a port missing on green",
            () => editProps(good, "shop-green-lb", (p) => (p.loadBalancingRules = p.loadBalancingRules.slice(0, 1))),
            ["vipswap-load-balancer-pair"],
            /The green load balancer of BlueGreenDeployment "shop" lacks the rule tcp 443->8443/,
        ],
        [
            "a rule without its probe on blue",
            () => editProps(good, "shop-blue-lb", (p) => delete p.loadBalancingRules[0].probe),
            ["vipswap-load-balancer-pair"],
            /rule "http" \(tcp 80->8080\) has no health probe/,
        ],
        [
            "protection off (the component's protectAddresses: false)",
            () => captureComponent(args({ protectAddresses: false })),
            ["vipswap-addresses-protected"],
            /"shop-production-ip" is the production address but is not protected/,
        ],
        [
            "protection off on the staging address only",
            () => modify(good, "shop-staging-ip", (spec) => ({ ...spec, protect: false })),
            ["vipswap-addresses-protected"],
            /"shop-staging-ip" is the staging address but is not protected/,
        ],
        [
            "a Basic staging address (breaks Standard-only and no-Basic)",
            () => editProps(good, "shop-staging-ip", (p) => (p.sku = { name: "Basic", tier: "Regional" })),
            ["vipswap-address-pair", "vipswap-no-basic-sku"],
            /uses the Basic SKU, which Azure retired on 30 September 2025/,
        ],
        [
            "a Basic green load balancer (breaks Standard-only and no-Basic)",
            () => editProps(good, "shop-green-lb", (p) => (p.sku = { name: "Basic" })),
            ["vipswap-load-balancer-pair", "vipswap-no-basic-sku"],
            /load balancer "shop-green-lb" .* has SKU Basic/,
        ],
        [
            "a smaller staging colour (the component's own green.capacity)",
            () => captureComponent(args({ green: { sshPublicKey: key("green"), capacity: 1 } })),
            ["vipswap-staging-capacity"],
            /the staging colour green has 1 instance\(s\), fewer than the live colour blue's 2/,
        ],
        [
            "a VipSwap that names a load balancer this stack lacks",
            () => editProps(good, "shop-swap", (p) => (p.greenLoadBalancerName = "shop-old-green-lb")),
            ["vipswap-swap-targets"],
            /names load balancer "shop-old-green-lb"/,
        ],
        [
            "the plugin's VipSwap (vipswap:index:VipSwap, from YAML or Python) naming a load balancer this stack lacks",
            () =>
                editProps(
                    good.map((spec) => (spec.name === "shop-swap" ? { ...spec, type: "vipswap:index:VipSwap" } : spec)),
                    "shop-swap",
                    (p) => (p.greenLoadBalancerName = "shop-old-green-lb"),
                ),
            ["vipswap-swap-targets"],
            /names load balancer "shop-old-green-lb"/,
        ],
        [
            "a green load balancer in another region",
            () => editProps(good, "shop-green-lb", (p) => (p.location = "northeurope")),
            ["vipswap-swap-targets"],
            /spans regions/,
        ],
        [
            "a renamed frontend on green (breaks the pair and the VipSwap's frontend)",
            () => editProps(good, "shop-green-lb", (p) => (p.frontendIPConfigurations[0].name = "frontend-2")),
            ["vipswap-load-balancer-pair", "vipswap-swap-targets"],
            /lacks frontend "public-frontend"/,
        ],
    ];

    it.each(variants)("%s fails exactly the rules it breaks", async (_label, make, expected, message) => {
        const outcomes = await runOn(await make());
        expect(violatedPolicies(outcomes)).toEqual([...expected].sort());
        expect(messagesOf(outcomes)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
        expect(outcomes.flatMap((o) => o.previewAdvisories)).toEqual([]);
    });

    it("reports the capacity defect at advisory level and every other one at mandatory level", async () => {
        const capacity = await runOn(await captureComponent(args({ green: { sshPublicKey: key("green"), capacity: 0 } })));
        expect(capacity.filter((o) => o.violations.length > 0).map((o) => o.enforcementLevel)).toEqual(["advisory"]);
        const dynamic = await runOn(editProps(good, "shop-production-ip", (p) => (p.publicIPAllocationMethod = "Dynamic")));
        expect(dynamic.filter((o) => o.violations.length > 0).map((o) => o.enforcementLevel)).toEqual(["mandatory"]);
    });

    it("with green live, asks for blue (now staging) to be as large as green", async () => {
        const specs = await captureComponent(
            args({ activeColour: "green", blue: { sshPublicKey: key("blue"), capacity: 1 }, green: { sshPublicKey: key("green"), capacity: 3 } }),
        );
        const outcomes = await runOn(specs);
        expect(messagesOf(outcomes)).toEqual([
            expect.stringContaining("the staging colour blue has 1 instance(s), fewer than the live colour green's 3"),
        ]);
    });
});
