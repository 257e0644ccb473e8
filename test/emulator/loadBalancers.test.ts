/** Load balancers through the real SDK: CRUD with child ids, and every frontend rule with Azure's status and code. */
import type { LoadBalancer, PublicIPAddress } from "@azure/arm-network";
import { expectArmError, fastPolling, loadBalancerBody, usePairPerTest } from "../helpers/emulatorFixture";

const rg = "lb-rg";
const floatingBody: PublicIPAddress = { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" };

describe("load balancers", () => {
    const env = usePairPerTest(rg, { withBackends: false });

    const blue = () => env.fixture.client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
    const green = () => env.fixture.client.loadBalancers.get(rg, env.pair.target.greenLoadBalancerName);
    /** PUTs the blue load balancer through the SDK's own poller. */
    const putBlue = (body: LoadBalancer) =>
        env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, body, fastPolling);

    /** The load balancer with its (only) frontend pointed at another address. */
    function withFrontendOn(lb: LoadBalancer, publicIpId: string): LoadBalancer {
        const [frontend, ...rest] = lb.frontendIPConfigurations!;
        return { ...lb, frontendIPConfigurations: [{ ...frontend, publicIPAddress: { id: publicIpId } }, ...rest] };
    }

    /** Asserts that nothing was written: no write answered 2xx since the log was cleared. */
    function expectNoWrites(): void {
        const writes = env.fixture.emulator.requestLog().filter((e) => e.method !== "GET" && e.status < 300 && !e.control);
        expect(writes).toEqual([]);
    }

    test("children get ids, etags, types and provisioning states as Azure fills them in", async () => {
        const lb = await blue();
        expect(lb.frontendIPConfigurations).toHaveLength(1);
        for (const child of [...lb.frontendIPConfigurations!, ...lb.backendAddressPools!, ...lb.probes!, ...lb.loadBalancingRules!, ...lb.outboundRules!]) {
            expect(child.id!.startsWith(`${env.pair.loadBalancerIds.blue}/`)).toBe(true);
            expect(child.etag).toBe(lb.etag);
            expect(child.provisioningState).toBe("Succeeded");
            expect(child.type).toMatch(/^Microsoft\.Network\/loadBalancers\/\w+$/);
        }
        const frontend = await env.fixture.client.loadBalancerFrontendIPConfigurations.get(rg, env.pair.target.blueLoadBalancerName, env.pair.target.frontendName);
        expect(frontend.publicIPAddress?.id).toBe(env.pair.productionIpId);
        const rules: string[] = [];
        for await (const rule of env.fixture.client.loadBalancerLoadBalancingRules.list(rg, env.pair.target.blueLoadBalancerName)) {
            rules.push(rule.name!);
        }
        expect(rules).toEqual(["http"]);
    });

    test("an address attached elsewhere cannot be referenced: 400 PublicIPAddressInUse, nothing changes", async () => {
        const before = await blue();
        await expectArmError(
            putBlue(withFrontendOn(before, env.pair.stagingIpId)),
            400,
            "PublicIPAddressInUse",
        );
        const after = await blue();
        expect(after.etag).toBe(before.etag);
        expect(after.frontendIPConfigurations![0].publicIPAddress?.id).toBe(env.pair.productionIpId);
        expectNoWrites();
    });

    test("with publicIpInUseFailure 'operation', PublicIPAddressInUse comes back as the failed operation; nothing changes", async () => {
        env.fixture.emulator.updateSettings({ publicIpInUseFailure: "operation" });
        const before = await blue();
        let accepted: number | undefined;
        const error = await env.fixture.client.loadBalancers
            .beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, withFrontendOn(before, env.pair.stagingIpId), {
                ...fastPolling,
                onResponse: (raw) => (accepted ??= raw.status),
            })
            .catch((e: unknown) => e);
        expect(accepted).toBe(200); // the PUT itself was accepted
        expect((error as Error).message).toMatch(/long-running operation has failed.*PublicIPAddressInUse/);
        expect((error as Error).message).toContain(`already allocated to resource ${env.pair.frontendIds.green}`);
        const after = await blue();
        expect(after.provisioningState).toBe("Failed");
        expect(after.etag).toBe(before.etag);
        expect(after.frontendIPConfigurations![0].publicIPAddress?.id).toBe(env.pair.productionIpId);
        expect((await green()).frontendIPConfigurations![0].publicIPAddress?.id).toBe(env.pair.stagingIpId);
        expect(env.fixture.emulator.commits(0).filter((c) => c.kind !== "create")).toEqual([]);
        // Other rules still answer at once, and reset restores the default.
        await expectArmError(
            putBlue(withFrontendOn(before, env.pair.productionIpId.replace(/[^/]+$/, "nope"))),
            400,
            "InvalidResourceReference",
        );
        expect(() => env.fixture.emulator.updateSettings({ publicIpInUseFailure: "later" })).toThrow(/'synchronous' or 'operation'/);
        env.fixture.emulator.reset();
        expect(env.fixture.emulator.settings().publicIpInUseFailure).toBe("synchronous");
    });

    test("the release counts only at commit: PublicIPAddressInUse while the detach is still running", async () => {
        await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "floating", floatingBody, fastPolling);
        const floatingId = env.pair.productionIpId.replace(/[^/]+$/, "floating");
        env.fixture.emulator.setLatencies({ loadBalancerUpdate: 60_000 });
        // Blue moves to the floating address; the operation stays in flight.
        const detach = await env.fixture.client.loadBalancers.beginCreateOrUpdate(rg, env.pair.target.blueLoadBalancerName, withFrontendOn(await blue(), floatingId), fastPolling);
        expect(detach.isDone()).toBe(false);
        const blueNow = await blue();
        expect(blueNow.provisioningState).toBe("Updating");
        expect(blueNow.frontendIPConfigurations![0].publicIPAddress?.id).toBe(env.pair.productionIpId); // old view until commit
        await expectArmError(
            env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.greenLoadBalancerName, withFrontendOn(await green(), env.pair.productionIpId), fastPolling),
            400,
            "PublicIPAddressInUse",
        );
        expect((await green()).frontendIPConfigurations![0].publicIPAddress?.id).toBe(env.pair.stagingIpId);
    });

    test("a write while an operation is in flight gets 429 RetryableError / RetryableErrorDueToAnotherOperation with Retry-After", async () => {
        env.fixture.emulator.setLatencies({ loadBalancerUpdate: 60_000 });
        const current = await blue();
        await env.fixture.client.loadBalancers.beginCreateOrUpdate(rg, env.pair.target.blueLoadBalancerName, { ...current, tags: { "vipswap:colour": "blue", n: "1" } }, fastPolling);
        const error = await putBlue({ ...current, tags: { n: "2" } }).catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "RestError", statusCode: 429, code: "RetryableError" });
        const details = JSON.parse((error as { response: { bodyAsText: string } }).response.bodyAsText).error.details;
        expect(details[0].code).toBe("RetryableErrorDueToAnotherOperation");
        expect((error as { response: { headers: { get(n: string): string } } }).response.headers.get("retry-after")).toBe("0");
        await expectArmError(env.fixture.client.loadBalancers.beginDeleteAndWait(rg, env.pair.target.blueLoadBalancerName, fastPolling), 429, "RetryableError");
    });

    test("If-Match with a stale ETag gets 412 PreconditionFailed / PreconditionFailedEtagMismatch; the current one passes", async () => {
        const read = await blue();
        await putBlue({ ...read, tags: { changed: "yes" } });
        const error = await env.fixture.client.loadBalancers
            .beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, { ...read, tags: { stale: "write" } }, {
                ...fastPolling,
                requestOptions: { customHeaders: { "If-Match": read.etag! } },
            })
            .catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "RestError", statusCode: 412, code: "PreconditionFailed" });
        expect(JSON.parse((error as { response: { bodyAsText: string } }).response.bodyAsText).error.details[0].code).toBe("PreconditionFailedEtagMismatch");
        expect((await blue()).tags).toEqual({ changed: "yes" });

        const fresh = await blue();
        const written = await env.fixture.client.loadBalancers.beginCreateOrUpdateAndWait(rg, env.pair.target.blueLoadBalancerName, { ...fresh, tags: { fresh: "write" } }, {
            ...fastPolling,
            requestOptions: { customHeaders: { "If-Match": fresh.etag! } },
        });
        expect(written.tags).toEqual({ fresh: "write" });
        expect(written.etag).not.toBe(fresh.etag);
    });

    test("SKUs must match: a Standard load balancer cannot reference a Basic address (PublicIPAndLBSkuDoNotMatch)", async () => {
        env.fixture.emulator.updateSettings({ basicPublicIpQuota: 1 }); // an older subscription that still has Basic addresses
        const basic = await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            "basic",
            { location: "westeurope", sku: { name: "Basic" }, publicIPAllocationMethod: "Static" },
            fastPolling,
        );
        await expectArmError(
            putBlue(withFrontendOn(await blue(), basic.id!)),
            400,
            "PublicIPAndLBSkuDoNotMatch",
        );
    });

    test("SKUs must match the other way too: a Basic load balancer cannot reference a Standard address", async () => {
        const body = loadBalancerBody(env.fixture.emulator.subscriptionId, rg, "basic-lb", "westeurope", "public", "blue", env.pair.productionIpId);
        const error = await env.fixture.client.loadBalancers
            .beginCreateOrUpdateAndWait(rg, "basic-lb", { ...body, sku: { name: "Basic" } }, fastPolling)
            .catch((e: unknown) => e);
        expect(error).toMatchObject({ name: "RestError", statusCode: 400, code: "PublicIPAndLBSkuDoNotMatch" });
        expect((error as Error).message).toContain(`Basic sku load balancer ${env.pair.loadBalancerIds.blue.replace(/[^/]+$/, "basic-lb")} cannot reference Standard sku publicIP ${env.pair.productionIpId}`);
        await expectArmError(env.fixture.client.loadBalancers.get(rg, "basic-lb"), 404, "ResourceNotFound");
        expectNoWrites();
    });

    test("a frontend needs exactly one of subnet or public IP", async () => {
        const lb = await blue();
        const frontend = lb.frontendIPConfigurations![0];
        await expectArmError(
            putBlue({ ...lb, frontendIPConfigurations: [{ ...frontend, publicIPAddress: undefined }] }),
            400,
            "FrontendIPConfigHasNoSubnetOrPublicIP",
        );
        await expectArmError(
            putBlue({ ...lb, frontendIPConfigurations: [{ ...frontend, subnet: { id: `/subscriptions/${env.fixture.emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default` } }] }),
            400,
            "FrontendIPConfigHasBothSubnetAndPublicIP",
        );
        expectNoWrites();
    });

    test("removing a frontend that rules still use, or referencing what does not exist, gets 400 InvalidResourceReference", async () => {
        const lb = await blue();
        const error = await putBlue({ ...lb, frontendIPConfigurations: [{ ...lb.frontendIPConfigurations![0], name: "renamed" }] }).catch((e: unknown) => e);
        expect(error).toMatchObject({ statusCode: 400, code: "InvalidResourceReference" });
        expect((error as Error).message).toContain(`${env.pair.frontendIds.blue} referenced by resource ${env.pair.loadBalancerIds.blue}/loadBalancingRules/http was not found`);

        const missing = env.pair.productionIpId.replace(/[^/]+$/, "does-not-exist");
        await expectArmError(
            putBlue(withFrontendOn(lb, missing)),
            400,
            "InvalidResourceReference",
        );
        expect((await blue()).etag).toBe(lb.etag);
    });

    test("an address in another region cannot be referenced (InvalidResourceReference, 'same region')", async () => {
        const far = await env.fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "far", { ...floatingBody, location: "eastus" }, fastPolling);
        const error = await putBlue(withFrontendOn(await blue(), far.id!)).catch((e: unknown) => e);
        expect(error).toMatchObject({ statusCode: 400, code: "InvalidResourceReference" });
        expect((error as Error).message).toContain("both resources are in the same region");
    });

    test("one address on two frontends of one load balancer gets 400 PublicIPReferencedByMultipleIPConfigs", async () => {
        const lb = await blue();
        const frontend = lb.frontendIPConfigurations![0];
        await expectArmError(
            putBlue({ ...lb, frontendIPConfigurations: [frontend, { name: "second", publicIPAddress: { id: env.pair.productionIpId } }] }),
            400,
            "PublicIPReferencedByMultipleIPConfigs",
        );
    });

    test("an address still being created cannot be referenced yet: 429 RetryableError / ReferencedResourceNotProvisioned", async () => {
        env.fixture.emulator.setLatencies({ publicIpCreate: 60_000 });
        await env.fixture.client.publicIPAddresses.beginCreateOrUpdate(rg, "slow", floatingBody, fastPolling);
        const slowId = env.pair.productionIpId.replace(/[^/]+$/, "slow");
        const error = await env.fixture.client.loadBalancers
            .beginCreateOrUpdateAndWait(rg, "third-lb", loadBalancerBody(env.fixture.emulator.subscriptionId, rg, "third-lb", "westeurope", "public", "blue", slowId), fastPolling)
            .catch((e: unknown) => e);
        expect(error).toMatchObject({ statusCode: 429, code: "RetryableError" });
        expect(JSON.parse((error as { response: { bodyAsText: string } }).response.bodyAsText).error.details[0].code).toBe("ReferencedResourceNotProvisioned");
        await expectArmError(env.fixture.client.loadBalancers.get(rg, "third-lb"), 404, "ResourceNotFound");
    });

    test("delete releases the addresses at commit; list reflects it", async () => {
        await env.fixture.client.loadBalancers.beginDeleteAndWait(rg, env.pair.target.greenLoadBalancerName, fastPolling);
        await expectArmError(green(), 404, "ResourceNotFound");
        const staging = await env.fixture.client.publicIPAddresses.get(rg, env.pair.target.stagingIpName);
        expect(staging.ipConfiguration).toBeUndefined();
        expect(staging.ipAddress).toBe(env.pair.stagingIpAddress);
        const names: string[] = [];
        for await (const lb of env.fixture.client.loadBalancers.listAll()) {
            names.push(lb.name!);
        }
        expect(names).toEqual([env.pair.target.blueLoadBalancerName]);
    });

    test("PATCH (updateTags) changes only the tags, at once, with a new ETag; it waits for an operation in flight", async () => {
        const before = await blue();
        const patched = await env.fixture.client.loadBalancers.updateTags(rg, env.pair.target.blueLoadBalancerName, { tags: { "vipswap:colour": "blue", team: "web" } });
        expect(patched.tags).toEqual({ "vipswap:colour": "blue", team: "web" });
        expect(patched.etag).not.toBe(before.etag);
        expect(patched.frontendIPConfigurations![0].publicIPAddress?.id).toBe(env.pair.productionIpId);
        env.fixture.emulator.setLatencies({ loadBalancerUpdate: 60_000 });
        await env.fixture.client.loadBalancers.beginCreateOrUpdate(rg, env.pair.target.blueLoadBalancerName, await blue(), fastPolling);
        await expectArmError(env.fixture.client.loadBalancers.updateTags(rg, env.pair.target.blueLoadBalancerName, { tags: {} }), 429, "RetryableError");
        await expectArmError(env.fixture.client.loadBalancers.updateTags(rg, "missing", { tags: {} }), 404, "ResourceNotFound");
    });
});
