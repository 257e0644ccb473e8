/**
 * `GET /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Authorization/permissions` (operationId
 * `Permissions_ListForResourceGroup` of the Authorization spec): what the caller may do in the group, one entry per
 * role assignment, `{value: [{actions, notActions, dataActions, notDataActions}]}`. `vipswap status
 * --check-permissions` reads it (components/azure/permissionCheck.ts).
 */
import type { ArmHandler } from "./emulatorContext";
import { checkScope } from "./writeGuards";

/** Lists the calling identity's permissions; the group must exist (ARM answers 404 `ResourceGroupNotFound`). */
export const listPermissionsForResourceGroup: ArmHandler = (request, context) => {
    checkScope(request, context);
    const permissions = request.caller?.permissions ?? [];
    return {
        status: 200,
        body: {
            value: permissions.map((entry) => ({
                actions: [...entry.actions],
                notActions: [...(entry.notActions ?? [])],
                dataActions: [...(entry.dataActions ?? [])],
                notDataActions: [...(entry.notDataActions ?? [])],
            })),
        },
    };
};
