/**
 * ARM's request throttling as a token bucket per subscription and operation type (docs/azure-behaviour.md §5, "ARM throttling,
 * current": reads 250 + 25/s, writes 200 + 10/s, deletes 200 + 10/s; learn.microsoft.com request-limits-and-throttling).
 * Every answer carries `x-ms-ratelimit-remaining-subscription-reads|writes|deletes`, and the subscription-wide
 * `x-ms-ratelimit-remaining-subscription-global-reads|writes|deletes` of the global limit, 15 times the per-principal
 * one (§5; observed `...-writes: 199` with `...-global-writes: 2999`); the emulator has one principal, so its own
 * bucket always empties first and the global figure only counts down. An empty bucket answers 429
 * `SubscriptionRequestsThrottled` with `Retry-After` (seconds until a token is back). Buckets run on real time,
 * whatever the time scale, because they limit the client's real request rate.
 */
import { subscriptionRequestsThrottled } from "./networkErrors";
import type { RequestThrottle } from "./requestPipeline";

/** The kinds ARM counts separately. */
export type ThrottleKind = "reads" | "writes" | "deletes";

/** One bucket's size and refill rate. */
export interface BucketSettings {
    /** Tokens when full. */
    readonly capacity: number;
    /** Tokens added per second (> 0). */
    readonly refillPerSecond: number;
}

/** The three buckets' settings. */
export type ThrottleSettings = Record<ThrottleKind, BucketSettings>;

/** Azure's current per-subscription figures (docs/azure-behaviour.md §5). */
export const azureThrottleDefaults: ThrottleSettings = {
    reads: { capacity: 250, refillPerSecond: 25 },
    writes: { capacity: 200, refillPerSecond: 10 },
    deletes: { capacity: 200, refillPerSecond: 10 },
};

const kinds: readonly ThrottleKind[] = ["reads", "writes", "deletes"];

/** The global subscription limit is 15 times the per-principal one (docs/azure-behaviour.md §5). */
const globalFactor = 15;

function globalFull(settings: ThrottleSettings): Record<ThrottleKind, number> {
    return {
        reads: settings.reads.capacity * globalFactor,
        writes: settings.writes.capacity * globalFactor,
        deletes: settings.deletes.capacity * globalFactor,
    };
}

/** The token buckets of one subscription. */
export class ArmThrottle implements RequestThrottle {
    #settings: ThrottleSettings;
    #tokens: Record<ThrottleKind, number>;
    /** The subscription-wide buckets, {@link globalFactor} times the per-principal ones. */
    #globalTokens: Record<ThrottleKind, number>;
    #updatedAt: number;

    constructor(
        private readonly subscriptionId: string,
        settings: ThrottleSettings = azureThrottleDefaults,
    ) {
        validateSettings(settings);
        this.#settings = settings;
        this.#tokens = { reads: settings.reads.capacity, writes: settings.writes.capacity, deletes: settings.deletes.capacity };
        this.#globalTokens = globalFull(settings);
        this.#updatedAt = Date.now();
    }

    /** The current settings and tokens left. */
    get state(): { settings: ThrottleSettings; remaining: Record<ThrottleKind, number> } {
        this.#refill();
        return {
            settings: this.#settings,
            remaining: { reads: Math.floor(this.#tokens.reads), writes: Math.floor(this.#tokens.writes), deletes: Math.floor(this.#tokens.deletes) },
        };
    }

    /** Replaces some buckets' settings; those buckets start full. Throws with the reason on bad values. */
    configure(partial: Partial<Record<string, unknown>>): void {
        const next: Record<string, BucketSettings> = { ...this.#settings };
        for (const [kind, value] of Object.entries(partial)) {
            if (!(kinds as readonly string[]).includes(kind)) {
                throw new Error(`Unknown throttle kind '${kind}'; the kinds are reads, writes, deletes.`);
            }
            next[kind] = value as BucketSettings;
        }
        validateSettings(next as ThrottleSettings);
        this.#refill();
        for (const kind of Object.keys(partial) as ThrottleKind[]) {
            this.#tokens[kind] = next[kind].capacity;
            this.#globalTokens[kind] = next[kind].capacity * globalFactor;
        }
        this.#settings = next as ThrottleSettings;
    }

    /** Fills every bucket (reset). */
    refillAll(): void {
        this.#tokens = { reads: this.#settings.reads.capacity, writes: this.#settings.writes.capacity, deletes: this.#settings.deletes.capacity };
        this.#globalTokens = globalFull(this.#settings);
        this.#updatedAt = Date.now();
    }

    /** Takes a token for a request; returns the rate-limit headers, or throws 429 when the bucket is empty. */
    take(method: string): Record<string, string> {
        const kind = kindOf(method);
        this.#refill();
        if (this.#tokens[kind] < 1) {
            const seconds = Math.ceil((1 - this.#tokens[kind]) / this.#settings[kind].refillPerSecond);
            throw subscriptionRequestsThrottled(kind === "reads" ? "read" : kind === "writes" ? "write" : "delete", this.subscriptionId, seconds);
        }
        this.#tokens[kind] -= 1;
        this.#globalTokens[kind] = Math.max(0, this.#globalTokens[kind] - 1);
        return {
            [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(Math.floor(this.#tokens[kind])),
            [`x-ms-ratelimit-remaining-subscription-global-${kind}`]: String(Math.floor(this.#globalTokens[kind])),
        };
    }

    #refill(): void {
        const now = Date.now();
        const elapsed = (now - this.#updatedAt) / 1000;
        this.#updatedAt = now;
        for (const kind of kinds) {
            const { capacity, refillPerSecond } = this.#settings[kind];
            this.#tokens[kind] = Math.min(capacity, this.#tokens[kind] + elapsed * refillPerSecond);
            this.#globalTokens[kind] = Math.min(capacity * globalFactor, this.#globalTokens[kind] + elapsed * refillPerSecond * globalFactor);
        }
    }
}

/** GET/HEAD are reads, DELETE is a delete, everything else (PUT, PATCH, POST) a write, as ARM counts them. */
export function kindOf(method: string): ThrottleKind {
    const upper = method.toUpperCase();
    return upper === "GET" || upper === "HEAD" ? "reads" : upper === "DELETE" ? "deletes" : "writes";
}

function validateSettings(settings: ThrottleSettings): void {
    for (const kind of kinds) {
        const bucket = settings[kind] as BucketSettings | undefined;
        if (!bucket || !(Number.isInteger(bucket.capacity) && bucket.capacity >= 1)) {
            throw new Error(`Throttle '${kind}.capacity' must be a whole number >= 1.`);
        }
        if (!(typeof bucket.refillPerSecond === "number" && bucket.refillPerSecond > 0 && Number.isFinite(bucket.refillPerSecond))) {
            throw new Error(`Throttle '${kind}.refillPerSecond' must be a number > 0.`);
        }
    }
}
