/**
 * The shipped least-privilege role, `roles/vipswap-swap-operator.json` (Azure's role-definition JSON, the input of
 * `az role definition create --role-definition @...`). The file is the one list of the actions a swap needs: the
 * permission check and the tests read it from there. Why each action is in it, with sources:
 * docs/least-privilege.md.
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

/** Every action the swap, its gates, its cleanup and the permission check use: the role's `Actions`. */
export const swapOperatorActions: readonly string[] = role.Actions;

/** The role's path inside the package, for messages. */
export const swapOperatorRoleFile = "roles/vipswap-swap-operator.json";

/**
 * What needs each action, for messages such as `vipswap status --check-permissions`'s. Keyed by the role's actions;
 * a test checks that every action in the role file has an entry.
 */
export const swapOperatorActionPurposes: Readonly<Record<string, string>> = {
    "Microsoft.Network/loadBalancers/read": "every swap, status and refresh read both load balancers",
    "Microsoft.Network/loadBalancers/write": "the swap re-points a load balancer's frontend (or rules)",
    "Microsoft.Network/loadBalancers/loadBalancingRules/health/action": "the pre-swap health gate reads each rule's backend health",
    "Microsoft.Network/publicIPAddresses/read": "every swap, status and refresh read the addresses",
    "Microsoft.Network/publicIPAddresses/write": "the swap creates its temporary floating address",
    "Microsoft.Network/publicIPAddresses/delete": "the swap (and the VipSwap delete) removes the floating address",
    "Microsoft.Network/publicIPAddresses/join/action": "a load balancer write that references an address",
    "Microsoft.Network/locations/operations/read": "reading why a write failed (Azure-AsyncOperation status)",
    "Microsoft.Network/locations/operationResults/read": "following the rule-health operation and a delete's outcome (Location)",
    "Microsoft.Authorization/permissions/read": "vipswap status --check-permissions lists the identity's permissions",
};
