/**
 * The emulator's switchable behaviours: where Azure's behaviour is unconfirmed (docs/azure-behaviour.md, "Unconfirmed"), or Azure
 * is known to answer more than one way, the emulator lets a test choose, and defaults to the choice documented in
 * docs/emulator.md ("Unconfirmed behaviours"). Validation here, so a bad value is refused before anything changes.
 */
import type { ReaderView } from "./resourceStore";

/** How a load balancer PUT reports an address attached elsewhere (see {@link EmulatorSettings.publicIpInUseFailure}). */
export type PublicIpInUseFailure = "synchronous" | "operation";

/** What a PUT over a running PUT of the same resource gets (see {@link EmulatorSettings.concurrentWrite}). */
export type ConcurrentWrite = "retryableError" | "supersede";

/** How a request to an address that does not serve fails (emulator/dataPlane.ts). */
export type DataPlaneFailureMode = "reset" | "hang";

/** What a pool switch does to connections already open to the old pool (see {@link EmulatorSettings.poolSwitchOpenConnections}). */
export type PoolSwitchOpenConnections = "reset" | "kept";

/** The switchable behaviours the request handlers read. */
export interface EmulatorSettings {
    /** Whether `setLoadBalancerFrontendPublicIpAddresses` works on plain Standard load balancers (docs/azure-behaviour.md, Unconfirmed 2). */
    swapApiEnabled: boolean;
    /**
     * How a load balancer PUT learns that an address is attached elsewhere (docs/azure-behaviour.md, Unconfirmed 1): `synchronous`,
     * a 400 `PublicIPAddressInUse` answer (the status seen for NIC->NIC), or `operation`, the PUT is accepted and its
     * long-running operation ends `Failed` with that code ("may also come back as the final LRO error", docs/azure-behaviour.md §1).
     */
    publicIpInUseFailure: PublicIpInUseFailure;
    /** What a GET shows while a create or update runs: the `committed` configuration or the `goal` (resourceStore.ts). */
    readerView: ReaderView;
    /**
     * A PUT to a resource whose own create or update is still running: `retryableError`, 429 `RetryableError` /
     * `RetryableErrorDueToAnotherOperation` (docs/azure-behaviour.md §5), or `supersede`, accepted, the running operation ending
     * `Canceled` / `CanceledAndSupersededDueToAnotherOperation` (§3, terraform-provider-azurerm#10178). Azure does both;
     * when it does which is not documented.
     */
    concurrentWrite: ConcurrentWrite;
    /**
     * How many Basic IPv4 public IPs the subscription may have per region. New Basic addresses could not be created
     * after 31 March 2025 (docs/azure-behaviour.md §2): new subscriptions have a quota of 0 and get 400
     * `IPv4BasicSkuPublicIpCountLimitReached` (skypilot-org/skypilot#7977, 2025-11), while older ones may still have
     * some (nickvourd/SkyFall-Pack#5). Default 0; raise it to stand for an older subscription with legacy addresses.
     */
    basicPublicIpQuota: number;
    /**
     * The delay between the commit of a change of a rule's backend pool and the data path following it, in emulated ms
     * (scaled like latencies); undefined: the profile's figure (profiles.ts `dataPathDelayMs`, never zero). Unconfirmed
     * on Azure (docs/azure-behaviour.md §11). Until it passes, the frontend keeps sending to the old pool.
     */
    poolSwitchDataPathDelayMs?: number;
    /**
     * What happens, when the data path follows a rule's new pool, to connections that are open to the old one:
     * `reset` (default, the harsher choice: each is reset, so a keep-alive client sees one failure) or `kept` (they
     * keep reaching the old pool until the client closes them). Unconfirmed on Azure (docs/azure-behaviour.md §11).
     */
    poolSwitchOpenConnections: PoolSwitchOpenConnections;
}

/** The settings as a start option or a control request gives them, with the two that live outside {@link EmulatorSettings}. */
export type SettingsChange = Partial<EmulatorSettings> & {
    /** `Retry-After` seconds before scaling (the clock keeps it). */
    readonly retryAfterSeconds?: number;
    /** How a non-serving address fails (the data plane keeps it). */
    readonly dataPlaneFailure?: DataPlaneFailureMode;
};

const choices = {
    publicIpInUseFailure: ["synchronous", "operation"],
    readerView: ["committed", "goal"],
    concurrentWrite: ["retryableError", "supersede"],
    dataPlaneFailure: ["reset", "hang"],
    poolSwitchOpenConnections: ["reset", "kept"],
} as const;

/** The defaults: the stricter or the documented choice of each (docs/emulator.md). */
export const defaultSettings: Readonly<EmulatorSettings> = {
    swapApiEnabled: false,
    publicIpInUseFailure: "synchronous",
    readerView: "committed",
    concurrentWrite: "retryableError",
    basicPublicIpQuota: 0,
    poolSwitchOpenConnections: "reset",
};

/** Checks a settings change; throws with the reason on an unknown key or a bad value. Returns only the keys given. */
export function parseSettingsChange(input: unknown): SettingsChange {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
        throw new Error("Settings must be an object.");
    }
    const known = ["swapApiEnabled", "retryAfterSeconds", "basicPublicIpQuota", "poolSwitchDataPathDelayMs", ...Object.keys(choices)];
    const unknown = Object.keys(input).filter((key) => !known.includes(key));
    if (unknown.length > 0) {
        throw new Error(`Unknown settings ${unknown.join(", ")}; the settings are ${known.join(", ")}.`);
    }
    const change = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Record<string, unknown>;
    if (change.swapApiEnabled !== undefined && typeof change.swapApiEnabled !== "boolean") {
        throw new Error("swapApiEnabled must be true or false.");
    }
    for (const key of ["retryAfterSeconds", "basicPublicIpQuota", "poolSwitchDataPathDelayMs"]) {
        const value = change[key];
        if (value !== undefined && (typeof value !== "number" || !Number.isInteger(value) || value < 0)) {
            throw new Error(`${key} must be a whole number >= 0; got ${JSON.stringify(value)}.`);
        }
    }
    for (const [key, allowed] of Object.entries(choices)) {
        const value = change[key];
        if (value !== undefined && !(allowed as readonly unknown[]).includes(value)) {
            throw new Error(`${key} must be ${allowed.map((a) => `'${a}'`).join(" or ")}; got ${JSON.stringify(value)}.`);
        }
    }
    return change as SettingsChange;
}

/** The part of a change that {@link EmulatorSettings} holds. */
export function emulatorSettingsIn(change: SettingsChange): Partial<EmulatorSettings> {
    const { swapApiEnabled, publicIpInUseFailure, readerView, concurrentWrite, basicPublicIpQuota, poolSwitchDataPathDelayMs, poolSwitchOpenConnections } = change;
    return Object.fromEntries(
        Object.entries({
            swapApiEnabled,
            publicIpInUseFailure,
            readerView,
            concurrentWrite,
            basicPublicIpQuota,
            poolSwitchDataPathDelayMs,
            poolSwitchOpenConnections,
        }).filter(([, value]) => value !== undefined),
    ) as Partial<EmulatorSettings>;
}
