import type { SwapFigures } from "./swapFigures";
import type { SwapMethod } from "./swapRun";
import { median } from "./median";
import { formatRatio, ratio } from "./methodComparison";
import { formatColumns } from "./swapReportTable";
import { formatEmulatedSeconds } from "./emulatedTime";

/** One method's part of the three-way comparison. */
export interface TopologyFigures {
    readonly method: SwapMethod;
    readonly swaps: readonly SwapFigures[];
    /** Medians over the swaps, wall ms (failed: counts). */
    readonly median: {
        readonly freshFailed: number;
        readonly keepAliveFailed: number;
        readonly freshLongestGapMs: number;
        readonly keepAliveLongestGapMs: number;
        readonly totalMs: number;
    };
}

/** Naive, floating IP and shared side by side, with the ratios to the floating IP (engine) and issue 13's goals. */
export interface TopologyComparison {
    readonly methods: readonly TopologyFigures[];
    /** The floor: one load balancer update, wall ms. */
    readonly floorMs: number;
    /** Each goal the shared load balancer missed, in words; empty when it met them. */
    readonly missedGoals: readonly string[];
}

/** A method's names in the report. */
const label: Readonly<Record<SwapMethod, string>> = { naive: "naive 2017 sequence", engine: "floating IP (paired)", shared: "shared load balancer" };

/**
 * Gathers every method's figures and checks the shared load balancer's goals (issue 13): no failed production request
 * on fresh connections in any swap, and each swap's total time at most one load balancer update plus `slackMs`.
 */
export function compareTopologies(methods: readonly { method: SwapMethod; figures: readonly SwapFigures[] }[], floorMs: number, slackMs: number): TopologyComparison {
    const figures = methods.map(({ method, figures: swaps }) => ({
        method,
        swaps,
        median: {
            freshFailed: median(swaps.map((s) => s.fresh.failed)),
            keepAliveFailed: median(swaps.map((s) => s.keepAlive.failed)),
            freshLongestGapMs: median(swaps.map((s) => s.fresh.longestGapMs)),
            keepAliveLongestGapMs: median(swaps.map((s) => s.keepAlive.longestGapMs)),
            totalMs: median(swaps.map((s) => s.totalMs)),
        },
    }));
    const missedGoals: string[] = [];
    for (const swap of figures.find((m) => m.method === "shared")?.swaps ?? []) {
        if (swap.fresh.failed > 0) missedGoals.push(`shared: the swap ${swap.from} -> ${swap.to} failed ${swap.fresh.failed} production request(s) on fresh connections (goal: 0)`);
        if (swap.totalMs > floorMs + slackMs) missedGoals.push(`shared: the swap ${swap.from} -> ${swap.to} took longer than one load balancer update + 1 s`);
    }
    return { methods: figures, floorMs, missedGoals };
}

/** The comparison as tables in emulated seconds: per swap, then the medians with the ratios to the floating IP. */
export function formatTopologyComparison(comparison: TopologyComparison, timeScale: number): string {
    const s = (ms: number): string => formatEmulatedSeconds(ms, timeScale);
    const perSwap: string[][] = [["production, per swap", "failed fresh", "failed keep-alive", "longest gap fresh", "longest gap keep-alive", "total swap time"]];
    for (const m of comparison.methods) {
        for (const swap of m.swaps) {
            perSwap.push([
                `${label[m.method]}: ${swap.from} -> ${swap.to}`,
                `${swap.fresh.failed} / ${swap.fresh.sent}`,
                `${swap.keepAlive.failed} / ${swap.keepAlive.sent}`,
                s(swap.fresh.longestGapMs),
                s(swap.keepAlive.longestGapMs),
                s(swap.totalMs),
            ]);
        }
    }
    const float = comparison.methods.find((m) => m.method === "engine")?.median;
    const medians: string[][] = [["median over the swaps", "failed fresh", "longest gap fresh", "longest gap keep-alive", "total swap time", "gap / float", "total / float"]];
    for (const m of comparison.methods) {
        medians.push([
            label[m.method],
            String(m.median.freshFailed),
            s(m.median.freshLongestGapMs),
            s(m.median.keepAliveLongestGapMs),
            s(m.median.totalMs),
            float ? formatRatio(ratio(m.median.freshLongestGapMs, float.freshLongestGapMs)) : "n/a",
            float ? formatRatio(ratio(m.median.totalMs, float.totalMs)) : "n/a",
        ]);
    }
    const goal = `goal for the shared load balancer: 0 failed on fresh connections, total <= one LB update + 1 s = ${s(comparison.floorMs)} + 1.00 s`;
    return [
        "The three methods side by side (production's clients; fresh connections and keep-alive ones):",
        ...formatColumns(perSwap).map((l) => `  ${l}`),
        "",
        ...formatColumns(medians).map((l) => `  ${l}`),
        `  ${goal}: ${comparison.missedGoals.length === 0 ? "met" : "MISSED"}`,
    ].join("\n");
}
