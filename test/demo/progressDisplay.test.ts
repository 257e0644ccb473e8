import { PassThrough } from "node:stream";
import { clockPrefix, createProgressDisplay, LineProgressDisplay, TerminalProgressDisplay } from "../../demo/progressDisplay";

describe("LineProgressDisplay", () => {
    it("writes one line per event, stamped with the demo clock in emulated seconds", () => {
        const lines: string[] = [];
        const display = new LineProgressDisplay((line) => lines.push(line), 20);
        display.note("creating the blue/green pair");
        display.swapStarted("swap 1 (engine): blue -> green", "engine", 5, 100);
        display.step({ kind: "started", method: "engine", step: "blue <- floating", atMs: 150 });
        display.step({ kind: "ended", method: "engine", step: "blue <- floating", atMs: 200, durationMs: 50 });
        display.trafficChanged({ role: "production", from: "blue", to: "failing", atMs: 210, seenAtMs: 210.2, error: "ECONNREFUSED" });
        display.trafficChanged({ role: "production", from: "failing", to: "green", atMs: 260, seenAtMs: 260.2 });
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

    it("stamps a traffic change when it was seen, after the engine line printed before it, and says when its request was sent", () => {
        // The timed-out request was sent at 4.45 s, before the engine's 4.62 s line, but its failure was known at 4.70 s.
        const lines: string[] = [];
        const display = new LineProgressDisplay((line) => lines.push(line), 10);
        display.step({ kind: "ended", method: "engine", step: "blue <- floating", atMs: 462, durationMs: 100 });
        display.trafficChanged({ role: "production", from: "blue", to: "failing", atMs: 445, seenAtMs: 470, error: "timeout" });
        expect(lines).toEqual([
            "[   4.62 s] engine: blue <- floating done in 1.00 s",
            "[   4.70 s] traffic: production failing (timeout), first in a request sent at 4.45 s",
        ]);
    });
});

describe("clockPrefix", () => {
    it("pads so that lines align up to 99999 s", () => {
        expect(clockPrefix(123456, 1)).toBe("[ 123.46 s] ");
    });
});

describe("TerminalProgressDisplay", () => {
    /** A stream that says it is a terminal, recording what is written to it. */
    function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
        const stream = new PassThrough() as unknown as NodeJS.WriteStream & { isTTY: boolean; columns: number };
        stream.isTTY = true;
        stream.columns = 160;
        let text = "";
        stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        return { stream, text: () => text };
    }

    it("draws the swap's steps and each address's state live, logs events above them, and restores the cursor", async () => {
        const { stream, text } = fakeTerminal();
        const display = createProgressDisplay(stream, 10);
        expect(display).toBeInstanceOf(TerminalProgressDisplay);
        display.swapStarted("swap 1 (engine): blue -> green", "engine", 5, 100);
        display.step({ kind: "started", method: "engine", step: "create floating IP", atMs: 120 });
        display.step({ kind: "ended", method: "engine", step: "create floating IP", atMs: 520, durationMs: 400 });
        display.trafficChanged({ role: "production", from: "blue", to: "failing", atMs: 600, seenAtMs: 600, error: "ECONNRESET" });
        display.trafficCounts("production", { state: "failing", sent: 12, failed: 3 });
        display.stop();
        display.stop();
        await new Promise((resolve) => setImmediate(resolve));

        const out = text();
        expect(out.startsWith("\x1b[?25l")).toBe(true);
        expect(out).toContain("[   5.20 s] engine: create floating IP done in 4.00 s\n");
        expect(out).toContain("[   6.00 s] traffic: production failing (ECONNRESET)\n");
        expect(out).toContain("1/5 create floating IP (done)");
        expect(out).toContain("production failing  sent 12  failed 3");
        expect(out.lastIndexOf("\x1b[?25h")).toBeGreaterThan(out.lastIndexOf("production failing"));
    });

    it("is not used when the output is not a terminal", () => {
        expect(createProgressDisplay(new PassThrough(), 1)).toBeInstanceOf(LineProgressDisplay);
    });
});
