/**
 * Which of the actions a swap needs the current identity lacks on the pair's resource group, asked of Azure before
 * anything is written: `GET /subscriptions/{sub}/resourcegroups/{rg}/providers/Microsoft.Authorization/permissions`
 * (operationId `Permissions_ListForResourceGroup`, api-version 2022-04-01; Azure/azure-rest-api-specs
 * `specification/authorization/resource-manager/Microsoft.Authorization/stable/2022-04-01/examples/GetPermissions.json`).
 * It answers what the caller may do there, one entry per role assignment; the matching is roleActions.ts, the needed
 * list is the caller's: the shipped role's actions that the pair's topology uses (components/swap/neededActions.ts).
 * `vipswap status --check-permissions` prints the result.
 */
import { type AzureConnection, azurePublicCloudEndpoint } from "./azureConnection";
import { type RequestContext, withRetries } from "./azureRetry";
import { createNetworkClient } from "./networkClient";
import { missingActions, type RolePermissions } from "./roleActions";

/** The api-version of the Authorization provider's permissions API. */
export const permissionsApiVersion = "2022-04-01";

/** What {@link checkPermissions} found. */
export interface PermissionCheck {
    /** The scope asked about: the resource group's id. */
    readonly scope: string;
    /** The actions asked about (those of the shipped role that the pair's topology uses), in the role's order. */
    readonly needed: readonly string[];
    /** The needed actions that no assignment grants; empty when the identity may run every swap. */
    readonly missing: readonly string[];
    /** What Azure said the identity may do there, one entry per role assignment. */
    readonly permissions: readonly RolePermissions[];
}

/**
 * Lists the identity's permissions on `resourceGroupName` and compares them with `needed` (for a swap: the
 * shipped role's actions that the topology uses). Throws Azure's error (a RestError with `code` and `statusCode`) when the list itself is refused, for
 * instance 403 `AuthorizationFailed` without `Microsoft.Authorization/permissions/read`.
 */
export async function checkPermissions(
    connection: AzureConnection,
    resourceGroupName: string,
    context: RequestContext,
    needed: readonly string[],
): Promise<PermissionCheck> {
    const { createPipelineRequest, RestError } = require("@azure/core-rest-pipeline") as typeof import("@azure/core-rest-pipeline");
    const client = createNetworkClient(connection, { pipelineRetries: 0 });
    const endpoint = (connection.endpoint ?? azurePublicCloudEndpoint).replace(/\/+$/, "");
    const scope = `/subscriptions/${connection.subscriptionId}/resourceGroups/${resourceGroupName}`;
    const permissions: RolePermissions[] = [];
    let url: string | undefined =
        `${endpoint}/subscriptions/${encodeURIComponent(connection.subscriptionId)}/resourcegroups/${encodeURIComponent(resourceGroupName)}` +
        `/providers/Microsoft.Authorization/permissions?api-version=${permissionsApiVersion}`;
    while (url) {
        const pageUrl: string = url;
        const response = await withRetries("GET permissions", context, async () => {
            const answer = await client.sendRequest(createPipelineRequest({ url: pageUrl, method: "GET", abortSignal: context.abortSignal }));
            if (answer.status >= 400) {
                const error = parseBody(answer.bodyAsText ?? undefined).error as { code?: string; message?: string } | undefined;
                throw new RestError(error?.message ?? `HTTP ${answer.status} from the permissions API.`, {
                    code: error?.code ?? `HTTP${answer.status}`,
                    statusCode: answer.status,
                    response: answer,
                });
            }
            return answer;
        });
        const page = parseBody(response.bodyAsText ?? undefined) as { value?: unknown; nextLink?: unknown };
        permissions.push(...(Array.isArray(page.value) ? page.value : []).map(permissionEntry));
        url = typeof page.nextLink === "string" && page.nextLink !== "" ? page.nextLink : undefined;
    }
    return { scope, needed, missing: missingActions(permissions, needed), permissions };
}

/** One entry as Azure writes it; fields other than the four lists (conditions, newer additions) are ignored. */
function permissionEntry(value: unknown): RolePermissions {
    const record = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
    const list = (key: string) => (Array.isArray(record[key]) ? (record[key] as unknown[]).filter((a): a is string => typeof a === "string") : []);
    return { actions: list("actions"), notActions: list("notActions"), dataActions: list("dataActions"), notDataActions: list("notDataActions") };
}

function parseBody(text: string | undefined): Record<string, unknown> {
    try {
        const value = JSON.parse(text ?? "{}") as unknown;
        return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
    } catch {
        return {};
    }
}
