import { check } from "./ruleRunner";
import { classicPair, editProps, modify, nativePair } from "./pairFixtures";

const rule = "vipswap-swap-targets";

describe("VipSwap targets rule", () => {
    it("passes names of resources in this stack, compared case-insensitively as Azure does", async () => {
        const specs = editProps(nativePair(), "app-swap", (p) => (p.blueLoadBalancerName = "APP-Blue-LB"));
        expect((await check(rule, specs)).messages).toEqual([]);
    });

    it("fails a load balancer that this stack does not declare", async () => {
        const result = await check(rule, editProps(nativePair(), "app-swap", (p) => (p.greenLoadBalancerName = "app-other-lb")));
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            'VipSwap "app-swap" names load balancer "app-other-lb" in resource group "app-rg" (greenLoadBalancerName), ' +
                "but this stack declares no load balancer of that name there: fix greenLoadBalancerName, or declare the " +
                "load balancer in this stack (the swap must only move addresses that this stack manages).",
        ]);
        expect(result.urns).toEqual([expect.stringMatching(/::app-swap$/)]);
    });

    it("fails names that exist only in another resource group", async () => {
        const result = await check(rule, editProps(classicPair(), "shop-swap", (p) => (p.resourceGroupName = "other-rg")));
        expect(result.messages).toHaveLength(4);
        for (const key of ["blueLoadBalancerName", "greenLoadBalancerName", "productionIpName", "stagingIpName"]) {
            expect(result.messages).toEqual(expect.arrayContaining([expect.stringContaining(`in resource group "other-rg" (${key})`)]));
        }
    });

    it("fails one name used for both load balancers, and a load balancer whose colour tag disagrees", async () => {
        const result = await check(rule, editProps(nativePair(), "app-swap", (p) => (p.greenLoadBalancerName = "app-blue-lb")));
        expect(result.messages).toEqual([
            'VipSwap "app-swap" names "app-blue-lb" as both load balancers: name the blue and the green one.',
            'VipSwap "app-swap" names load balancer "app-blue-lb" as the green load balancer, but it is tagged ' +
                "vipswap:colour=blue: swap blueLoadBalancerName and greenLoadBalancerName, or fix the tag.",
        ]);
    });

    it("fails production and staging addresses named the wrong way round", async () => {
        const result = await check(
            rule,
            editProps(classicPair(), "shop-swap", (p) => ([p.productionIpName, p.stagingIpName] = [p.stagingIpName, p.productionIpName])),
        );
        expect(result.messages).toEqual([
            expect.stringContaining('names public IP "shop-staging-ip" as the production address, but it is tagged as the staging address'),
            expect.stringContaining('names public IP "shop-production-ip" as the staging address, but it is tagged as the production address'),
        ]);
    });

    it("fails a frontend name that a load balancer does not have, and a missing field", async () => {
        const wrongFrontend = await check(rule, editProps(classicPair(), "shop-swap", (p) => (p.frontendName = "public-frontend")));
        expect(wrongFrontend.messages).toEqual([
            'VipSwap "shop-swap" names frontend "public-frontend", which load balancer "shop-blue-lb" does not have (it has "public"): fix frontendName or the load balancer\'s frontend names.',
            'VipSwap "shop-swap" names frontend "public-frontend", which load balancer "shop-green-lb" does not have (it has "public"): fix frontendName or the load balancer\'s frontend names.',
        ]);
        const missing = await check(rule, editProps(nativePair(), "app-swap", (p) => delete p.stagingIpName));
        expect(missing.messages).toEqual(['VipSwap "app-swap" does not set stagingIpName: give every SwapTarget field a name.']);
    });

    it("fails resources in two regions, both for explicit locations and for the resource group's", async () => {
        const classic = await check(rule, editProps(classicPair(), "shop-green-lb", (p) => (p.location = "West Europe")));
        expect(classic.violated).toEqual([rule]);
        expect(classic.messages).toEqual([
            'VipSwap "shop-swap" spans regions (northeurope: load balancer "shop-blue-lb", public IP "shop-production-ip", ' +
                'public IP "shop-staging-ip"; westeurope: load balancer "shop-green-lb"): put both load balancers and both ' +
                "addresses in one region; Azure cannot attach an address to a load balancer in another region.",
        ]);

        // azure-native resources without a location live in their resource group's region.
        let native = editProps(nativePair(), "app-blue-lb", (p) => delete p.location);
        expect((await check(rule, native)).messages).toEqual([]);
        native = editProps(native, "app-rg", (p) => (p.location = "eastus"));
        expect((await check(rule, native)).messages).toEqual([expect.stringContaining("spans regions (eastus: load balancer \"app-blue-lb\"; westeurope:")]);
    });

    it("recognises a dynamic resource without the vipswap type by its SwapTarget inputs", async () => {
        const specs = modify(classicPair(), "shop-swap", (spec) => ({
            ...spec,
            type: "pulumi-nodejs:dynamic:Resource",
            props: { ...spec.props, stagingIpName: "nowhere-ip" },
        }));
        expect((await check(rule, specs)).messages).toEqual([expect.stringContaining('names public IP "nowhere-ip"')]);
    });
});
