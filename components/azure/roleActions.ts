/**
 * Azure RBAC action matching, pure: whether a set of permissions (the `actions` / `notActions` of role assignments)
 * allows an action such as `Microsoft.Network/loadBalancers/write`. Used by `vipswap status --check-permissions` on
 * what Azure's permissions API returns, and by the emulator to authorize requests the way ARM does.
 *
 * ARM's rules (docs/azure-behaviour.md §10): action strings compare case-insensitively; `*` in a pattern matches any
 * run of characters, `/` included (`*`, `Microsoft.Network/*`, `Microsoft.Network/*\/read`); an action is allowed
 * when one permission entry lists it in `actions` and that same entry does not list it in `notActions`. A
 * `notActions` entry is not a deny: another entry (another role assignment) can still grant the action.
 */

/** One entry of ARM's `Permissions` list: what one role assignment grants (`Permission` in the Authorization spec). */
export interface RolePermissions {
    readonly actions: readonly string[];
    readonly notActions?: readonly string[];
    readonly dataActions?: readonly string[];
    readonly notDataActions?: readonly string[];
}

/** Whether `pattern` (an action string, possibly with `*` wildcards) matches `action`, case-insensitively as ARM does. */
export function actionMatches(pattern: string, action: string): boolean {
    const source = pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*");
    return new RegExp(`^${source}$`, "i").test(action);
}

/** Whether any one entry of `permissions` grants `action` (listed in its `actions`, not excluded by its `notActions`). */
export function isActionAllowed(permissions: readonly RolePermissions[], action: string): boolean {
    return permissions.some(
        (entry) => entry.actions.some((p) => actionMatches(p, action)) && !(entry.notActions ?? []).some((p) => actionMatches(p, action)),
    );
}

/** The actions of `needed` that `permissions` does not grant, in the order given. */
export function missingActions(permissions: readonly RolePermissions[], needed: readonly string[]): string[] {
    return needed.filter((action) => !isActionAllowed(permissions, action));
}

/**
 * Checks that a value is a permissions list as ARM writes it (`[{actions: [...], notActions: [...]}]`), or one such
 * entry; returns it as a list. Throws, saying what was wrong, on anything else.
 */
export function parseRolePermissions(value: unknown, what = "permissions"): RolePermissions[] {
    const entries = Array.isArray(value) ? value : [value];
    return entries.map((entry, index) => {
        const where = Array.isArray(value) ? `${what}[${index}]` : what;
        if (typeof entry !== "object" || entry === null) {
            throw new Error(`${where} must be an object such as {"actions": ["Microsoft.Network/*/read"], "notActions": []}; got ${JSON.stringify(entry)}.`);
        }
        const record = entry as Record<string, unknown>;
        const list = (key: string, required: boolean): string[] | undefined => {
            const items = record[key];
            if (items === undefined && !required) return undefined;
            if (!Array.isArray(items) || items.some((item) => typeof item !== "string" || item.trim() === "" || /\s/.test(item))) {
                throw new Error(`${where}.${key} must be a list of action strings such as "Microsoft.Network/loadBalancers/read" or "*"; got ${JSON.stringify(items)}.`);
            }
            return items as string[];
        };
        const known = new Set(["actions", "notActions", "dataActions", "notDataActions"]);
        const unknown = Object.keys(record).filter((key) => !known.has(key));
        if (unknown.length > 0) {
            throw new Error(`${where} has unknown field(s) ${unknown.join(", ")}; the fields are actions, notActions, dataActions, notDataActions.`);
        }
        const notActions = list("notActions", false);
        const dataActions = list("dataActions", false);
        const notDataActions = list("notDataActions", false);
        return {
            actions: list("actions", true)!,
            ...(notActions ? { notActions } : {}),
            ...(dataActions ? { dataActions } : {}),
            ...(notDataActions ? { notDataActions } : {}),
        };
    });
}
