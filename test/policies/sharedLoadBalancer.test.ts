import { check, runPack } from "./ruleRunner";
import { editProps, modify, networkId, without } from "./pairFixtures";
import { classicSharedPair, nativeSharedPair } from "./sharedFixtures";

const rule = "vipswap-shared-load-balancer";
const lb = "app-lb";

const messagesOf = async (specs: Parameters<typeof runPack>[0]) =>
    (await runPack(specs)).flatMap((o) => o.violations.map((v) => `${o.policy}: ${v.message}`));

describe("shared load balancer rule, azure-native", () => {
    it("passes the component's shape, and no other rule objects to it (the paired rule leaves a shared pair alone)", async () => {
        expect(await messagesOf(nativeSharedPair())).toEqual([]);
    });

    it("fails a port that only the production frontend serves, and says what happens after a swap", async () => {
        const specs = editProps(nativeSharedPair(), lb, (p) => p.loadBalancingRules.splice(3, 1));
        const result = await check(rule, specs);
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringContaining('the staging frontend "staging" lacks the rule tcp 443->8443 (protocol frontend->backend port) that the production frontend has'),
        ]);
        expect(result.messages[0]).toContain("After a swap, that port would reach nothing on one address.");
        expect(result.urns).toEqual([expect.stringMatching(/::app-lb$/)]);
    });

    it("fails the two rules of a port on one pool, with Azure's error code", async () => {
        const specs = editProps(nativeSharedPair(), lb, (p) => (p.loadBalancingRules[2].backendAddressPool.id = "$self/backendAddressPools/blue"));
        const result = await check(rule, specs);
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringMatching(/rules "http-production" and "http-staging" \(tcp 80->80\) both send to pool "blue": .*RulesUseSameBackendPortProtocolAndPool/),
        ]);
    });

    it("fails a rule on a pool that the VipSwap does not switch between", async () => {
        const specs = editProps(nativeSharedPair(), lb, (p) => (p.loadBalancingRules[3].backendAddressPool.id = "$self/backendAddressPools/outbound"));
        const result = await check(rule, specs);
        expect(result.messages).toEqual([
            expect.stringContaining('rule "https-staging" sends to pool "outbound", which is neither the blue pool "blue" nor the green pool "green"'),
        ]);
    });

    it("fails a rule without a probe, and one probed by another load balancer although a probe of that name exists here", async () => {
        let specs = editProps(nativeSharedPair(), lb, (p) => delete p.loadBalancingRules[0].probe);
        specs = editProps(specs, lb, (p) => (p.loadBalancingRules[1].probe = { id: `${networkId("app-rg", "loadBalancers", "other-lb")}/probes/health` }));
        const result = await check(rule, specs);
        expect(result.messages).toEqual([
            expect.stringContaining('rule "http-production" (tcp 80->80) has no health probe'),
            expect.stringContaining('rule "https-production" (tcp 443->8443) names a probe of load balancer "other-lb" in resource group "app-rg", not one of its own'),
        ]);
    });

    it("fails frontends that declare each other's address", async () => {
        const specs = editProps(nativeSharedPair(), lb, (p) => {
            const [production, staging] = p.frontendIPConfigurations;
            [production.publicIPAddress, staging.publicIPAddress] = [staging.publicIPAddress, production.publicIPAddress];
        });
        const result = await check(rule, specs);
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringContaining('frontend "production" declares public IP "app-staging-ip", but the production address of BlueGreenDeployment "app" is public IP "app-production-ip"'),
            expect.stringContaining('frontend "staging" declares public IP "app-production-ip", but the staging address'),
        ]);
    });

    it("fails a missing frontend that the VipSwap names", async () => {
        const specs = editProps(nativeSharedPair(), lb, (p) => (p.frontendIPConfigurations[1].name = "idle"));
        const result = await check(rule, specs);
        expect(result.messages).toEqual(
            expect.arrayContaining([expect.stringContaining('has no frontend "staging" for the staging address (it has "production", "idle", "outbound")')]),
        );
        expect(result.violated).toEqual([rule, "vipswap-swap-targets"]);
    });

    it("fails a shared VipSwap whose load balancer is not tagged shared, and a Basic shared load balancer", async () => {
        const untagged = await check(rule, editProps(nativeSharedPair(), lb, (p) => delete p.tags["vipswap:colour"]));
        expect(untagged.messages).toEqual([expect.stringContaining('BlueGreenDeployment "app" swaps a shared load balancer but has no load balancer tagged vipswap:colour=shared')]);
        const basic = await check(rule, editProps(nativeSharedPair(), lb, (p) => (p.sku = { name: "Basic" })));
        expect(basic.violated).toEqual(["vipswap-no-basic-sku", rule]);
        expect(basic.messages).toEqual([expect.stringContaining('load balancer "app-lb" (the shared load balancer of BlueGreenDeployment "app") has SKU Basic')]);
    });

    it("fails a shared pair that also has a load balancer tagged with a colour", async () => {
        const specs = [
            ...nativeSharedPair(),
            ...modify(nativeSharedPair(), lb, (spec) => ({ ...spec, name: "app-blue-lb", props: { ...spec.props, loadBalancerName: "app-blue-lb", tags: { "vipswap:colour": "blue" } } })).filter(
                (s) => s.name === "app-blue-lb",
            ),
        ];
        const result = await check(rule, specs);
        expect(result.messages).toEqual([expect.stringContaining('mixes the shared load balancer with load balancer "app-blue-lb" tagged with a colour')]);
    });
});

