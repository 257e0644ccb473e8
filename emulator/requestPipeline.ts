/**
 * The HTTPS request pipeline of the emulator: read the body, authenticate, apply injected faults and throttling,
 * require `api-version`, route, authorize the route's action as ARM does (authorization.ts), answer with ARM's
 * headers and error bodies, and log every request.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { ArmError } from "./armError";
import { type Authorization, publicIpJoinAction, referencedPublicIpIds } from "./authorization";
import { authenticate } from "./bearerAuth";
import type { ArmResponse, EmulatorContext } from "./emulatorContext";
import type { FaultInjector } from "./faultInjector";
import { invalidApiVersion, invalidRequestContent, missingApiVersion, noRegisteredProviderFound } from "./networkErrors";
import type { RequestLog, RequestLogEntry } from "./requestLog";
import type { Router } from "./router";

/** Throttling as the pipeline needs it: take a token for a request, get headers back or an ArmError 429. */
export interface RequestThrottle {
    /** Takes one token for the request; returns the `x-ms-ratelimit-remaining-*` headers or throws a 429 ArmError. */
    take(method: string): Record<string, string>;
}

/** The control API as the pipeline needs it. */
export type ControlHandler = (method: string, path: string, query: URLSearchParams, body: unknown) => ArmResponse | Promise<ArmResponse>;

/** What the pipeline works with. */
export interface PipelineDependencies {
    readonly context: EmulatorContext;
    readonly router: Router;
    readonly log: RequestLog;
    readonly faults: FaultInjector;
    /** The identities (tokens) and their permissions. */
    readonly authorization: Authorization;
    readonly control: ControlHandler;
    readonly throttle?: RequestThrottle;
}

const maxBodyBytes = 4 * 1024 * 1024;
const apiVersionPattern = /^(\d{4}-\d{2}-\d{2})(-preview)?$/i;
/**
 * The Microsoft.Network api-versions that exist: the first (2015-05-01-preview) to the newest stable in the spec
 * repository, 2026-03-01 (docs/azure-behaviour.md §9). A date outside them gets ARM's `NoRegisteredProviderFound`, so a mistyped
 * version fails here as it would on Azure instead of being served.
 */
const oldestApiVersion = "2015-05-01";
const newestApiVersion = "2026-03-01";

/** Builds the `request` listener of the HTTPS server. */
export function createRequestListener(deps: PipelineDependencies): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
        handle(deps, req, res).catch((err: unknown) => {
            // Last resort: never leave a socket open because of an emulator bug.
            if (!res.headersSent) {
                res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
            }
            res.end(JSON.stringify({ error: { code: "InternalServerError", message: String(err), details: [] } }));
        });
    };
}

