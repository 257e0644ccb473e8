/**
 * The emulator authorizes like ARM: per-token permissions with ARM's wildcards, 403 `AuthorizationFailed` naming the
 * principal, the action and the scope, 403 `LinkedAuthorizationFailed` for a load balancer write that references an
 * address without `join/action`, the denial in the request log, nothing changed; the permissions API; issued tokens
 * kept off the control API.
 */
import { createPipelineRequest } from "@azure/core-rest-pipeline";
import { createNetworkClient } from "../../components/azure/networkClient";
import { AzureEmulator } from "../../emulator/azureEmulator";
import { fastPolling, usePairPerTest } from "../helpers/emulatorFixture";

const env = usePairPerTest("authz-rg");
const rg = "authz-rg";

/** A client whose token belongs to a new identity with these permissions. */
function clientWith(permissions: unknown) {
    const identity = env.fixture.emulator.issueIdentity({ permissions: permissions as never });
    return { identity, client: createNetworkClient(env.fixture.emulator.connection(identity.accessToken)) };
}

const authorizationFailedMessage = (objectId: string, action: string, scope: string) =>
    `The client '${objectId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`;

describe("emulator authorization", () => {
    test("by default every token may do everything (nothing else changes)", async () => {
        const { client } = clientWith(undefined);
        const lb = await client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName);
        expect(lb.name).toBe(env.pair.target.blueLoadBalancerName);
        expect(env.fixture.emulator.identities().every((i) => i.permissions.some((p) => p.actions.includes("*")))).toBe(true);
    });

    test("a read the token lacks gets 403 AuthorizationFailed with ARM's message, and the log names the action", async () => {
        const { identity, client } = clientWith({ actions: ["Microsoft.Network/publicIPAddresses/read"] });
        const name = env.pair.target.blueLoadBalancerName;
        const scope = `/subscriptions/${env.fixture.emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Network/loadBalancers/${name}`;
        await expect(client.loadBalancers.get(rg, name)).rejects.toMatchObject({
            statusCode: 403,
            code: "AuthorizationFailed",
            message: authorizationFailedMessage(identity.objectId, "Microsoft.Network/loadBalancers/read", scope),
        });
        expect(env.fixture.emulator.requestLog().at(-1)).toMatchObject({ method: "GET", status: 403, errorCode: "AuthorizationFailed", deniedAction: "Microsoft.Network/loadBalancers/read" });
        // The action it has still works.
        expect((await client.publicIPAddresses.get(rg, env.pair.target.productionIpName)).ipAddress).toBe(env.pair.productionIpAddress);
    });

    test("wildcards and notActions work as in ARM: Microsoft.Network/*/read, minus one", async () => {
        const { client } = clientWith({ actions: ["microsoft.network/*/READ"], notActions: ["Microsoft.Network/publicIPAddresses/read"] });
        await expect(client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName)).resolves.toMatchObject({ name: env.pair.target.blueLoadBalancerName });
        await expect(client.publicIPAddresses.get(rg, env.pair.target.productionIpName)).rejects.toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
        // A second assignment that grants it makes it allowed again: notActions is not a deny.
        const { client: two } = clientWith([
            { actions: ["Microsoft.Network/*/read"], notActions: ["Microsoft.Network/publicIPAddresses/read"] },
            { actions: ["Microsoft.Network/publicIPAddresses/*"] },
        ]);
        await expect(two.publicIPAddresses.get(rg, env.pair.target.productionIpName)).resolves.toMatchObject({ name: env.pair.target.productionIpName });
    });

    test("a denied write changes nothing: no operation, no commit, no resource", async () => {
        const { client } = clientWith({ actions: ["Microsoft.Network/*/read"] });
        const before = env.fixture.emulator.lastCommit();
        const operationsBefore = env.fixture.emulator.operations().length;
        const create = client.publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            "sneaky",
            { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
            fastPolling,
        );
        await expect(create).rejects.toMatchObject({ statusCode: 403, code: "AuthorizationFailed", message: expect.stringContaining("'Microsoft.Network/publicIPAddresses/write'") });
        const del = client.publicIPAddresses.beginDeleteAndWait(rg, env.pair.target.stagingIpName, fastPolling);
        await expect(del).rejects.toMatchObject({ statusCode: 403, message: expect.stringContaining("'Microsoft.Network/publicIPAddresses/delete'") });
        expect(env.fixture.emulator.lastCommit()).toBe(before);
        expect(env.fixture.emulator.operations()).toHaveLength(operationsBefore);
        await expect(env.fixture.client.publicIPAddresses.get(rg, "sneaky")).rejects.toMatchObject({ statusCode: 404 });
    });

    test("a load balancer write that references an address without join/action gets 403 LinkedAuthorizationFailed", async () => {
        const { identity, client } = clientWith({ actions: ["Microsoft.Network/loadBalancers/*", "Microsoft.Network/publicIPAddresses/read"] });
        const t = env.pair.target;
        const lb = await client.loadBalancers.get(rg, t.blueLoadBalancerName);
        const before = env.fixture.emulator.lastCommit();
        const lbId = lb.id!;
        await expect(client.loadBalancers.beginCreateOrUpdateAndWait(rg, t.blueLoadBalancerName, lb, fastPolling)).rejects.toMatchObject({
            statusCode: 403,
            code: "LinkedAuthorizationFailed",
            message:
                `The client '${identity.objectId}' with object id '${identity.objectId}' has permission to perform action 'Microsoft.Network/loadBalancers/write' on scope '${lbId}'; ` +
                `however, it does not have permission to perform action 'Microsoft.Network/publicIPAddresses/join/action' on the linked scope(s) '${env.pair.productionIpId}' or the linked scope(s) are invalid.`,
        });
        expect(env.fixture.emulator.requestLog().at(-1)).toMatchObject({ method: "PUT", status: 403, errorCode: "LinkedAuthorizationFailed", deniedAction: "Microsoft.Network/publicIPAddresses/join/action" });
        expect(env.fixture.emulator.lastCommit()).toBe(before);
        // With join/action on the address the same write goes through (the SDK's poller needs operations/read).
        const withJoin = clientWith({
            actions: ["Microsoft.Network/loadBalancers/*", "Microsoft.Network/publicIPAddresses/read", "Microsoft.Network/publicIPAddresses/join/action", "Microsoft.Network/locations/operations/read"],
        });
        await expect(withJoin.client.loadBalancers.beginCreateOrUpdateAndWait(rg, t.blueLoadBalancerName, lb, fastPolling)).resolves.toMatchObject({ provisioningState: "Succeeded" });
    });

    test("the permissions API lists the caller's own permissions, one entry per assignment, in ARM's shape", async () => {
        const { client } = clientWith([{ actions: ["Microsoft.Network/*/read"], notActions: ["Microsoft.Network/loadBalancers/read"] }, { actions: ["Microsoft.Authorization/permissions/read"] }]);
        const url = `${env.fixture.emulator.endpoint}/subscriptions/${env.fixture.emulator.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01`;
        const response = await client.sendRequest(createPipelineRequest({ url, method: "GET" }));
        expect(response.status).toBe(200);
        expect(JSON.parse(response.bodyAsText!)).toEqual({
            value: [
                { actions: ["Microsoft.Network/*/read"], notActions: ["Microsoft.Network/loadBalancers/read"], dataActions: [], notDataActions: [] },
                { actions: ["Microsoft.Authorization/permissions/read"], notActions: [], dataActions: [], notDataActions: [] },
            ],
        });
        // Without Microsoft.Authorization/permissions/read it is refused like any other action.
        const { client: none } = clientWith({ actions: ["Microsoft.Network/*"] });
        const refused = await none.sendRequest(createPipelineRequest({ url, method: "GET" }));
        expect(refused.status).toBe(403);
        expect(JSON.parse(refused.bodyAsText!).error.message).toContain("'Microsoft.Authorization/permissions/read' over scope '/subscriptions/");
    });

    test("an issued token cannot use the control API; permissions change and revocation take effect at the next request", async () => {
        const { identity, client } = clientWith({ actions: ["*"] });
        const control = await client.sendRequest(createPipelineRequest({ url: `${env.fixture.emulator.endpoint}/_emulator/requests`, method: "GET" }));
        expect(control.status).toBe(403);
        expect(JSON.parse(control.bodyAsText!).error.code).toBe("ControlApiForbidden");
        env.fixture.emulator.setPermissions(identity.objectId, { actions: [] });
        await expect(client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName)).rejects.toMatchObject({ statusCode: 403 });
        env.fixture.emulator.revokeIdentity(identity.objectId);
        await expect(client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName)).rejects.toMatchObject({ statusCode: 401, code: "InvalidAuthenticationToken" });
        expect(env.fixture.emulator.identities().map((i) => i.objectId)).not.toContain(identity.objectId);
    });

    test("the control API issues identities (token shown once), lists them without tokens, and refuses bad permissions", async () => {
        const call = async (method: "GET" | "POST" | "PUT", path: string, body?: unknown) => {
            const request = createPipelineRequest({ url: `${env.fixture.emulator.endpoint}/_emulator${path}`, method });
            if (body !== undefined) {
                request.body = JSON.stringify(body);
                request.headers.set("Content-Type", "application/json");
            }
            const response = await env.fixture.client.sendRequest(request);
            return { status: response.status, text: response.bodyAsText ?? "", body: response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined };
        };
        const issued = await call("POST", "/identities", { name: "pipeline", permissions: { actions: ["Microsoft.Network/loadBalancers/read"] } });
        expect(issued.status).toBe(201);
        expect(issued.body).toMatchObject({ name: "pipeline", controlApi: false, accessToken: expect.stringMatching(/^vipswap-emulator-/) });
        const listed = await call("GET", "/identities");
        expect(listed.body.identities.map((i: { name: string }) => i.name)).toEqual(["emulator", "pipeline"]);
        expect(listed.text).not.toContain(issued.body.accessToken);
        expect(listed.text).not.toContain(env.fixture.emulator.accessToken);
        const bad = await call("PUT", `/identities/${issued.body.objectId}/permissions`, { actions: "Microsoft.Network/*" });
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/actions must be a list of action strings/);
        const client = createNetworkClient(env.fixture.emulator.connection(issued.body.accessToken));
        await expect(client.loadBalancers.get(rg, env.pair.target.blueLoadBalancerName)).resolves.toMatchObject({ name: env.pair.target.blueLoadBalancerName });
    });
});

