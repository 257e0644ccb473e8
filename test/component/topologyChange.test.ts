/**
 * Changing `topology` on a live stack is not supported in place (docs/topologies.md#changing-the-topology); this file
 * proves the floor under that: the attempt loses no address. Pulumi creates the new load balancer before it deletes
 * the old ones, and the shared load balancer's body (the component's own, sharedLoadBalancerBody.ts) references the
 * production and staging addresses that the paired load balancers still hold, so Azure refuses it with
 * `PublicIPAddressInUse`, in either of the ways the emulator can report it, and the paired load balancers keep their
 * addresses. Through the real SDK, against the emulator.
 */
import type { LoadBalancer } from "@azure/arm-network";
import { defaultProbe } from "../../components/blueGreenArgs";
import { blueGreenNames } from "../../components/blueGreenNames";
import { sharedLoadBalancerBody } from "../../components/sharedLoadBalancerBody";
import { expectArmError, fastPolling, usePairPerTest } from "../helpers/emulatorFixture";

const rg = "topology-rg";

describe("a paired stack switched to topology sharedLoadBalancer", () => {
    const env = usePairPerTest(rg, { prefix: "shop", withBackends: false });

    /** The shared load balancer the component would declare for "shop", with azure-native's `$self/` expanded. */
    async function sharedLoadBalancer(): Promise<{ name: string; body: LoadBalancer }> {
        const names = blueGreenNames("shop");
        const { client, emulator } = env.fixture;
        const outbound = await client.publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            names.outboundIp,
            { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
            fastPolling,
        );
        const lbId = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/loadBalancers/${names.sharedLoadBalancer}`;
        const parts = sharedLoadBalancerBody(names, [{ name: "http", protocol: "Tcp", frontendPort: 80, backendPort: 80 }], defaultProbe, "blue");
        const body: LoadBalancer = JSON.parse(
            JSON.stringify({
                location: "westeurope",
                sku: { name: "Standard", tier: "Regional" },
                frontendIPConfigurations: [
                    { name: names.sharedFrontends.production, publicIPAddress: { id: env.pair.productionIpId } },
                    { name: names.sharedFrontends.staging, publicIPAddress: { id: env.pair.stagingIpId } },
                    { name: names.sharedFrontends.outbound, publicIPAddress: { id: outbound.id } },
                ],
                ...parts,
            }).replaceAll("$self/", `${lbId}/`),
        );
        return { name: names.sharedLoadBalancer, body };
    }

    async function expectPairUntouched(): Promise<void> {
        const { client } = env.fixture;
        const [blue, green] = await Promise.all([
            client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName),
            client.loadBalancers.get(rg, env.pair.target.greenLoadBalancerName),
        ]);
        expect(blue.frontendIPConfigurations!.map((f) => f.publicIPAddress?.id)).toEqual([env.pair.productionIpId]);
        expect(green.frontendIPConfigurations!.map((f) => f.publicIPAddress?.id)).toEqual([env.pair.stagingIpId]);
        const [production, staging] = await Promise.all([
            client.publicIPAddresses.get(rg, env.pair.target.productionIpName),
            client.publicIPAddresses.get(rg, env.pair.target.stagingIpName),
        ]);
        expect([production.ipAddress, staging.ipAddress]).toEqual([env.pair.productionIpAddress, env.pair.stagingIpAddress]);
    }

    test("is refused with 400 PublicIPAddressInUse; both addresses stay where they were", async () => {
        const shared = await sharedLoadBalancer();
        await expectArmError(
            env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, shared.name, shared.body, fastPolling),
            400,
            "PublicIPAddressInUse",
        );
        await expectPairUntouched();
    });

    test("is refused as a failed operation when Azure reports it that way; both addresses stay where they were", async () => {
        env.fixture.emulator.updateSettings({ publicIpInUseFailure: "operation" });
        const shared = await sharedLoadBalancer();
        const error = await env.fixture.client.loadBalancers
            .beginCreateOrUpdateAndWait(rg, shared.name, shared.body, fastPolling)
            .catch((e: unknown) => e);
        expect((error as Error).message).toMatch(/long-running operation has failed.*PublicIPAddressInUse/);
        await expectPairUntouched();
    });
});
