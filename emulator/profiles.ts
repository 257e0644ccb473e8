/** The kinds of long-running operation whose latency a profile sets. */
export type OperationKind =
    | "publicIpCreate"
    | "publicIpUpdate"
    | "publicIpDelete"
    | "loadBalancerCreate"
    | "loadBalancerUpdate"
    | "loadBalancerDelete"
    | "swapPublicIpAddresses"
    | "ruleHealth"
    | "networkWrite"
    | "networkDelete"
    | "scaleSetCreate"
    | "scaleSetUpdate"
    | "scaleSetDelete"
    | "resourceGroupDelete";

/** Every operation kind, for validation and listing. */
export const operationKinds: readonly OperationKind[] = [
    "publicIpCreate",
    "publicIpUpdate",
    "publicIpDelete",
    "loadBalancerCreate",
    "loadBalancerUpdate",
    "loadBalancerDelete",
    "swapPublicIpAddresses",
    "ruleHealth",
    "networkWrite",
    "networkDelete",
    "scaleSetCreate",
    "scaleSetUpdate",
    "scaleSetDelete",
    "resourceGroupDelete",
];

/** Latency per operation kind, in milliseconds of emulated (unscaled) time. */
export type Latencies = Record<OperationKind, number>;

/** The named profiles. */
export type ProfileName = "fast" | "realistic";

/** A profile: how long each kind of operation takes, and the `Retry-After` the emulator advertises. */
export interface Profile {
    readonly name: ProfileName;
    readonly latencies: Latencies;
    /** `Retry-After` in seconds on LRO responses, polls and 429s, before scaling. */
    readonly retryAfterSeconds: number;
    /**
     * How long the data path takes to follow a committed change of a rule's backend pool, in emulated ms (the pool
     * switch; docs/azure-behaviour.md §11: unconfirmed on Azure, so not zero). Address moves follow at commit.
     */
    readonly dataPathDelayMs: number;
}

/**
 * `fast`: milliseconds, for tests. `Retry-After: 0` because core-lro ignores a zero value and keeps the caller's
 * `updateIntervalInMs` (docs/azure-behaviour.md §3, "Retry-After: 0 is ignored because the value is falsy"); with Azure's 10 every
 * SDK poll in a test would sleep ten seconds.
 */
export const fastProfile: Profile = {
    name: "fast",
    retryAfterSeconds: 0,
    dataPathDelayMs: 5,
    latencies: {
        publicIpCreate: 15,
        publicIpUpdate: 10,
        publicIpDelete: 10,
        loadBalancerCreate: 25,
        loadBalancerUpdate: 20,
        loadBalancerDelete: 15,
        swapPublicIpAddresses: 25,
        ruleHealth: 5,
        networkWrite: 10,
        networkDelete: 10,
        scaleSetCreate: 30,
        scaleSetUpdate: 20,
        scaleSetDelete: 20,
        resourceGroupDelete: 20,
    },
};

/**
 * `realistic`: figures chosen from the public statements in docs/azure-behaviour.md §7, since no current measurement is public
 * (§7, "How long associate/dissociate takes today: ... unconfirmed"):
 * - a load balancer update is "usually fast because it's only a configuration change", but "might take 10 or more
 *   seconds" (swap-cloud-service.md): 8 s sits between the two, so a swap of two updates lands near the upper figure;
 * - a create does more work than an update (new frontends, rules and probes): 10 s;
 * - public IP create/update/delete: 4-6 s, one resource with no data-plane programming beyond the address;
 * - the one-call swap is documented as usually fast, sometimes 10 s or more: 10 s;
 * - `Retry-After: 10`, what network PUTs return (docs/azure-behaviour.md §3, azure-powershell#14460);
 * - the data path follows a rule's new pool 1 s after the commit: nobody documents the figure (docs/azure-behaviour.md
 *   §11, "Established flows and timing: unconfirmed"), so it is a guess that is not zero, an eighth of an update.
 * The figures for what only azure-native's resources need (virtual networks, subnets, security groups: 3 s to write,
 * 5 s to delete; scale sets: 60 s to create, 30 s to update or delete; a resource group delete: 20 s) are chosen, not
 * measured: nothing public states them, and the benchmarks time the swap, which none of them is part of.
 */
