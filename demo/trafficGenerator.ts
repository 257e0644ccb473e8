import http from "node:http";
import { isColour } from "../components/colour";
import type { AddressRole, TrafficSample } from "./trafficSample";

/** Options of {@link TrafficGenerator}. */
export interface TrafficGeneratorOptions {
    /** The data-plane URL of each address to send to (plain HTTP on loopback, as the emulator serves it). */
    readonly urls: Readonly<Partial<Record<AddressRole, string>>>;
    /**
     * Reuse one connection (an `http.Agent` with keep-alive and one socket), as a browser tab or a pooled client
     * does, instead of a fresh connection per request: such a client sees what happens to a connection that is open
     * when a swap changes where an address leads (the shared load balancer's pool switch). One socket, because many
     * parallel keep-alive sockets to one emulated address made the emulator's fresh-connection clients time out
     * (seen at 100 requests/s, with the data plane before and after issue 13; the cause is not found). Default false.
     */
    readonly keepAlive?: boolean;
    /** Requests per wall-clock second to each address. */
    readonly requestsPerSecond: number;
    /**
     * A request that has not answered after this long counts as failed (`timeout`). Time this process spent stalled
     * (its timers firing late on a busy machine) does not count: the request then gets the whole time again.
     */
    readonly requestTimeoutMs: number;
    /** The clock that stamps the samples (wall ms); defaults to milliseconds since {@link TrafficGenerator.start}. */
    readonly clock?: () => number;
    /** Called for every finished request, in the order they finish. */
    readonly onSample?: (sample: TrafficSample) => void;
}

/** How late a schedule timer must fire for the process to count as having stalled. */
const stallMs = 50;

/**
 * Sends steady HTTP GETs to the production and the staging address and records what each client saw.
 *
 * Requests go out on a fixed schedule whether or not the previous one has answered, as independent clients
 * would; each uses a fresh connection (`agent: false`) so that a kept-alive socket cannot hide an address that
 * stopped answering, unless `keepAlive` asks for the other kind of client.
 */
export class TrafficGenerator {
    readonly #options: TrafficGeneratorOptions;
    readonly #samples: TrafficSample[] = [];
    readonly #inFlight = new Set<http.ClientRequest>();
    readonly #timers: NodeJS.Timeout[] = [];
    #startedAt = 0;
    #running = false;
    /** When this process last came out of a stall (`performance.now()`), as the schedule's late timers show it. */
    #stallEndedAt = -Infinity;
    readonly #agent: http.Agent | false;

    constructor(options: TrafficGeneratorOptions) {
        if (!(options.requestsPerSecond > 0) || !Number.isFinite(options.requestsPerSecond)) {
            throw new Error(`requestsPerSecond must be a positive number; got ${options.requestsPerSecond}.`);
        }
        if (!(options.requestTimeoutMs > 0)) {
            throw new Error(`requestTimeoutMs must be a positive number; got ${options.requestTimeoutMs}.`);
        }
        this.#options = options;
        this.#agent = options.keepAlive ? new http.Agent({ keepAlive: true, maxSockets: 1 }) : false;
    }

