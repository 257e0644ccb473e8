/** Long-running operations as Azure runs them, observed through the SDK's own pollers. */
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { expectArmError, fastPolling, usePairPerTest } from "../helpers/emulatorFixture";

const rg = "lro-rg";

describe("long-running operations", () => {
    const env = usePairPerTest(rg, { withBackends: false });

    test("a PUT answers 200 + Updating + absolute Azure-AsyncOperation + Retry-After; readers see the old view until commit", async () => {
        env.fixture.emulator.setLatencies({ loadBalancerUpdate: 300 });
        const before = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        let initial: { status: number; headers: Record<string, string>; body: { properties: { provisioningState: string } } } | undefined;
        const poller = await env.fixture.client.loadBalancers.beginCreateOrUpdate(
            rg,
            env.pair.target.blueLoadBalancerName,
            { ...before, tags: { "vipswap:colour": "blue", release: "2" } },
            {
                ...fastPolling,
                onResponse: (raw) => {
                    initial ??= { status: raw.status, headers: raw.headers.toJSON(), body: JSON.parse(raw.bodyAsText!) };
                },
            },
        );
        expect(initial?.status).toBe(200);
        expect(initial?.body.properties.provisioningState).toBe("Updating");
        expect(initial?.headers["azure-asyncoperation"]).toMatch(
            new RegExp(`^${env.fixture.emulator.endpoint}/subscriptions/${env.fixture.emulator.subscriptionId}/providers/Microsoft.Network/locations/westeurope/operations/[0-9a-f-]{36}\\?api-version=2025-05-01$`),
        );
        expect(initial?.headers["retry-after"]).toBe("0"); // fast profile; realistic sends 10

        const during = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        expect(during.provisioningState).toBe("Updating");
        expect(during.tags).toEqual(before.tags);
        expect(during.etag).toBe(before.etag);

        const result = await poller.pollUntilDone();
        expect(result.provisioningState).toBe("Succeeded");
        expect(result.tags).toEqual({ "vipswap:colour": "blue", release: "2" });
        const statuses = env.fixture.emulator
            .requestLog()
            .filter((e) => /\/operations\//.test(e.path))
            .map((e) => e.status);
        expect(statuses.every((s) => s === 200)).toBe(true);
    });

    test("with readerView 'goal', readers see the requested configuration (Updating, new ETag) at once; it takes effect only at commit", async () => {
        env.fixture.emulator.updateSettings({ readerView: "goal" });
        const floating = await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            "floating",
            { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
            fastPolling,
        );
        env.fixture.emulator.setLatencies({ loadBalancerUpdate: 60_000 });
        const before = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        const lastCommit = env.fixture.emulator.lastCommit();
        let answered: { etag: string } | undefined;
        await env.fixture.client.loadBalancers.beginCreateOrUpdate(
            rg,
            env.pair.target.blueLoadBalancerName,
            { ...before, frontendIPConfigurations: [{ ...before.frontendIPConfigurations![0], publicIPAddress: { id: floating.id } }] },
            { ...fastPolling, onResponse: (raw) => (answered ??= JSON.parse(raw.bodyAsText!)) },
        );
        const during = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        expect(during).toMatchObject({ provisioningState: "Updating", etag: answered!.etag });
        expect(during.etag).not.toBe(before.etag);
        expect(during.frontendIPConfigurations![0]).toMatchObject({ publicIPAddress: { id: floating.id }, provisioningState: "Updating" });
        expect((await env.fixture.client.publicIPAddresses.get(rg, "floating")).ipConfiguration?.id).toBe(env.pair.frontendIds.blue);
        expect((await env.fixture.client.publicIPAddresses.get(rg, env.pair.target.productionIpName)).ipConfiguration).toBeUndefined();
        // ...but nothing has taken effect: the release still counts only at commit, and nothing committed.
        await expect(
            env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(
                rg,
                env.pair.target.greenLoadBalancerName,
                { ...(await env.fixture.client.loadBalancers.get(rg, env.pair.target.greenLoadBalancerName)), frontendIPConfigurations: [{ name: env.pair.target.frontendName, publicIPAddress: { id: env.pair.productionIpId } }] },
                fastPolling,
            ),
        ).rejects.toMatchObject({ statusCode: 400, code: "PublicIPAddressInUse" });
        expect(env.fixture.emulator.commits(lastCommit)).toEqual([]);
        expect(env.fixture.emulator.dataPlane()[env.pair.productionIpId].attachedTo).toBe(env.pair.frontendIds.blue);
        // If-Match is checked against the ETag readers see: the goal's (then 429, since the operation runs).
        await expect(
            env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, during, {
                ...fastPolling,
                requestOptions: { customHeaders: { "If-Match": before.etag! } },
            }),
        ).rejects.toMatchObject({ statusCode: 412, code: "PreconditionFailed" });
    });

    test("the operation resource reports InProgress, then Succeeded", async () => {
        env.fixture.emulator.setLatencies({ publicIpCreate: 200 });
        let asyncUrl = "";
        const poller = await env.fixture.client.publicIPAddresses.beginCreateOrUpdate(
            rg,
            "watched",
            { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
            { ...fastPolling, onResponse: (raw) => (asyncUrl ||= raw.headers.get("azure-asyncoperation") ?? "") },
        );
        const read = async () => JSON.parse((await env.fixture.client.sendRequest(createPipelineRequest({ url: asyncUrl, method: "GET" }))).bodyAsText!);
        expect((await read()).status).toBe("InProgress");
        expect((await env.fixture.client.publicIPAddresses.get(rg, "watched")).provisioningState).toBe("Updating");
        await poller.pollUntilDone();
        expect(await read()).toMatchObject({ status: "Succeeded", endTime: expect.any(String) });
    });

    test("a DELETE answers 202 with Location (operationResults) and the SDK poller completes", async () => {
        await env.fixture.client.loadBalancers.beginDeleteAndWait(rg, env.pair.target.greenLoadBalancerName, fastPolling);
        const log = env.fixture.emulator.requestLog();
        expect(log[0]).toMatchObject({ method: "DELETE", status: 202 });
        const polls = log.slice(1).filter((e) => /operationResults/.test(e.path));
        expect(polls.length).toBeGreaterThan(0);
        expect(polls.at(-1)!.status).toBe(204);
    });

    test("an operation that ends Failed surfaces through the poller; nothing changes and the resource shows Failed", async () => {
        env.fixture.emulator.addFault({
            method: "PUT",
            pathPattern: "/loadBalancers/app-blue-lb$",
            action: { type: "operationFailed", code: "InternalServerError", message: "An error occurred." },
        });
        const before = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        await expect(
            env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, { ...before, tags: { lost: "yes" } }, fastPolling),
        ).rejects.toThrow(/long-running operation has failed.*InternalServerError/i);
        const after = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        expect(after.tags).toEqual(before.tags);
        expect(after.etag).toBe(before.etag);
        expect(after.provisioningState).toBe("Failed");
        // The next successful write heals it, as on Azure.
        const healed = await env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, before, fastPolling);
        expect(healed.provisioningState).toBe("Succeeded");
    });

    test("an operation that ends Canceled surfaces through the poller and changes nothing", async () => {
        env.fixture.emulator.addFault({ method: "PUT", pathPattern: "/loadBalancers/app-green-lb$", action: { type: "operationCanceled" } });
        const before = await env.fixture.client.loadBalancers.get(rg, env.pair.target.greenLoadBalancerName);
        let asyncUrl = "";
        await expect(
            env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.greenLoadBalancerName, { ...before, tags: { lost: "yes" } }, {
                ...fastPolling,
                onResponse: (raw) => (asyncUrl ||= raw.headers.get("azure-asyncoperation") ?? ""),
            }),
        ).rejects.toThrow(/canceled/i);
        // The operation resource as docs/azure-behaviour.md §3 quotes it (terraform-provider-azurerm#10178).
        const status = await env.fixture.client.sendRequest(createPipelineRequest({ url: asyncUrl, method: "GET" }));
        expect(status.status).toBe(200);
        expect(JSON.parse(status.bodyAsText!)).toMatchObject({
            status: "Canceled",
            error: {
                code: "Canceled",
                message: "Operation was canceled.",
                details: [{ code: "CanceledAndSupersededDueToAnotherOperation", message: expect.stringContaining("was canceled and superseded") }],
            },
        });
        const after = await env.fixture.client.loadBalancers.get(rg, env.pair.target.greenLoadBalancerName);
        expect(after.tags).toEqual(before.tags);
        expect(after.provisioningState).toBe("Succeeded");
    });

    test("with concurrentWrite 'supersede', a second PUT is accepted and the running one ends Canceled / CanceledAndSupersededDueToAnotherOperation", async () => {
        env.fixture.emulator.updateSettings({ concurrentWrite: "supersede" });
        env.fixture.emulator.setLatencies({ loadBalancerUpdate: 60_000 });
        const before = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        const lastCommit = env.fixture.emulator.lastCommit();
        let firstUrl = "";
        const first = await env.fixture.client.loadBalancers.beginCreateOrUpdate(rg, env.pair.target.blueLoadBalancerName, { ...before, tags: { write: "first" } }, {
            ...fastPolling,
            onResponse: (raw) => (firstUrl ||= raw.headers.get("azure-asyncoperation") ?? ""),
        });
        await expectArmError(env.fixture.client.loadBalancers.beginDeleteAndWait(rg, env.pair.target.blueLoadBalancerName, fastPolling), 429, "RetryableError"); // only a PUT supersedes
        env.fixture.emulator.setLatencies({ loadBalancerUpdate: 20 });
        const second = await env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, { ...before, tags: { write: "second" } }, fastPolling);
        expect(second.tags).toEqual({ write: "second" });
        await expect(first.pollUntilDone()).rejects.toThrow(/canceled/i);
        const firstId = /operations\/([0-9a-f-]{36})/.exec(firstUrl)![1];
        const status = JSON.parse((await env.fixture.client.sendRequest(createPipelineRequest({ url: firstUrl, method: "GET" }))).bodyAsText!);
        expect(status).toMatchObject({ status: "Canceled", error: { code: "Canceled", details: [{ code: "CanceledAndSupersededDueToAnotherOperation" }] } });
        expect(status.error.details[0].message).toMatch(new RegExp(`^Operation PutLoadBalancerOperation \\(${firstId}\\) was canceled and superseded by operation PutLoadBalancerOperation \\([0-9a-f-]{36}\\)\\.$`));
        // Only the second write ever committed.
        expect(env.fixture.emulator.commits(lastCommit).map((c) => [c.resourceId, c.kind])).toEqual([[env.pair.loadBalancerIds.blue, "update"]]);
        expect(() => env.fixture.emulator.updateSettings({ concurrentWrite: "queue" })).toThrow(/'retryableError' or 'supersede'/);
    });

    test("a failed DELETE (Location polling) surfaces as a RestError from the poller and the resource stays", async () => {
        env.fixture.emulator.addFault({ method: "DELETE", pathPattern: "/loadBalancers/app-green-lb$", action: { type: "operationFailed", code: "InternalServerError" } });
        await expect(env.fixture.client.loadBalancers.beginDeleteAndWait(rg, env.pair.target.greenLoadBalancerName, fastPolling)).rejects.toMatchObject({
            code: "InternalServerError",
        });
        expect((await env.fixture.client.loadBalancers.get(rg, env.pair.target.greenLoadBalancerName)).frontendIPConfigurations![0].publicIPAddress?.id).toBe(
            env.pair.stagingIpId,
        );
    });
});
