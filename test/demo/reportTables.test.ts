import { compareMethods, formatComparison, formatRatio } from "../../demo/methodComparison";
import { assessSwap } from "../../demo/swapOutcome";
import { formatColumns, formatSwapTable } from "../../demo/swapReportTable";
import { series, swapRun } from "./sampleBuilders";

const samples = [
    ...series("production", 0, 1400, 50, "blue"),
    ...series("production", 1400, 1900, 50, "failed"),
    ...series("production", 1900, 5000, 50, "green"),
    ...series("staging", 0, 5000, 50, "green"),
];

describe("formatSwapTable", () => {
    it("puts the clients' windows beside the control plane's figures, in emulated seconds", () => {
        // Time scale 10: 500 wall ms = 5 emulated seconds.
        const table = formatSwapTable(1, assessSwap(swapRun(), samples, 5000), 400, 10);
        expect(table.split("\n")).toEqual([
            "Swap 1 (engine): blue -> green: FAILED",
            "                         |  clients: window  |  failed / sent  |  control plane: unattached",
            "  production             |           5.00 s  |        10 / 80  |                     5.00 s",
            "  staging                |             none  |         0 / 80  |                     6.00 s",
            "  total swap time        |                   |                 |                    20.00 s",
            "  requests retried       |                   |                 |                          0",
            "  floor (one LB update)  |                   |                 |                     4.00 s",
            "  ! after the swap to green, no request to staging was answered by blue",
            "  ! after the swap to green, 40 request(s) to staging were answered by the wrong colour (expected blue)",
        ]);
    });
});

describe("formatColumns", () => {
    it("aligns the first column left and the others right", () => {
        expect(formatColumns([["a", "1"], ["long", "100"]])).toEqual(["a     |    1", "long  |  100"]);
    });
});

describe("compareMethods", () => {
    it("divides the engine's medians by the naive sequence's", () => {
        const engine = [assessSwap(swapRun(), samples, 5000)];
        const naiveSamples = [...series("production", 0, 1400, 50, "blue"), ...series("production", 1400, 3400, 50, "failed"), ...series("production", 3400, 9000, 50, "green")];
        const naive = [assessSwap(swapRun({ method: "naive", startMs: 1000, endMs: 9000, productionUnattachedMs: 2000 }), naiveSamples, 9000)];
        const comparison = compareMethods(engine, naive);
        expect(comparison.engine.productionWindowMs).toBe(500);
        expect(comparison.naive.productionWindowMs).toBe(2000);
        expect(comparison.productionWindowRatio).toBe(0.25);
        expect(comparison.totalRatio).toBe(2000 / 8000);
        const text = formatComparison(comparison, 1);
        expect(text).toContain("production window (clients)");
        expect(text).toMatch(/0\.50 s\s+\|\s+2\.00 s\s+\|\s+0\.25/);
    });

    it("says n/a when there is nothing to divide by", () => {
        expect(formatRatio(Number.NaN)).toBe("n/a");
    });
});
