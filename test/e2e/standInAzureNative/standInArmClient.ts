/**
 * The HTTP side of the stand-in for azure-native: ARM requests over `https` with the emulator's CA trusted explicitly
 * (TLS verification stays on), a bearer token, and long-running operations followed as ARM clients follow them
 * (docs/azure-behaviour.md §3): a PUT answered 200/201 with `Azure-AsyncOperation` is polled there until a terminal
 * status, a 202 with `Location` is polled there until it stops answering 202, each poll after `Retry-After`; then the
 * resource is read back with a GET. 429 answers are retried after their `Retry-After` (up to 30 times: a benchmark
 * with Azure's throttling on sends hundreds of writes at once), 5xx answers up to 3 times, as ARM clients retry them.
 * Tokens are never logged or put in error messages.
 */
import { readFileSync } from "node:fs";
import https from "node:https";

/** Where the stand-in reaches ARM; only the e2e harness sets these variables. */
export interface StandInSettings {
    readonly endpoint: string;
    readonly caCertPem: string;
    readonly accessToken: string;
    readonly subscriptionId: string;
    /** Poll interval when `Retry-After` is absent or 0, in ms. */
    readonly pollIntervalMs: number;
}

/** The environment variables the stand-in reads. */
export const standInEnvironment = {
    endpoint: "VIPSWAP_STANDIN_ARM_ENDPOINT",
    caFile: "VIPSWAP_STANDIN_CA_FILE",
    token: "VIPSWAP_STANDIN_ACCESS_TOKEN",
    fallbackToken: "AZURE_ACCESS_TOKEN",
    subscription: "ARM_SUBSCRIPTION_ID",
    pollInterval: "VIPSWAP_STANDIN_POLL_INTERVAL_MS",
} as const;

/** Reads the settings; throws with what to set when one is missing (the stand-in never guesses an endpoint). */
export function standInSettingsFrom(env: NodeJS.ProcessEnv): StandInSettings {
    const e = standInEnvironment;
    const missing: string[] = [e.endpoint, e.caFile, e.subscription].filter((name) => !env[name]);
    const accessToken = env[e.token] || env[e.fallbackToken];
    if (!accessToken) {
        missing.push(`${e.token} (or ${e.fallbackToken})`);
    }
    if (missing.length > 0) {
        throw new Error(
            `The stand-in for azure-native (a test double that talks only to the vipswap emulator) needs ${missing.join(", ")}; the e2e harness sets them.`,
        );
    }
    const pollIntervalMs = Number(env[e.pollInterval] ?? "100");
    return {
        endpoint: env[e.endpoint]!.replace(/\/+$/, ""),
        caCertPem: readFileSync(env[e.caFile]!, "utf8"),
        accessToken: accessToken!,
        subscriptionId: env[e.subscription]!,
        pollIntervalMs: Number.isFinite(pollIntervalMs) && pollIntervalMs >= 0 ? pollIntervalMs : 100,
    };
}

/**
 * An ARM error answer, with its status and code (`Status=400 Code="..."`, azure-native's wording), or the error of a
 * long-running operation that ended `Failed` or `Canceled` (`operationStatus`; `status` is then the accepted write's).
 */
export class StandInArmError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
        readonly method: string,
        readonly path: string,
        readonly operationStatus?: string,
    ) {
        const what = operationStatus ? `the operation ended ${operationStatus}:` : `Status=${status}`;
        super(`stand-in for azure-native: ${method} ${path}: ${what} Code="${code}" Message="${message}"`);
        this.name = "StandInArmError";
    }
}

interface Answer {
    readonly status: number;
    readonly headers: Record<string, string | string[] | undefined>;
    readonly body: unknown;
}

/** Retries per request: throttling (429) is waited out longer than server errors. */
const maxRetries = { throttled: 30, serverError: 3 } as const;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A minimal ARM client for the stand-in. */
export class StandInArmClient {
    constructor(private readonly settings: StandInSettings) {}

