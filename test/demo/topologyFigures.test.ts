import { clientFigures, longestAnswerGap, swapFigures } from "../../demo/swapFigures";
import { compareTopologies, formatTopologyComparison } from "../../demo/topologyComparison";
import { assessSwap } from "../../demo/swapOutcome";
import { failed, series, served, swapRun } from "./sampleBuilders";

describe("the figures issue 13 judges a swap by", () => {
    it("measures the longest gap between successful answers, by answer time, from the span's start to its end", () => {
        const samples = [...series("production", 0, 1000, 100, "blue"), failed("production", 1000), failed("production", 1100), ...series("production", 1200, 2000, 100, "green")];
        // Answers arrive 1 ms after sending: 901 then 1201, a gap of 300.
        expect(longestAnswerGap(samples, "production", 500, 2000)).toBe(300);
        expect(clientFigures(samples, 500, 2000)).toEqual({ sent: 15, failed: 2, longestGapMs: 300 });
        // Nothing answered inside the span: the whole span is the gap, from the last answer before it.
        expect(longestAnswerGap([served("production", 0, "blue")], "production", 100, 600)).toBe(599);
        expect(longestAnswerGap([], "staging", 0, 600)).toBe(600);
    });

    it("counts fresh and keep-alive clients apart, over the swap's span", () => {
        const run = swapRun({ method: "shared", startMs: 1000, endMs: 1500 });
        const fresh = series("production", 0, 3000, 50, "blue");
        const keepAlive = [...series("production", 0, 1400, 50, "blue"), failed("production", 1400, "ECONNRESET"), ...series("production", 1450, 3000, 50, "green")];
        const figures = swapFigures(run, fresh, keepAlive, 2500);
        expect(figures).toMatchObject({ method: "shared", totalMs: 500, fresh: { sent: 30, failed: 0 }, keepAlive: { sent: 30, failed: 1, longestGapMs: 100 } });
    });

    it("checks the shared load balancer's goals: a failed fresh request or a swap longer than one update + 1 s is a missed goal", () => {
        const good = swapFigures(swapRun({ method: "shared", startMs: 0, endMs: 900 }), series("production", 0, 2000, 50, "green"), [], 2000);
        const slow = swapFigures(swapRun({ method: "shared", startMs: 0, endMs: 1700 }), [...series("production", 0, 500, 50, "blue"), failed("production", 500)], [], 2000);
        const float = swapFigures(swapRun({ method: "engine", startMs: 0, endMs: 4000 }), [failed("production", 100)], [], 4000);
        expect(compareTopologies([{ method: "shared", figures: [good] }], 500, 500).missedGoals).toEqual([]);
        const missed = compareTopologies([{ method: "engine", figures: [float] }, { method: "shared", figures: [slow] }], 500, 500);
        expect(missed.missedGoals).toEqual([
            "shared: the swap blue -> green failed 1 production request(s) on fresh connections (goal: 0)",
            "shared: the swap blue -> green took longer than one load balancer update + 1 s",
        ]);
        const text = formatTopologyComparison(missed, 10);
        expect(text).toContain("floating IP (paired): blue -> green");
        expect(text).toContain("shared load balancer");
        expect(text).toMatch(/MISSED/);
    });

    it("does not count the old colour answering while the data path follows a pool switch as the wrong colour", () => {
        const run = swapRun({ method: "shared", startMs: 1000, endMs: 1500 });
        const samples = [...series("production", 0, 1600, 50, "blue"), ...series("production", 1600, 3000, 50, "green"), ...series("staging", 0, 1600, 50, "green"), ...series("staging", 1600, 3000, 50, "blue")];
        expect(assessSwap(run, samples, 3000).problems).toEqual([
            "after the swap to green, 2 request(s) to production were answered by the wrong colour (expected green)",
            "after the swap to green, 2 request(s) to staging were answered by the wrong colour (expected blue)",
        ]);
        expect(assessSwap(run, samples, 3000, 100).problems).toEqual([]);
    });
});
