/**
 * `vipswap status --check-permissions`: before any swap, which of the actions that the pair's topology needs
 * (components/swap/neededActions.ts: the shipped role roles/vipswap-swap-operator.json holds both topologies' actions)
 * the current identity lacks on the pair's resource group, from Azure's permissions API
 * (components/azure/permissionCheck.ts). Prints the report; a missing action is a failure (exit 1).
 */
import type { AzureConnection } from "../components/azure/azureConnection";
import { type PermissionCheck, checkPermissions } from "../components/azure/permissionCheck";
import { swapOperatorRoleFile } from "../components/azure/swapOperatorRole";
import { actionPurpose, neededActions } from "../components/swap/neededActions";
import { type SwapTarget, type SwapTargetKind, swapTargetKind } from "../components/swap/swapTarget";
import { topologyKinds } from "./swapFlags";

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

/** A permission check of one pair: what {@link checkPermissions} found, and the topology whose actions it asked about. */
export interface SwapPermissionCheck extends PermissionCheck {
    readonly topology: SwapTargetKind;
}

/** Thrown when the identity lacks needed actions. */
export class MissingPermissionsError extends PermissionCheckError {
    constructor(readonly check: SwapPermissionCheck) {
        super(missingText(check), "MissingPermissions");
        this.name = "MissingPermissionsError";
    }
}

/**
 * Checks the identity's permissions on the resource group of `target`, against the actions its topology needs.
 * Resolves with the check when every one is granted; throws {@link MissingPermissionsError} naming each missing
 * action and what needs it, or Azure's error (with a hint) when the permissions cannot be listed.
 */
export async function requireSwapPermissions(connection: AzureConnection, target: SwapTarget): Promise<SwapPermissionCheck> {
    const topology = swapTargetKind(target) ?? "pairedLoadBalancers";
    let check: SwapPermissionCheck;
    try {
        check = { ...(await checkPermissions(connection, target.resourceGroupName, context, neededActions(topology))), topology };
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
export function grantedText(check: SwapPermissionCheck): string {
    return `permissions: all ${check.needed.length} actions a ${topologyName(check)} swap needs are granted on ${check.scope}.\n`;
}

/** What `--json` prints for a check, as the `permissions` field. */
export function permissionsJson(check: SwapPermissionCheck): Record<string, unknown> {
    return { topology: topologyName(check), scope: check.scope, needed: check.needed, missing: check.missing };
}

/** The topology as the `--topology` flag spells it (`paired`, `shared`). */
function topologyName(check: SwapPermissionCheck): string {
    return Object.entries(topologyKinds).find(([, kind]) => kind === check.topology)?.[0] ?? check.topology;
}

function missingText(check: SwapPermissionCheck): string {
    const lines = check.missing.map((action) => {
        const purpose = actionPurpose(action, check.topology);
        return `  ${action}${purpose ? `  (${purpose})` : ""}`;
    });
    return [
        `the identity lacks ${check.missing.length} of the ${check.needed.length} actions a ${topologyName(check)} swap needs on ${check.scope}:`,
        ...lines,
        `Assign the role ${swapOperatorRoleFile} on the resource group (README, "Least privilege"); nothing was changed.`,
    ].join("\n");
}
