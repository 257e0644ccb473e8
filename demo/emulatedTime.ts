/**
 * The demo runs the emulator compressed by a time scale: with `timeScale` 20, an operation that takes 10 s in
 * the realistic profile takes 0.5 s of wall time. Everything the demo measures is wall time; everything it shows
 * is converted back to emulated (Azure) seconds, so figures read the same whatever the scale. One place does
 * the conversion so that no figure is shown in the wrong unit.
 */

/** Wall milliseconds -> emulated milliseconds. */
export function toEmulatedMs(wallMs: number, timeScale: number): number {
    return wallMs * timeScale;
}

/** Emulated milliseconds -> wall milliseconds (for timers: poll intervals, request rates). */
export function toWallMs(emulatedMs: number, timeScale: number): number {
    return emulatedMs / timeScale;
}

/** A wall duration shown in emulated seconds, two decimals: `1.25 s`. */
export function formatEmulatedSeconds(wallMs: number, timeScale: number): string {
    return `${(toEmulatedMs(wallMs, timeScale) / 1000).toFixed(2)} s`;
}
