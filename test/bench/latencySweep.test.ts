import {
    defaultSweepSeconds,
    describeBoundary,
    evaluateSweep,
    formatSweep,
    goalBoundary,
    parseSweepSeconds,
    type SweepMeasurement,
} from "../../bench/latencySweep";

/** Time scale of these cases: wall ms = emulated ms / 10, as in the benchmark's default run. */
const scale = 10;

/**
 * A measured point, given in emulated seconds the way the benchmark prints them: the LB update latency, the
 * engine's and the naive sequence's client windows, and (optionally) their control-plane figures.
 */
function point(latencyS: number, engineS: number, naiveS: number, control: { engineS?: number; naiveS?: number; floorS?: number } = {}): SweepMeasurement {
    const wall = (s: number): number => (s * 1000) / scale;
    return {
        loadBalancerUpdateMs: latencyS * 1000,
        floorMs: wall(control.floorS ?? latencyS),
        engine: { productionWindowMs: wall(engineS), productionUnattachedMs: wall(control.engineS ?? engineS), totalMs: wall(30) },
        naive: { productionWindowMs: wall(naiveS), productionUnattachedMs: wall(control.naiveS ?? 2 * naiveS), totalMs: wall(50) },
    };
}

describe("parseSweepSeconds", () => {
    it("reads emulated seconds, returns emulated ms in ascending order", () => {
        expect(parseSweepSeconds("8, 2,4,12")).toEqual([2000, 4000, 8000, 12000]);
        expect(parseSweepSeconds("0.5,1.5")).toEqual([500, 1500]);
        expect(parseSweepSeconds(defaultSweepSeconds.join(","))).toEqual(defaultSweepSeconds.map((s) => s * 1000));
    });

    it.each([
        ["", /comma-separated list of seconds/],
        ["2,,4", /comma-separated list of seconds/],
        ["0", /above 0 and at most 60; got '0'/],
        ["-2", /got '-2'/],
        ["4,fast", /got 'fast'/],
        ["61", /at most 60; got '61'/],
        ["2,4,2", /2 s is listed twice/],
    ])("refuses %j with a reason", (text, reason) => {
        expect(() => parseSweepSeconds(text)).toThrow(reason);
    });
});

describe("evaluateSweep", () => {
    it("sorts by latency and gives each point its ratios and the three goals", () => {
        const rows = evaluateSweep([point(8, 8.1, 10, { engineS: 8.1, naiveS: 20 }), point(2, 2.1, 10, { engineS: 2.1, naiveS: 20 })], scale);
        expect(rows.map((r) => r.loadBalancerUpdateMs)).toEqual([2000, 8000]);
        expect(rows[0].clientRatio).toBeCloseTo(0.21);
        expect(rows[1].clientRatio).toBeCloseTo(0.81);
        expect(rows[1].controlPlaneRatio).toBeCloseTo(0.405);
        expect(rows[1].goals.map((g) => [g.key, g.holds])).toEqual([
            ["nearFloor", true],
            ["halfNaiveClients", false],
            ["halfNaiveControlPlane", true],
        ]);
        expect(rows[0].goals.every((g) => g.holds)).toBe(true);
    });

    it("judges the floor goal against each point's own floor, with 0.5 Azure seconds of slack", () => {
        const [row] = evaluateSweep([point(4, 4.6, 10, { floorS: 4 })], scale);
        const nearFloor = row.goals.find((g) => g.key === "nearFloor");
        expect(nearFloor).toMatchObject({ limitMs: 450, measuredMs: 460, holds: false });
    });

    it("gives no ratio when the naive sequence showed no window", () => {
        const [row] = evaluateSweep([point(4, 4.1, 0, { naiveS: 0 })], scale);
        expect(row.clientRatio).toBeNaN();
        expect(formatSweep([row], scale).join("\n")).toContain("n/a");
    });
});

describe("goalBoundary", () => {
    // The shape the emulator shows: the naive window stays at the 10 s poll interval below 10 s updates and jumps
    // to 20 s above, while the engine's follows the update.
    const rows = evaluateSweep([point(2, 2.1, 10), point(4, 4.1, 10), point(6, 6.1, 10), point(8, 8.1, 10), point(12, 9.9, 20)], scale);

    it("finds the last latency of the first run where the goal holds, the first miss, and interpolates between", () => {
        const boundary = goalBoundary(rows, "halfNaiveClients");
        expect(boundary.heldAtMs).toEqual([2000, 4000, 12000]);
        expect(boundary.missedAtMs).toEqual([6000, 8000]);
        expect(boundary.holdsUpToMs).toBe(4000);
        expect(boundary.firstMissedMs).toBe(6000);
        // Margins 5 - 4.1 = 0.9 s at 4 s and 5 - 6.1 = -1.1 s at 6 s: zero at 4 + 2 x 0.9 / 2.0 = 4.9 s.
        expect(boundary.crossoverMs).toBeCloseTo(4900);
        expect(describeBoundary(boundary)).toBe(
            "holds at 2 s, 4 s, 12 s; missed at 6 s, 8 s. It holds for load balancer updates up to 4 s, not at 6 s " +
                "(crossing near 4.9 s by linear interpolation); it holds again at 12 s.",
        );
    });

    it("says so when a goal holds at every swept latency", () => {
        const boundary = goalBoundary(rows, "nearFloor");
        expect(boundary).toMatchObject({ holdsUpToMs: 12000, missedAtMs: [] });
        expect(boundary.firstMissedMs).toBeUndefined();
        expect(describeBoundary(boundary)).toBe("holds at every swept latency (2 s, 4 s, 6 s, 8 s, 12 s).");
    });

    it("says so when a goal misses already at the lowest latency", () => {
        const boundary = goalBoundary(evaluateSweep([point(8, 8.1, 10), point(6, 6.1, 10)], scale), "halfNaiveClients");
        expect(boundary).toMatchObject({ heldAtMs: [], missedAtMs: [6000, 8000], firstMissedMs: 6000 });
        expect(boundary.holdsUpToMs).toBeUndefined();
        expect(boundary.crossoverMs).toBeUndefined();
        expect(describeBoundary(boundary)).toBe("missed at 6 s, 8 s: not even at the lowest swept latency.");
    });
});

describe("formatSweep", () => {
    it("prints one aligned row per latency in emulated seconds, and each goal's verdict", () => {
        const lines = formatSweep(evaluateSweep([point(2, 2.1, 10), point(8, 8.1, 10)], scale), scale);
        const figures = lines.filter((l) => /^ {2}(2|8) s /.test(l));
        expect(figures).toHaveLength(4);
        expect(figures[0]).toMatch(/^ {2}2 s\s+\|\s+2\.00 s\s+\|\s+2\.10 s\s+\|\s+10\.00 s\s+\|\s+0\.21\s+\|/);
        expect(figures[1]).toMatch(/^ {2}8 s\s+\|\s+8\.00 s\s+\|\s+8\.10 s\s+\|\s+10\.00 s\s+\|\s+0\.81\s+\|/);
        expect(figures[2]).toMatch(/^ {2}2 s\s+\|\s+holds\s+\|\s+holds\s+\|\s+holds$/);
        expect(figures[3]).toMatch(/^ {2}8 s\s+\|\s+holds\s+\|\s+MISSED\s+\|\s+holds$/);
        // Every line of a table has its column separators in the same places.
        const header = lines[1];
        expect(lines[2].indexOf("|")).toBe(header.indexOf("|"));
    });
});
