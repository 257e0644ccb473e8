import { check } from "./ruleRunner";
import { classicPair, editProps, modify, nativePair, networkId, without } from "./pairFixtures";
import { ResourceSpec } from "./policyHarness";

const rule = "vipswap-load-balancer-pair";

describe("load balancer pair rule, azure-native", () => {
    const green = "app-green-lb";

    it("passes identical blue and green load balancers", async () => {
        expect((await check(rule, nativePair())).messages).toEqual([]);
    });

    it("fails when green lacks a port that blue has, and says where to add it", async () => {
        const specs = editProps(nativePair(), green, (p) => p.loadBalancingRules.splice(1, 1));
        const result = await check(rule, specs);
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringContaining("The green load balancer of BlueGreenDeployment \"app\" lacks the rule tcp 443->8443"),
        ]);
        expect(result.messages[0]).toContain("add it to green or remove it from blue");
        expect(result.urns).toEqual([expect.stringMatching(/::app-green-lb$/)]);
    });

    it("fails a rule whose backend port differs, from both sides", async () => {
        const specs = editProps(nativePair(), green, (p) => (p.loadBalancingRules[0].backendPort = 8080));
        const result = await check(rule, specs);
        expect(result.messages).toHaveLength(2);
        expect(result.messages).toEqual(
            expect.arrayContaining([
                expect.stringContaining("The blue load balancer of BlueGreenDeployment \"app\" lacks the rule tcp 80->8080"),
                expect.stringContaining("The green load balancer of BlueGreenDeployment \"app\" lacks the rule tcp 80->80 "),
            ]),
        );
    });

    it("treats protocols as part of a rule (Udp 80 is not Tcp 80)", async () => {
        const specs = editProps(nativePair(), green, (p) => (p.loadBalancingRules[0].protocol = "Udp"));
        expect((await check(rule, specs)).messages).toEqual(
            expect.arrayContaining([expect.stringContaining("lacks the rule udp 80->80")]),
        );
    });

    it("fails frontends with different names (the VipSwap's frontend is then missing on green too)", async () => {
        const specs = editProps(nativePair(), green, (p) => (p.frontendIPConfigurations[0].name = "frontend-2"));
        const result = await check(rule, specs);
        expect(result.violated).toEqual([rule, "vipswap-swap-targets"]);
        expect(result.messages).toEqual(
            expect.arrayContaining([
                expect.stringContaining('The green load balancer of BlueGreenDeployment "app" lacks frontend "public-frontend"'),
                expect.stringContaining('The blue load balancer of BlueGreenDeployment "app" lacks frontend "frontend-2"'),
            ]),
        );
    });

    it("fails a rule without a health probe, and one whose probe is not defined", async () => {
        let specs = editProps(nativePair(), green, (p) => delete p.loadBalancingRules[0].probe);
        specs = editProps(specs, "app-blue-lb", (p) => (p.loadBalancingRules[1].probe = { id: "$self/probes/gone" }));
        const result = await check(rule, specs);
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringContaining('rule "https" (tcp 443->8443) names a probe that this load balancer does not define'),
            expect.stringContaining('rule "http" (tcp 80->80) has no health probe: give it a probe (probe: { id })'),
        ]);
    });

    it("fails a green rule that names blue's probe by full id, although green has a probe of the same name", async () => {
        const probeOf = (colour: string) => `${networkId("app-rg", "loadBalancers", `app-${colour}-lb`)}/probes/health`;
        const foreign = editProps(nativePair(), green, (p) => (p.loadBalancingRules[0].probe = { id: probeOf("blue") }));
        const result = await check(rule, foreign);
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringContaining(
                'load balancer "app-green-lb" (the green load balancer of BlueGreenDeployment "app"): rule "http" (tcp 80->80) ' +
                    'names a probe of load balancer "app-blue-lb" in resource group "app-rg", not one of its own',
            ),
        ]);
        expect(result.urns).toEqual([expect.stringMatching(/::app-green-lb$/)]);
        // Its own probe by full id passes, with the name and resource group compared as Azure does (case-insensitively).
        const own = editProps(nativePair(), green, (p) => (p.loadBalancingRules[0].probe = { id: probeOf("GREEN").replace("app-rg", "APP-RG") }));
        expect((await check(rule, own)).messages).toEqual([]);
        // Same load balancer name in another resource group is another load balancer.
        const otherGroup = editProps(nativePair(), green, (p) => (p.loadBalancingRules[0].probe = { id: probeOf("green").replace("app-rg", "old-rg") }));
        expect((await check(rule, otherGroup)).messages).toEqual([expect.stringContaining('names a probe of load balancer "app-green-lb" in resource group "old-rg", not one of its own')]);
    });

    it("fails a load balancer without a SKU (left to Azure)", async () => {
        const result = await check(rule, editProps(nativePair(), green, (p) => delete p.sku));
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([expect.stringContaining('has no SKU, which leaves it to Azure (historically Basic): set sku: { name: "Standard" }')]);
    });

    it("fails a pair without a green load balancer", async () => {
        const result = await check(rule, editProps(nativePair(), green, (p) => delete p.tags["vipswap:colour"]));
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([expect.stringContaining('BlueGreenDeployment "app" has no green load balancer')]);
    });
});