describe("AzureEmulator.start permissions", () => {
    test("restricts the emulator's own token for ARM requests, keeps its control API, and issues start identities", async () => {
        const emulator = await AzureEmulator.start({
            permissions: { actions: ["Microsoft.Network/publicIPAddresses/read"] },
            identities: [{ name: "reader", permissions: { actions: ["Microsoft.Network/*/read"] } }],
        });
        try {
            const own = createNetworkClient(emulator.connection());
            await expect(own.loadBalancers.get("rg", "lb")).rejects.toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
            expect(emulator.requestLog().at(-1)).toMatchObject({ deniedAction: "Microsoft.Network/loadBalancers/read" });
            const [reader] = emulator.startIdentities;
            expect(reader).toMatchObject({ name: "reader", controlApi: false });
            const readerClient = createNetworkClient(emulator.connection(reader.accessToken));
            // Authorized, so the request reaches the resource provider: 404 for the group that does not exist.
            await expect(readerClient.loadBalancers.get("rg", "lb")).rejects.toMatchObject({ statusCode: 404, code: "ResourceGroupNotFound" });
        } finally {
            await emulator.stop();
        }
    });

    test("a bad permission list is refused before anything starts", async () => {
        await expect(AzureEmulator.start({ permissions: { actions: ["Microsoft.Network/*"], notactions: [] } as never })).rejects.toThrow(/unknown field\(s\) notactions/);
    });
});
