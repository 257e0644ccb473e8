import type { Colour } from "../components/colour";
import type { SwapMethod, SwapRun, SwapStepEvent } from "./swapRun";

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
    swap(desired: Colour, hooks: SwapDriverHooks): Promise<SwapRun>;
}
