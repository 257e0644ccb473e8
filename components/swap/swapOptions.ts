import type { Colour } from "../colour";
import type { BeforeFirstWrite } from "./swapMethod";
import type { AnySwapStep, SwapReport } from "./swapReport";

/** Options for `reconcileSwap`. */
export interface SwapOptions {
    /** How often the swap re-reads the resources while a write commits (default 500 ms; the SDK would wait 10 s). */
    pollIntervalMs?: number;
    /** Overall deadline for the swap, in ms (default: none). */
    timeoutMs?: number;
    /** Stops the swap; the state left behind is in the error, and a rerun heals it. */
    abortSignal?: AbortSignal;
    /** Retries per request, and per step whose operation Azure canceled (default 5). */
    maxRetries?: number;
    /** Told of every step's start and end, of retries and of the end. */
    onProgress?: (event: SwapProgressEvent) => void;
    /**
     * Called once, after validation, before the first write, with the state's view and the rules the gate must read;
     * throw to refuse the swap with nothing written (health gates). `hook.abortSignal` fires on the caller's abort AND on the swap's `timeoutMs`: a hook that waits on
     * Azure (the rule-health operation) must pass it on, so the swap's deadline also bounds the gate.
     */
    beforeFirstWrite?: (before: BeforeFirstWrite, hook: { readonly abortSignal: AbortSignal }) => Promise<void>;
    /**
     * Who runs this swap: a non-secret label that the floating-IP method writes on the floating IP (default
     * `user@host`). A swap that finds the target claimed by another owner, less than `staleClaimMs` ago, stops with
     * `AnotherSwapInProgress`. The pool switch creates nothing to write a claim on.
     */
    owner?: string;
    /** How long another owner's claim holds (default 15 minutes). */
    staleClaimMs?: number;
    /** Go on even though another owner's swap claims the target (it was killed). Writes still carry `If-Match`. */
    takeOver?: boolean;
}

/** Fields that every progress event has. */
interface ProgressBase {
    /** ISO time of the event. */
    readonly at: string;
    /** ms since the swap started. */
    readonly elapsedMs: number;
    /** One human line, e.g. "step 2 started: blue <- floating (blue takes the floating IP so that production is freed.)". */
    readonly message: string;
}

/** What a running swap reports. */
export type SwapProgressEvent =
    /** The first observation: where Azure is and where the swap goes. */
    | (ProgressBase & { readonly type: "started"; readonly from?: Colour; readonly to: Colour; readonly state: string })
    /** A write was sent. */
    | (ProgressBase & { readonly type: "stepStarted"; readonly step: AnySwapStep; readonly description: string; readonly reason: string })
    /** The swap saw that write commit. */
    | (ProgressBase & { readonly type: "stepFinished"; readonly step: AnySwapStep; readonly description: string; readonly durationMs: number })
    /** A request (or a canceled step) is retried. */
    | (ProgressBase & { readonly type: "retry"; readonly operation: string; readonly reason: string; readonly attempt: number; readonly delayMs: number })
    /** The desired colour is live. */
    | (ProgressBase & { readonly type: "done"; readonly report: SwapReport });
