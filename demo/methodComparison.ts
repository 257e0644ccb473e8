import { formatEmulatedSeconds } from "./emulatedTime";
import { median } from "./median";
import type { SwapOutcome } from "./swapOutcome";
import { formatColumns } from "./swapReportTable";

/** The medians of one method's swaps, in wall ms. */
export interface MethodFigures {
    /** Client-side production window (first failed to first successful request). */
    readonly productionWindowMs: number;
    /** Control-plane production unattached time. */
    readonly productionUnattachedMs: number;
    /** Total swap time. */
    readonly totalMs: number;
}

/** Engine versus naive: each method's medians and the ratios engine / naive (lower is better for the engine). */
export interface MethodComparison {
    readonly engine: MethodFigures;
    readonly naive: MethodFigures;
    readonly productionWindowRatio: number;
    readonly totalRatio: number;
}

/** The medians of a method's swaps. */
export function methodFigures(outcomes: readonly SwapOutcome[]): MethodFigures {
    return {
        productionWindowMs: median(outcomes.map((o) => o.windows.production.windowMs)),
        productionUnattachedMs: median(outcomes.map((o) => o.run.productionUnattachedMs)),
        totalMs: median(outcomes.map((o) => o.run.endMs - o.run.startMs)),
    };
}

/** Compares the engine's swaps with the naive sequence's. */
export function compareMethods(engine: readonly SwapOutcome[], naive: readonly SwapOutcome[]): MethodComparison {
    const e = methodFigures(engine);
    const n = methodFigures(naive);
    return { engine: e, naive: n, productionWindowRatio: ratio(e.productionWindowMs, n.productionWindowMs), totalRatio: ratio(e.totalMs, n.totalMs) };
}

/** Formats a comparison as a table in emulated seconds. */
export function formatComparison(comparison: MethodComparison, timeScale: number): string {
    const s = (ms: number): string => formatEmulatedSeconds(ms, timeScale);
    const { engine, naive } = comparison;
    const rows = [
        ["median over the swaps", "engine", "naive", "engine / naive"],
        ["production window (clients)", s(engine.productionWindowMs), s(naive.productionWindowMs), formatRatio(comparison.productionWindowRatio)],
        ["production out, control plane (naive: script's downtime)", s(engine.productionUnattachedMs), s(naive.productionUnattachedMs), formatRatio(ratio(engine.productionUnattachedMs, naive.productionUnattachedMs))],
        ["total swap time", s(engine.totalMs), s(naive.totalMs), formatRatio(comparison.totalRatio)],
    ];
    return ["Engine versus the naive 2017 sequence:", ...formatColumns(rows).map((l) => `  ${l}`)].join("\n");
}

/** `a / b`, NaN when `b` is 0 (no window to compare against). */
export function ratio(a: number, b: number): number {
    return b > 0 ? a / b : Number.NaN;
}

/** A ratio with two decimals, or `n/a`. */
export function formatRatio(value: number): string {
    return Number.isFinite(value) ? value.toFixed(2) : "n/a";
}
