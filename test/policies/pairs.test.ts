import { pairsOf } from "../../policies/model/pairs";
import { StackIndex } from "../../policies/model/stackIndex";
import { check } from "./ruleRunner";
import { classicPair, editProps, nativePair } from "./pairFixtures";
import { buildStack, ResourceSpec } from "./policyHarness";

/** Pair label -> names of its members, for readable assertions. */
function grouping(specs: readonly ResourceSpec[]): Record<string, string[]> {
    const pairs = pairsOf(new StackIndex(buildStack(specs)));
    return Object.fromEntries(pairs.map((p) => [p.label, p.members.map((m) => m.name).sort()]));
}

/** The classic pair with every name prefixed, tagged `vipswap:deployment=<prefix>` where tags exist. */
function taggedClassicPair(prefix: string, tag: boolean): ResourceSpec[] {
    return classicPair().map((spec) => {
        const props = JSON.parse(JSON.stringify(spec.props).replace(/shop-/g, `${prefix}-`));
        if (tag && props.tags) props.tags["vipswap:deployment"] = prefix;
        const rename = (n: string) => n.replace(/^shop-/, `${prefix}-`);
        return {
            ...spec,
            name: rename(spec.name),
            props,
            propertyDependencies: Object.fromEntries(
                Object.entries(spec.propertyDependencies ?? {}).map(([k, v]) => [k, v.map(rename)]),
            ),
        };
    });
}

describe("grouping resources into pairs", () => {
    it("puts every child of a BlueGreenDeployment, tagged or not, in the component's pair", () => {
        const specs = [
            ...nativePair(),
            { type: "azure-native:network:VirtualNetwork", name: "app-vnet", parent: "app", props: {} },
        ];
        expect(grouping(specs)).toEqual({
            'BlueGreenDeployment "app"': [
                "app-blue-lb", "app-blue-vmss", "app-green-lb", "app-green-vmss", "app-production-ip",
                "app-rg", "app-staging-ip", "app-swap", "app-vnet",
            ],
        });
    });

    it("finds the component above an intermediate parent (a component nested in the user's own)", () => {
        const specs: ResourceSpec[] = [
            { type: "acme:index:Platform", name: "platform", props: {} },
            ...nativePair().map((spec) => (spec.name === "app" ? { ...spec, parent: "platform" } : spec)),
        ];
        expect(Object.keys(grouping(specs))).toEqual(['BlueGreenDeployment "app"']);
    });

    it("puts classic rules and probes in the pair of their load balancer, and ignores untagged resources", () => {
        const specs = [...classicPair(), { type: "azure:network/publicIp:PublicIp", name: "other-ip", props: { name: "other-ip" } }];
        const groups = grouping(specs);
        expect(Object.keys(groups)).toEqual(["the top-level vipswap pair"]);
        expect(groups["the top-level vipswap pair"]).toEqual(expect.arrayContaining(["shop-blue-web", "shop-green-probe"]));
        expect(groups["the top-level vipswap pair"]).not.toContain("other-ip");
        expect(groups["the top-level vipswap pair"]).not.toContain("shop-rg");
    });

    it("separates two hand-made pairs in one parent by their vipswap:deployment tags", async () => {
        const specs = [...taggedClassicPair("one", true), ...taggedClassicPair("two", true)];
        expect(Object.keys(grouping(specs)).sort()).toEqual([
            'deployment "one" (tag vipswap:deployment)',
            'deployment "two" (tag vipswap:deployment)',
        ]);
        // The VipSwaps carry no tags: each joins the pair of the blue load balancer it names.
        const pairs = pairsOf(new StackIndex(buildStack(specs)));
        expect(pairs.map((p) => p.vipSwaps.map((v) => v.resource.name))).toEqual([["one-swap"], ["two-swap"]]);
        expect((await check("vipswap-address-pair", specs)).violated).toEqual([]);
    });

    it("without the tags, two hand-made pairs in one parent are one group, and the rules say so", async () => {
        const specs = [...taggedClassicPair("one", false), ...taggedClassicPair("two", false)];
        const result = await check("vipswap-address-pair", specs);
        expect(result.messages).toEqual([
            expect.stringContaining('has 2 addresses tagged vipswap:role=production ("one-production-ip", "two-production-ip")'),
            expect.stringContaining("has 2 addresses tagged vipswap:role=staging"),
        ]);
    });

    it("groups by the pair tag even when the resources have no role or colour tags yet", () => {
        const specs = editProps(taggedClassicPair("one", true), "one-blue-lb", (p) => delete p.tags["vipswap:colour"]);
        expect(grouping(specs)['deployment "one" (tag vipswap:deployment)']).toContain("one-blue-lb");
    });
});
