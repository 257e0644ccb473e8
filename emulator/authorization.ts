/**
 * Who may do what in the emulator, as ARM decides it (docs/azure-behaviour.md §1, §10). Every bearer token belongs to
 * an identity (an object id, as Entra ID gives every principal) with a list of permission entries, one per role
 * assignment, each `{actions, notActions}` with ARM's wildcards (components/azure/roleActions.ts). A request whose
 * action is not granted gets 403 `AuthorizationFailed`; a write that references an address without
 * `Microsoft.Network/publicIPAddresses/join/action` on it gets 403 `LinkedAuthorizationFailed`. Both are decided
 * before the handler runs, so a refused request changes nothing.
 *
 * The emulator's own token (the one `AzureEmulator.start` returns) is the only one that may use the control API;
 * tokens issued through the control API are for ARM requests only, so a pipeline given one cannot reconfigure the
 * emulator or read its request log. Every identity's permissions default to `*`, so nothing changes for a caller
 * who never restricts them. Role assignments have no scope here: a grant holds in the whole emulated subscription
 * (a pair lives in one resource group, so an assignment there is what a user makes; docs/emulator.md).
 */
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { isActionAllowed, parseRolePermissions, type RolePermissions } from "../components/azure/roleActions";
import { ArmError } from "./armError";

/** Everything, like the built-in Owner role's actions: the default of every identity. */
export const allActions: readonly RolePermissions[] = [{ actions: ["*"], notActions: [] }];

/** The action of a load balancer (or swap) write that references an address (docs/azure-behaviour.md §10). */
export const publicIpJoinAction = "Microsoft.Network/publicIPAddresses/join/action";

/** One identity as the control API shows it: never its token. */
export interface IdentityView {
    /** The object id (also the client id in messages, as ARM prints both). */
    readonly objectId: string;
    /** A label for logs and tests. */
    readonly name: string;
    /** True for the emulator's own token, the only one that may use the control API. */
    readonly controlApi: boolean;
    readonly permissions: readonly RolePermissions[];
}

/** An identity issued by {@link Authorization.issue}: its view and its token (shown once). */
export interface IssuedIdentity extends IdentityView {
    readonly accessToken: string;
}

/** What {@link Authorization.issue} takes. */
export interface IdentityRequest {
    /** A label; `identity-<n>` by default. */
    readonly name?: string;
    /** The token to accept; a random one by default. */
    readonly accessToken?: string;
    /** One permission entry or a list of them (one per role assignment); `*` by default. */
    readonly permissions?: RolePermissions | readonly RolePermissions[];
}

interface Identity {
    readonly objectId: string;
    readonly name: string;
    readonly token: Buffer;
    readonly controlApi: boolean;
    readonly initialPermissions: RolePermissions[];
    permissions: RolePermissions[];
}

/** The identities of one emulator and the authorization decisions. */
export class Authorization {
    readonly #identities: Identity[] = [];
    #kept = 1;

    /** @param ownToken the emulator's own token; `ownPermissions` its ARM permissions (`*` by default) */
    constructor(ownToken: string, ownPermissions: unknown = allActions) {
        this.#identities.push(this.#create({ name: "emulator", accessToken: ownToken, permissions: ownPermissions as RolePermissions[] }, true));
    }

    /** From now on, {@link reset} keeps the identities that exist now (the emulator's own and those of its start options). */
    keepCurrentOnReset(): void {
        this.#kept = this.#identities.length;
    }

    /** Revokes every identity issued since {@link keepCurrentOnReset} and gives the others their first permissions back. */
    reset(): void {
        this.#identities.splice(this.#kept);
        for (const identity of this.#identities) identity.permissions = [...identity.initialPermissions];
    }

    /** The identity whose token was sent, or undefined (the caller answers 401). Constant-time per comparison. */
    identityOf(token: string): IdentityView | undefined {
        const sent = Buffer.from(token);
        const found = this.#identities.find((identity) => identity.token.length === sent.length && timingSafeEqual(identity.token, sent));
        return found ? view(found) : undefined;
    }

    /** Issues a new identity with its own token. Throws, saying what was wrong, on a bad request or a token in use. */
    issue(request: IdentityRequest | Record<string, unknown> = {}): IssuedIdentity {
        const identity = this.#create(request as IdentityRequest, false);
        this.#identities.push(identity);
        return { ...view(identity), accessToken: identity.token.toString("utf8") };
    }

    /** Every identity, without tokens. */
    list(): IdentityView[] {
        return this.#identities.map(view);
    }

    /** Replaces an identity's permissions (one entry or a list). Throws on an unknown object id or bad permissions. */
    setPermissions(objectId: string, permissions: unknown): IdentityView {
        const identity = this.#find(objectId);
        identity.permissions = parseRolePermissions(permissions);
        return view(identity);
    }

    /** Revokes an issued identity: its token is refused from then on. The emulator's own identity cannot be revoked. */
    revoke(objectId: string): void {
        const identity = this.#find(objectId);
        if (identity.controlApi) {
            throw new Error("The emulator's own identity cannot be revoked; restrict its permissions instead.");
        }
        this.#identities.splice(this.#identities.indexOf(identity), 1);
    }

    /** Throws 403 `AuthorizationFailed` with ARM's message unless `identity` may perform `action` over `scope`. */
    authorize(identity: IdentityView, action: string, scope: string): void {
        if (!isActionAllowed(identity.permissions, action)) {
            throw authorizationFailed(identity, action, scope);
        }
    }

    /**
     * Throws 403 `LinkedAuthorizationFailed` unless `identity` may perform `linkedAction` (a join) on every linked
     * scope; `action` over `scope` is the write itself, already authorized.
     */
    authorizeLinked(identity: IdentityView, action: string, scope: string, linkedAction: string, linkedScopes: readonly string[]): void {
        if (linkedScopes.length > 0 && !isActionAllowed(identity.permissions, linkedAction)) {
            throw linkedAuthorizationFailed(identity, action, scope, linkedAction, linkedScopes);
        }
    }

    #find(objectId: string): Identity {
        const identity = this.#identities.find((i) => i.objectId.toLowerCase() === objectId.toLowerCase());
        if (!identity) {
            throw new Error(`No identity with object id '${objectId}'; GET /_emulator/identities lists them.`);
        }
        return identity;
    }