    /** Starts sending. */
    start(): void {
        if (this.#running) return;
        this.#running = true;
        this.#startedAt = performance.now();
        const intervalMs = 1000 / this.#options.requestsPerSecond;
        for (const role of Object.keys(this.#options.urls) as AddressRole[]) {
            this.#schedule(role, intervalMs, 0);
        }
    }

    /** The clock of every sample: the `clock` option, or wall ms since {@link start}. */
    now(): number {
        return this.#options.clock ? this.#options.clock() : performance.now() - this.#startedAt;
    }

    /** Every sample recorded so far, in the order the requests finished. */
    samples(): readonly TrafficSample[] {
        return this.#samples;
    }

    /** Stops sending, waits for the requests in flight to settle (they are recorded) and returns all samples. */
    async stop(): Promise<readonly TrafficSample[]> {
        this.#running = false;
        for (const timer of this.#timers) clearTimeout(timer);
        this.#timers.length = 0;
        while (this.#inFlight.size > 0) {
            await new Promise((resolve) => setTimeout(resolve, 5));
        }
        if (this.#agent) this.#agent.destroy();
        return this.#samples;
    }

    /** Aborts every request in flight at once (used on Ctrl-C, where waiting is not wanted). */
    abort(): void {
        this.#running = false;
        for (const timer of this.#timers) clearTimeout(timer);
        this.#timers.length = 0;
        for (const request of this.#inFlight) request.destroy(new Error("aborted"));
        if (this.#agent) this.#agent.destroy();
    }

    /** Fires request number `index` to `role` at its slot on the schedule, then schedules the next one. */
    #schedule(role: AddressRole, intervalMs: number, index: number): void {
        // Aim at the absolute slot rather than "interval after the last one", so timer lag does not accumulate; but
        // after a stall of this process, skip the slots it missed instead of sending them all in one burst.
        const elapsed = performance.now() - this.#startedAt;
        if (index * intervalMs < elapsed - intervalMs) index = Math.floor(elapsed / intervalMs);
        const delay = Math.max(0, index * intervalMs - elapsed);
        const timer = setTimeout(() => {
            this.#timers.splice(this.#timers.indexOf(timer), 1);
            if (!this.#running) return;
            if (performance.now() - this.#startedAt - index * intervalMs > stallMs) this.#stallEndedAt = performance.now();
            this.#send(role);
            this.#schedule(role, intervalMs, index + 1);
        }, delay);
        this.#timers.push(timer);
    }

    #send(role: AddressRole): void {
        const sentAtMs = this.now();
        let settled = false;
        const finish = (result: Omit<TrafficSample, "role" | "sentAtMs" | "durationMs">): void => {
            if (settled) return;
            settled = true;
            this.#inFlight.delete(request);
            const sample: TrafficSample = { role, sentAtMs, durationMs: this.now() - sentAtMs, ...result };
            this.#samples.push(sample);
            this.#options.onSample?.(sample);
        };
        const request = http.get(this.#options.urls[role]!, { agent: this.#agent, timeout: this.#options.requestTimeoutMs }, (response) => {
            const chunks: Buffer[] = [];
            response.on("data", (chunk: Buffer) => chunks.push(chunk));
            response.on("error", (err) => finish({ ok: false, status: response.statusCode, error: errorName(err) }));
            response.on("end", () => finish(interpretAnswer(response.statusCode ?? 0, Buffer.concat(chunks).toString("utf8"))));
        });
        this.#inFlight.add(request);
        request.on("timeout", () => {
            // The demo's emulator runs in this process: after a stall, the timeout fires before the server has even
            // read the request. That says nothing about the address, so the request gets its full time again.
            const sinceStall = performance.now() - this.#stallEndedAt;
            if (sinceStall < this.#options.requestTimeoutMs) request.setTimeout(this.#options.requestTimeoutMs - sinceStall);
            else request.destroy(new Error("timeout"));
        });
        request.on("error", (err) => finish({ ok: false, error: errorName(err) }));
    }
}

/**
 * Reads the data plane's answer `{loadBalancer, colour, version, backend}`. Only a 200 with a known colour
 * counts as served: a load balancer without a healthy backend, or anything else, is a failure for the client.
 */
export function interpretAnswer(status: number, body: string): Omit<TrafficSample, "role" | "sentAtMs" | "durationMs"> {
    if (status !== 200) return { ok: false, status, error: `HTTP ${status}` };
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch {
        return { ok: false, status, error: "answer is not JSON" };
    }
    const { colour, version } = (parsed ?? {}) as { colour?: unknown; version?: unknown };
    if (!isColour(colour)) return { ok: false, status, error: "answer names no colour" };
    return { ok: true, status, colour, ...(version === undefined ? {} : { version: String(version) }) };
}

/** A short name for a client error: the errno code when there is one (`ECONNREFUSED`), else the message. */
function errorName(err: Error): string {
    return (err as NodeJS.ErrnoException).code ?? err.message;
}