describe("load balancer pair rule, classic", () => {
    it("passes separate rule and probe resources that match on both colours", async () => {
        expect((await check(rule, classicPair())).messages).toEqual([]);
    });

    it("fails when green lacks the Udp rule that blue has", async () => {
        const result = await check(rule, without(classicPair(), "shop-green-dns"));
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringContaining("The green load balancer of the top-level vipswap pair lacks the rule udp 53->5353"),
        ]);
    });

    it("fails a rule without probeId, and a rule whose probe belongs to the other load balancer", async () => {
        let specs = modify(classicPair(), "shop-green-web", (spec) => {
            delete spec.props.probeId;
            return { ...spec, propertyDependencies: { loadbalancerId: ["shop-green-lb"] } };
        });
        specs = modify(specs, "shop-blue-dns", (spec) => ({
            ...spec,
            propertyDependencies: { loadbalancerId: ["shop-blue-lb"], probeId: ["shop-green-probe"] },
        }));
        const result = await check(rule, specs);
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringContaining('rule "dns" (udp 53->5353) names a probe that this load balancer does not define'),
            expect.stringContaining('rule "web" (tcp 80->8080) has no health probe: give it a probe (probeId)'),
        ]);
    });

    it("links rules and probes by id when there are no property dependencies", async () => {
        const lbId = (colour: string) => networkId("shop-rg", "loadBalancers", `shop-${colour}-lb`);
        let specs: ResourceSpec[] = classicPair().map((spec) => ({ ...spec, propertyDependencies: {} }));
        for (const colour of ["blue", "green"]) {
            specs = editProps(specs, `shop-${colour}-lb`, (p) => (p.id = lbId(colour)));
            specs = editProps(specs, `shop-${colour}-probe`, (p) => (p.id = `${lbId(colour)}/probes/health`));
        }
        expect((await check(rule, specs)).messages).toEqual([]);
        const dangling = editProps(specs, "shop-green-web", (p) => (p.probeId = `${lbId("green")}/probes/other`));
        expect((await check(rule, dangling)).messages).toEqual([expect.stringContaining('rule "web" (tcp 80->8080) names a probe')]);
    });

    it("fails a Basic load balancer (and the no-Basic rule fails with it); no sku means Standard", async () => {
        const basic = await check(rule, editProps(classicPair(), "shop-blue-lb", (p) => (p.sku = "Basic")));
        expect(basic.violated).toEqual([rule, "vipswap-no-basic-sku"].sort());
        expect(basic.messages).toEqual([expect.stringContaining('has SKU Basic: set sku: "Standard"')]);
        expect((await check(rule, editProps(classicPair(), "shop-blue-lb", (p) => delete p.sku))).messages).toEqual([]);
    });
});
