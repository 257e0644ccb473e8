import { assessSwap } from "../../demo/swapOutcome";
import { failed, series, swapRun } from "./sampleBuilders";

describe("assessSwap", () => {
    // Swap blue -> green from 1000 to 3000 ms; production fails 1400-1900, staging 1900-2500.
    const samples = [
        ...series("production", 0, 1400, 50, "blue"),
        ...series("production", 1400, 1900, 50, "failed"),
        ...series("production", 1900, 5000, 50, "green"),
        ...series("staging", 0, 1900, 50, "green"),
        ...series("staging", 1900, 2500, 50, "failed"),
        ...series("staging", 2500, 5000, 50, "blue"),
    ];

    it("accepts a swap after which production answers with the new colour and staging with the old", () => {
        const outcome = assessSwap(swapRun(), samples, 5000);
        expect(outcome.problems).toEqual([]);
        expect(outcome.windows.production.windowMs).toBe(500);
        expect(outcome.windows.staging.windowMs).toBe(600);
        expect(outcome.answeredAfter.production).toEqual({ blue: 0, green: 40, failed: 0 });
        expect(outcome.answeredAfter.staging).toEqual({ blue: 40, green: 0, failed: 0 });
    });

    it("flags production still answered by the old colour after the swap", () => {
        const stale = [...samples.filter((s) => !(s.role === "production" && s.sentAtMs >= 1900)), ...series("production", 1900, 5000, 50, "blue")];
        const outcome = assessSwap(swapRun(), stale, 5000);
        expect(outcome.problems).toEqual([
            "after the swap to green, no request to production was answered by green",
            "after the swap to green, 40 request(s) to production were answered by the wrong colour (expected green)",
        ]);
    });

    it("flags an address that is still failing at the end of the span", () => {
        const outcome = assessSwap(swapRun(), [...samples, failed("staging", 4999)], 5000);
        expect(outcome.problems).toEqual(["staging had not recovered by the end of the swap's span (last request failed)"]);
    });

    it("reports a failed swap with its error, without judging the traffic", () => {
        const outcome = assessSwap(swapRun({ error: "PreconditionFailed (412)" }), samples, 5000);
        expect(outcome.problems).toEqual(["the engine swap blue -> green failed: PreconditionFailed (412)"]);
    });
});
