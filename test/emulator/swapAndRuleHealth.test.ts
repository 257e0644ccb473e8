/** The one-call swap (setLoadBalancerFrontendPublicIpAddresses) and load-balancing rule health, through the SDK. */
import { expectArmError, fastPolling, usePairPerTest } from "../helpers/emulatorFixture";

const rg = "swap-rg";

describe("one-call swap and rule health", () => {
    const env = usePairPerTest(rg);

    const swapBody = (production: string, staging: string) => ({
        frontendIPConfigurations: [
            { id: env.pair.frontendIds.blue, publicIPAddress: { id: staging } },
            { id: env.pair.frontendIds.green, publicIPAddress: { id: production } },
        ],
    });
    const frontendOf = async (name: string) =>
        (await env.fixture.client.loadBalancers.get(rg, name)).frontendIPConfigurations![0].publicIPAddress?.id;

    test("it is refused by default (unconfirmed for plain Standard load balancers) and changes nothing", async () => {
        await expectArmError(
            env.fixture.client.loadBalancers.beginSwapPublicIpAddressesAndWait(env.pair.location, swapBody(env.pair.productionIpId, env.pair.stagingIpId), fastPolling),
            400,
            "OperationNotSupported",
        );
        expect(await frontendOf(env.pair.target.blueLoadBalancerName)).toBe(env.pair.productionIpId);
    });

    test("when enabled, both frontends switch at one commit; readers see the old view until then", async () => {
        env.fixture.emulator.updateSettings({ swapApiEnabled: true });
        env.fixture.emulator.setLatencies({ swapPublicIpAddresses: 300 });
        const before = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        const poller = await env.fixture.client.loadBalancers.beginSwapPublicIpAddresses(env.pair.location, swapBody(env.pair.productionIpId, env.pair.stagingIpId), fastPolling);
        const during = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        expect(during.provisioningState).toBe("Updating");
        expect(during.frontendIPConfigurations![0].publicIPAddress?.id).toBe(env.pair.productionIpId);
        await poller.pollUntilDone();
        const blue = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        expect(blue.frontendIPConfigurations![0].publicIPAddress?.id).toBe(env.pair.stagingIpId);
        expect(blue.etag).not.toBe(before.etag);
        expect(await frontendOf(env.pair.target.greenLoadBalancerName)).toBe(env.pair.productionIpId);
        const production = await env.fixture.client.publicIPAddresses.get(rg, env.pair.target.productionIpName);
        expect(production.ipAddress).toBe(env.pair.productionIpAddress);
        expect(production.ipConfiguration?.id).toBe(env.pair.frontendIds.green);
        const swapRequest = env.fixture.emulator.requestLog().find((e) => /setLoadBalancerFrontendPublicIpAddresses$/.test(e.path));
        expect(swapRequest?.status).toBe(202);
    });

    test("when enabled, it still refuses to give one address to two frontends (PublicIPAddressInUse)", async () => {
        env.fixture.emulator.updateSettings({ swapApiEnabled: true });
        await expectArmError(
            env.fixture.client.loadBalancers.beginSwapPublicIpAddressesAndWait(env.pair.location, swapBody(env.pair.productionIpId, env.pair.productionIpId), fastPolling),
            400,
            "PublicIPAddressInUse",
        );
        expect(await frontendOf(env.pair.target.greenLoadBalancerName)).toBe(env.pair.stagingIpId);
    });

    test("a frontend in another region does not resolve (InvalidResourceReference)", async () => {
        env.fixture.emulator.updateSettings({ swapApiEnabled: true });
        await expectArmError(
            env.fixture.client.loadBalancers.beginSwapPublicIpAddressesAndWait("eastus", swapBody(env.pair.productionIpId, env.pair.stagingIpId), fastPolling),
            400,
            "InvalidResourceReference",
        );
    });

    test("rule health reports backend addresses up and down from the configured backends", async () => {
        env.fixture.emulator.setBackends({ loadBalancerId: env.pair.loadBalancerIds.blue, count: 3, healthy: 2, version: "v1" });
        const health = await env.fixture.client.loadBalancerLoadBalancingRules.beginHealthAndWait(rg, env.pair.target.blueLoadBalancerName, "http", fastPolling);
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
            env.fixture.client.loadBalancerLoadBalancingRules.beginHealthAndWait(rg, env.pair.target.blueLoadBalancerName, "nope", fastPolling),
            404,
            "ResourceNotFound",
        );
    });
});
