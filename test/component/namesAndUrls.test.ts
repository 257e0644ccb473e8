import { blueGreenNames, isValidComponentName } from "../../components/blueGreenNames";
import { serviceUrl } from "../../components/serviceUrl";
import { floatingIpName } from "../../components/swap/swapTarget";

describe("blueGreenNames", () => {
    it("derives every Azure name from the component name, with one frontend name for both load balancers", () => {
        const names = blueGreenNames("shop");
        expect(names).toMatchObject({
            productionIp: "shop-production-ip",
            stagingIp: "shop-staging-ip",
            blueLoadBalancer: "shop-blue-lb",
            greenLoadBalancer: "shop-green-lb",
            frontend: "public-frontend",
        });
        const all = Object.values(names);
        expect(new Set(all).size).toBe(all.length);
    });

    it("keeps the longest name, the swap's floating address, within Azure's 80 characters", () => {
        const longest = "a".repeat(40);
        expect(isValidComponentName(longest)).toBe(true);
        const names = blueGreenNames(longest);
        const target = {
            resourceGroupName: names.resourceGroup,
            blueLoadBalancerName: names.blueLoadBalancer,
            greenLoadBalancerName: names.greenLoadBalancer,
            frontendName: names.frontend,
            productionIpName: names.productionIp,
            stagingIpName: names.stagingIp,
        };
        expect(floatingIpName(target).length).toBeLessThanOrEqual(80);
        expect(names.blueScaleSet.length).toBeLessThanOrEqual(64);
    });
});

describe("serviceUrl", () => {
    const rule = (protocol: "Tcp" | "Udp", frontendPort: number) => ({ name: "r", protocol, frontendPort, backendPort: 1 });

    it("uses http or https by the first Tcp rule's port and omits default ports", () => {
        expect(serviceUrl("203.0.113.7", [rule("Tcp", 80)])).toBe("http://203.0.113.7/");
        expect(serviceUrl("203.0.113.7", [rule("Tcp", 443)])).toBe("https://203.0.113.7/");
        expect(serviceUrl("203.0.113.7", [rule("Udp", 53), rule("Tcp", 8080)])).toBe("http://203.0.113.7:8080/");
    });

    it("is empty without an address or without a Tcp rule", () => {
        expect(serviceUrl("", [rule("Tcp", 80)])).toBe("");
        expect(serviceUrl(undefined, [rule("Tcp", 80)])).toBe("");
        expect(serviceUrl("203.0.113.7", [rule("Udp", 53)])).toBe("");
    });
});