    /** One HTTPS request to a path (or an absolute polling URL on the endpoint). */
    #send(method: string, pathOrUrl: string, body?: unknown): Promise<Answer> {
        const url = new URL(pathOrUrl, `${this.settings.endpoint}/`);
        const text = body === undefined ? undefined : JSON.stringify(body);
        return new Promise((resolve, reject) => {
            const req = https.request(
                url,
                {
                    method,
                    ca: this.settings.caCertPem,
                    headers: {
                        Authorization: `Bearer ${this.settings.accessToken}`,
                        Accept: "application/json",
                        "User-Agent": "vipswap-stand-in-for-azure-native/3.28.0",
                        ...(text !== undefined ? { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) } : {}),
                    },
                },
                (res) => {
                    const chunks: Buffer[] = [];
                    res.on("data", (chunk: Buffer) => chunks.push(chunk));
                    res.on("end", () => {
                        const raw = Buffer.concat(chunks).toString("utf8");
                        let parsed: unknown;
                        try {
                            parsed = raw === "" ? undefined : JSON.parse(raw);
                        } catch {
                            parsed = raw;
                        }
                        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
                    });
                    res.on("error", reject);
                },
            );
            req.on("error", reject);
            req.end(text);
        });
    }

    #retryAfterMs(answer: Answer): number {
        const seconds = Number(answer.headers["retry-after"]);
        return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : this.settings.pollIntervalMs;
    }

    /** Sends, retrying 429 and 5xx after `Retry-After`; throws a StandInArmError for any other error status. */
    async #request(method: string, pathOrUrl: string, apiVersion: string | undefined, body?: unknown, allow: readonly number[] = []): Promise<Answer> {
        const target = apiVersion ? `${pathOrUrl}?api-version=${apiVersion}` : pathOrUrl;
        for (let attempt = 0; ; attempt++) {
            const answer = await this.#send(method, target, body);
            if (answer.status < 400 || allow.includes(answer.status)) {
                return answer;
            }
            const limit = answer.status === 429 ? maxRetries.throttled : answer.status >= 500 ? maxRetries.serverError : 0;
            if (attempt < limit) {
                await sleep(this.#retryAfterMs(answer));
                continue;
            }
            throw errorOf(answer, method, new URL(target, `${this.settings.endpoint}/`).pathname);
        }
    }

    /** Follows the operation an answer started until it ends; throws its error when it failed or was canceled. */
    async #follow(answer: Answer, method: string, path: string): Promise<void> {
        const asyncOperation = header(answer, "azure-asyncoperation");
        const location = header(answer, "location");
        if (asyncOperation) {
            let poll = answer;
            for (;;) {
                await sleep(this.#retryAfterMs(poll));
                poll = await this.#request("GET", asyncOperation, undefined);
                const status = String((poll.body as { status?: unknown } | undefined)?.status ?? "");
                if (/^(succeeded)$/i.test(status)) {
                    return;
                }
                if (/^(failed|canceled)$/i.test(status)) {
                    const error = (poll.body as { error?: { code?: string; message?: string } }).error ?? {};
                    throw new StandInArmError(answer.status, error.code ?? status, error.message ?? `The operation ended ${status}.`, method, path, status);
                }
            }
        }
        if (location && answer.status === 202) {
            let poll = answer;
            while (poll.status === 202) {
                await sleep(this.#retryAfterMs(poll));
                poll = await this.#request("GET", header(poll, "location") ?? location, undefined);
            }
        }
    }

    /** GET a resource; undefined when it does not exist (404). */
    async get(path: string, apiVersion: string): Promise<Record<string, unknown> | undefined> {
        const answer = await this.#request("GET", path, apiVersion, undefined, [404]);
        return answer.status === 404 ? undefined : (answer.body as Record<string, unknown>);
    }

    /** PUT a body, follow the operation to its end, and return the resource as a GET then shows it. */
    async put(path: string, apiVersion: string, body: unknown): Promise<Record<string, unknown>> {
        const answer = await this.#request("PUT", path, apiVersion, body);
        await this.#follow(answer, "PUT", path);
        const final = await this.get(path, apiVersion);
        if (!final) {
            throw new StandInArmError(404, "ResourceNotFound", "The resource was not found after its PUT succeeded.", "GET", path);
        }
        return final;
    }

    /** DELETE and follow the operation to its end; a resource already gone (404, 204) is fine. */
    async delete(path: string, apiVersion: string): Promise<void> {
        const answer = await this.#request("DELETE", path, apiVersion, undefined, [404]);
        if (answer.status !== 404) {
            await this.#follow(answer, "DELETE", path);
        }
    }
}

function header(answer: Answer, name: string): string | undefined {
    const value = answer.headers[name];
    return Array.isArray(value) ? value[0] : value;
}

function errorOf(answer: Answer, method: string, path: string): StandInArmError {
    const error = (answer.body as { error?: { code?: string; message?: string } } | undefined)?.error;
    return new StandInArmError(answer.status, error?.code ?? `HTTP${answer.status}`, error?.message ?? String(answer.body ?? ""), method, path);
}
