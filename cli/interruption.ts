/**
 * Ctrl-C (SIGINT) and a cancelled CI job (SIGTERM) during `vipswap swap`: the swap stops between requests, says
 * what it left, and the command exits 128 + the signal's number (130, 143), as a shell reports a command that a
 * signal ended, and as `npx` itself exits on Ctrl-C. A second signal kills at once (Node's default, once the
 * listener is gone). A rerun finishes or undoes what was left.
 */

/** The exit codes, 128 + the signal's number. */
export const interruptExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

/** The signals that stop a swap. */
export type InterruptSignal = keyof typeof interruptExitCodes;

/** Thrown once the interrupted swap has stopped; `cli/vipswap.ts` prints it and exits with `exitCode`. */
export class InterruptedError extends Error {
    readonly exitCode: number;
    constructor(
        message: string,
        readonly signal: InterruptSignal,
    ) {
        super(message);
        this.name = "InterruptedError";
        this.exitCode = interruptExitCodes[signal];
    }
}

/** Listens for the stop signals while a swap runs. */
export interface Interruption {
    /** Aborts when the first signal comes. */
    readonly signal: AbortSignal;
    /** The signal that came, if one did. */
    received(): InterruptSignal | undefined;
    /** Stops listening (call it once the swap has ended, either way). */
    dispose(): void;
}

/** Starts listening on `processLike` (the process by default). */
export function listenForInterrupts(processLike: NodeJS.EventEmitter = process): Interruption {
    const abort = new AbortController();
    let received: InterruptSignal | undefined;
    const handlers = (Object.keys(interruptExitCodes) as InterruptSignal[]).map((name) => {
        const handler = () => {
            received ??= name;
            dispose();
            abort.abort();
        };
        processLike.once(name, handler);
        return [name, handler] as const;
    });
    const dispose = () => handlers.forEach(([name, handler]) => processLike.off(name, handler));
    return { signal: abort.signal, received: () => received, dispose };
}