    #create(request: IdentityRequest, controlApi: boolean): Identity {
        if (typeof request !== "object" || request === null) {
            throw new Error('An identity request is an object such as {"name": "pipeline", "permissions": {"actions": ["*"]}}.');
        }
        const unknown = Object.keys(request).filter((key) => !["name", "accessToken", "permissions"].includes(key));
        if (unknown.length > 0) {
            throw new Error(`Unknown identity field(s) ${unknown.join(", ")}; the fields are name, accessToken, permissions.`);
        }
        const token = request.accessToken ?? `vipswap-emulator-${randomBytes(24).toString("hex")}`;
        if (typeof token !== "string" || token === "" || /\s/.test(token)) {
            throw new Error("accessToken must be a non-empty string without white space.");
        }
        if (this.identityOf(token)) {
            throw new Error("That accessToken already belongs to another identity; leave it out to get a random one.");
        }
        const name = request.name ?? `identity-${this.#identities.length}`;
        if (typeof name !== "string" || name.trim() === "") {
            throw new Error("name must be a non-empty string.");
        }
        const permissions = request.permissions === undefined ? [...allActions] : parseRolePermissions(request.permissions);
        return { objectId: randomUUID(), name, token: Buffer.from(token), controlApi, initialPermissions: permissions, permissions: [...permissions] };
    }
}

function view(identity: Identity): IdentityView {
    return { objectId: identity.objectId, name: identity.name, controlApi: identity.controlApi, permissions: identity.permissions };
}

/**
 * 403 `AuthorizationFailed`, ARM's text word for word (e.g. Azure/ARO-HCP#1611, pivotal-cf/docs-pks#1092): the
 * client id and the object id (the same for a service principal's token here), the action, the scope.
 */
export function authorizationFailed(identity: IdentityView, action: string, scope: string): ArmError {
    return new ArmError(
        403,
        "AuthorizationFailed",
        `The client '${identity.objectId}' with object id '${identity.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
}

/** 403 `LinkedAuthorizationFailed`, ARM's text (docs/azure-behaviour.md §1; Azure/AKS#1945). */
export function linkedAuthorizationFailed(identity: IdentityView, action: string, scope: string, linkedAction: string, linkedScopes: readonly string[]): ArmError {
    return new ArmError(
        403,
        "LinkedAuthorizationFailed",
        `The client '${identity.objectId}' with object id '${identity.objectId}' has permission to perform action '${action}' on scope '${scope}'; however, it does not have permission to perform action '${linkedAction}' on the linked scope(s) '${linkedScopes.join(",")}' or the linked scope(s) are invalid.`,
    );
}

/**
 * The public IP ids a request body references (`{"publicIPAddress": {"id": ...}}` in frontends, the swap call's
 * body), other than `ownId`: the linked scopes of a write (docs/azure-behaviour.md §10).
 */
export function referencedPublicIpIds(body: unknown, ownId?: string): string[] {
    const found = new Map<string, string>();
    const visit = (value: unknown, key?: string): void => {
        if (Array.isArray(value)) {
            value.forEach((item) => visit(item));
            return;
        }
        if (typeof value !== "object" || value === null) return;
        const record = value as Record<string, unknown>;
        if (key?.toLowerCase() === "publicipaddress" && typeof record.id === "string" && /\/providers\/Microsoft\.Network\/publicIPAddresses\//i.test(record.id)) {
            if (record.id.toLowerCase() !== ownId?.toLowerCase()) found.set(record.id.toLowerCase(), record.id);
        }
        for (const [k, v] of Object.entries(record)) visit(v, k);
    };
    visit(body);
    return [...found.values()];
}

/** The request's token, or undefined when there is no `Authorization: Bearer` header. */
export function bearerTokenOf(header: string | undefined): string | undefined {
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    return match?.[1];
}
