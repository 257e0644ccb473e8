/**
 * The control API under `/_emulator/` (same HTTPS endpoint, same bearer token). Tests, the demo and users' CI drive
 * the emulator through it; {@link AzureEmulator} offers the same operations as typed methods.
 *
 * - `POST   /_emulator/reset`                       forget every resource, operation, fault and log entry
 * - `GET    /_emulator/requests`                    the request log; `DELETE` clears it
 * - `GET    /_emulator/latency`                     latencies per operation kind; `PUT {kind: ms}` sets some
 * - `GET    /_emulator/faults`                      active fault rules; `POST {rule}` adds one; `DELETE` clears
 * - `GET    /_emulator/settings`                    unconfirmed behaviours and Retry-After; `PATCH {...}` changes them
 * - `GET    /_emulator/backends`                    backends per load balancer; `PUT {loadBalancerId, ...}` sets them
 * - `GET    /_emulator/dataplane`                   public IP id -> address and loopback URL
 * - `PUT    /_emulator/throttling`                  token-bucket sizes and refill rates
 * - `GET    /_emulator/commits[?after=N]`           the committed-state history; `DELETE` clears it
 * - `GET    /_emulator/operations`                  long-running operations (status, held)
 * - `POST   /_emulator/operations/release`          release every held operation; `.../{id}/release` one
 * - `GET    /_emulator/identities`                  identities and their permissions (never tokens); `POST {name?,
 *                                                   permissions?}` issues one and answers its token once
 * - `PUT    /_emulator/identities/{objectId}/permissions`  replace its permissions (`{actions, notActions}` or a list)
 * - `DELETE /_emulator/identities/{objectId}`       revoke an issued identity
 *
 * Only the emulator's own token may call it; tokens issued here are for ARM requests only (authorization.ts).
 * - `POST   /_emulator/pairs {name}`                  create a ready blue/green pair; answers its `vipswap swap` flags
 */
import { ArmError } from "./armError";
import type { ArmResponse } from "./emulatorContext";
import type { ControlHandler } from "./requestPipeline";

/** The operations the control API exposes; implemented by the emulator. */
export interface ControlTarget {
    reset(): void;
    requestLog(): unknown;
    clearRequestLog(): void;
    latencies(): unknown;
    setLatencies(latencies: Record<string, unknown>): void;
    faults(): unknown;
    addFault(rule: unknown): unknown;
    clearFaults(): void;
    settings(): unknown;
    updateSettings(settings: Record<string, unknown>): void;
    backends(): unknown;
    setBackends(request: Record<string, unknown>): unknown;
    dataPlane(): unknown;
    throttling(): unknown;
    setThrottling(settings: Record<string, unknown>): void;
    commits(afterCommit?: number): unknown;
    lastCommit(): number;
    clearCommits(): void;
    operations(): unknown;
    releaseOperations(id?: string): string[];
    identities(): unknown;
    issueIdentity(request: Record<string, unknown>): unknown;
    setPermissions(objectId: string, permissions: unknown): unknown;
    revokeIdentity(objectId: string): void;
    createPair(request: Record<string, unknown>): Promise<unknown>;
}

function badRequest(message: string): ArmError {
    return new ArmError(400, "InvalidControlRequest", message);
}

function objectBody(body: unknown): Record<string, unknown> {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw badRequest("This control request needs a JSON object body.");
    }
    return body as Record<string, unknown>;
}

/** Runs a control action, turning a thrown Error (bad input) into 400 `InvalidControlRequest` with its reason. */
function guarded(action: () => unknown, status = 200): ArmResponse {
    try {
        const body = action();
        return body === undefined ? { status: 204 } : { status, body };
    } catch (err) {
        if (err instanceof ArmError) {
            throw err;
        }
        throw badRequest(err instanceof Error ? err.message : String(err));
    }
}

/** `guarded` for an action that answers later (it sends requests of its own, as creating a pair does). */
async function guardedAsync(action: () => Promise<unknown>, status = 200): Promise<ArmResponse> {
    try {
        const body = await action();
        return body === undefined ? { status: 204 } : { status, body };
    } catch (err) {
        if (err instanceof ArmError) {
            throw err;
        }
        throw badRequest(err instanceof Error ? err.message : String(err));
    }
}

/** Builds the control handler over a target. */
export function createControlHandler(target: ControlTarget): ControlHandler {
    return (method, path, query, body) => {
        const route = `${method} ${path.replace(/^\/_emulator/i, "").replace(/\/$/, "").toLowerCase()}`;
        const releaseOne = /^POST \/operations\/([0-9a-f-]+)\/release$/.exec(route);
        if (releaseOne) {
            return guarded(() => ({ released: target.releaseOperations(releaseOne[1]) }));
        }
        const permissionsOf = /^PUT \/identities\/([0-9a-f-]+)\/permissions$/.exec(route);
        if (permissionsOf) {
            return guarded(() => target.setPermissions(permissionsOf[1], body));
        }
        const identityOf = /^DELETE \/identities\/([0-9a-f-]+)$/.exec(route);
        if (identityOf) {
            return guarded(() => target.revokeIdentity(identityOf[1]));
        }
        switch (route) {
            case "POST /pairs":
                return guardedAsync(() => target.createPair(objectBody(body)), 201);
            case "POST /reset":
                return guarded(() => target.reset());
            case "GET /requests":
                return guarded(() => ({ requests: target.requestLog() }));
            case "DELETE /requests":
                return guarded(() => target.clearRequestLog());
            case "GET /latency":
                return guarded(() => target.latencies());
            case "PUT /latency":
                return guarded(() => {
                    target.setLatencies(objectBody(body));
                    return target.latencies();
                });
            case "GET /faults":
                return guarded(() => ({ faults: target.faults() }));
            case "POST /faults":
                return guarded(() => target.addFault(objectBody(body)), 201);
            case "DELETE /faults":
                return guarded(() => target.clearFaults());
            case "GET /settings":
                return guarded(() => target.settings());
            case "PATCH /settings":
                return guarded(() => {
                    target.updateSettings(objectBody(body));
                    return target.settings();
                });
            case "GET /backends":
                return guarded(() => ({ backends: target.backends() }));
            case "PUT /backends":
                return guarded(() => target.setBackends(objectBody(body)));
            case "GET /dataplane":
                return guarded(() => ({ publicIpAddresses: target.dataPlane() }));
            case "GET /commits":
                return guarded(() => {
                    const after = query.get("after");
                    if (after !== null && !/^\d+$/.test(after)) {
                        throw new Error(`'after' must be a commit number (a whole number >= 0); got '${after}'.`);
                    }
                    return { lastCommit: target.lastCommit(), commits: target.commits(after === null ? undefined : Number(after)) };
                });
            case "DELETE /commits":
                return guarded(() => target.clearCommits());
            case "GET /operations":
                return guarded(() => ({ operations: target.operations() }));
            case "POST /operations/release":
                return guarded(() => ({ released: target.releaseOperations() }));
            case "GET /identities":
                return guarded(() => ({ identities: target.identities() }));
            case "POST /identities":
                return guarded(() => target.issueIdentity(body === undefined ? {} : objectBody(body)), 201);
            case "GET /throttling":
                return guarded(() => target.throttling());
            case "PUT /throttling":
                return guarded(() => {
                    target.setThrottling(objectBody(body));
                    return target.throttling();
                });
            default:
                throw new ArmError(404, "NotFound", `No control operation '${method} ${path}'. See docs/emulator.md, "Control API".`);
        }
    };
}