describe("shared load balancer rule, classic", () => {
    it("passes a hand-made shared pair with separate rule, probe and pool resources", async () => {
        expect(await messagesOf(classicSharedPair())).toEqual([]);
    });

    it("fails when the staging frontend lacks the Udp rule", async () => {
        const result = await check(rule, without(classicSharedPair(), "shop-dns-staging"));
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringContaining('the top-level vipswap pair): the staging frontend "staging" lacks the rule udp 53->5353'),
        ]);
    });

    it("fails both rules of a port on one pool (read through the pool's property dependency)", async () => {
        const specs = modify(classicSharedPair(), "shop-web-staging", (spec) => ({
            ...spec,
            propertyDependencies: { ...spec.propertyDependencies, backendAddressPoolIds: ["shop-blue-pool"] },
        }));
        const result = await check(rule, specs);
        expect(result.messages).toEqual([expect.stringContaining('rules "web-production" and "web-staging" (tcp 80->8080) both send to pool "blue"')]);
    });

    it("fails a rule whose probe is not this load balancer's", async () => {
        const otherProbe = {
            type: "azure:lb/probe:Probe",
            name: "shop-other-probe",
            props: { loadbalancerId: networkId("shop-rg", "loadBalancers", "shop-old-lb"), name: "health", protocol: "Tcp", port: 8080 },
        };
        const specs = modify([...classicSharedPair(), otherProbe], "shop-web-production", (spec) => ({
            ...spec,
            propertyDependencies: { ...spec.propertyDependencies, probeId: ["shop-other-probe"] },
        }));
        const result = await check(rule, specs);
        expect(result.messages).toEqual([expect.stringContaining('rule "web-production" (tcp 80->8080) names a probe that this load balancer does not define')]);
    });
});

describe("VipSwap targets rule, shared kind", () => {
    const targets = "vipswap-swap-targets";

    it("fails a load balancer this stack lacks, and frontends and pools that it lacks", async () => {
        const missing = await check(targets, editProps(nativeSharedPair(), "app-swap", (p) => (p.loadBalancerName = "app-old-lb")));
        expect(missing.messages).toEqual([
            expect.stringContaining('VipSwap "app-swap" names load balancer "app-old-lb" in resource group "app-rg" (loadBalancerName), but this stack declares no load balancer of that name there'),
        ]);
        const pools = await check(targets, editProps(nativeSharedPair(), "app-swap", (p) => (p.greenPoolName = "teal")));
        expect(pools.messages).toEqual([
            'VipSwap "app-swap" names backend pool "teal" (greenPoolName), which load balancer "app-lb" does not have (it has "blue", "green", "outbound"): fix greenPoolName or the pool names.',
        ]);
    });

    it("fails one name for both frontends or both pools, and a missing field", async () => {
        const same = await check(
            targets,
            editProps(nativeSharedPair(), "app-swap", (p) => {
                p.stagingFrontendName = "production";
                p.greenPoolName = "blue";
            }),
        );
        expect(same.messages).toEqual([
            'VipSwap "app-swap" names "production" as both frontends: name the production and the staging one.',
            'VipSwap "app-swap" names "blue" as both pools: name the blue and the green one.',
        ]);
        const unset = await check(targets, editProps(nativeSharedPair(), "app-swap", (p) => delete p.bluePoolName));
        expect(unset.messages).toEqual(['VipSwap "app-swap" does not set bluePoolName: give every field of a shared swap target a name.']);
    });

    it("fails a shared VipSwap pointed at a colour's load balancer", async () => {
        const result = await check(targets, editProps(nativeSharedPair(), lb, (p) => (p.tags["vipswap:colour"] = "blue")));
        expect(result.messages).toEqual([expect.stringContaining('names load balancer "app-lb" as the shared load balancer, but it is tagged vipswap:colour=blue')]);
    });
});
