/**
 * The latency sweep of `npm run bench:swap -- --sweep`: pure logic only (parsing the latencies, judging the goals at
 * each one, finding where "at most half the naive one" stops holding, formatting). The measuring lives in
 * latencySweepRun.ts.
 *
 * Why a sweep: how long an Azure load balancer update takes has not been measured publicly ("usually fast ... in
 * some cases 10 or more seconds", docs/azure-behaviour.md §7), and the clients' ratio engine / naive depends on it. The
 * engine's window is one update plus its polling lag (500 ms at most); the naive sequence's is one update plus the
 * lag of the SDK poller, which follows `Retry-After: 10` (docs/azure-behaviour.md §3) and so notices a release only at the
 * next multiple of 10 s. So the benchmark says at which update latencies each goal holds instead of picking one.
 */
import { formatEmulatedSeconds } from "../demo/emulatedTime";
import { formatRatio, type MethodFigures, ratio } from "../demo/methodComparison";
import { formatColumns } from "../demo/swapReportTable";
import { checkSwapGoals, type GoalCheck, type SwapGoalKey } from "./swapGoals";

/** The load balancer update latencies swept when `--sweep` is given without a list (emulated seconds). */
export const defaultSweepSeconds: readonly number[] = [2, 4, 6, 8, 12];

/** The longest latency the sweep accepts (emulated seconds): each point runs a dozen swaps of several updates. */
export const maxSweepSeconds = 60;

/** One point of the sweep as measured. */
export interface SweepMeasurement {
    /** The load balancer update latency the emulator was set to (emulated ms). */
    readonly loadBalancerUpdateMs: number;
    /** One load balancer update measured on its own at this latency (wall ms, median). */
    readonly floorMs: number;
    /** The engine's medians (wall ms). */
    readonly engine: MethodFigures;
    /** The naive 2017 sequence's medians (wall ms). */
    readonly naive: MethodFigures;
}

/** One point of the sweep with its ratios and goals. */
export interface SweepRow extends SweepMeasurement {
    /** Engine / naive, clients' production window. */
    readonly clientRatio: number;
    /** Engine / naive, control plane (the engine's unattached time against the script's own "Downtime"). */
    readonly controlPlaneRatio: number;
    readonly goals: readonly GoalCheck[];
}

/** Where one goal holds along the sweep. Latencies in emulated ms. */
export interface GoalBoundary {
    readonly key: SwapGoalKey;
    readonly heldAtMs: readonly number[];
    readonly missedAtMs: readonly number[];
    /** The largest swept latency at which the goal held, as it did at every lower one; absent when it missed at the lowest. */
    readonly holdsUpToMs?: number;
    /** The first swept latency above `holdsUpToMs` at which it missed; absent when it held everywhere. */
    readonly firstMissedMs?: number;
    /**
     * Between `holdsUpToMs` and `firstMissedMs`: where the margin (limit - measured) reaches zero, by linear
     * interpolation. An estimate from two points, not a measurement.
     */
    readonly crossoverMs?: number;
}

/**
 * Parses `--sweep`'s list: load balancer update latencies in emulated seconds, comma-separated (`2,4,8,12`).
 * Returns emulated ms, ascending. Throws an error that names the bad entry.
 */
export function parseSweepSeconds(text: string): number[] {
    const entries = text.split(",").map((e) => e.trim());
    if (entries.length === 0 || entries.some((e) => e === "")) {
        throw new Error(`needs a comma-separated list of seconds such as '2,4,8,12'; got '${text}'.`);
    }
    const seconds = entries.map((entry) => {
        const n = Number(entry);
        if (!Number.isFinite(n) || n <= 0 || n > maxSweepSeconds) {
            throw new Error(`each latency must be a number of emulated seconds above 0 and at most ${maxSweepSeconds}; got '${entry}'.`);
        }
        return n;
    });
    const duplicate = seconds.find((n, i) => seconds.indexOf(n) !== i);
    if (duplicate !== undefined) throw new Error(`the latency ${duplicate} s is listed twice; list each once.`);
    return seconds.sort((a, b) => a - b).map((n) => n * 1000);
}

/** Judges each measured point against the goals of issue 4; rows come out sorted by latency. */
export function evaluateSweep(measurements: readonly SweepMeasurement[], timeScale: number): SweepRow[] {
    return [...measurements]
        .sort((a, b) => a.loadBalancerUpdateMs - b.loadBalancerUpdateMs)
        .map((m) => ({
            ...m,
            clientRatio: ratio(m.engine.productionWindowMs, m.naive.productionWindowMs),
            controlPlaneRatio: ratio(m.engine.productionUnattachedMs, m.naive.productionUnattachedMs),
            goals: checkSwapGoals(m.engine, m.naive, m.floorMs, timeScale),
        }));
}

