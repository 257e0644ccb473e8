/**
 * The shipped least-privilege role, `roles/vipswap-swap-operator.json` (Azure's role-definition JSON, the input of
 * `az role definition create --role-definition @...`). The file is the one list of the actions a swap needs in either
 * topology: the permission check and the tests read it from there, and components/swap/neededActions.ts says which of
 * them each topology uses. Why each action is in it, with sources: docs/least-privilege.md.
 */
import role from "../../roles/vipswap-swap-operator.json";

/** A role definition as `az role definition create` takes it. */
export interface RoleDefinition {
    readonly Name: string;
    readonly IsCustom: boolean;
    readonly Description: string;
    readonly Actions: readonly string[];
    readonly NotActions: readonly string[];
    readonly DataActions: readonly string[];
    readonly NotDataActions: readonly string[];
    readonly AssignableScopes: readonly string[];
}

/** The role definition as shipped (its `AssignableScopes` hold placeholders for the user to fill in). */
export const swapOperatorRole: RoleDefinition = role;

/** Every action the swap, its gates, its cleanup and the permission check use, in either topology: the role's `Actions`. */
export const swapOperatorActions: readonly string[] = role.Actions;

/** The role's path inside the package, for messages. */
export const swapOperatorRoleFile = "roles/vipswap-swap-operator.json";

