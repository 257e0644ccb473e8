/** The data plane follows attachment (at commit) and backend health, as seen by an HTTP client. */
import http from "node:http";
import type { LoadBalancer } from "@azure/arm-network";
import type { BlueGreenPair, EmulatorFixture } from "../helpers/emulatorFixture";
import { createBlueGreenPair, fastPolling, startEmulatorFixture } from "../helpers/emulatorFixture";

const rg = "dataplane-rg";

/** One HTTP GET: the JSON answer, or the error code of a failed connection. */
function probe(url: string, timeoutMs = 1000): Promise<{ body?: Record<string, unknown>; error?: string }> {
    return new Promise((resolve) => {
        const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => (text += chunk.toString()));
            res.on("end", () => resolve({ body: JSON.parse(text) as Record<string, unknown> }));
        });
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    });
}

describe("data plane", () => {
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

    const urlOf = (publicIpId: string) => fixture.emulator.dataPlane()[publicIpId].url;

    test("each attached address answers with its load balancer, colour, version and a healthy backend", async () => {
        const map = fixture.emulator.dataPlane();
        expect(map[pair.productionIpId]).toMatchObject({ ipAddress: pair.productionIpAddress, attachedTo: pair.frontendIds.blue, serving: true });
        expect(map[pair.productionIpId].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        const production = await probe(urlOf(pair.productionIpId));
        expect(production.body).toMatchObject({ loadBalancer: pair.target.blueLoadBalancerName, colour: "blue", version: "v1", publicIpAddress: pair.productionIpAddress });
        expect(production.body?.backend).toMatch(/^10\.0\.\d+\.\d+$/);
        const staging = await probe(urlOf(pair.stagingIpId));
        expect(staging.body).toMatchObject({ loadBalancer: pair.target.greenLoadBalancerName, colour: "green", version: "v2" });
    });

    test("no healthy backend: connections are reset; health restored: it answers again", async () => {
        fixture.emulator.setBackends({ loadBalancerId: pair.loadBalancerIds.blue, count: 2, healthy: 0, version: "v1" });
        expect(await probe(urlOf(pair.productionIpId))).toEqual({ error: "ECONNRESET" });
        expect(fixture.emulator.dataPlane()[pair.productionIpId].serving).toBe(false);
        fixture.emulator.setBackends({ loadBalancerId: pair.loadBalancerIds.blue, count: 2, healthy: 1, version: "v1" });
        expect((await probe(urlOf(pair.productionIpId))).body?.colour).toBe("blue");
    });

    test("an unattached address does not answer; it follows the attachment only when the operation commits", async () => {
        const floating = await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            "floating",
            { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
            fastPolling,
        );
        expect(await probe(urlOf(floating.id!))).toEqual({ error: "ECONNRESET" });

        fixture.emulator.setLatencies({ loadBalancerUpdate: 400 });
        const blue = await fixture.client.loadBalancers.get(rg, pair.target.blueLoadBalancerName);
        const moved: LoadBalancer = { ...blue, frontendIPConfigurations: [{ ...blue.frontendIPConfigurations![0], publicIPAddress: { id: floating.id } }] };
        const poller = await fixture.client.loadBalancers.beginCreateOrUpdate(rg, pair.target.blueLoadBalancerName, moved, fastPolling);
        // In flight: production still serves blue, the floating address still fails.
        expect((await probe(urlOf(pair.productionIpId))).body?.colour).toBe("blue");
        expect(await probe(urlOf(floating.id!))).toEqual({ error: "ECONNRESET" });
        await poller.pollUntilDone();
        expect(await probe(urlOf(pair.productionIpId))).toEqual({ error: "ECONNRESET" });
        expect((await probe(urlOf(floating.id!))).body).toMatchObject({ colour: "blue", publicIpAddress: floating.ipAddress });
    });

    test("an address on a frontend that no load-balancing rule uses does not serve, though attached and healthy", async () => {
        const spare = await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            "spare",
            { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
            fastPolling,
        );
        const blue = await fixture.client.loadBalancers.get(rg, pair.target.blueLoadBalancerName);
        const withSpare: LoadBalancer = { ...blue, frontendIPConfigurations: [...blue.frontendIPConfigurations!, { name: "spare", publicIPAddress: { id: spare.id } }] };
        const written = await fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, pair.target.blueLoadBalancerName, withSpare, fastPolling);
        const spareFrontend = written.frontendIPConfigurations!.find((f) => f.name === "spare")!;
        expect(spareFrontend.loadBalancingRules).toBeUndefined();
        expect(fixture.emulator.dataPlane()[spare.id!]).toMatchObject({ attachedTo: spareFrontend.id, serving: false });
        expect(await probe(urlOf(spare.id!))).toEqual({ error: "ECONNRESET" });
        expect((await probe(urlOf(pair.productionIpId))).body?.colour).toBe("blue"); // the ruled frontend still serves
    });

    test("in 'hang' mode a non-serving address accepts and never answers", async () => {
        fixture.emulator.updateSettings({ dataPlaneFailure: "hang" });
        fixture.emulator.setBackends({ loadBalancerId: pair.loadBalancerIds.green, count: 1, healthy: 0 });
        expect(await probe(urlOf(pair.stagingIpId), 150)).toEqual({ error: "timeout" });
    });

    test("a deleted address's server is closed", async () => {
        await fixture.client.loadBalancers.beginDeleteAndWait(rg, pair.target.greenLoadBalancerName, fastPolling);
        const url = urlOf(pair.stagingIpId);
        await fixture.client.publicIPAddresses.beginDeleteAndWait(rg, pair.target.stagingIpName, fastPolling);
        expect(fixture.emulator.dataPlane()[pair.stagingIpId]).toBeUndefined();
        expect(await probe(url)).toEqual({ error: "ECONNREFUSED" });
    });

    test("backends are validated: unknown load balancer or healthy > count is refused", () => {
        expect(() => fixture.emulator.setBackends({ loadBalancerId: pair.loadBalancerIds.blue.replace(/[^/]+$/, "nope"), count: 1 })).toThrow(/does not exist/);
        expect(() => fixture.emulator.setBackends({ loadBalancerId: pair.loadBalancerIds.blue, count: 1, healthy: 2 })).toThrow(/'healthy' must be/);
    });
});
