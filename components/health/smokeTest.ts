import type { SmokeTestPlan } from "./healthGateSettings";
import { type HttpObservation, probeHttp } from "./httpProbe";
import { abortableDelay } from "../azure/abortableDelay";
import { backoffDelays } from "./retryBackoff";

/** Every attempt of a smoke test and the verdict. */
export interface SmokeTestResult {
    /** True when one attempt got the expected answer. */
    readonly passed: boolean;
    /** Every attempt in order; the last one decides. */
    readonly attempts: readonly HttpObservation[];
}

/** Options for {@link runSmokeTest}. */
export interface SmokeTestOptions {
    /** Stops the test (and the swap that waits for it). */
    readonly abortSignal?: AbortSignal;
    /** Told about each failed attempt before the wait, for progress output. */
    readonly onAttempt?: (observation: HttpObservation, attempt: number, of: number) => void;
}

/**
 * Requests the staging address until it answers as expected or the retries run out, waiting with exponential backoff
 * between attempts (an application behind a freshly scaled set may need a few seconds to warm up).
 */
export async function runSmokeTest(plan: SmokeTestPlan, options: SmokeTestOptions = {}): Promise<SmokeTestResult> {
    const delays = backoffDelays(plan.retries, plan.initialBackoffMs, plan.maxBackoffMs);
    const attempts: HttpObservation[] = [];
    for (let attempt = 0; ; attempt++) {
        const observation = await probeHttp(plan, options.abortSignal);
        attempts.push(observation);
        options.onAttempt?.(observation, attempt + 1, delays.length + 1);
        if (observation.ok) return { passed: true, attempts };
        if (attempt >= delays.length) return { passed: false, attempts };
        await abortableDelay(delays[attempt], options.abortSignal);
    }
}
