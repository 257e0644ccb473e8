import type { Colour } from "../components/colour";
import type { SwapMethod, SwapRun, SwapStepEvent } from "./swapRun";
import type { AddressRole } from "./trafficSample";

/** What a driver gets for one swap. */
export interface SwapDriverHooks {
    /** The demo clock (wall ms). */
    readonly clock: () => number;
    /** Called as each step starts and ends. */
    readonly onStep: (event: SwapStepEvent) => void;
    readonly abortSignal: AbortSignal;
}

/** Carries out one swap towards `desired` by one method and returns its run; throws when the swap fails. */
export interface SwapDriver {
    readonly method: SwapMethod;
    /** How many steps a full swap takes (sizes the progress bar). */
    readonly expectedSteps: number;
    /** How long after a swap the old colour may still answer (the data path following a pool switch), wall ms. */
    readonly dataPathLagMs?: number;
    /** The data-plane URLs its traffic goes to, when its pair is not the environment's paired one (the shared pair). */
    readonly dataPlaneUrls?: Readonly<Record<AddressRole, string>>;
    swap(desired: Colour, hooks: SwapDriverHooks): Promise<SwapRun>;
}
