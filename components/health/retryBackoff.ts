/**
 * The waits between the attempts of an HTTP check: exponential backoff (doubling) with a ceiling, the usual shape for
 * an application that is still warming up. Pure, so that the schedule is tested without waiting.
 *
 * @param retries how many times to try again after the first attempt
 * @param initialMs the wait before the first retry
 * @param maxMs the longest wait
 * @returns one wait per retry, in ms
 */
export function backoffDelays(retries: number, initialMs: number, maxMs: number): number[] {
    const delays: number[] = [];
    for (let retry = 0; retry < retries; retry++) {
        delays.push(Math.min(maxMs, initialMs * 2 ** retry));
    }
    return delays;
}
