import { policies } from "../../policies/rules";
import { classicPair, editProps, nativePair } from "./pairFixtures";
import { buildStack, levelOf, runPolicies, runStackPolicy, unknownString, violatedPolicies } from "./policyHarness";

const policyNamed = (name: string) => {
    const found = policies.find((p) => p.name === name);
    if (!found) throw new Error(`no policy ${name}`);
    return found;
};

describe("the vipswap-guard pack", () => {
    it("has one policy per rule, with unique valid names, all mandatory except the capacity rule", () => {
        expect(policies.map((p) => [p.name, p.enforcementLevel])).toEqual([
            ["vipswap-address-pair", "mandatory"],
            ["vipswap-load-balancer-pair", "mandatory"],
            ["vipswap-shared-load-balancer", "mandatory"],
            ["vipswap-no-basic-sku", "mandatory"],
            ["vipswap-addresses-protected", "mandatory"],
            ["vipswap-staging-capacity", "advisory"],
            ["vipswap-swap-targets", "mandatory"],
        ]);
        for (const policy of policies) {
            expect(policy.description.length).toBeGreaterThan(40);
        }
    });

    it.each([
        ["azure-native under the component", nativePair()],
        ["classic, declared by hand", classicPair()],
        ["both pairs in one stack", [...nativePair(), ...classicPair()]],
    ])("passes a correct pair: %s", async (_label, specs) => {
        const outcomes = await runPolicies(policies, buildStack(specs));
        expect(outcomes.flatMap((o) => o.violations)).toEqual([]);
        expect(outcomes.flatMap((o) => o.previewAdvisories)).toEqual([]);
    });

    it("keeps two pairs apart: a defect in one pair is reported against that pair only", async () => {
        const specs = [...nativePair(), ...editProps(classicPair(), "shop-staging-ip", (p) => (p.allocationMethod = "Dynamic"))];
        const outcomes = await runPolicies(policies, buildStack(specs));
        const violations = outcomes.flatMap((o) => o.violations);
        expect(violatedPolicies(outcomes)).toEqual(["vipswap-address-pair"]);
        expect(violations).toHaveLength(1);
        expect(violations[0].urn).toMatch(/::shop-staging-ip$/);
    });
});

describe("policy config", () => {
    const dynamicStaging = buildStack(editProps(nativePair(), "app-staging-ip", (p) => (p.publicIPAllocationMethod = "Dynamic")));
    const addressPair = policyNamed("vipswap-address-pair");

    it("reports at the policy's own level without config", async () => {
        const outcome = await runStackPolicy(addressPair as never, dynamicStaging);
        expect(outcome.enforcementLevel).toBe("mandatory");
        expect(outcome.violations).toHaveLength(1);
    });

    it("lowers a mandatory rule to advisory (short form and object form)", async () => {
        for (const config of [
            { "vipswap-address-pair": "advisory" as const },
            { "vipswap-address-pair": { enforcementLevel: "advisory" as const } },
        ]) {
            const outcome = await runStackPolicy(addressPair as never, dynamicStaging, { config });
            expect(outcome.enforcementLevel).toBe("advisory");
            expect(outcome.violations).toHaveLength(1);
        }
    });

    it("disables a rule, which then reports nothing", async () => {
        const outcome = await runStackPolicy(addressPair as never, dynamicStaging, {
            config: { "vipswap-address-pair": "disabled" },
        });
        expect(outcome.enforcementLevel).toBe("disabled");
        expect(outcome.violations).toEqual([]);
    });

    it("raises the advisory capacity rule to mandatory, alone or through `all`", () => {
        const capacity = policyNamed("vipswap-staging-capacity");
        expect(levelOf(capacity, {})).toBe("advisory");
        expect(levelOf(capacity, { config: { "vipswap-staging-capacity": "mandatory" } })).toBe("mandatory");
        expect(levelOf(capacity, { config: { all: "mandatory" } })).toBe("mandatory");
        expect(levelOf(addressPair, { config: { all: "advisory", "vipswap-address-pair": "mandatory" } })).toBe("mandatory");
    });
});

describe("unknown values during preview", () => {
    it("stops a rule with @pulumi/policy's UnknownValueError (an advisory), never a crash", async () => {
        const specs = editProps(nativePair(), "app-staging-ip", (p) => (p.publicIPAllocationMethod = unknownString));
        const outcomes = await runPolicies(policies, buildStack(specs));
        const addressPair = outcomes.find((o) => o.policy === "vipswap-address-pair")!;
        expect(addressPair.violations).toEqual([]);
        expect(addressPair.previewAdvisories).toEqual([
            expect.stringContaining("value at .publicIPAllocationMethod can't be known during preview"),
        ]);
        // The other rules never read that property, so they still run and pass.
        expect(outcomes.filter((o) => o.policy !== "vipswap-address-pair").flatMap((o) => o.previewAdvisories)).toEqual([]);
    });

    it("still reports what it found before it met the unknown value", async () => {
        let specs = editProps(nativePair(), "app-production-ip", (p) => (p.sku = { name: "Basic" }));
        specs = editProps(specs, "app-staging-ip", (p) => (p.zones = unknownString));
        const outcome = (await runPolicies(policies, buildStack(specs))).find((o) => o.policy === "vipswap-address-pair")!;
        expect(outcome.violations.map((v) => v.message)).toEqual([expect.stringContaining("has SKU Basic")]);
        expect(outcome.previewAdvisories).toEqual([expect.stringContaining(".zones can't be known")]);
    });

    it("runs every rule over a pair whose every property but the tags is unknown: advisories, no false violation", async () => {
        const specs = nativePair().map((spec) => ({
            ...spec,
            props: Object.fromEntries(Object.entries(spec.props).map(([k, v]) => [k, k === "tags" ? v : unknownString])),
        }));
        const outcomes = await runPolicies(policies, buildStack(specs));
        expect(outcomes.flatMap((o) => o.violations.map((v) => v.message))).toEqual([]);
        // The rules that must read a property say so; protection is a resource option, never unknown, so it still runs.
        expect(outcomes.filter((o) => o.previewAdvisories.length > 0).map((o) => o.policy)).toEqual([
            "vipswap-address-pair",
            "vipswap-load-balancer-pair",
            "vipswap-no-basic-sku",
            "vipswap-staging-capacity",
            "vipswap-swap-targets",
        ]);
    });
});
