import type { TransportFailureKind } from "../azure/transportError";
import type { SwapClaim } from "./swapClaim";

/**
 * The engine's own error codes. Errors that Azure answered carry Azure's code instead (for example
 * `PreconditionFailed` for a concurrent writer, `PublicIPAddressInUse`, `AuthorizationFailed`).
 */
export type SwapErrorCode =
    /** A bad request or a pair that cannot be swapped (missing resource, wrong SKU, regions differ, ...). */
    | "ValidationFailed"
    /** What Azure has is a state from which no step is known to be safe. */
    | "UnknownState"
    /** The `beforeFirstWrite` hook (a health gate) refused the swap. */
    | "RefusedBeforeFirstWrite"
    /** An accepted write did not take effect, and Azure gave no error code for it. */
    | "OperationFailed"
    /** A step took effect and was undone by another writer more often than `maxRetries`. */
    | "ConcurrentChange"
    /** The swap took more steps than any swap needs: something keeps undoing it. */
    | "NotConverging"
    /** Another swap (another owner, recently) holds the pair: its floating IP's tags say who, when and towards what. */
    | "AnotherSwapInProgress"
    | "Timeout"
    | "Aborted"
    /** No answer from Azure at all: a transport failure (components/azure/transportError.ts names each kind). */
    | TransportFailureKind;

/** What a `SwapError` says about the swap. */
export interface SwapErrorDetails {
    /** Azure's error code, or one of `SwapErrorCode`. */
    readonly code: SwapErrorCode | string;
    /** The HTTP status when Azure answered one. */
    readonly statusCode?: number;
    /** What the engine last saw Azure have, e.g. "blue -> floating, green -> staging, floating IP present". */
    readonly stateLeftBehind: string;
    /** False when nothing at all was written: validation and refusals before the first write. */
    readonly wroteAnything: boolean;
    /** The individual problems, for `ValidationFailed`. */
    readonly problems?: readonly string[];
    /** For `AnotherSwapInProgress`: the other swap's claim. */
    readonly otherSwap?: SwapClaim;
    /** For a transport failure: Node's error code (`ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`, ...). */
    readonly transportCode?: string;
    /** For `UnknownState`: the method's refusal code (e.g. `SameAddressOnBothLoadBalancers`, `SamePoolOnBothFrontends`). */
    readonly refusal?: string;
    /** The error this one wraps (an SDK `RestError`, a hook's error). */
    readonly cause?: unknown;
}

/**
 * Why a swap stopped. The message says what was found and what to do; `stateLeftBehind` says where Azure is, and
 * a rerun (towards either colour) starts from there.
 */
export class SwapError extends Error {
    readonly code: SwapErrorCode | string;
    readonly statusCode?: number;
    readonly stateLeftBehind: string;
    readonly wroteAnything: boolean;
    readonly problems?: readonly string[];
    readonly otherSwap?: SwapClaim;
    readonly transportCode?: string;
    readonly refusal?: string;

    /** @param message what was found and what to do */
    constructor(message: string, details: SwapErrorDetails) {
        super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
        this.name = "SwapError";
        this.code = details.code;
        this.statusCode = details.statusCode;
        this.stateLeftBehind = details.stateLeftBehind;
        this.wroteAnything = details.wroteAnything;
        this.problems = details.problems;
        this.otherSwap = details.otherSwap;
        this.transportCode = details.transportCode;
        if (details.refusal !== undefined) this.refusal = details.refusal;
    }
}
