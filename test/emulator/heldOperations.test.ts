/**
 * Faults for proving crash safety and lost answers: `hold` keeps an operation InProgress until released through the
 * control API (or, with `until: "nextWrite"`, until the next write to the resource arrives); `resetAfterAccept` applies a write and then breaks the connection instead of answering; `skip` lets
 * the first matching requests through. Driven through the real SDK client.
 */
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { createNetworkClient } from "../../components/azure/networkClient";
import type { CommitRecord } from "../../emulator/commitHistory";
import type { EmulatorFixture } from "../helpers/emulatorFixture";
import { expectArmError, fastPolling, startEmulatorFixture } from "../helpers/emulatorFixture";

const rg = "hold-rg";
const address = { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("held operations, lost answers and skipped matches", () => {
    let fixture: EmulatorFixture;
    beforeAll(async () => {
        fixture = await startEmulatorFixture();
    });
    afterAll(() => fixture.stop());
    beforeEach(() => fixture.emulator.reset());

    async function control(method: "GET" | "POST", path: string) {
        const response = await fixture.client.sendRequest(createPipelineRequest({ url: `${fixture.emulator.endpoint}/_emulator${path}`, method }));
        return { status: response.status, body: response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined };
    }

    /** Resolves with the next commit's records. */
    function nextCommit(): Promise<readonly CommitRecord[]> {
        return new Promise((resolve) => {
            const stop = fixture.emulator.onCommit((records) => {
                stop();
                resolve(records);
            });
        });
    }

    test("hold keeps a create InProgress past its latency (readers see Updating, writers get 429) until released over HTTP", async () => {
        fixture.emulator.addFault({ method: "PUT", pathPattern: "/publicIPAddresses/web$", action: { type: "hold" } });
        const poller = await fixture.client.publicIPAddresses.beginCreateOrUpdate(rg, "web", address, fastPolling);
        await sleep(5 * fixture.emulator.latencies().latencies.publicIpCreate); // well past its latency
        await poller.poll();
        expect(poller.getOperationState().status).toBe("running"); // the Azure-AsyncOperation URL says InProgress
        const { body } = await control("GET", "/operations");
        expect(body.operations).toEqual([
            expect.objectContaining({
                name: "PutPublicIpAddressOperation",
                kind: "publicIpCreate",
                action: "create",
                resourceIds: [expect.stringMatching(/\/resourceGroups\/hold-rg\/providers\/Microsoft.Network\/publicIPAddresses\/web$/)],
                status: "InProgress",
                held: true,
            }),
        ]);
        expect((await fixture.client.publicIPAddresses.get(rg, "web")).provisioningState).toBe("Updating");
        // Another write meets the operation in flight (docs/azure-behaviour.md §5).
        await expectArmError(
            createNetworkClient(fixture.connection, { pipelineRetries: 0 }).publicIPAddresses.beginCreateOrUpdate(rg, "web", address, fastPolling),
            429,
            "RetryableError", // detail RetryableErrorDueToAnotherOperation
        );
        expect(fixture.emulator.commits()).toEqual([]);

        const committed = nextCommit();
        const released = await control("POST", `/operations/${body.operations[0].id}/release`);
        expect(released.body).toEqual({ released: [body.operations[0].id] });
        const created = await poller.pollUntilDone();
        expect(created.provisioningState).toBe("Succeeded");
        expect(await committed).toEqual([expect.objectContaining({ kind: "create", resourceId: created.id, ipAddress: created.ipAddress })]);
        expect(fixture.emulator.operations()[0]).toMatchObject({ status: "Succeeded", held: false });
    });

    test("hold works on a delete (Deleting until released) and `skip` lets the first matching writes through", async () => {
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", address, fastPolling);
        // Let the tag update through, hold the delete that follows it.
        fixture.emulator.addFault({ pathPattern: "/publicIPAddresses/web$", skip: 1, action: { type: "hold" } });
        expect(fixture.emulator.faults()).toEqual([expect.objectContaining({ skip: 1, remaining: 1 })]);
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", { ...address, tags: { a: "b" } }, fastPolling);
        await fixture.client.publicIPAddresses.get(rg, "web"); // a GET starts no operation: it neither skips nor takes
        expect(fixture.emulator.faults()).toEqual([expect.objectContaining({ skip: 0, remaining: 1 })]);
        const poller = await fixture.client.publicIPAddresses.beginDelete(rg, "web", fastPolling);
        expect((await fixture.client.publicIPAddresses.get(rg, "web")).provisioningState).toBe("Deleting");
        expect(fixture.emulator.operations().filter((o) => o.held)).toEqual([expect.objectContaining({ action: "delete", status: "InProgress" })]);

        expect(fixture.emulator.releaseOperations()).toHaveLength(1);
        await poller.pollUntilDone();
        await expectArmError(fixture.client.publicIPAddresses.get(rg, "web"), 404, "ResourceNotFound");
        expect(fixture.emulator.commits().map((r) => r.kind)).toEqual(["create", "update", "delete"]);
    });

    test("release over HTTP: all held at once; an unknown id or one not held is refused with the reason", async () => {
        fixture.emulator.addFault({ method: "PUT", pathPattern: "/publicIPAddresses/", count: 2, action: { type: "hold" } });
        const pollers = await Promise.all(["a", "b"].map((name) => fixture.client.publicIPAddresses.beginCreateOrUpdate(rg, name, address, fastPolling)));
        const all = await control("POST", "/operations/release");
        expect(all.body.released).toHaveLength(2);
        await Promise.all(pollers.map((p) => p.pollUntilDone()));
        expect((await control("POST", "/operations/release")).body).toEqual({ released: [] });

        const unknown = await control("POST", "/operations/00000000-0000-4000-8000-000000000000/release");
        expect(unknown.status).toBe(400);
        expect(unknown.body.error).toMatchObject({ code: "InvalidControlRequest", message: expect.stringMatching(/^No operation 0{8}-.*GET \/_emulator\/operations/) });
        const done = await control("POST", `/operations/${all.body.released[0]}/release`);
        expect(done.body.error.message).toBe(`Operation ${all.body.released[0]} is not held (it is Succeeded).`);
    });

    test('hold until "nextWrite": past its latency and through reads it runs on; the next write meets it running (429), then it commits', async () => {
        fixture.emulator.addFault({ method: "PUT", pathPattern: "/publicIPAddresses/web$", action: { type: "hold", until: "nextWrite" } });
        const poller = await fixture.client.publicIPAddresses.beginCreateOrUpdate(rg, "web", address, fastPolling);
        // A write to another resource and the reads of this one leave it held.
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "other", address, fastPolling);
        await sleep(5 * fixture.emulator.latencies().latencies.publicIpCreate); // well past its latency
        await poller.poll();
        expect(poller.getOperationState().status).toBe("running");
        expect((await fixture.client.publicIPAddresses.get(rg, "web")).provisioningState).toBe("Updating");
        expect(fixture.emulator.operations().filter((o) => o.held)).toHaveLength(1);

        const committed = nextCommit();
        const noRetries = createNetworkClient(fixture.connection, { pipelineRetries: 0 });
        await expectArmError(noRetries.publicIPAddresses.beginCreateOrUpdate(rg, "web", address, fastPolling), 429, "RetryableError");
        expect(fixture.emulator.operations().filter((o) => o.held)).toEqual([]);
        expect(await committed).toEqual([expect.objectContaining({ kind: "create", resourceId: expect.stringMatching(/\/web$/) })]);
        expect((await poller.pollUntilDone()).provisioningState).toBe("Succeeded");
        expect(fixture.emulator.commits().map((c) => c.kind)).toEqual(["create", "create"]); // other, then web, once
    });

    test('hold until "nextWrite" with concurrentWrite supersede: the next PUT replaces the held operation, which never commits', async () => {
        fixture.emulator.updateSettings({ concurrentWrite: "supersede" });
        fixture.emulator.addFault({ method: "PUT", pathPattern: "/publicIPAddresses/web$", action: { type: "hold", until: "nextWrite" } });
        const first = await fixture.client.publicIPAddresses.beginCreateOrUpdate(rg, "web", address, fastPolling);
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", { ...address, tags: { attempt: "2" } }, fastPolling);
        await expect(first.pollUntilDone()).rejects.toThrow("Operation was canceled");
        expect(fixture.emulator.operations().map((o) => o.status)).toEqual(["Canceled", "Succeeded"]);
        expect(fixture.emulator.commits()).toEqual([expect.objectContaining({ kind: "create", resourceId: expect.stringMatching(/\/web$/) })]);
        expect((await fixture.client.publicIPAddresses.get(rg, "web")).tags).toEqual({ attempt: "2" });
    });

    test("resetAfterAccept applies the write, then breaks the connection: the client sees ECONNRESET, Azure commits", async () => {
        const noRetries = createNetworkClient(fixture.connection, { pipelineRetries: 0 });
        fixture.emulator.addFault({ method: "PUT", pathPattern: "/publicIPAddresses/web$", action: { type: "resetAfterAccept" } });
        const committed = nextCommit();
        await expect(noRetries.publicIPAddresses.beginCreateOrUpdate(rg, "web", address, fastPolling)).rejects.toMatchObject({ code: "ECONNRESET" });
        expect(await committed).toEqual([expect.objectContaining({ kind: "create", resourceId: expect.stringMatching(/\/web$/) })]);
        expect((await fixture.client.publicIPAddresses.get(rg, "web")).provisioningState).toBe("Succeeded");
        expect(fixture.emulator.requestLog().filter((e) => e.method === "PUT")).toEqual([
            expect.objectContaining({ status: 0, fault: "resetAfterAccept", acceptedStatus: 201 }),
        ]);
    });

    test("resetAfterAccept is used up only by an accepted request: a refused write is answered and keeps it armed", async () => {
        const web = await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "web", address, fastPolling);
        fixture.emulator.addFault({ method: "PUT", pathPattern: "/publicIPAddresses/web$", action: { type: "resetAfterAccept" } });
        const stale = { requestOptions: { customHeaders: { "If-Match": 'W/"stale"' } } };
        await expectArmError(fixture.client.publicIPAddresses.beginCreateOrUpdate(rg, "web", address, { ...fastPolling, ...stale }), 412, "PreconditionFailed");
        expect(fixture.emulator.faults()).toHaveLength(1);
        const noRetries = createNetworkClient(fixture.connection, { pipelineRetries: 0 });
        const current = { requestOptions: { customHeaders: { "If-Match": web.etag! } } };
        await expect(noRetries.publicIPAddresses.beginCreateOrUpdate(rg, "web", address, { ...fastPolling, ...current })).rejects.toMatchObject({ code: "ECONNRESET" });
        expect(fixture.emulator.faults()).toEqual([]);
    });

    test("bad rules are refused: skip must be a whole number >= 0", () => {
        expect(() => fixture.emulator.addFault({ pathPattern: "x", skip: -1, action: { type: "hold" } })).toThrow("'skip' must be a whole number >= 0; got -1.");
        expect(() => fixture.emulator.addFault({ pathPattern: "x", action: { type: "holdd" } })).toThrow(/resetAfterAccept, operationFailed, operationCanceled, hold/);
        expect(() => fixture.emulator.addFault({ pathPattern: "x", action: { type: "hold", until: "later" } })).toThrow(
            `A 'hold' fault's 'until' must be "released" or "nextWrite"; got "later".`,
        );
        expect(fixture.emulator.faults()).toEqual([]);
    });
});
