import { policies } from "../../policies/rules";
import { check } from "./ruleRunner";
import { classicPair, EditableProps, editProps, nativePair, networkId, without } from "./pairFixtures";
import { buildStack, runPolicies } from "./policyHarness";

const rule = "vipswap-staging-capacity";
const setNativeCapacity = (capacity: number) => (p: EditableProps) => (p.sku.capacity = capacity);
const setInstances = (instances: number) => (p: EditableProps) => (p.instances = instances);

describe("staging capacity rule (advisory)", () => {
    it("passes a staging colour as large as or larger than the live one", async () => {
        expect((await check(rule, nativePair())).messages).toEqual([]);
        expect((await check(rule, editProps(nativePair(), "app-green-vmss", setNativeCapacity(5)))).messages).toEqual([]);
    });

    it("warns, at advisory level, when the staging colour is smaller, naming what to raise", async () => {
        const specs = editProps(nativePair(), "app-green-vmss", setNativeCapacity(1));
        const outcome = (await runPolicies(policies, buildStack(specs))).find((o) => o.policy === rule)!;
        expect(outcome.enforcementLevel).toBe("advisory");
        expect(outcome.violations.map((v) => v.message)).toEqual([
            'In BlueGreenDeployment "app" the staging colour green has 1 instance(s), fewer than the live colour ' +
                "blue's 2: a swap now would move production onto a smaller fleet. Raise the sku.capacity of the green " +
                'scale set "app-green-vmss" to at least 2 before swapping.',
        ]);
        expect(outcome.violations[0].urn).toMatch(/::app-green-vmss$/);
        expect((await check(rule, specs)).violated).toEqual([rule]);
    });

    it("can be made mandatory through policy config", async () => {
        const specs = editProps(nativePair(), "app-green-vmss", setNativeCapacity(0));
        const outcomes = await runPolicies(policies, buildStack(specs), { config: { [rule]: "mandatory" } });
        const outcome = outcomes.find((o) => o.policy === rule)!;
        expect(outcome.enforcementLevel).toBe("mandatory");
        expect(outcome.violations).toHaveLength(1);
    });

    it("takes the live colour from the VipSwap, then from the component's activeColour output", async () => {
        // VipSwap says green is live: blue (2) is staging and green (1) is live, so all is well.
        let specs = editProps(nativePair(), "app-swap", (p) => (p.activeColour = "green"));
        specs = editProps(specs, "app-green-vmss", setNativeCapacity(1));
        expect((await check(rule, specs)).messages).toEqual([]);
        // Without a VipSwap the component's output decides (still blue in the fixture).
        const noSwap = without(specs, "app-swap").map((s) => ({ ...s, dependencies: [] }));
        expect((await check(rule, noSwap)).messages).toEqual([expect.stringContaining("the staging colour green has 1")]);
    });

    it("classic: takes the live colour from the load balancer whose frontend holds the production address", async () => {
        const noSwap = without(classicPair(), "shop-swap");
        const smallGreen = editProps(noSwap, "shop-green-vmss", setInstances(1));
        expect((await check(rule, smallGreen)).messages).toEqual([
            expect.stringContaining("the staging colour green has 1 instance(s), fewer than the live colour blue's 3"),
        ]);
        expect((await check(rule, smallGreen)).messages[0]).toContain('Raise the instances of the green scale set "shop-green-vmss"');

        // After a swap green's frontend holds production: now blue is staging and must be the large one.
        let swapped = smallGreen;
        for (const [colour, role] of [["blue", "staging"], ["green", "production"]]) {
            swapped = editProps(swapped, `shop-${colour}-lb`, (p) => {
                p.frontendIpConfigurations[0].publicIpAddressId = networkId("shop-rg", "publicIPAddresses", `shop-${role}-ip`);
            });
        }
        expect((await check(rule, swapped)).messages).toEqual([]);
        expect((await check(rule, editProps(swapped, "shop-blue-vmss", setInstances(0)))).messages).toEqual([
            expect.stringContaining("the staging colour blue has 0 instance(s), fewer than the live colour green's 1"),
        ]);
    });

    it("says nothing when it cannot tell which colour is live or a capacity is not declared", async () => {
        let unknownLive = without(classicPair(), "shop-swap");
        for (const colour of ["blue", "green"]) {
            unknownLive = editProps(unknownLive, `shop-${colour}-lb`, (p) => delete p.frontendIpConfigurations[0].publicIpAddressId);
        }
        unknownLive = editProps(unknownLive, "shop-green-vmss", setInstances(1));
        expect((await check(rule, unknownLive)).messages).toEqual([]);
        expect((await check(rule, editProps(classicPair(), "shop-blue-vmss", (p) => delete p.instances))).messages).toEqual([]);
    });
});
