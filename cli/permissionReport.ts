/**
 * `vipswap status --check-permissions`: before any swap, which of the actions in the shipped role
 * (roles/vipswap-swap-operator.json) the current identity lacks on the pair's resource group, from Azure's
 * permissions API (components/azure/permissionCheck.ts). Prints the report; a missing action is a failure (exit 1).
 */
import type { AzureConnection } from "../components/azure/azureConnection";
import { type PermissionCheck, checkPermissions } from "../components/azure/permissionCheck";
import { swapOperatorActionPurposes, swapOperatorRoleFile } from "../components/azure/swapOperatorRole";

/** Retries and back-off of the one permissions request, as the swap's reads use them. */
const context = { maxRetries: 3, retryDelayMs: 500 };

/** Why the permission check failed; the CLI exits 1 with its text as it is. */
export class PermissionCheckError extends Error {
    /** `MissingPermissions`, or Azure's code when the permissions could not be listed. */
    constructor(
        message: string,
        readonly code: string,
    ) {
        super(message);
        this.name = "PermissionCheckError";
    }
}

/** Thrown when the identity lacks needed actions. */
export class MissingPermissionsError extends PermissionCheckError {
    constructor(readonly check: PermissionCheck) {
        super(missingText(check), "MissingPermissions");
        this.name = "MissingPermissionsError";
    }
}

/**
 * Checks the identity's permissions on `resourceGroupName`. Resolves with the check when every needed action is
 * granted; throws {@link MissingPermissionsError} naming each missing action and what needs it, or Azure's error
 * (with a hint) when the permissions cannot be listed.
 */
export async function requireSwapPermissions(connection: AzureConnection, resourceGroupName: string): Promise<PermissionCheck> {
    let check: PermissionCheck;
    try {
        check = await checkPermissions(connection, resourceGroupName, context);
    } catch (err) {
        const { code, statusCode, message } = err as { code?: string; statusCode?: number; message?: string };
        const hint =
            statusCode === 403
                ? ` Listing permissions needs Microsoft.Authorization/permissions/read, which ${swapOperatorRoleFile} includes.`
                : "";
        throw new PermissionCheckError(`failed while checking permissions: ${code ?? "Error"}${statusCode !== undefined ? ` (HTTP ${statusCode})` : ""}: ${message ?? String(err)}${hint}`, code ?? "Error");
    }
    if (check.missing.length > 0) throw new MissingPermissionsError(check);
    return check;
}

/** The line printed when every needed action is granted. */
export function grantedText(check: PermissionCheck): string {
    return `permissions: all ${check.needed.length} actions a swap needs are granted on ${check.scope}.\n`;
}

/** What `--json` prints for a check, as the `permissions` field. */
export function permissionsJson(check: PermissionCheck): Record<string, unknown> {
    return { scope: check.scope, needed: check.needed, missing: check.missing };
}

function missingText(check: PermissionCheck): string {
    const lines = check.missing.map((action) => `  ${action}${swapOperatorActionPurposes[action] ? `  (${swapOperatorActionPurposes[action]})` : ""}`);
    return [
        `the identity lacks ${check.missing.length} of the ${check.needed.length} actions a swap needs on ${check.scope}:`,
        ...lines,
        `Assign the role ${swapOperatorRoleFile} on the resource group (README, "Least privilege"); nothing was changed.`,
    ].join("\n");
}