export const realisticProfile: Profile = {
    name: "realistic",
    retryAfterSeconds: 10,
    dataPathDelayMs: 1_000,
    latencies: {
        publicIpCreate: 4_000,
        publicIpUpdate: 4_000,
        publicIpDelete: 6_000,
        loadBalancerCreate: 10_000,
        loadBalancerUpdate: 8_000,
        loadBalancerDelete: 8_000,
        swapPublicIpAddresses: 10_000,
        ruleHealth: 2_000,
        networkWrite: 3_000,
        networkDelete: 5_000,
        scaleSetCreate: 60_000,
        scaleSetUpdate: 30_000,
        scaleSetDelete: 30_000,
        resourceGroupDelete: 20_000,
    },
};

/** The profile with that name. */
export function profileNamed(name: ProfileName): Profile {
    return name === "realistic" ? realisticProfile : fastProfile;
}

/** True for a profile name the emulator knows. */
export function isProfileName(value: string): value is ProfileName {
    return value === "fast" || value === "realistic";
}

/**
 * The clock of one emulator: profile latencies, overrides from the control API, and a time scale
 * (10 = ten times faster) so the demo can run `realistic` compressed.
 */
export class EmulatorClock {
    #latencies: Latencies;
    #retryAfterSeconds: number;
    readonly #initialRetryAfterSeconds: number;

    constructor(
        readonly profile: Profile,
        readonly timeScale: number,
        retryAfterSeconds?: number,
    ) {
        if (!(timeScale > 0) || !Number.isFinite(timeScale)) {
            throw new Error(`timeScale must be a positive number (10 = ten times faster); got ${timeScale}.`);
        }
        this.#latencies = { ...profile.latencies };
        this.#retryAfterSeconds = retryAfterSeconds ?? profile.retryAfterSeconds;
        this.setRetryAfterSeconds(this.#retryAfterSeconds);
        this.#initialRetryAfterSeconds = this.#retryAfterSeconds;
    }

    /** Latencies in emulated (unscaled) milliseconds. */
    get latencies(): Latencies {
        return { ...this.#latencies };
    }

    /** Sets some latencies (emulated ms); everything else stays. Throws on an unknown kind or a bad value. */
    setLatencies(overrides: Partial<Record<string, unknown>>): void {
        const next = { ...this.#latencies };
        for (const [kind, value] of Object.entries(overrides)) {
            if (!(operationKinds as readonly string[]).includes(kind)) {
                throw new Error(`Unknown operation kind '${kind}'; the kinds are ${operationKinds.join(", ")}.`);
            }
            if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
                throw new Error(`Latency for '${kind}' must be a number of milliseconds >= 0; got ${JSON.stringify(value)}.`);
            }
            next[kind as OperationKind] = value;
        }
        this.#latencies = next;
    }

    /** Restores the profile's latencies and the Retry-After the emulator started with. */
    reset(): void {
        this.#latencies = { ...this.profile.latencies };
        this.#retryAfterSeconds = this.#initialRetryAfterSeconds;
    }

    /** Real milliseconds until an operation of this kind commits. */
    delayMs(kind: OperationKind): number {
        return this.#latencies[kind] / this.timeScale;
    }

    /** Real milliseconds until the data path follows a rule's new pool: `emulatedMs` when given, else the profile's figure. */
    dataPathDelayMs(emulatedMs?: number): number {
        return (emulatedMs ?? this.profile.dataPathDelayMs) / this.timeScale;
    }

    /** The `Retry-After` value to advertise, in whole seconds, scaled. */
    get retryAfterSeconds(): number {
        return Math.round(this.#retryAfterSeconds / this.timeScale);
    }

    /** Sets the unscaled `Retry-After` seconds. */
    setRetryAfterSeconds(seconds: number): void {
        if (!Number.isInteger(seconds) || seconds < 0) {
            throw new Error(`retryAfterSeconds must be a whole number >= 0; got ${seconds}.`);
        }
        this.#retryAfterSeconds = seconds;
    }
}
