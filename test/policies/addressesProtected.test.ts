import { check } from "./ruleRunner";
import { classicPair, modify, nativePair } from "./pairFixtures";
import { ResourceSpec } from "./policyHarness";

const rule = "vipswap-addresses-protected";
const unprotect = (spec: ResourceSpec): ResourceSpec => ({ ...spec, protect: false });

describe("protected addresses rule", () => {
    it.each([
        ["azure-native", nativePair, "app-production-ip", "production"],
        ["azure-native", nativePair, "app-staging-ip", "staging"],
        ["classic", classicPair, "shop-production-ip", "production"],
        ["classic", classicPair, "shop-staging-ip", "staging"],
    ])("fails an unprotected %s %s address, and says to set protect: true", async (_provider, pair, name, role) => {
        const result = await check(rule, modify(pair(), name, unprotect));
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            `public IP "${name}" is the ${role} address but is not protected: create it with the resource option ` +
                "{ protect: true } (the BlueGreenDeployment component does so by default; do not turn it off). " +
                "Deleting or replacing it releases the address for good.",
        ]);
        expect(result.urns[0]).toMatch(new RegExp(`::${name}$`));
    });

    it("passes protected addresses, and does not ask to protect addresses without a role or other resources", async () => {
        const specs = [
            ...nativePair().map((spec) => (spec.name.endsWith("-lb") ? unprotect(spec) : spec)),
            { type: "azure:network/publicIp:PublicIp", name: "scratch-ip", props: { name: "scratch-ip", allocationMethod: "Static" } },
        ];
        expect((await check(rule, specs)).messages).toEqual([]);
    });
});
