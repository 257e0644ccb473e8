import { escapeXml, niceStep, renderTimelineSvg } from "../../demo/timelineChart";
import { analyseTrafficWindow } from "../../demo/trafficWindow";
import { failed, series, swapRun } from "./sampleBuilders";

describe("renderTimelineSvg", () => {
    const samples = [...series("production", 0, 1000, 100, "blue"), failed("production", 1000), ...series("staging", 0, 1000, 100, "green")];
    const svg = renderTimelineSvg({ title: "engine <demo> & co", samples, swaps: [swapRun()], timeScale: 10, swapNotes: ["production out 5.00 s (1 failed)"] });

    it("is one standalone SVG document", () => {
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
        expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    });

    it("draws one tick per request, coloured by the colour that answered and red for failures", () => {
        expect(svg.match(/fill="#1f6fd1"\/>/g)).toHaveLength(10);
        expect(svg.match(/fill="#1fa34a"\/>/g)).toHaveLength(10);
        expect(svg.match(/fill="#d62728"\/>/g)).toHaveLength(1);
    });

    it("names each swap step with its duration as text, not only on hover, and labels the axis in emulated seconds", () => {
        expect(svg).toContain(">blue &lt;- floating 5.00 s</text>");
        expect(svg).toContain(">create floating IP 4.00 s</text>");
        expect(svg).toContain("swap 1 (engine): blue -&gt; green");
        expect(svg).toContain("production out 5.00 s (1 failed)</tspan>");
        // 3 wall seconds at time scale 10 = 30 emulated seconds: the axis reaches 30 s.
        expect(svg).toContain(">30 s</text>");
        expect(svg).toContain("engine &lt;demo&gt; &amp; co");
    });
});

describe("renderTimelineSvg, windows and clock", () => {
    // Traffic from 20 to 30 wall s at time scale 10 (200 to 300 emulated s); production fails from 24 to 25.5 s.
    const samples = [
        ...series("production", 20_000, 24_000, 500, "blue"),
        ...series("production", 24_000, 25_500, 500, "failed"),
        ...series("production", 25_500, 30_000, 500, "green"),
        ...series("staging", 20_000, 30_000, 500, "green"),
    ];
    const run = swapRun({ startMs: 23_000, endMs: 27_000, steps: [{ name: "blue <- floating", startMs: 23_000, endMs: 24_000 }] });
    const windows = { production: analyseTrafficWindow(samples, "production", 23_000, 30_000), staging: analyseTrafficWindow(samples, "staging", 23_000, 30_000) };
    const svg = renderTimelineSvg({ title: "t", samples, swaps: [run], timeScale: 10, windows: [windows], floorMs: 1000 });

    it("reads its axis on the log's clock: the span starts at 200 s, not at 0", () => {
        expect(svg).toContain(">200 s</text>");
        expect(svg).toContain(">290 s</text>");
        expect(svg).not.toContain(">0 s</text>");
        expect(svg).toContain("on the clock of the demo's log lines");
    });

    it("draws the window the clients of production saw, with its length, and the floor under it; staging, which never failed, has none", () => {
        expect(windows.production.windowMs).toBe(1500);
        expect(svg).toContain(">production out 15.00 s</text>");
        expect(svg.match(/data-window="production"/g)).toHaveLength(1);
        expect(svg).not.toContain('data-window="staging"');
        expect(svg).toContain(">floor 10.00 s</text>");
        // Both start where production first failed: 4 of the 9.5 wall seconds shown, on a plot 990 px wide from x = 90.
        const start = (attribute: string) => new RegExp(`<line x1="([\\d.]+)"[^>]*${attribute}`).exec(svg)?.[1];
        expect(start('data-window="production"')).toBe(start('data-floor="true"'));
        expect(Number(start('data-floor="true"'))).toBeCloseTo(90 + (4000 / 9500) * 990, 0);
    });
});

describe("niceStep", () => {
    it.each([
        [30, 5],
        [7, 1],
        [0.9, 0.1],
        [120, 20],
        [0, 1],
    ])("gives a round step for a %p s axis", (total, step) => {
        expect(niceStep(total)).toBeCloseTo(step);
    });
});

describe("escapeXml", () => {
    it("escapes markup characters", () => {
        expect(escapeXml(`a<b>&"c"`)).toBe("a&lt;b&gt;&amp;&quot;c&quot;");
    });
});
