import type { HttpCheckPlan } from "./healthGateSettings";

/** What one HTTP request to the application got, and whether that is what the check expected. */
export interface HttpObservation {
    /** The URL requested. */
    readonly url: string;
    /** True when the status and the body were as expected. */
    readonly ok: boolean;
    /** The status code, when a response arrived. */
    readonly status?: number;
    /** The start of the body (at most {@link bodyExcerptLength} characters), when a response arrived. */
    readonly bodyExcerpt?: string;
    /** Why the attempt failed: a timeout, a connection error, the wrong status, a body that did not match. */
    readonly failure?: string;
    /** How long the attempt took, in ms. */
    readonly elapsedMs: number;
}

/** How much of a body an observation keeps for error messages. */
export const bodyExcerptLength = 200;

/** Bodies are read up to this size; a health endpoint that answers more is matched on its first megabyte. */
const maxBodyBytes = 1024 * 1024;

/**
 * Sends one GET to `check.url` and judges the answer. Never throws for what the application does (no answer, a
 * timeout, a wrong status): those are observations. It throws only when `signal` aborts.
 *
 * It uses `node:http`/`node:https` rather than `fetch` because a `Host` header must be settable (an application that
 * routes by host name, probed through its address); TLS is always verified with the system's trust store.
 */
export async function probeHttp(check: HttpCheckPlan, signal?: AbortSignal): Promise<HttpObservation> {
    signal?.throwIfAborted();
    const started = Date.now();
    const finish = (fields: Omit<HttpObservation, "url" | "elapsedMs">): HttpObservation => ({
        url: check.url,
        elapsedMs: Date.now() - started,
        ...fields,
    });
    let response: { status: number; body: string };
    try {
        response = await get(check, signal);
    } catch (err) {
        signal?.throwIfAborted();
        return finish({ ok: false, failure: (err as Error).message });
    }
    const bodyExcerpt = response.body.slice(0, bodyExcerptLength);
    if (response.status !== check.expectedStatus) {
        return finish({
            ok: false,
            status: response.status,
            bodyExcerpt,
            failure: `answered status ${response.status}, expected ${check.expectedStatus}`,
        });
    }
    if (check.bodyPattern !== undefined && !new RegExp(check.bodyPattern).test(response.body)) {
        return finish({
            ok: false,
            status: response.status,
            bodyExcerpt,
            failure: `body does not match /${check.bodyPattern}/`,
        });
    }
    return finish({ ok: true, status: response.status, bodyExcerpt });
}

/** One sentence for an error message: what the request got. */
export function describeObservation(observation: HttpObservation): string {
    const body = observation.bodyExcerpt === undefined ? "" : `; body: ${JSON.stringify(observation.bodyExcerpt)}`;
    return observation.ok
        ? `GET ${observation.url} answered ${observation.status}${body}`
        : `GET ${observation.url} failed: ${observation.failure}${body}`;
}

function get(check: HttpCheckPlan, signal: AbortSignal | undefined): Promise<{ status: number; body: string }> {
    const url = new URL(check.url);
    // Required lazily, like every I/O module here, so that code Pulumi serializes never captures it.
    const transport = (url.protocol === "https:" ? require("node:https") : require("node:http")) as typeof import("node:http");
    return new Promise((resolve, reject) => {
        const request = transport.request(
            url,
            {
                method: "GET",
                headers: { accept: "*/*", ...(check.hostHeader ? { host: check.hostHeader } : {}) },
                // Every probe is its own connection: a kept-alive socket could outlive an address move and
                // report the colour that used to answer.
                agent: false,
                signal,
            },
            (response) => {
                const chunks: Buffer[] = [];
                let size = 0;
                response.on("data", (chunk: Buffer) => {
                    if (size < maxBodyBytes) chunks.push(chunk);
                    size += chunk.length;
                });
                response.on("end", () => {
                    clearTimeout(timer);
                    resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
                });
                response.on("error", (err) => {
                    clearTimeout(timer);
                    reject(err);
                });
            },
        );
        const timer = setTimeout(() => {
            request.destroy(new Error(`no complete answer within ${check.timeoutMs} ms (timeout)`));
        }, check.timeoutMs);
        request.on("error", (err: NodeJS.ErrnoException) => {
            clearTimeout(timer);
            reject(err.code && !err.message.includes(err.code) ? new Error(`${err.code}: ${err.message}`) : err);
        });
        request.end();
    });
}
