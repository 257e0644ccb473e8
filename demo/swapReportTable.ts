import { formatEmulatedSeconds } from "./emulatedTime";
import type { SwapOutcome } from "./swapOutcome";
import type { TrafficWindow } from "./trafficWindow";

/**
 * Formats the end-of-demo table of one swap: each address's window as the clients saw it (first failed to first
 * successful request, failed requests) beside the control plane's unattached time, then the swap's total time
 * and the floor (one load balancer update). All durations in emulated seconds.
 */
export function formatSwapTable(index: number, outcome: SwapOutcome, floorWallMs: number, timeScale: number): string {
    const { run, windows } = outcome;
    const s = (ms: number): string => formatEmulatedSeconds(ms, timeScale);
    const status = outcome.problems.length === 0 ? "ok" : "FAILED";
    const rows: string[][] = [
        // The naive sequence does not observe the addresses between its steps, so its control-plane figure is the
        // 2017 script's own "Downtime": from starting the update that releases the address to the one that
        // re-attaches it finishing (docs/azure-behaviour.md §7).
        ["", "clients: window", "failed / sent", run.method === "naive" ? "control plane: script's downtime" : "control plane: unattached"],
        ["production", windowText(windows.production, s), countText(windows.production), s(run.productionUnattachedMs)],
        ["staging", windowText(windows.staging, s), countText(windows.staging), s(run.stagingUnattachedMs)],
        ["total swap time", "", "", s(run.endMs - run.startMs)],
        ["requests retried", "", "", String(run.retries)],
        ["floor (one LB update)", "", "", s(floorWallMs)],
    ];
    const lines = [`Swap ${index} (${run.method}): ${run.from} -> ${run.to}: ${status}`, ...formatColumns(rows).map((l) => `  ${l}`)];
    for (const problem of outcome.problems) lines.push(`  ! ${problem}`);
    return lines.join("\n");
}

function windowText(window: TrafficWindow, s: (ms: number) => string): string {
    if (window.failedCount === 0) return "none";
    return window.recovered ? s(window.windowMs) : `>= ${s(window.windowMs)} (not recovered)`;
}

function countText(window: TrafficWindow): string {
    return `${window.failedCount} / ${window.requestCount}`;
}

/** Lays out rows as aligned columns: the first left-aligned, the rest right-aligned, separated by `  |  `. */
export function formatColumns(rows: readonly (readonly string[])[]): string[] {
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
    return rows.map((row) =>
        row
            .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column])))
            .join("  |  ")
            .trimEnd(),
    );
}
