import { escapeXml, niceStep, renderTimelineSvg } from "../../demo/timelineChart";
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

    it("names each swap step and labels the axis in emulated seconds", () => {
        expect(svg).toContain(">blue &lt;- floating</text>");
        expect(svg).toContain("swap 1 (engine): blue -&gt; green");
        expect(svg).toContain("production out 5.00 s (1 failed)</tspan>");
        // 3 wall seconds at time scale 10 = 30 emulated seconds: the axis reaches 30 s.
        expect(svg).toContain(">30 s</text>");
        expect(svg).toContain("engine &lt;demo&gt; &amp; co");
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
