/** Public IP addresses through the real SDK: CRUD, the fixed address, and Azure's rules with their codes. */
import type { PublicIPAddress } from "@azure/arm-network";
import type { EmulatorFixture } from "../helpers/emulatorFixture";
import { createBlueGreenPair, expectArmError, fastPolling, startEmulatorFixture } from "../helpers/emulatorFixture";

const rg = "pip-rg";
const standardStatic: PublicIPAddress = {
    location: "westeurope",
    sku: { name: "Standard", tier: "Regional" },
    publicIPAllocationMethod: "Static",
    tags: { purpose: "test" },
};

describe("public IP addresses", () => {
    let fixture: EmulatorFixture;
    beforeAll(async () => {
        fixture = await startEmulatorFixture();
    });
    afterAll(() => fixture.stop());
    beforeEach(() => fixture.emulator.reset());

    test("create, get, list, update and delete through the SDK pollers", async () => {
        const { publicIPAddresses } = fixture.client;
        const created = await publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", standardStatic, fastPolling);
        expect(created).toMatchObject({
            name: "web",
            type: "Microsoft.Network/publicIPAddresses",
            location: "westeurope",
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: "IPv4",
            provisioningState: "Succeeded",
            tags: { purpose: "test" },
        });
        expect(created.id).toBe(`/subscriptions/${fixture.emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/publicIPAddresses/web`);
        expect(created.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
        expect(created.ipAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
        expect(created.ipConfiguration).toBeUndefined();

        const updated = await publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", { ...standardStatic, tags: { purpose: "changed" } }, fastPolling);
        expect(updated.tags).toEqual({ purpose: "changed" });
        expect(updated.ipAddress).toBe(created.ipAddress); // assigned at creation, never changed
        expect(updated.etag).not.toBe(created.etag); // every committed write changes the ETag

        await publicIPAddresses.beginCreateOrUpdateAndWait("other-rg", "db", standardStatic, fastPolling);
        const inGroup: string[] = [];
        for await (const pip of publicIPAddresses.list(rg)) {
            inGroup.push(pip.name!);
        }
        expect(inGroup).toEqual(["web"]);
        const all: string[] = [];
        for await (const pip of publicIPAddresses.listAll()) {
            all.push(pip.name!);
        }
        expect(all.sort()).toEqual(["db", "web"]);

        await publicIPAddresses.beginDeleteAndWait(rg, "web", fastPolling);
        await expectArmError(publicIPAddresses.get(rg, "web"), 404, "ResourceNotFound");
        const deleteEntries = fixture.emulator.requestLog().filter((e) => e.method === "DELETE");
        expect(deleteEntries.map((e) => e.status)).toEqual([202]);
    });

    test("deleting an address that does not exist succeeds with 204, as ARM does", async () => {
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", standardStatic, fastPolling); // the group exists
        fixture.emulator.clearRequestLog();
        await fixture.client.publicIPAddresses.beginDeleteAndWait(rg, "never-created", fastPolling);
        expect(fixture.emulator.requestLog().map((e) => e.status)).toEqual([204]);
    });

    test("a Standard address must be Static: 400 StandardSkuPublicIPAddressesMustBeStatic", async () => {
        await expectArmError(
            fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "dyn", { ...standardStatic, publicIPAllocationMethod: "Dynamic" }, fastPolling),
            400,
            "StandardSkuPublicIPAddressesMustBeStatic",
        );
        await expectArmError(fixture.client.publicIPAddresses.get(rg, "dyn"), 404, "ResourceGroupNotFound");
    });

    test("an attached address cannot be deleted: 400 PublicIPAddressCannotBeDeleted, and it stays", async () => {
        const pair = await createBlueGreenPair(fixture.client, fixture.emulator, { resourceGroupName: rg });
        await expectArmError(
            fixture.client.publicIPAddresses.beginDeleteAndWait(rg, pair.target.productionIpName, fastPolling),
            400,
            "PublicIPAddressCannotBeDeleted",
        );
        const production = await fixture.client.publicIPAddresses.get(rg, pair.target.productionIpName);
        expect(production.ipAddress).toBe(pair.productionIpAddress);
        expect(production.provisioningState).toBe("Succeeded");
        expect(production.ipConfiguration?.id).toBe(pair.frontendIds.blue);
    });

    test("an attached address cannot change SKU or allocation (PublicIPAddressInUseCannotUpdate), but tags may change", async () => {
        const pair = await createBlueGreenPair(fixture.client, fixture.emulator, { resourceGroupName: rg });
        const before = await fixture.client.publicIPAddresses.get(rg, pair.target.productionIpName);
        await expectArmError(
            fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
                rg,
                pair.target.productionIpName,
                { ...standardStatic, sku: { name: "Basic" }, publicIPAllocationMethod: "Static" },
                fastPolling,
            ),
            400,
            "PublicIPAddressInUseCannotUpdate",
        );
        expect((await fixture.client.publicIPAddresses.get(rg, pair.target.productionIpName)).etag).toBe(before.etag);
        const retagged = await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            pair.target.productionIpName,
            { ...standardStatic, tags: { "vipswap:role": "production", owner: "ops" } },
            fastPolling,
        );
        expect(retagged.tags).toEqual({ "vipswap:role": "production", owner: "ops" });
        expect(retagged.ipAddress).toBe(pair.productionIpAddress);
    });

    test("dnsSettings and other writable properties are kept; the fqdn is Azure's; a taken label gets 400 DnsRecordInUse", async () => {
        const { publicIPAddresses } = fixture.client;
        const web = await publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            "web",
            { ...standardStatic, dnsSettings: { domainNameLabel: "shop-prod", fqdn: "ignored.example" }, deleteOption: "Detach", ddosSettings: { protectionMode: "VirtualNetworkInherited" } },
            fastPolling,
        );
        expect(web.dnsSettings).toEqual({ domainNameLabel: "shop-prod", fqdn: "shop-prod.westeurope.cloudapp.azure.com" });
        expect(web).toMatchObject({ deleteOption: "Detach", ddosSettings: { protectionMode: "VirtualNetworkInherited" } });
        expect((await publicIPAddresses.get(rg, "web")).dnsSettings?.fqdn).toBe("shop-prod.westeurope.cloudapp.azure.com");

        await expectArmError(
            publicIPAddresses.beginCreateOrUpdateAndWait("other-rg", "copy", { ...standardStatic, dnsSettings: { domainNameLabel: "shop-prod" } }, fastPolling),
            400,
            "DnsRecordInUse",
        );
        // The same label in another region is another name; rewriting the owner with its own label is no conflict.
        const east = await publicIPAddresses.beginCreateOrUpdateAndWait(rg, "east", { ...standardStatic, location: "eastus", dnsSettings: { domainNameLabel: "shop-prod" } }, fastPolling);
        expect(east.dnsSettings?.fqdn).toBe("shop-prod.eastus.cloudapp.azure.com");
        const rewritten = await publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", { ...standardStatic, dnsSettings: { domainNameLabel: "shop-prod" } }, fastPolling);
        expect(rewritten.ipAddress).toBe(web.ipAddress);
        expect(rewritten.deleteOption).toBeUndefined(); // a PUT replaces the resource's writable properties
    });

    test("a display-name location is stored as ARM stores it ('West Europe' -> 'westeurope'), so it is the same region", async () => {
        const pair = await createBlueGreenPair(fixture.client, fixture.emulator, { resourceGroupName: rg });
        let asyncUrl = "";
        const spaced = await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "spaced", { ...standardStatic, location: "West Europe" }, {
            ...fastPolling,
            onResponse: (raw) => (asyncUrl ||= raw.headers.get("azure-asyncoperation") ?? ""),
        });
        expect(spaced.location).toBe("westeurope");
        expect(asyncUrl).toContain("/locations/westeurope/operations/");
        const blue = await fixture.client.loadBalancers.get(rg, pair.target.blueLoadBalancerName);
        await fixture.client.loadBalancers.beginCreateOrUpdateAndWait(
            rg,
            pair.target.blueLoadBalancerName,
            { ...blue, frontendIPConfigurations: [{ ...blue.frontendIPConfigurations![0], publicIPAddress: { id: spaced.id } }] },
            fastPolling,
        );
        expect((await fixture.client.publicIPAddresses.get(rg, "spaced")).ipConfiguration?.id).toBe(pair.frontendIds.blue);
    });

    test("a new Basic IPv4 address is refused as on Azure since the retirement (quota 0: IPv4BasicSkuPublicIpCountLimitReached); a quota stands for an older subscription", async () => {
        const basic: PublicIPAddress = { location: "westeurope", sku: { name: "Basic" }, publicIPAllocationMethod: "Static" };
        const error = await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "legacy", basic, fastPolling).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "RestError", statusCode: 400, code: "IPv4BasicSkuPublicIpCountLimitReached" });
        expect((error as Error).message).toBe("Cannot create more than 0 IPv4 Basic SKU public IP addresses for this subscription in this region.");
        await expectArmError(fixture.client.publicIPAddresses.get(rg, "legacy"), 404, "ResourceGroupNotFound"); // nothing created

        fixture.emulator.updateSettings({ basicPublicIpQuota: 1 });
        const legacy = await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "legacy", basic, fastPolling);
        expect(legacy.sku?.name).toBe("Basic");
        await expectArmError(fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "legacy-2", basic, fastPolling), 400, "IPv4BasicSkuPublicIpCountLimitReached");
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "legacy", { ...basic, tags: { kept: "yes" } }, fastPolling); // updating it is no new address
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "legacy-east", { ...basic, location: "eastus" }, fastPolling); // per region
        expect(() => fixture.emulator.updateSettings({ basicPublicIpQuota: -1 })).toThrow(/basicPublicIpQuota must be a whole number >= 0/);
    });

    test("a create without location gets 400 LocationRequired", async () => {
        await expectArmError(
            fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "nowhere", { sku: { name: "Standard" } }, fastPolling),
            400,
            "LocationRequired",
        );
    });
});
