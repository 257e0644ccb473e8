import { formatDemoReport } from "../../demo/demoReport";
import type { DemoResult } from "../../demo/demoRunner";
import { assessSwap } from "../../demo/swapOutcome";
import { series, swapRun } from "./sampleBuilders";

describe("formatDemoReport", () => {
    const samples = [
        ...series("production", 0, 1400, 50, "blue"),
        ...series("production", 1400, 1900, 50, "failed"),
        ...series("production", 1900, 5000, 50, "green"),
        ...series("staging", 0, 5000, 50, "blue"),
    ];
    const outcome = assessSwap(swapRun(), samples, 5000);
    const result: DemoResult = {
        methods: [{ method: "engine", outcomes: [outcome], figures: [], chartPath: "/out/timeline-engine.svg" }],
        floorMs: 450,
        floorSamplesMs: [450],
        problems: [],
        interrupted: false,
    };

    it("prints the tables, the chart's path and the verdict", () => {
        const text = formatDemoReport(result, 10);
        expect(text).toContain("Durations in emulated (Azure) seconds (time scale 10x: wall time x 10).");
        expect(text).toContain("Swap 1 (engine): blue -> green: ok");
        expect(text).toContain("Timeline chart (engine): /out/timeline-engine.svg");
        expect(text.trimEnd().split("\n").pop()).toMatch(/^OK: every swap succeeded/);
    });

    it("ends with every problem when something went wrong", () => {
        const text = formatDemoReport({ ...result, problems: ["a", "b"], interrupted: true }, 1);
        expect(text).toContain("(real time)");
        expect(text.trimEnd().split("\n").slice(-3)).toEqual(["FAILED:", "  - a", "  - b"]);
    });
});
