import { clockPrefix, LineProgressDisplay } from "../../demo/progressDisplay";

describe("LineProgressDisplay", () => {
    it("writes one line per event, stamped with the demo clock in emulated seconds", () => {
        const lines: string[] = [];
        const display = new LineProgressDisplay((line) => lines.push(line), 20);
        display.note("creating the blue/green pair");
        display.swapStarted("swap 1 (engine): blue -> green", "engine", 5, 100);
        display.step({ kind: "started", method: "engine", step: "blue <- floating", atMs: 150 });
        display.step({ kind: "ended", method: "engine", step: "blue <- floating", atMs: 200, durationMs: 50 });
        display.trafficChanged({ role: "production", from: "blue", to: "failing", atMs: 210, error: "ECONNREFUSED" });
        display.trafficChanged({ role: "production", from: "failing", to: "green", atMs: 260 });
        display.trafficCounts();
        display.stop();
        expect(lines).toEqual([
            "creating the blue/green pair",
            "[   2.00 s] swap 1 (engine): blue -> green",
            "[   3.00 s] engine: blue <- floating ...",
            "[   4.00 s] engine: blue <- floating done in 1.00 s",
            "[   4.20 s] traffic: production failing (ECONNREFUSED)",
            "[   5.20 s] traffic: production answered by green",
        ]);
    });
});

describe("clockPrefix", () => {
    it("pads so that lines align up to 99999 s", () => {
        expect(clockPrefix(123456, 1)).toBe("[ 123.46 s] ");
    });
});
