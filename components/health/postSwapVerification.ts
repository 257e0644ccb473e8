import type { VerificationPlan } from "./healthGateSettings";
import { type HttpObservation, probeHttp } from "./httpProbe";
import { abortableDelay } from "../azure/abortableDelay";

/** Every attempt of a post-swap verification and the verdict. */
export interface VerificationResult {
    /** True when the production address answered as expected before the deadline. */
    readonly passed: boolean;
    /** Every attempt in order; the last one is what production answered when the deadline passed. */
    readonly attempts: readonly HttpObservation[];
    /** How long the verification ran, in ms. */
    readonly elapsedMs: number;
    /** The deadline it had, in ms. */
    readonly deadlineMs: number;
}

/** Options for {@link verifyAfterSwap}. */
export interface VerificationOptions {
    /** Stops the verification. */
    readonly abortSignal?: AbortSignal;
    /** Told about each attempt, for progress output. */
    readonly onAttempt?: (observation: HttpObservation) => void;
}

/**
 * Requests the production address until it answers as expected (e.g. a body with the new version label) or the
 * deadline passes. Attempts are spaced by `intervalMs` and start before the deadline; each keeps its full `timeoutMs`
 * (a request cut short would only report a meaningless timeout), so the last one may end up to `timeoutMs` after the
 * deadline. There is always at least one attempt.
 */
export async function verifyAfterSwap(plan: VerificationPlan, options: VerificationOptions = {}): Promise<VerificationResult> {
    const started = Date.now();
    const deadline = started + plan.deadlineMs;
    const attempts: HttpObservation[] = [];
    for (;;) {
        const observation = await probeHttp(plan, options.abortSignal);
        attempts.push(observation);
        options.onAttempt?.(observation);
        if (observation.ok) return { passed: true, attempts, elapsedMs: Date.now() - started, deadlineMs: plan.deadlineMs };
        // Another attempt only if it can start before the deadline.
        if (Date.now() + plan.intervalMs >= deadline) return { passed: false, attempts, elapsedMs: Date.now() - started, deadlineMs: plan.deadlineMs };
        await abortableDelay(plan.intervalMs, options.abortSignal);
    }
}
