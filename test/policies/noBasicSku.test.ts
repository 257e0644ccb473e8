import { check } from "./ruleRunner";
import { classicPair, EditableProps, editProps, nativePair } from "./pairFixtures";

const rule = "vipswap-no-basic-sku";

describe("no Basic SKU rule", () => {
    it.each([
        ["azure-native address", nativePair, "app-staging-ip", (p: EditableProps) => (p.sku = { name: "basic" }), 'set sku: { name: "Standard" }', "vipswap-address-pair"],
        ["azure-native load balancer", nativePair, "app-blue-lb", (p: EditableProps) => (p.sku = { name: "Basic" }), 'set sku: { name: "Standard" }', "vipswap-load-balancer-pair"],
        ["classic address", classicPair, "shop-production-ip", (p: EditableProps) => (p.sku = "Basic"), 'set sku: "Standard"', "vipswap-address-pair"],
        ["classic load balancer", classicPair, "shop-green-lb", (p: EditableProps) => (p.sku = "Basic"), 'set sku: "Standard"', "vipswap-load-balancer-pair"],
    ])("fails a Basic %s, citing the retirement", async (_label, pair, name, makeBasic, fix, pairRule) => {
        const result = await check(rule, editProps(pair(), name, makeBasic));
        expect(result.violated).toEqual([pairRule, rule].sort());
        expect(result.messages).toEqual([expect.stringContaining(`"${name}"`)]);
        expect(result.messages[0]).toContain("uses the Basic SKU, which Azure retired on 30 September 2025");
        expect(result.messages[0]).toContain(fix);
        expect(result.urns[0]).toMatch(new RegExp(`::${name}$`));
    });

    it("fails a Basic address that is in the pair but has no role (e.g. an extra address under the component)", async () => {
        const specs = [
            ...nativePair(),
            {
                type: "azure-native:network:PublicIPAddress",
                name: "app-extra-ip",
                parent: "app",
                props: { publicIpAddressName: "app-extra-ip", resourceGroupName: "app-rg", sku: { name: "Basic" } },
            },
        ];
        const result = await check(rule, specs);
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([expect.stringContaining('public IP "app-extra-ip" in BlueGreenDeployment "app" uses the Basic SKU')]);
    });

    it("leaves Basic resources outside any pair alone", async () => {
        const specs = [
            ...classicPair(),
            {
                type: "azure:network/publicIp:PublicIp",
                name: "legacy-ip",
                props: { name: "legacy-ip", resourceGroupName: "legacy", sku: "Basic", allocationMethod: "Dynamic" },
            },
        ];
        expect((await check(rule, specs)).violated).toEqual([]);
    });
});
