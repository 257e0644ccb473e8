/** The data plane follows attachment (at commit) and backend health, as seen by an HTTP client. */
import http from "node:http";
import type { LoadBalancer } from "@azure/arm-network";
import { fastPolling, usePairPerTest } from "../helpers/emulatorFixture";

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
    const env = usePairPerTest(rg);

    const urlOf = (publicIpId: string) => env.fixture.emulator.dataPlane()[publicIpId].url;

    test("each attached address answers with its load balancer, colour, version and a healthy backend", async () => {
        const map = env.fixture.emulator.dataPlane();
        expect(map[env.pair.productionIpId]).toMatchObject({ ipAddress: env.pair.productionIpAddress, attachedTo: env.pair.frontendIds.blue, serving: true });
        expect(map[env.pair.productionIpId].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        const production = await probe(urlOf(env.pair.productionIpId));
        expect(production.body).toMatchObject({ loadBalancer: env.pair.target.blueLoadBalancerName, colour: "blue", version: "v1", publicIpAddress: env.pair.productionIpAddress });
        expect(production.body?.backend).toMatch(/^10\.0\.\d+\.\d+$/);
        const staging = await probe(urlOf(env.pair.stagingIpId));
        expect(staging.body).toMatchObject({ loadBalancer: env.pair.target.greenLoadBalancerName, colour: "green", version: "v2" });
    });

    test("no healthy backend: connections are reset; health restored: it answers again", async () => {
        env.fixture.emulator.setBackends({ loadBalancerId: env.pair.loadBalancerIds.blue, count: 2, healthy: 0, version: "v1" });
        expect(await probe(urlOf(env.pair.productionIpId))).toEqual({ error: "ECONNRESET" });
        expect(env.fixture.emulator.dataPlane()[env.pair.productionIpId].serving).toBe(false);
        env.fixture.emulator.setBackends({ loadBalancerId: env.pair.loadBalancerIds.blue, count: 2, healthy: 1, version: "v1" });
        expect((await probe(urlOf(env.pair.productionIpId))).body?.colour).toBe("blue");
    });

    test("an unattached address does not answer; it follows the attachment only when the operation commits", async () => {
        const floating = await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            "floating",
            { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
            fastPolling,
        );
        expect(await probe(urlOf(floating.id!))).toEqual({ error: "ECONNRESET" });

        env.fixture.emulator.setLatencies({ loadBalancerUpdate: 400 });
        const blue = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        const moved: LoadBalancer = { ...blue, frontendIPConfigurations: [{ ...blue.frontendIPConfigurations![0], publicIPAddress: { id: floating.id } }] };
        const poller = await env.fixture.client.loadBalancers.beginCreateOrUpdate(rg, env.pair.target.blueLoadBalancerName, moved, fastPolling);
        // In flight: production still serves blue, the floating address still fails.
        expect((await probe(urlOf(env.pair.productionIpId))).body?.colour).toBe("blue");
        expect(await probe(urlOf(floating.id!))).toEqual({ error: "ECONNRESET" });
        await poller.pollUntilDone();
        expect(await probe(urlOf(env.pair.productionIpId))).toEqual({ error: "ECONNRESET" });
        expect((await probe(urlOf(floating.id!))).body).toMatchObject({ colour: "blue", publicIpAddress: floating.ipAddress });
    });

    test("an address on a frontend that no load-balancing rule uses does not serve, though attached and healthy", async () => {
        const spare = await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            "spare",
            { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
            fastPolling,
        );
        const blue = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        const withSpare: LoadBalancer = { ...blue, frontendIPConfigurations: [...blue.frontendIPConfigurations!, { name: "spare", publicIPAddress: { id: spare.id } }] };
        const written = await env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, withSpare, fastPolling);
        const spareFrontend = written.frontendIPConfigurations!.find((f) => f.name === "spare")!;
        expect(spareFrontend.loadBalancingRules).toBeUndefined();
        expect(env.fixture.emulator.dataPlane()[spare.id!]).toMatchObject({ attachedTo: spareFrontend.id, serving: false });
        expect(await probe(urlOf(spare.id!))).toEqual({ error: "ECONNRESET" });
        expect((await probe(urlOf(env.pair.productionIpId))).body?.colour).toBe("blue"); // the ruled frontend still serves
    });

    test("in 'hang' mode a non-serving address accepts and never answers", async () => {
        env.fixture.emulator.updateSettings({ dataPlaneFailure: "hang" });
        env.fixture.emulator.setBackends({ loadBalancerId: env.pair.loadBalancerIds.green, count: 1, healthy: 0 });
        expect(await probe(urlOf(env.pair.stagingIpId), 150)).toEqual({ error: "timeout" });
    });

    test("a deleted address's server is closed", async () => {
        await env.fixture.client.loadBalancers.beginDeleteAndWait(rg, env.pair.target.greenLoadBalancerName, fastPolling);
        const url = urlOf(env.pair.stagingIpId);
        await env.fixture.client.publicIPAddresses.beginDeleteAndWait(rg, env.pair.target.stagingIpName, fastPolling);
        expect(env.fixture.emulator.dataPlane()[env.pair.stagingIpId]).toBeUndefined();
        expect(await probe(url)).toEqual({ error: "ECONNREFUSED" });
    });

    test("backends are validated: unknown load balancer or healthy > count is refused", () => {
        expect(() => env.fixture.emulator.setBackends({ loadBalancerId: env.pair.loadBalancerIds.blue.replace(/[^/]+$/, "nope"), count: 1 })).toThrow(/does not exist/);
        expect(() => env.fixture.emulator.setBackends({ loadBalancerId: env.pair.loadBalancerIds.blue, count: 1, healthy: 2 })).toThrow(/'healthy' must be/);
    });
});