async function handle(deps: PipelineDependencies, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const path = url.pathname;
    const control = /^\/_emulator(\/|$)/i.test(path);
    let logBase: Omit<RequestLogEntry, "time" | "status"> = { method, path, query: url.search.replace(/^\?/, ""), control };
    let response: ArmResponse;
    let rateHeaders: Record<string, string> = {};
    let deniedAction: string | undefined;
    try {
        const text = await readBody(req);
        const caller = authenticate(req.headers, deps.authorization);
        const body = parseJson(text);
        if (!control && body !== undefined && ["PUT", "PATCH", "POST"].includes(method)) {
            logBase = { ...logBase, requestBody: parseJson(text) }; // its own copy: handlers may normalize theirs
        }
        if (control) {
            if (!caller.controlApi) {
                // Issued tokens are for ARM requests: a pipeline given one must not reconfigure the emulator.
                throw new ArmError(403, "ControlApiForbidden", "This token was issued for ARM requests only; the control API (/_emulator/) takes the emulator's own token (AzureEmulator.accessToken).");
            }
            response = await deps.control(method, path, url.searchParams, body);
        } else {
            const fault = deps.faults.takeRequestFault(method, path);
            if (fault?.type === "reset") {
                deps.log.add({ ...logBase, time: new Date().toISOString(), status: 0, fault: "reset" });
                req.socket.destroy();
                return;
            }
            if (fault?.type === "hang") {
                // Never answered; stop() closes every connection, so the socket does not outlive the emulator.
                deps.log.add({ ...logBase, time: new Date().toISOString(), status: 0, fault: "hang" });
                return;
            }
            if (fault?.type === "error") {
                const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { "Retry-After": String(fault.retryAfterSeconds) } : {};
                throw new ArmError(fault.status, fault.code, fault.message ?? `Injected fault ${fault.code}.`, [], headers);
            }
            rateHeaders = deps.throttle?.take(method) ?? {};
            const apiVersion = url.searchParams.get("api-version");
            if (!apiVersion) {
                throw missingApiVersion();
            }
            const versionDate = apiVersionPattern.exec(apiVersion)?.[1];
            if (!versionDate || !isCalendarDate(versionDate)) {
                throw invalidApiVersion(apiVersion);
            }
            if (versionDate < oldestApiVersion || versionDate > newestApiVersion) {
                throw noRegisteredProviderFound(apiVersion, `${oldestApiVersion}-preview`, newestApiVersion);
            }
            const match = deps.router.match(method, path);
            // ARM authorizes before the resource provider sees the request, so a denied request changes nothing.
            try {
                deps.authorization.authorize(caller, match.action, match.scope);
                if (match.linksPublicIps) {
                    deps.authorization.authorizeLinked(caller, match.action, match.scope, publicIpJoinAction, referencedPublicIpIds(body));
                }
            } catch (err) {
                deniedAction = err instanceof ArmError && err.code === "LinkedAuthorizationFailed" ? publicIpJoinAction : match.action;
                throw err;
            }
            if (method !== "GET") {
                deps.context.operations.writeArrived(path);
            }
            response = match.handler(
                { method, path, params: match.params, query: url.searchParams, headers: req.headers, body, apiVersion, caller },
                deps.context,
            );
            const afterAccept = response.status < 300 ? deps.faults.takeAcceptedFault(method, path) : undefined;
            if (afterAccept?.type === "resetAfterAccept") {
                // The request took effect (a write's operation has started); only its answer is lost.
                deps.log.add({ ...logBase, time: new Date().toISOString(), status: 0, fault: "resetAfterAccept", acceptedStatus: response.status });
                req.socket.destroy();
                return;
            }
            if (afterAccept?.type === "errorAfterAccept") {
                // The request took effect, but the client is told otherwise (a gateway timing out in front of ARM).
                const headers: Record<string, string> =
                    afterAccept.retryAfterSeconds !== undefined ? { "Retry-After": String(afterAccept.retryAfterSeconds) } : {};
                const error = new ArmError(afterAccept.status, afterAccept.code, afterAccept.message ?? `Injected fault ${afterAccept.code} after the request was accepted.`, [], headers);
                send(req, res, { status: error.status, body: error.toBody(), headers: error.headers }, rateHeaders);
                deps.log.add({ ...logBase, time: new Date().toISOString(), status: error.status, errorCode: error.code, fault: "errorAfterAccept", acceptedStatus: response.status });
                return;
            }
        }
    } catch (err) {
        if (!(err instanceof ArmError)) {
            throw err;
        }
        response = { status: err.status, body: err.toBody(), headers: err.headers };
    }
    send(req, res, response, rateHeaders);
    const errorCode = (response.body as { error?: { code?: string } } | undefined)?.error?.code;
    deps.log.add({
        ...logBase,
        time: new Date().toISOString(),
        status: response.status,
        ...(errorCode ? { errorCode } : {}),
        ...(deniedAction ? { deniedAction } : {}),
    });
}

function send(req: IncomingMessage, res: ServerResponse, response: ArmResponse, rateHeaders: Record<string, string>): void {
    const requestId = randomUUID();
    const headers: Record<string, string> = {
        "x-ms-request-id": requestId,
        "x-ms-correlation-request-id": String(req.headers["x-ms-correlation-request-id"] ?? requestId),
        ...(req.headers["x-ms-client-request-id"] ? { "x-ms-client-request-id": String(req.headers["x-ms-client-request-id"]) } : {}),
        ...rateHeaders,
        ...(response.headers ?? {}),
    };
    if (response.body === undefined) {
        res.writeHead(response.status, { ...headers, "Content-Length": "0" });
        res.end();
        return;
    }
    const text = JSON.stringify(response.body);
    res.writeHead(response.status, {
        ...headers,
        "Content-Type": "application/json; charset=utf-8",
        "Content-Length": String(Buffer.byteLength(text)),
    });
    res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBodyBytes) {
                reject(new ArmError(413, "RequestEntityTooLarge", `The request body is larger than ${maxBodyBytes} bytes.`));
                req.removeAllListeners("data");
                req.resume();
                return;
            }
            chunks.push(chunk);
        });
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

function parseJson(text: string): unknown {
    if (text.trim() === "") {
        return undefined;
    }
    try {
        return JSON.parse(text) as unknown;
    } catch (err) {
        throw invalidRequestContent((err as Error).message);
    }
}

/** True for a real calendar day written `YYYY-MM-DD` (not 2025-02-30). */
function isCalendarDate(text: string): boolean {
    const time = Date.parse(`${text}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}
