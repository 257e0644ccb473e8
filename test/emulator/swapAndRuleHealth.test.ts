/** The one-call swap (setLoadBalancerFrontendPublicIpAddresses) and load-balancing rule health, through the SDK. */
import type { BlueGreenPair, EmulatorFixture } from "../helpers/emulatorFixture";
import { createBlueGreenPair, expectArmError, fastPolling, startEmulatorFixture } from "../helpers/emulatorFixture";

const rg = "swap-rg";

describe("one-call swap and rule health", () => {
    let fixture: EmulatorFixture;
    let pair: BlueGreenPair;
    beforeAll(async () => {
        fixture = await startEmulatorFixture();
    });
    afterAll(() => fixture.stop());
    beforeEach(async () => {
        fixture.emulator.reset();
        pair = await createBlueGreenPair(fixture.client, fixture.emulator, { resourceGroupName: rg });
    });

    const swapBody = (production: string, staging: string) => ({
        frontendIPConfigurations: [
            { id: pair.frontendIds.blue, publicIPAddress: { id: staging } },
            { id: pair.frontendIds.green, publicIPAddress: { id: production } },
        ],
    });
    const frontendOf = async (name: string) =>
        (await fixture.client.loadBalancers.get(rg, name)).frontendIPConfigurations![0].publicIPAddress?.id;

    test("it is refused by default (unconfirmed for plain Standard load balancers) and changes nothing", async () => {
        await expectArmError(
            fixture.client.loadBalancers.beginSwapPublicIpAddressesAndWait(pair.location, swapBody(pair.productionIpId, pair.stagingIpId), fastPolling),
            400,
            "OperationNotSupported",
        );
        expect(await frontendOf(pair.target.blueLoadBalancerName)).toBe(pair.productionIpId);
    });

    test("when enabled, both frontends switch at one commit; readers see the old view until then", async () => {
        fixture.emulator.updateSettings({ swapApiEnabled: true });
        fixture.emulator.setLatencies({ swapPublicIpAddresses: 300 });
        const before = await fixture.client.loadBalancers.get(rg, pair.target.blueLoadBalancerName);
        const poller = await fixture.client.loadBalancers.beginSwapPublicIpAddresses(pair.location, swapBody(pair.productionIpId, pair.stagingIpId), fastPolling);
        const during = await fixture.client.loadBalancers.get(rg, pair.target.blueLoadBalancerName);
        expect(during.provisioningState).toBe("Updating");
        expect(during.frontendIPConfigurations![0].publicIPAddress?.id).toBe(pair.productionIpId);
        await poller.pollUntilDone();
        const blue = await fixture.client.loadBalancers.get(rg, pair.target.blueLoadBalancerName);
        expect(blue.frontendIPConfigurations![0].publicIPAddress?.id).toBe(pair.stagingIpId);
        expect(blue.etag).not.toBe(before.etag);
        expect(await frontendOf(pair.target.greenLoadBalancerName)).toBe(pair.productionIpId);
        const production = await fixture.client.publicIPAddresses.get(rg, pair.target.productionIpName);
        expect(production.ipAddress).toBe(pair.productionIpAddress);
        expect(production.ipConfiguration?.id).toBe(pair.frontendIds.green);
        const swapRequest = fixture.emulator.requestLog().find((e) => /setLoadBalancerFrontendPublicIpAddresses$/.test(e.path));
        expect(swapRequest?.status).toBe(202);
    });

    test("when enabled, it still refuses to give one address to two frontends (PublicIPAddressInUse)", async () => {
        fixture.emulator.updateSettings({ swapApiEnabled: true });
        await expectArmError(
            fixture.client.loadBalancers.beginSwapPublicIpAddressesAndWait(pair.location, swapBody(pair.productionIpId, pair.productionIpId), fastPolling),
            400,
            "PublicIPAddressInUse",
        );
        expect(await frontendOf(pair.target.greenLoadBalancerName)).toBe(pair.stagingIpId);
    });

    test("a frontend in another region does not resolve (InvalidResourceReference)", async () => {
        fixture.emulator.updateSettings({ swapApiEnabled: true });
        await expectArmError(
            fixture.client.loadBalancers.beginSwapPublicIpAddressesAndWait("eastus", swapBody(pair.productionIpId, pair.stagingIpId), fastPolling),
            400,
            "InvalidResourceReference",
        );
    });

    test("rule health reports backend addresses up and down from the configured backends", async () => {
        fixture.emulator.setBackends({ loadBalancerId: pair.loadBalancerIds.blue, count: 3, healthy: 2, version: "v1" });
        const health = await fixture.client.loadBalancerLoadBalancingRules.beginHealthAndWait(rg, pair.target.blueLoadBalancerName, "http", fastPolling);
        expect(health.up).toBe(2);
        expect(health.down).toBe(1);
        expect(health.loadBalancerBackendAddresses!.map((a) => [a.state, a.reason])).toEqual([
            ["Up", "Up_Probe_Success"],
            ["Up", "Up_Probe_Success"],
            ["Down", "Down_Probe_HttpStatusCodeError"],
        ]);
        for (const address of health.loadBalancerBackendAddresses!) {
            expect(address.ipAddress).toMatch(/^10\.0\.\d+\.\d+$/);
            expect(address.networkInterfaceIPConfigurationId).toMatch(/\/networkInterfaces\/nic\/ipConfigurations\/ipconfig1$/);
        }
    });

    test("rule health of a missing rule gets 404 ResourceNotFound", async () => {
        await expectArmError(
            fixture.client.loadBalancerLoadBalancingRules.beginHealthAndWait(rg, pair.target.blueLoadBalancerName, "nope", fastPolling),
            404,
            "ResourceNotFound",
        );
    });
});
