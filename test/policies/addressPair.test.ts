import { check } from "./ruleRunner";
import { classicPair, EditableProps, editProps, nativePair } from "./pairFixtures";
import { ResourceSpec } from "./policyHarness";

const rule = "vipswap-address-pair";

interface Provider {
    readonly label: string;
    readonly pair: () => ResourceSpec[];
    readonly prefix: string;
    readonly allocation: string;
    readonly setSku: (props: EditableProps, sku: string) => void;
    readonly skuSpelling: string;
    readonly ipVersion: string;
}

const providers: Provider[] = [
    {
        label: "azure-native",
        pair: nativePair,
        prefix: "app",
        allocation: "publicIPAllocationMethod",
        setSku: (p, sku) => (p.sku = { name: sku }),
        skuSpelling: 'sku: { name: "Standard" }',
        ipVersion: "publicIPAddressVersion",
    },
    {
        label: "classic",
        pair: classicPair,
        prefix: "shop",
        allocation: "allocationMethod",
        setSku: (p, sku) => (p.sku = sku),
        skuSpelling: 'sku: "Standard"',
        ipVersion: "ipVersion",
    },
];

describe.each(providers)("address pair rule, $label", (provider) => {
    const staging = `${provider.prefix}-staging-ip`;
    const production = `${provider.prefix}-production-ip`;

    it("passes Standard, Static addresses of one version, zones in any order, enum values in any case", async () => {
        let specs = editProps(provider.pair(), staging, (p) => (p[provider.allocation] = "static"));
        specs = editProps(specs, production, (p) => (p.zones = [...(p.zones as string[])].reverse()));
        expect((await check(rule, specs)).messages).toEqual([]);
    });

    it("fails a Dynamic staging address, and says to make it Static", async () => {
        const result = await check(rule, editProps(provider.pair(), staging, (p) => (p[provider.allocation] = "Dynamic")));
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringContaining(`"${staging}" (the staging address of`),
        ]);
        expect(result.messages[0]).toContain(`is Dynamic: set ${provider.allocation}: "Static"`);
        expect(result.urns[0]).toMatch(new RegExp(`::${staging}$`));
    });

    it("fails a production address without an allocation method", async () => {
        const result = await check(rule, editProps(provider.pair(), production, (p) => delete p[provider.allocation]));
        expect(result.messages).toEqual([expect.stringContaining("is not declared Static")]);
    });

    it("fails a Basic address (and the no-Basic rule fails with it)", async () => {
        const result = await check(rule, editProps(provider.pair(), production, (p) => provider.setSku(p, "Basic")));
        expect(result.violated).toEqual([rule, "vipswap-no-basic-sku"].sort());
        expect(result.messages).toEqual([expect.stringContaining(`has SKU Basic: set ${provider.skuSpelling}`)]);
    });

    it("fails addresses of different IP versions", async () => {
        const result = await check(rule, editProps(provider.pair(), staging, (p) => (p[provider.ipVersion] = "IPv6")));
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([
            expect.stringContaining("differ in IP version: production"),
        ]);
        expect(result.messages[0]).toContain(`is IPv4, staging`);
        expect(result.messages[0]).toContain(`Set ${provider.ipVersion} to IPv4`);
    });

    it("fails addresses in different zones, naming the zones to set", async () => {
        const result = await check(rule, editProps(provider.pair(), staging, (p) => (p.zones = ["2"])));
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([expect.stringContaining("are in different zones")]);
        expect(result.messages[0]).toContain("staging public IP");
        expect(result.messages[0]).toMatch(/Set zones to \["1"/);
    });

    it("fails a pair with no staging address, and one with two production addresses", async () => {
        const untagged = await check(rule, editProps(provider.pair(), staging, (p) => delete p.tags["vipswap:role"]));
        expect(untagged.messages).toEqual([expect.stringContaining("has no staging address: tag its staging public IP")]);

        const twice = await check(rule, editProps(provider.pair(), staging, (p) => (p.tags["vipswap:role"] = "production")));
        expect(twice.messages).toHaveLength(2);
        expect(twice.messages).toEqual(
            expect.arrayContaining([
                expect.stringContaining("has no staging address"),
                expect.stringContaining("has 2 addresses tagged vipswap:role=production"),
            ]),
        );
    });
});

describe("address pair rule, provider defaults", () => {
    it("fails an azure-native address that leaves its SKU to the API (the spec documents Basic)", async () => {
        const result = await check(rule, editProps(nativePair(), "app-staging-ip", (p) => delete p.sku));
        expect(result.violated).toEqual([rule]);
        expect(result.messages).toEqual([expect.stringContaining('does not set its SKU, which leaves it to Azure (the API spec still documents Basic as the default): set sku: { name: "Standard" }')]);
    });

    it("passes a classic address without sku or ipVersion (@pulumi/azure defaults: Standard, IPv4)", async () => {
        let specs = editProps(classicPair(), "shop-staging-ip", (p) => delete p.sku);
        specs = editProps(specs, "shop-production-ip", (p) => (p.ipVersion = "IPv4"));
        expect((await check(rule, specs)).messages).toEqual([]);
    });

    it("ignores public IPs that are not tagged with a role (e.g. a bastion's address)", async () => {
        const specs = [
            ...nativePair(),
            {
                type: "azure-native:network:PublicIPAddress",
                name: "bastion-ip",
                parent: "app",
                props: { publicIpAddressName: "bastion-ip", resourceGroupName: "app-rg", publicIPAllocationMethod: "Dynamic" },
            },
        ];
        expect((await check(rule, specs)).messages).toEqual([]);
    });
});
