import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { runDemoSession } from "../../demo/demoSession";

/**
 * `vipswap demo --topology shared`, in-process on the realistic profile at 50x: the shared load balancer swapped
 * blue -> green -> blue under fresh-connection and keep-alive traffic. Checks the exit code, that each address was
 * answered by the right colour after each swap, the report's three-way table and the chart; the figures themselves
 * (and whether the goals were met) belong to the benchmark.
 */
describe("vipswap demo --topology shared", () => {
    let outputDir: string;
    beforeEach(async () => {
        outputDir = await mkdtemp(path.join(tmpdir(), "vipswap-shared-demo-"));
    });
    afterEach(() => rm(outputDir, { recursive: true, force: true }));

    it("swaps the shared load balancer there and back under traffic, reports each swap's figures and exits 0", async () => {
        const stdout = new PassThrough();
        let text = "";
        stdout.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        const { exitCode, result } = await runDemoSession({ methods: ["shared"], timeScale: 50, outputDir }, { stdout, abortSignal: new AbortController().signal });
        expect(result?.problems).toEqual([]);
        expect(exitCode).toBe(0);
        const shared = result!.methods.find((m) => m.method === "shared")!;
        expect(shared.outcomes.map((o) => `${o.run.from} -> ${o.run.to}: ${o.run.steps.map((s) => s.name).join("; ")}`)).toEqual([
            "blue -> green: production -> green pool, staging -> blue pool",
            "green -> blue: production -> blue pool, staging -> green pool",
        ]);
        // Never detached: the control plane saw production and staging on a pool throughout.
        expect(shared.outcomes.map((o) => o.run.productionUnattachedMs)).toEqual([0, 0]);
        expect(shared.figures.map((f) => f.keepAlive.sent)).toEqual([expect.any(Number), expect.any(Number)]);
        expect(shared.figures.every((f) => f.keepAlive.sent > 0 && f.fresh.sent > 0)).toBe(true);
        expect(text).toContain("The three methods side by side");
        expect(text).toContain("shared load balancer: blue -> green");
        expect(text).toMatch(/goal for the shared load balancer: .*: (met|MISSED)/);
        expect(await readFile(path.join(outputDir, "timeline-shared.svg"), "utf8")).toContain("<svg");
    });
});