/** Where the goal `key` holds along the sweep (rows as {@link evaluateSweep} returns them). */
export function goalBoundary(rows: readonly SweepRow[], key: SwapGoalKey): GoalBoundary {
    const points = rows.map((row) => ({ latencyMs: row.loadBalancerUpdateMs, goal: goalOf(row, key) }));
    const heldAtMs = points.filter((p) => p.goal.holds).map((p) => p.latencyMs);
    const missedAtMs = points.filter((p) => !p.goal.holds).map((p) => p.latencyMs);
    const firstMiss = points.findIndex((p) => !p.goal.holds);
    if (firstMiss === -1) {
        return { key, heldAtMs, missedAtMs, ...(points.length > 0 ? { holdsUpToMs: points[points.length - 1].latencyMs } : {}) };
    }
    if (firstMiss === 0) return { key, heldAtMs, missedAtMs, firstMissedMs: points[0].latencyMs };
    const held = points[firstMiss - 1];
    const missed = points[firstMiss];
    const heldMargin = held.goal.limitMs - held.goal.measuredMs;
    const missedMargin = missed.goal.limitMs - missed.goal.measuredMs;
    const crossoverMs = held.latencyMs + ((missed.latencyMs - held.latencyMs) * heldMargin) / (heldMargin - missedMargin);
    return { key, heldAtMs, missedAtMs, holdsUpToMs: held.latencyMs, firstMissedMs: missed.latencyMs, crossoverMs };
}

/** One sentence on where a goal holds, for the benchmark's output. */
export function describeBoundary(boundary: GoalBoundary): string {
    const list = (ms: readonly number[]): string => ms.map(seconds).join(", ");
    if (boundary.missedAtMs.length === 0) return `holds at every swept latency (${list(boundary.heldAtMs)}).`;
    const where = [
        boundary.heldAtMs.length > 0 ? `holds at ${list(boundary.heldAtMs)}` : "",
        boundary.missedAtMs.length > 0 ? `missed at ${list(boundary.missedAtMs)}` : "",
    ]
        .filter((part) => part !== "")
        .join("; ");
    if (boundary.holdsUpToMs === undefined) return `${where}: not even at the lowest swept latency.`;
    const again = boundary.heldAtMs.filter((ms) => ms > (boundary.firstMissedMs ?? Infinity));
    const threshold =
        `holds for load balancer updates up to ${seconds(boundary.holdsUpToMs)}, not at ${seconds(boundary.firstMissedMs ?? 0)}` +
        (boundary.crossoverMs === undefined ? "" : ` (crossing near ${(boundary.crossoverMs / 1000).toFixed(1)} s by linear interpolation)`);
    return `${where}. It ${threshold}${again.length > 0 ? `; it holds again at ${list(again)}` : ""}.`;
}

/** The sweep's tables: the figures and ratios per latency, then the goals per latency. */
export function formatSweep(rows: readonly SweepRow[], timeScale: number): string[] {
    const s = (ms: number): string => formatEmulatedSeconds(ms, timeScale);
    const verdict = (row: SweepRow, key: SwapGoalKey): string => (goalOf(row, key).holds ? "holds" : "MISSED");
    const figures = formatColumns([
        ["LB update", "floor", "engine (clients)", "naive (clients)", "ratio", "engine (control plane)", "naive (script's downtime)", "ratio"],
        ...rows.map((row) => [
            seconds(row.loadBalancerUpdateMs),
            s(row.floorMs),
            s(row.engine.productionWindowMs),
            s(row.naive.productionWindowMs),
            formatRatio(row.clientRatio),
            s(row.engine.productionUnattachedMs),
            s(row.naive.productionUnattachedMs),
            formatRatio(row.controlPlaneRatio),
        ]),
    ]);
    const goals = formatColumns([
        ["LB update", "<= floor + 0.5 s", "<= half naive (clients)", "<= half naive (control plane)"],
        ...rows.map((row) => [
            seconds(row.loadBalancerUpdateMs),
            verdict(row, "nearFloor"),
            verdict(row, "halfNaiveClients"),
            verdict(row, "halfNaiveControlPlane"),
        ]),
    ]);
    return ["Production window, medians:", ...figures.map((l) => `  ${l}`), "", "Goals (issue 4) per load balancer update latency:", ...goals.map((l) => `  ${l}`)];
}

function goalOf(row: SweepRow, key: SwapGoalKey): GoalCheck {
    const goal = row.goals.find((g) => g.key === key);
    if (!goal) throw new Error(`No goal '${key}' in the sweep row for ${seconds(row.loadBalancerUpdateMs)}.`);
    return goal;
}

/** Emulated ms as seconds without needless decimals: `4 s`, `2.5 s`. */
function seconds(ms: number): string {
    return `${Number((ms / 1000).toFixed(3))} s`;
}
