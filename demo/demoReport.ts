import type { DemoResult } from "./demoRunner";
import { formatComparison } from "./methodComparison";
import { formatSwapTable } from "./swapReportTable";
import { formatTopologyComparison } from "./topologyComparison";

/** Formats the end-of-demo report: a table per swap, the comparison, the charts and the verdict. */
export function formatDemoReport(result: DemoResult, timeScale: number): string {
    const lines: string[] = [""];
    const scaleNote = timeScale === 1 ? "real time" : `time scale ${timeScale}x: wall time x ${timeScale}`;
    lines.push(`Durations in emulated (Azure) seconds (${scaleNote}).`, "");
    for (const method of result.methods) {
        method.outcomes.forEach((outcome, i) => lines.push(formatSwapTable(i + 1, outcome, result.floorMs, timeScale), ""));
    }
    if (result.comparison) lines.push(formatComparison(result.comparison, timeScale), "");
    if (result.topologies) lines.push(formatTopologyComparison(result.topologies, timeScale), "");
    for (const method of result.methods) lines.push(`Timeline chart (${method.method}): ${method.chartPath}`);
    lines.push("");
    if (result.problems.length === 0) {
        lines.push(`OK: every swap succeeded; production and staging were answered by the right colour after each swap (production by green after the first, by blue after the second).`);
    } else {
        lines.push("FAILED:", ...result.problems.map((p) => `  - ${p}`));
    }
    return lines.join("\n");
}
