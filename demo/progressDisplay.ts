import cliProgress from "cli-progress";
import { formatEmulatedSeconds, toWallMs } from "./emulatedTime";
import type { SwapMethod, SwapStepEvent } from "./swapRun";
import { addressRoles, type AddressRole } from "./trafficSample";
import type { AddressCounts, TrafficChange } from "./trafficWatch";

/** Where the demo reports what happens while it runs. */
export interface ProgressDisplay {
    /** A line of narration ("creating the blue/green pair"). */
    note(text: string, atMs?: number): void;
    /** A swap begins; `expectedSteps` sizes the progress bar. */
    swapStarted(label: string, method: SwapMethod, expectedSteps: number, atMs: number): void;
    /** A swap step started or ended. */
    step(event: SwapStepEvent): void;
    /** The clients of an address started seeing something else. */
    trafficChanged(change: TrafficChange): void;
    /** The running counts of an address (a TTY display shows them live; plain lines ignore them). */
    trafficCounts(role: AddressRole, counts: AddressCounts): void;
    /** Ends the display (restores the cursor in a terminal). Safe to call twice. */
    stop(): void;
}

/** `[  12.34 s] ` — the demo clock in emulated seconds, as every progress line starts. */
export function clockPrefix(atMs: number, timeScale: number): string {
    return `[${formatEmulatedSeconds(atMs, timeScale).padStart(9)}] `;
}

/** The plain line for a step event. */
export function formatStepEvent(event: SwapStepEvent, timeScale: number): string {
    return event.kind === "started"
        ? `${clockPrefix(event.atMs, timeScale)}${event.method}: ${event.step} ...`
        : `${clockPrefix(event.atMs, timeScale)}${event.method}: ${event.step} done in ${formatEmulatedSeconds(event.durationMs ?? 0, timeScale)}`;
}

/** From how long (emulated) between a request's sending and its answer a traffic line gives the sending time too. */
const noticeableDelayMs = 100;

/**
 * The plain line for a traffic change. It is stamped with when the change was seen (the answer came back), as engine
 * lines are stamped when the engine saw its step, so the log's times never go backwards; when the first request that
 * showed the change was sent noticeably earlier (a timeout, a slow answer), the line says so.
 */
export function formatTrafficChange(change: TrafficChange, timeScale: number): string {
    const what = change.to === "failing" ? `failing${change.error ? ` (${change.error})` : ""}` : `answered by ${change.to}`;
    const late = change.seenAtMs - change.atMs >= toWallMs(noticeableDelayMs, timeScale);
    const since = late ? `, first in a request sent at ${formatEmulatedSeconds(change.atMs, timeScale)}` : "";
    return `${clockPrefix(change.seenAtMs, timeScale)}traffic: ${change.role} ${what}${since}`;
}

/** Plain lines, one per event: for pipes, logs and CI. */
export class LineProgressDisplay implements ProgressDisplay {
    constructor(
        private readonly write: (line: string) => void,
        private readonly timeScale: number,
    ) {}

    note(text: string, atMs?: number): void {
        this.write(atMs === undefined ? text : `${clockPrefix(atMs, this.timeScale)}${text}`);
    }
    swapStarted(label: string, _method: SwapMethod, _expectedSteps: number, atMs: number): void {
        this.write(`${clockPrefix(atMs, this.timeScale)}${label}`);
    }
    step(event: SwapStepEvent): void {
        this.write(formatStepEvent(event, this.timeScale));
    }
    trafficChanged(change: TrafficChange): void {
        this.write(formatTrafficChange(change, this.timeScale));
    }
    trafficCounts(): void {
        // Plain output reports changes only; counts would be a line per request.
    }
    stop(): void {}
}

/**
 * A live terminal display (cli-progress): a bar of the current swap's steps, and one line per address with
 * what answers it and how many requests failed; events scroll above it as lines.
 */
export class TerminalProgressDisplay implements ProgressDisplay {
    readonly #multibar: cliProgress.MultiBar;
    readonly #swapBar: cliProgress.SingleBar;
    readonly #trafficBars = new Map<AddressRole, cliProgress.SingleBar>();
    #stepsDone = 0;
    #stopped = false;

    constructor(
        stream: NodeJS.WriteStream,
        private readonly timeScale: number,
    ) {
        this.#multibar = new cliProgress.MultiBar(
            { stream, hideCursor: true, clearOnComplete: false, gracefulExit: false, format: " {label} [{bar}] {value}/{total} {step}" },
            cliProgress.Presets.shades_classic,
        );
        this.#swapBar = this.#multibar.create(1, 0, { label: "swap      ", step: "waiting" });
        for (const role of addressRoles) {
            this.#trafficBars.set(
                role,
                this.#multibar.create(1, 0, { label: role.padEnd(10), state: "waiting", sent: 0, failed: 0 }, {
                    format: " {label} {state}  sent {sent}  failed {failed}",
                }),
            );
        }
    }

    note(text: string, atMs?: number): void {
        this.#log(atMs === undefined ? text : `${clockPrefix(atMs, this.timeScale)}${text}`);
    }
    swapStarted(label: string, _method: SwapMethod, expectedSteps: number, atMs: number): void {
        this.#stepsDone = 0;
        this.#swapBar.setTotal(expectedSteps);
        this.#swapBar.update(0, { step: label });
        this.#log(`${clockPrefix(atMs, this.timeScale)}${label}`);
    }
    step(event: SwapStepEvent): void {
        if (event.kind === "ended") this.#stepsDone += 1;
        this.#swapBar.update(this.#stepsDone, { step: event.kind === "started" ? event.step : `${event.step} (done)` });
        this.#log(formatStepEvent(event, this.timeScale));
    }
    trafficChanged(change: TrafficChange): void {
        this.#log(formatTrafficChange(change, this.timeScale));
    }
    trafficCounts(role: AddressRole, counts: AddressCounts): void {
        this.#trafficBars.get(role)?.update(0, { state: counts.state.padEnd(7), sent: counts.sent, failed: counts.failed });
    }
    stop(): void {
        if (this.#stopped) return;
        this.#stopped = true;
        // cli-progress writes logged lines only when it redraws, and stop() does not redraw them: flush first, or
        // the last events would be lost.
        this.#multibar.update();
        this.#multibar.stop();
    }

    #log(line: string): void {
        if (!this.#stopped) this.#multibar.log(`${line}\n`);
    }
}

/** A terminal display when `stream` is a TTY, plain lines otherwise. */
export function createProgressDisplay(stream: NodeJS.WritableStream & { readonly isTTY?: boolean }, timeScale: number): ProgressDisplay {
    return stream.isTTY
        ? new TerminalProgressDisplay(stream as NodeJS.WriteStream, timeScale)
        : new LineProgressDisplay((line) => stream.write(`${line}\n`), timeScale);
}
