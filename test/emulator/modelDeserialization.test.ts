/**
 * The emulator's bodies deserialize through arm-network 36's mappers into fully populated model objects: what the
 * swap engine and the provider read is there, with the names and types the SDK declares.
 */
import type { LoadBalancer, PublicIPAddress } from "@azure/arm-network";
import type { BlueGreenPair, EmulatorFixture } from "../helpers/emulatorFixture";
import { createBlueGreenPair, startEmulatorFixture } from "../helpers/emulatorFixture";

const rg = "model-rg";
const guidEtag = /^W\/"[0-9a-f-]{36}"$/;

describe("SDK model deserialization", () => {
    let fixture: EmulatorFixture;
    let pair: BlueGreenPair;
    beforeAll(async () => {
        fixture = await startEmulatorFixture();
        pair = await createBlueGreenPair(fixture.client, fixture.emulator, { resourceGroupName: rg });
    });
    afterAll(() => fixture.stop());

    test("a load balancer is a fully populated LoadBalancer model", async () => {
        const lb: LoadBalancer = await fixture.client.loadBalancers.get(rg, pair.target.blueLoadBalancerName);
        const id = pair.loadBalancerIds.blue;
        expect(lb).toMatchObject({
            id,
            name: pair.target.blueLoadBalancerName,
            type: "Microsoft.Network/loadBalancers",
            location: "westeurope",
            tags: { "vipswap:colour": "blue" },
            sku: { name: "Standard", tier: "Regional" },
            provisioningState: "Succeeded",
            resourceGuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
            etag: expect.stringMatching(guidEtag),
        });
        expect(lb.frontendIPConfigurations).toEqual([
            expect.objectContaining({
                id: `${id}/frontendIPConfigurations/${pair.target.frontendName}`,
                name: pair.target.frontendName,
                type: "Microsoft.Network/loadBalancers/frontendIPConfigurations",
                etag: lb.etag,
                provisioningState: "Succeeded",
                publicIPAddress: expect.objectContaining({ id: pair.productionIpId }),
                loadBalancingRules: [{ id: `${id}/loadBalancingRules/http` }],
                outboundRules: [{ id: `${id}/outboundRules/outbound` }],
            }),
        ]);
        expect(lb.backendAddressPools).toEqual([
            expect.objectContaining({
                id: `${id}/backendAddressPools/backend`,
                name: "backend",
                provisioningState: "Succeeded",
                loadBalancingRules: [{ id: `${id}/loadBalancingRules/http` }],
                outboundRules: [{ id: `${id}/outboundRules/outbound` }],
            }),
        ]);
        expect(lb.probes).toEqual([
            expect.objectContaining({
                id: `${id}/probes/http`,
                protocol: "Http",
                port: 80,
                requestPath: "/health",
                provisioningState: "Succeeded",
                loadBalancingRules: [{ id: `${id}/loadBalancingRules/http` }],
            }),
        ]);
        expect(lb.loadBalancingRules).toEqual([
            expect.objectContaining({
                id: `${id}/loadBalancingRules/http`,
                frontendIPConfiguration: { id: `${id}/frontendIPConfigurations/${pair.target.frontendName}` },
                backendAddressPool: { id: `${id}/backendAddressPools/backend` },
                probe: { id: `${id}/probes/http` },
                protocol: "Tcp",
                frontendPort: 80,
                backendPort: 80,
                disableOutboundSnat: true,
                provisioningState: "Succeeded",
            }),
        ]);
        expect(lb.outboundRules).toEqual([
            expect.objectContaining({
                id: `${id}/outboundRules/outbound`,
                frontendIPConfigurations: [{ id: `${id}/frontendIPConfigurations/${pair.target.frontendName}` }],
                backendAddressPool: { id: `${id}/backendAddressPools/backend` },
                protocol: "All",
                allocatedOutboundPorts: 1024,
                provisioningState: "Succeeded",
            }),
        ]);
    });

    test("a public IP is a fully populated PublicIPAddress model", async () => {
        const pip: PublicIPAddress = await fixture.client.publicIPAddresses.get(rg, pair.target.stagingIpName);
        expect(pip).toEqual(
            expect.objectContaining({
                id: pair.stagingIpId,
                name: pair.target.stagingIpName,
                type: "Microsoft.Network/publicIPAddresses",
                location: "westeurope",
                tags: { "vipswap:role": "staging" },
                sku: { name: "Standard", tier: "Regional" },
                etag: expect.stringMatching(guidEtag),
                publicIPAllocationMethod: "Static",
                publicIPAddressVersion: "IPv4",
                ipAddress: pair.stagingIpAddress,
                idleTimeoutInMinutes: 4,
                ipConfiguration: expect.objectContaining({ id: pair.frontendIds.green }),
                resourceGuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
                provisioningState: "Succeeded",
            }),
        );
    });
});
