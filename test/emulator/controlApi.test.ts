/** The control API (`/_emulator/`): fault injection, the request log, latency, reset; over HTTPS with the same token. */
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { createNetworkClient } from "../../components/azure/networkClient";
import type { CommitRecord } from "../../emulator/commitHistory";
import type { EmulatorFixture } from "../helpers/emulatorFixture";
import { expectArmError, fastPolling, startEmulatorFixture } from "../helpers/emulatorFixture";

const rg = "control-rg";
const address = { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" };

describe("control API", () => {
    let fixture: EmulatorFixture;
    beforeAll(async () => {
        fixture = await startEmulatorFixture();
    });
    afterAll(() => fixture.stop());
    beforeEach(() => fixture.emulator.reset());

    /** Calls the control API through the SDK client's pipeline (same TLS trust, same bearer token). */
    async function control(method: "GET" | "PUT" | "POST" | "DELETE" | "PATCH", path: string, body?: unknown) {
        const request = createPipelineRequest({ url: `${fixture.emulator.endpoint}/_emulator${path}`, method });
        if (body !== undefined) {
            request.body = JSON.stringify(body);
            request.headers.set("Content-Type", "application/json");
        }
        const response = await fixture.client.sendRequest(request);
        return { status: response.status, body: response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined };
    }

    test("an injected error answers with its status and code for the next N matching requests, and writes nothing", async () => {
        const added = await control("POST", "/faults", {
            method: "PUT",
            pathPattern: "/publicIPAddresses/web$",
            count: 2,
            action: { type: "error", status: 409, code: "Conflict", message: "Injected conflict." },
        });
        expect(added.status).toBe(201);
        for (let i = 0; i < 2; i++) {
            await expectArmError(fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", address, fastPolling), 409, "Conflict");
        }
        await expectArmError(fixture.client.publicIPAddresses.get(rg, "web"), 404, "ResourceGroupNotFound");
        const created = await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", address, fastPolling);
        expect(created.provisioningState).toBe("Succeeded");
        const puts = fixture.emulator.requestLog().filter((e) => e.method === "PUT" && !e.control);
        expect(puts.map((e) => [e.status, e.errorCode])).toEqual([
            [409, "Conflict"],
            [409, "Conflict"],
            [201, undefined],
        ]);
        expect((await control("GET", "/faults")).body.faults).toEqual([]);
    });

    test("a connection reset is logged; the SDK's own retry then gets through", async () => {
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", address, fastPolling);
        fixture.emulator.addFault({ method: "GET", pathPattern: "/publicIPAddresses/web$", action: { type: "reset" } });
        const pip = await fixture.client.publicIPAddresses.get(rg, "web");
        expect(pip.name).toBe("web");
        const gets = fixture.emulator.requestLog().filter((e) => e.method === "GET" && /publicIPAddresses\/web$/.test(e.path));
        expect(gets.map((e) => [e.status, e.fault])).toEqual([
            [200, undefined], // the poller's final GET
            [0, "reset"],
            [200, undefined],
        ]);
    });

    test("a hang never answers; the caller's abort ends it and stop() still closes the socket", async () => {
        fixture.emulator.addFault({ method: "GET", pathPattern: "/loadBalancers/lb$", action: { type: "hang" } });
        await expect(fixture.client.loadBalancers.get(rg, "lb", { abortSignal: AbortSignal.timeout(200) })).rejects.toThrow(/abort/i);
        expect(fixture.emulator.requestLog().filter((e) => !e.control).map((e) => e.fault)).toEqual(["hang"]);
    });

    test("errorAfterAccept applies the write, then answers with the chosen error: the client sees 504, Azure commits", async () => {
        const added = await control("POST", "/faults", {
            method: "PUT",
            pathPattern: "/publicIPAddresses/web$",
            action: { type: "errorAfterAccept", status: 504, code: "GatewayTimeout" },
        });
        expect(added.status).toBe(201);
        const committed = new Promise<readonly CommitRecord[]>((resolve) => {
            const stop = fixture.emulator.onCommit((records) => {
                stop();
                resolve(records);
            });
        });
        // No pipeline retries: the SDK would otherwise resend the PUT on the 504 (a 5xx), as the swap's own retry does.
        const noRetries = createNetworkClient(fixture.connection, { pipelineRetries: 0 });
        await expectArmError(noRetries.publicIPAddresses.beginCreateOrUpdate(rg, "web", address, fastPolling), 504, "GatewayTimeout");
        expect(await committed).toEqual([expect.objectContaining({ kind: "create", resourceId: expect.stringMatching(/\/web$/) })]);
        expect((await fixture.client.publicIPAddresses.get(rg, "web")).provisioningState).toBe("Succeeded");
        expect(fixture.emulator.requestLog().filter((e) => e.method === "PUT")).toEqual([
            expect.objectContaining({ status: 504, errorCode: "GatewayTimeout", fault: "errorAfterAccept", acceptedStatus: 201 }),
        ]);
        expect(fixture.emulator.faults()).toEqual([]);
    });

    test("errorAfterAccept is used up only by an accepted request: a refused write keeps it armed", async () => {
        const web = await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", address, fastPolling);
        fixture.emulator.addFault({ method: "PUT", pathPattern: "/publicIPAddresses/web$", action: { type: "errorAfterAccept", status: 500, code: "InternalServerError" } });
        const noRetries = createNetworkClient(fixture.connection, { pipelineRetries: 0 });
        const stale = { requestOptions: { customHeaders: { "If-Match": 'W/"stale"' } } };
        await expectArmError(noRetries.publicIPAddresses.beginCreateOrUpdate(rg, "web", address, { ...fastPolling, ...stale }), 412, "PreconditionFailed");
        expect(fixture.emulator.faults()).toHaveLength(1);
        const current = { requestOptions: { customHeaders: { "If-Match": web.etag! } } };
        await expectArmError(noRetries.publicIPAddresses.beginCreateOrUpdate(rg, "web", address, { ...fastPolling, ...current }), 500, "InternalServerError");
        expect(fixture.emulator.faults()).toEqual([]);
        expect(fixture.emulator.requestLog().filter((e) => e.method === "PUT" && !e.control).map((e) => [e.status, e.fault, e.acceptedStatus])).toEqual([
            [201, undefined, undefined], // the create
            [412, undefined, undefined],
            [500, "errorAfterAccept", 200],
        ]);
    });

    test("bad fault rules are refused with the reason (400 InvalidControlRequest)", async () => {
        const bad = await control("POST", "/faults", { pathPattern: "(", action: { type: "error", status: 500, code: "X" } });
        expect(bad.status).toBe(400);
        expect(bad.body.error.code).toBe("InvalidControlRequest");
        expect(bad.body.error.message).toMatch(/regular expression/);
        const noAction = await control("POST", "/faults", { pathPattern: "x", action: { type: "explode" } });
        expect(noAction.body.error.message).toMatch(/action.type/);
        const noCode = await control("POST", "/faults", { pathPattern: "x", action: { type: "errorAfterAccept", status: 504 } });
        expect(noCode.body.error.message).toBe("An 'errorAfterAccept' fault needs 'code', the ARM error code to answer with.");
        const noStatus = await control("POST", "/faults", { pathPattern: "x", action: { type: "errorAfterAccept", status: 200, code: "X" } });
        expect(noStatus.body.error.message).toBe("An 'errorAfterAccept' fault needs 'status' between 400 and 599; got 200.");
        expect(fixture.emulator.faults()).toEqual([]);
    });

    test("the request log lists every request with time, method, path, status and error code", async () => {
        await expectArmError(fixture.client.loadBalancers.get(rg, "missing"), 404, "ResourceGroupNotFound");
        const { body } = await control("GET", "/requests");
        const [entry] = body.requests;
        expect(entry).toMatchObject({
            method: "GET",
            path: `/subscriptions/${fixture.emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/loadBalancers/missing`,
            query: "api-version=2025-05-01",
            status: 404,
            errorCode: "ResourceGroupNotFound",
            control: false,
        });
        expect(Number.isNaN(Date.parse(entry.time))).toBe(false);
        await control("DELETE", "/requests");
        expect(fixture.emulator.requestLog().filter((e) => !e.control)).toEqual([]);
    });

    test("latency per kind is read and set over HTTP; unknown kinds are refused", async () => {
        const read = await control("GET", "/latency");
        expect(read.body).toMatchObject({ profile: "fast", timeScale: 1 });
        const set = await control("PUT", "/latency", { loadBalancerUpdate: 1234 });
        expect(set.body.latencies.loadBalancerUpdate).toBe(1234);
        const bad = await control("PUT", "/latency", { teleport: 1 });
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/Unknown operation kind 'teleport'/);
    });

    test("settings are read and changed over HTTP; a bad value changes none of them; reset restores them", async () => {
        const read = await control("GET", "/settings");
        expect(read.body).toMatchObject({ swapApiEnabled: false, publicIpInUseFailure: "synchronous", readerView: "committed", concurrentWrite: "retryableError", dataPlaneFailure: "reset" });
        const bad = await control("PATCH", "/settings", { readerView: "goal", concurrentWrite: "queue" });
        expect(bad.status).toBe(400);
        expect(bad.body.error).toMatchObject({ code: "InvalidControlRequest", message: expect.stringContaining("concurrentWrite must be 'retryableError' or 'supersede'") });
        const unknown = await control("PATCH", "/settings", { teleport: true });
        expect(unknown.body.error.message).toMatch(/Unknown settings teleport/);
        expect((await control("GET", "/settings")).body.readerView).toBe("committed");
        await control("PATCH", "/settings", { readerView: "goal", concurrentWrite: "supersede", publicIpInUseFailure: "operation", dataPlaneFailure: "hang" });
        expect((await control("GET", "/settings")).body).toMatchObject({ readerView: "goal", concurrentWrite: "supersede", publicIpInUseFailure: "operation", dataPlaneFailure: "hang" });
        await control("POST", "/reset");
        expect((await control("GET", "/settings")).body).toMatchObject({ readerView: "committed", concurrentWrite: "retryableError", publicIpInUseFailure: "synchronous", dataPlaneFailure: "reset" });
    });

    test("reset over HTTP forgets every resource", async () => {
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", address, fastPolling);
        expect((await control("POST", "/reset")).status).toBe(204);
        await expectArmError(fixture.client.publicIPAddresses.get(rg, "web"), 404, "ResourceGroupNotFound");
    });

    test("POST /pairs creates a ready pair (blue live, healthy backends, the CLI's default frontend name) and answers its swap flags", async () => {
        const created = await control("POST", "/pairs", { name: "shop" });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({
            name: "shop",
            target: { resourceGroupName: "shop-rg", blueLoadBalancerName: "shop-blue-lb", frontendName: "public-frontend", productionIpName: "shop-production-ip" },
            swapFlags: expect.arrayContaining(["--resource-group", "shop-rg", "--endpoint", fixture.emulator.endpoint, "--ca-cert", fixture.emulator.caCertFile]),
        });
        expect(created.body.swapFlags).not.toContain("--frontend");
        expect(created.body.swapCommand).toMatch(/^AZURE_ACCESS_TOKEN=\S+ npx vipswap swap --to green --resource-group shop-rg /);
        const blue = await fixture.client.loadBalancers.get("shop-rg", "shop-blue-lb");
        expect(blue.frontendIPConfigurations![0]).toMatchObject({ name: "public-frontend", publicIPAddress: { id: expect.stringMatching(/shop-production-ip$/) } });
        const backends = (await control("GET", "/backends")).body.backends as { loadBalancerId: string; healthy: number }[];
        expect(backends.map((b) => [b.loadBalancerId.split("/").pop(), b.healthy]).sort()).toEqual([["shop-blue-lb", 2], ["shop-green-lb", 2]]);
    });

    test.each([
        [{ name: "no spaces" }, /'name' must be 1 to 40 letters/],
        [{ name: "shop", backendCount: 0 }, /'backendCount' must be a whole number from 1 to 100/],
    ])("POST /pairs refuses %j with 400 and the reason, creating nothing", async (body, reason) => {
        const answer = await control("POST", "/pairs", body);
        expect(answer.status).toBe(400);
        expect(answer.body.error.code).toBe("InvalidControlRequest");
        expect(answer.body.error.message).toMatch(reason);
        expect(fixture.emulator.requestLog().filter((e) => !e.control)).toEqual([]);
    });

    test("POST /pairs refuses a name already taken", async () => {
        expect((await control("POST", "/pairs", { name: "twice" })).status).toBe(201);
        const again = await control("POST", "/pairs", { name: "twice" });
        expect(again.status).toBe(400);
        expect(again.body.error.message).toMatch(/A pair named 'twice' already exists in resource group 'twice-rg'/);
    });
});
