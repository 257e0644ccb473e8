/**
 * The committed-state history (`commits()`, `onCommit`, `GET /_emulator/commits`): every commit, and only commits,
 * with the frontend -> public IP map of load balancers and the address and holder of public IPs. Driven through
 * the real SDK client.
 */
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import type { CommitRecord } from "../../emulator/commitHistory";
import { expectArmError, fastPolling, usePairPerTest } from "../helpers/emulatorFixture";

const rg = "history-rg";
const address = { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" };

describe("committed-state history", () => {
    const env = usePairPerTest(rg, { withBackends: false });

    /** Calls the control API through the SDK client's pipeline (same TLS trust, same bearer token). */
    async function control(method: "GET" | "DELETE", path: string) {
        const response = await env.fixture.client.sendRequest(createPipelineRequest({ url: `${env.fixture.emulator.endpoint}/_emulator${path}`, method }));
        return { status: response.status, body: response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined };
    }

    /** Moves blue's frontend to another address through the SDK's own poller. */
    async function pointBlueAt(publicIpId: string) {
        const lb = await env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        lb.frontendIPConfigurations![0].publicIPAddress = { id: publicIpId };
        await env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, lb, fastPolling);
    }

    test("the pair's creation: each address with its ipAddress (free when created), each load balancer with its frontend -> address", () => {
        const records = env.fixture.emulator.commits();
        expect(records.map((r) => r.commit)).toEqual([1, 2, 3, 4]);
        const byId = (id: string) => records.find((r) => r.resourceId === id);
        expect(byId(env.pair.productionIpId)).toMatchObject({ kind: "create", resourceType: "publicIPAddresses", ipAddress: env.pair.productionIpAddress, ipConfiguration: null });
        expect(byId(env.pair.stagingIpId)).toMatchObject({ kind: "create", ipAddress: env.pair.stagingIpAddress, ipConfiguration: null });
        expect(byId(env.pair.loadBalancerIds.blue)).toMatchObject({
            kind: "create",
            resourceType: "loadBalancers",
            frontends: { [env.pair.frontendIds.blue]: env.pair.productionIpId },
        });
        expect(byId(env.pair.loadBalancerIds.green)).toMatchObject({ kind: "create", frontends: { [env.pair.frontendIds.green]: env.pair.stagingIpId } });
        for (const record of records) {
            expect(record.operationId).toMatch(/^[0-9a-f-]{36}$/);
            expect(Number.isNaN(Date.parse(record.time))).toBe(false);
        }
        // The addresses were created before the load balancers that reference them.
        expect(records.slice(0, 2).every((r) => r.resourceType === "publicIPAddresses")).toBe(true);
    });

    test("a write appears only when it commits; a failed or canceled operation and a refused write never appear", async () => {
        const before = env.fixture.emulator.lastCommit();
        env.fixture.emulator.setLatencies({ publicIpCreate: 200 });
        const poller = await env.fixture.client.publicIPAddresses.beginCreateOrUpdate(rg, "floating", address, fastPolling);
        expect(env.fixture.emulator.lastCommit()).toBe(before); // accepted, Updating, not committed
        const created = await poller.pollUntilDone();
        expect(env.fixture.emulator.commits(before)).toEqual([
            expect.objectContaining({ commit: before + 1, kind: "create", resourceId: created.id, ipAddress: created.ipAddress, ipConfiguration: null }),
        ]);

        env.fixture.emulator.addFault({ method: "PUT", pathPattern: "/publicIPAddresses/failing$", action: { type: "operationFailed", code: "AllocationFailed" } });
        await expect(env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "failing", address, fastPolling)).rejects.toThrow(/AllocationFailed/);
        env.fixture.emulator.addFault({ method: "PUT", pathPattern: "/loadBalancers/.*-blue-lb$", action: { type: "operationCanceled" } });
        await expect(pointBlueAt(created.id!)).rejects.toThrow(/canceled/i);
        // Azure refuses a second holder of production (PublicIPAddressInUse): nothing is committed.
        const green = await env.fixture.client.loadBalancers.get(rg, env.pair.target.greenLoadBalancerName);
        green.frontendIPConfigurations![0].publicIPAddress = { id: env.pair.productionIpId };
        await expectArmError(env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.greenLoadBalancerName, green, fastPolling), 400, "PublicIPAddressInUse");
        expect(env.fixture.emulator.lastCommit()).toBe(before + 1);
    });

    test("an update records the state after it: the moved frontend, and an attached address's holder", async () => {
        const floating = await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "floating", address, fastPolling);
        const before = env.fixture.emulator.lastCommit();
        await pointBlueAt(floating.id!);
        // A tag change on the attached floating IP (allowed in use, docs/azure-behaviour.md §1) records who holds it.
        await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "floating", { ...address, tags: { note: "in use" } }, fastPolling);
        await env.fixture.client.publicIPAddresses.updateTags(rg, env.pair.target.productionIpName, { tags: { note: "free now" } });
        await env.fixture.client.publicIPAddresses.beginDeleteAndWait(rg, env.pair.target.productionIpName, fastPolling);
        const [moved, retagged, patched, deleted] = env.fixture.emulator.commits(before);
        expect(moved).toMatchObject({ kind: "update", resourceId: env.pair.loadBalancerIds.blue, frontends: { [env.pair.frontendIds.blue]: floating.id } });
        expect(retagged).toMatchObject({ kind: "update", resourceId: floating.id, ipAddress: floating.ipAddress, ipConfiguration: env.pair.frontendIds.blue });
        // A tags PATCH is synchronous: a commit with no operation.
        expect(patched).toMatchObject({ kind: "update", resourceId: env.pair.productionIpId, ipAddress: env.pair.productionIpAddress, ipConfiguration: null });
        expect(patched.operationId).toBeUndefined();
        expect(deleted).toEqual({
            commit: before + 4,
            time: expect.any(String),
            resourceId: env.pair.productionIpId,
            resourceType: "publicIPAddresses",
            kind: "delete",
            operationId: expect.any(String),
        });
    });

    test("onCommit is called synchronously at each commit, in order, until unsubscribed", async () => {
        const seen: CommitRecord[][] = [];
        const stop = env.fixture.emulator.onCommit((records) => {
            seen.push([...records]);
            // Synchronous: when the listener runs, the emulator's history already ends with this commit.
            expect(env.fixture.emulator.lastCommit()).toBe(records[0].commit);
        });
        const floating = await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "floating", address, fastPolling);
        await pointBlueAt(floating.id!);
        stop();
        await pointBlueAt(env.pair.productionIpId);
        expect(seen.map((records) => records.map((r) => `${r.kind} ${r.resourceId.split("/").pop()}`))).toEqual([
            ["create floating"],
            [`update ${env.pair.target.blueLoadBalancerName}`],
        ]);
        expect(env.fixture.emulator.lastCommit()).toBe(seen[1][0].commit + 1);
    });

    test("the one-call swap is one commit: both load balancers' records share its number", async () => {
        env.fixture.emulator.updateSettings({ swapApiEnabled: true });
        const before = env.fixture.emulator.lastCommit();
        await env.fixture.client.loadBalancers.beginSwapPublicIpAddressesAndWait(
            env.pair.location,
            {
                frontendIPConfigurations: [
                    { id: env.pair.frontendIds.blue, publicIPAddress: { id: env.pair.stagingIpId } },
                    { id: env.pair.frontendIds.green, publicIPAddress: { id: env.pair.productionIpId } },
                ],
            },
            fastPolling,
        );
        const records = env.fixture.emulator.commits(before);
        expect(records.map((r) => [r.commit, r.resourceId, r.frontends])).toEqual([
            [before + 1, env.pair.loadBalancerIds.blue, { [env.pair.frontendIds.blue]: env.pair.stagingIpId }],
            [before + 1, env.pair.loadBalancerIds.green, { [env.pair.frontendIds.green]: env.pair.productionIpId }],
        ]);
    });

    test("over HTTP: GET /_emulator/commits (optionally after a commit number), DELETE clears it; reset clears it too", async () => {
        const all = await control("GET", "/commits");
        expect(all.status).toBe(200);
        expect(all.body).toEqual({ lastCommit: 4, commits: env.fixture.emulator.commits() });
        const later = await control("GET", "/commits?after=3");
        expect(later.body.commits.map((r: CommitRecord) => r.commit)).toEqual([4]);
        const bad = await control("GET", "/commits?after=-1");
        expect(bad.status).toBe(400);
        expect(bad.body.error).toMatchObject({ code: "InvalidControlRequest", message: expect.stringMatching(/'after' must be a commit number/) });
        expect((await control("DELETE", "/commits")).status).toBe(204);
        expect((await control("GET", "/commits")).body).toEqual({ lastCommit: 0, commits: [] });
        await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "again", address, fastPolling);
        expect(env.fixture.emulator.commits().map((r) => r.commit)).toEqual([1]);
        env.fixture.emulator.reset();
        expect(env.fixture.emulator.commits()).toEqual([]);
    });
});
