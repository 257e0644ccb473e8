import type { Colour } from "../components/colour";

/**
 * How a swap is carried out: vipswap's reconciling engine on two load balancers (the floating-IP method), the 2017
 * float-IP script's fixed sequence, or vipswap's engine on one shared load balancer (the pool switch).
 */
export type SwapMethod = "engine" | "naive" | "shared";

/** The methods `--method` takes (the paired topology's). */
export const swapMethods: readonly SwapMethod[] = ["engine", "naive"];

/** Every method, in the order `--compare` runs them: naive, floating IP (engine), shared. */
export const comparedMethods: readonly SwapMethod[] = ["naive", "engine", "shared"];

/** One step of a swap as the control plane saw it. Times are wall ms on the demo's clock (traffic start = 0). */
export interface SwapRunStep {
    /** What the step did, e.g. `blue <- floating`. */
    readonly name: string;
    readonly startMs: number;
    readonly endMs: number;
}

/**
 * What the demo keeps of one swap, whichever method ran it: the control plane's own account, on the same
 * clock as the traffic samples so the two can be put side by side.
 */
export interface SwapRun {
    readonly method: SwapMethod;
    /** The colour live before the swap. */
    readonly from: Colour;
    /** The colour asked for. */
    readonly to: Colour;
    readonly startMs: number;
    readonly endMs: number;
    readonly steps: readonly SwapRunStep[];
    /**
     * How long the production address was attached to no load balancer, as the control plane saw it. For the naive
     * sequence, which does not look between its steps, the 2017 script's own "Downtime" (docs/azure-behaviour.md §7).
     */
    readonly productionUnattachedMs: number;
    /** The same for the staging address. */
    readonly stagingUnattachedMs: number;
    /** Requests that were retried (throttling, retryable errors). */
    readonly retries: number;
    /** Why the swap failed; absent when it succeeded. */
    readonly error?: string;
}

/** A step starting or ending, as the live progress display receives it. */
export interface SwapStepEvent {
    readonly kind: "started" | "ended";
    readonly method: SwapMethod;
    readonly step: string;
    /** On the demo's clock. */
    readonly atMs: number;
    /** For `ended`: how long the step took. */
    readonly durationMs?: number;
}
