import cliProgress from "cli-progress";
import type { SwapProgressEvent } from "../components/swap/swapEngine";

/**
 * Progress of `vipswap swap` on stderr: a cli-progress bar in a terminal, plain lines otherwise (pipes, CI logs).
 * stdout stays free for the result (`--json`).
 */
export interface SwapProgress {
    /** One progress event from the engine; `line` is its text, already scrubbed of secrets. */
    report(event: SwapProgressEvent, line: string): void;
    /** Ends the display; safe to call twice. */
    stop(): void;
}

/** docs/design.md's swap has five steps (floating IP created, three moves, floating IP deleted). */
const expectedSteps = 5;

/** Plain lines with the elapsed time, one per event. */
export class LineProgress implements SwapProgress {
    readonly #started = Date.now();
    constructor(private readonly write: (text: string) => void) {}

    report(_event: SwapProgressEvent, line: string): void {
        this.write(`[${((Date.now() - this.#started) / 1000).toFixed(2).padStart(7)} s] ${line}\n`);
    }
    stop(): void {}
}

/** A bar of the swap's steps; the events scroll above it. */
export class TerminalProgress implements SwapProgress {
    readonly #bar: cliProgress.SingleBar;
    readonly #stream: NodeJS.WriteStream;
    #done = 0;
    #stopped = false;

    constructor(stream: NodeJS.WriteStream) {
        this.#stream = stream;
        this.#bar = new cliProgress.SingleBar(
            { stream, hideCursor: true, clearOnComplete: true, gracefulExit: false, format: " swap [{bar}] {value}/{total} {step}" },
            cliProgress.Presets.shades_classic,
        );
        this.#bar.start(expectedSteps, 0, { step: "reading the load balancers" });
    }

    report(event: SwapProgressEvent, line: string): void {
        if (this.#stopped) return;
        if (event.type === "stepFinished") this.#done = Math.min(this.#done + 1, expectedSteps);
        // cli-progress has no log on a SingleBar: clear the line, print the event, redraw the bar under it.
        this.#stream.write(`\r\x1b[K${line}\n`);
        this.#bar.update(this.#done, { step: event.type === "stepStarted" ? event.description : "" });
    }
    stop(): void {
        if (this.#stopped) return;
        this.#stopped = true;
        this.#bar.stop();
    }
}

/** A bar when `stream` is a terminal, plain lines otherwise. */
export function createSwapProgress(stream: NodeJS.WriteStream): SwapProgress {
    return stream.isTTY ? new TerminalProgress(stream) : new LineProgress((text) => stream.write(text));
}
