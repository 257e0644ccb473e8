import type { Colour } from "../colour";
import type { SwapStep } from "./floatingIp/swapDecision";
import type { PoolSwitchStep } from "./sharedLoadBalancer/poolSwitchDecision";
import type { SwapTargetKind } from "./swapTarget";

/** A step of either method: the floating IP's create, attach and delete, or the pool switch. */
export type AnySwapStep = SwapStep | PoolSwitchStep;

/** One write of a swap, from the moment it was sent until the swap saw it commit. */
export interface SwapStepRecord {
    readonly step: AnySwapStep;
    /** e.g. "green <- production", "production -> green pool, staging -> blue pool". */
    readonly description: string;
    /** ISO time the write was sent. */
    readonly startedAt: string;
    /** ISO time the swap saw it committed (the next observation that did not have to wait). */
    readonly endedAt: string;
    readonly durationMs: number;
}

/** What a swap did, returned by `reconcileSwap` and printed as progress while it ran. */
export interface SwapReport {
    /** The method that swapped: the target's topology. */
    readonly kind: SwapTargetKind;
    /** The colour that was live when the swap started, or undefined when it started in between. */
    readonly from?: Colour;
    readonly to: Colour;
    /** True when `to` was already live and nothing was written. */
    readonly alreadyLive: boolean;
    readonly steps: readonly SwapStepRecord[];
    /**
     * How long the production address reached no backend pool, as the control plane showed it (floating IP: referenced
     * by neither load balancer; pool switch: always 0 in a known state): from the first observation without it to the
     * first with it again (so it includes polling lag).
     */
    readonly productionUnattachedMs: number;
    /** The same for the staging address. */
    readonly stagingUnattachedMs: number;
    /** From the start of `reconcileSwap` to the end. */
    readonly totalMs: number;
    /** Every retry: of single requests (429, RetryableError*, 5xx, resets) and of steps whose operation was canceled. */
    readonly retries: number;
    readonly startedAt: string;
    readonly endedAt: string;
    /** The production and staging `ipAddress` values at the end (they never change while the addresses exist). */
    readonly productionIpAddress?: string;
    readonly stagingIpAddress?: string;
}

/**
 * Sums the time an address was unattached from a series of observations: an interval opens at the first
 * observation that shows it unattached and closes at the first that shows it attached again.
 */
export class UnattachedClock {
    #since: number | undefined;
    #totalMs = 0;

    /** Records one observation made at `at` (epoch ms). */
    sample(attached: boolean, at: number): void {
        if (!attached && this.#since === undefined) this.#since = at;
        if (attached && this.#since !== undefined) {
            this.#totalMs += at - this.#since;
            this.#since = undefined;
        }
    }

    /** The total so far, counting an open interval up to `now`. */
    totalMs(now: number): number {
        return this.#totalMs + (this.#since !== undefined ? now - this.#since : 0);
    }
}
