/** Transport like Azure's: HTTPS with the emulator's CA, bearer auth, api-version, case-insensitive paths, ARM errors. */
import { createDefaultHttpClient, createPipelineFromOptions, createPipelineRequest } from "@azure/core-rest-pipeline";
import type { EmulatorFixture } from "../helpers/emulatorFixture";
import { clientWithToken, expectArmError, fastPolling, startEmulatorFixture } from "../helpers/emulatorFixture";
import { createNetworkClient } from "../../components/azure/networkClient";
import { StaticTokenCredential } from "../../components/azure/staticTokenCredential";
import { AzureEmulator } from "../../emulator/azureEmulator";

const rg = "transport-rg";
const address = { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" };

describe("emulator transport", () => {
    let fixture: EmulatorFixture;
    beforeAll(async () => {
        fixture = await startEmulatorFixture();
    });
    afterAll(() => fixture.stop());
    beforeEach(() => fixture.emulator.reset());

    /** Sends a raw request through the SDK client's own pipeline (bearer policy, TLS with the emulator's CA). */
    async function send(path: string, method: "GET" | "PUT" | "POST" = "GET", body?: unknown) {
        const request = createPipelineRequest({ url: `${fixture.emulator.endpoint}${path}`, method });
        if (body !== undefined) {
            request.body = JSON.stringify(body);
            request.headers.set("Content-Type", "application/json");
        }
        const response = await fixture.client.sendRequest(request);
        return { status: response.status, body: response.bodyAsText ? (JSON.parse(response.bodyAsText) as Record<string, unknown>) : undefined };
    }

    test("an unknown token gets 401 InvalidAuthenticationToken and changes nothing", async () => {
        const intruder = clientWithToken(fixture, "not-the-emulator-token");
        await expectArmError(
            intruder.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "pip", address, fastPolling),
            401,
            "InvalidAuthenticationToken",
        );
        expect(fixture.emulator.requestLog().map((e) => [e.method, e.status])).toEqual([["PUT", 401]]);
        await expectArmError(fixture.client.publicIPAddresses.get(rg, "pip"), 404, "ResourceGroupNotFound");
    });

    test("a request without a bearer token gets 401 AuthenticationFailed", async () => {
        // The SDK's own pipeline with TLS trust but without its bearer policy.
        const pipeline = createPipelineFromOptions({ tlsOptions: { ca: fixture.emulator.caCertPem } });
        const url = `${fixture.emulator.endpoint}/subscriptions/${fixture.emulator.subscriptionId}/providers/Microsoft.Network/loadBalancers?api-version=2025-05-01`;
        const response = await pipeline.sendRequest(createDefaultHttpClient(), createPipelineRequest({ url, method: "GET" }));
        expect(response.status).toBe(401);
        expect(JSON.parse(response.bodyAsText!).error.code).toBe("AuthenticationFailed");
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer /);
    });

    test("a wrong token is refused on the control API too", async () => {
        const intruder = clientWithToken(fixture, "wrong");
        const response = await intruder.sendRequest(
            createPipelineRequest({ url: `${fixture.emulator.endpoint}/_emulator/reset`, method: "POST" }),
        );
        expect(response.status).toBe(401);
        expect(JSON.parse(response.bodyAsText!).error.code).toBe("InvalidAuthenticationToken");
    });

    test("a client that does not trust the emulator's CA cannot connect (TLS stays verified)", async () => {
        const untrusting = createNetworkClient({
            subscriptionId: fixture.emulator.subscriptionId,
            credential: new StaticTokenCredential(fixture.emulator.accessToken),
            endpoint: fixture.emulator.endpoint,
        });
        await expect(untrusting.publicIPAddresses.get(rg, "pip")).rejects.toThrow(/certificate/i);
    });

    test("a request without api-version gets 400 MissingApiVersionParameter", async () => {
        const sub = fixture.emulator.subscriptionId;
        const response = await send(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/publicIPAddresses/pip`);
        expect(response.status).toBe(400);
        expect(response.body).toEqual({
            error: { code: "MissingApiVersionParameter", message: expect.stringContaining("api-version"), details: [] },
        });
    });

    test("an api-version that is no date gets 400 InvalidApiVersionParameter; a date Microsoft.Network has no version for, NoRegisteredProviderFound", async () => {
        const sub = fixture.emulator.subscriptionId;
        const path = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/publicIPAddresses/pip`;
        for (const [version, code] of [
            ["latest", "InvalidApiVersionParameter"],
            ["2025-02-30", "InvalidApiVersionParameter"],
            ["2099-01-01", "NoRegisteredProviderFound"],
            ["2014-01-01", "NoRegisteredProviderFound"],
        ]) {
            const response = await send(`${path}?api-version=${version}`, "PUT", { location: "westeurope" });
            expect([version, response.status, (response.body?.error as { code: string }).code]).toEqual([version, 400, code]);
        }
        await expectArmError(fixture.client.publicIPAddresses.get(rg, "pip"), 404, "ResourceGroupNotFound"); // nothing was created
        expect((await send(`${path}?api-version=2026-03-01`, "PUT", { location: "westeurope", sku: { name: "Standard" } })).status).toBe(201); // the newest version
    });

    test("paths match case-insensitively", async () => {
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "pip", address, fastPolling);
        const sub = fixture.emulator.subscriptionId;
        const response = await send(`/SUBSCRIPTIONS/${sub}/resourcegroups/${rg}/providers/microsoft.network/PUBLICIPADDRESSES/pip?api-version=2025-05-01`);
        expect(response.status).toBe(200);
        expect(response.body?.name).toBe("pip");
    });

    test("another subscription gets 404 SubscriptionNotFound", async () => {
        const response = await send(
            "/subscriptions/11111111-1111-4111-8111-111111111111/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb?api-version=2025-05-01",
        );
        expect(response.status).toBe(404);
        expect((response.body?.error as { code: string }).code).toBe("SubscriptionNotFound");
    });

    test("a body that is not JSON gets 400 InvalidRequestContent and creates nothing", async () => {
        const sub = fixture.emulator.subscriptionId;
        const request = createPipelineRequest({
            url: `${fixture.emulator.endpoint}/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/publicIPAddresses/pip?api-version=2025-05-01`,
            method: "PUT",
            body: "{not json",
        });
        const response = await fixture.client.sendRequest(request);
        expect(response.status).toBe(400);
        expect(JSON.parse(response.bodyAsText!).error.code).toBe("InvalidRequestContent");
        await expectArmError(fixture.client.publicIPAddresses.get(rg, "pip"), 404, "ResourceGroupNotFound");
    });

    test("missing resources get 404 ResourceNotFound with ARM's error body", async () => {
        await fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(rg, "pip", address, fastPolling); // the group exists
        await expectArmError(fixture.client.loadBalancers.get(rg, "nope"), 404, "ResourceNotFound");
        const sub = fixture.emulator.subscriptionId;
        const response = await send(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/loadBalancers/nope?api-version=2025-05-01`);
        expect(response.body).toEqual({
            error: {
                code: "ResourceNotFound",
                message: "The Resource 'Microsoft.Network/loadBalancers/nope' under resource group 'transport-rg' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
                details: [],
            },
        });
    });

    test("a resource group that does not exist gets 404 ResourceGroupNotFound, not ResourceNotFound, for reads, lists and deletes", async () => {
        const { loadBalancers, publicIPAddresses, loadBalancerFrontendIPConfigurations } = fixture.client;
        await expectArmError(loadBalancers.get("no-such-rg", "lb"), 404, "ResourceGroupNotFound");
        await expectArmError(loadBalancerFrontendIPConfigurations.get("no-such-rg", "lb", "public"), 404, "ResourceGroupNotFound");
        await expectArmError(publicIPAddresses.list("no-such-rg").next(), 404, "ResourceGroupNotFound");
        await expectArmError(publicIPAddresses.beginDeleteAndWait("no-such-rg", "pip", fastPolling), 404, "ResourceGroupNotFound");
        await expectArmError(loadBalancers.updateTags("no-such-rg", "lb", { tags: {} }), 404, "ResourceGroupNotFound");
        const sub = fixture.emulator.subscriptionId;
        const response = await send(`/subscriptions/${sub}/resourceGroups/no-such-rg/providers/Microsoft.Network/loadBalancers/lb?api-version=2025-05-01`);
        expect(response.body).toEqual({ error: { code: "ResourceGroupNotFound", message: "Resource group 'no-such-rg' could not be found.", details: [] } });

        // A PUT creates the group (arm-network cannot); it outlives its resources, until reset.
        await publicIPAddresses.beginCreateOrUpdateAndWait("New-RG", "pip", address, fastPolling);
        await publicIPAddresses.beginDeleteAndWait("new-rg", "pip", fastPolling);
        await expectArmError(publicIPAddresses.get("NEW-rg", "pip"), 404, "ResourceNotFound");
        fixture.emulator.reset();
        await expectArmError(publicIPAddresses.get("new-rg", "pip"), 404, "ResourceGroupNotFound");
    });

    test("bad start options are refused with the reason, before anything listens", async () => {
        await expect(AzureEmulator.start({ port: -1 })).rejects.toThrow(/port must be a whole number/);
        await expect(AzureEmulator.start({ profile: "slow" as never })).rejects.toThrow(/profile must be 'fast' or 'realistic'/);
        await expect(AzureEmulator.start({ timeScale: 0 })).rejects.toThrow(/timeScale must be a positive number/);
        await expect(AzureEmulator.start({ dataPlaneFailure: "drop" as never })).rejects.toThrow(/dataPlaneFailure must be 'reset' or 'hang'/);
        await expect(AzureEmulator.start({ subscriptionId: "not-a-guid" })).rejects.toThrow(/subscriptionId must be a GUID/);
    });

    test("a port already in use is refused with the reason", async () => {
        const port = Number(new URL(fixture.emulator.endpoint).port);
        await expect(AzureEmulator.start({ port })).rejects.toThrow(new RegExp(`could not listen on 127.0.0.1:${port}`));
    });
});
