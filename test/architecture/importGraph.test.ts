/**
 * The architecture as a test: imports flow one way (example stack / CLI -> release driver -> component -> VipSwap ->
 * health gates -> swap engine -> Azure adapter -> SDK), the emulator is never imported by product code, and there are no cycles.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const root = path.resolve(__dirname, "../..");

/** Every TypeScript source outside tests and build output, relative to the repository root. */
function sourceFiles(dir = root): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (["node_modules", "dist", "test", ".git", "coverage"].includes(entry.name)) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) out.push(...sourceFiles(full));
        else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(path.relative(root, full));
    }
    return out;
}

/** The project files that `file` imports (relative specifiers only; packages are not part of the graph). */
function localImports(file: string): string[] {
    const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
    return info.importedFiles
        .map((i) => i.fileName)
        // JSON imports are data (the shipped role in roles/), not modules with imports of their own.
        .filter((spec) => spec.startsWith(".") && !spec.endsWith(".json"))
        .map((spec) => {
            const base = path.normalize(path.join(path.dirname(file), spec));
            const found = [`${base}.ts`, path.join(base, "index.ts")].find((c) => fs.existsSync(path.join(root, c)));
            if (!found) throw new Error(`${file} imports ${spec}, which does not resolve to a .ts file`);
            return found;
        });
}

/** The layers inside components/, lowest first; a file may import its own layer or lower ones. */
const componentLayers = ["components/colour.ts", "components/azure/", "components/swap/", "components/health/", "components/vipSwap/", "components/"];

function layerOf(file: string): number {
    return componentLayers.findIndex((prefix) => (prefix.endsWith("/") ? file.startsWith(prefix) : file === prefix));
}

const graph = new Map(sourceFiles().map((f) => [f, localImports(f)] as const));

describe("import graph", () => {
    it("finds the product's folders", () => {
        const folders = new Set([...graph.keys()].map((f) => f.split(path.sep)[0]));
        for (const folder of ["components", "emulator", "policies", "cli", "release"]) expect(folders).toContain(folder);
    });

    it("keeps release/ (the Automation-API driver) above the component: only cli/ imports it, and it imports no emulator, CLI or demo", () => {
        const wrong = [...graph].flatMap(([file, deps]) => [
            ...(file.startsWith("cli/") || file.startsWith("release/") ? [] : deps.filter((d) => d.startsWith("release/")).map((d) => `${file} -> ${d}`)),
            ...(file.startsWith("release/") ? deps.filter((d) => !d.startsWith("release/") && !d.startsWith("components/")).map((d) => `${file} -> ${d}`) : []),
        ]);
        expect(wrong).toEqual([]);
    });

    it("keeps components/ free of the emulator, the CLI, the demo, the policies and the example stack", () => {
        const leaks = [...graph].flatMap(([file, deps]) =>
            file.startsWith("components/") ? deps.filter((d) => !d.startsWith("components/")).map((d) => `${file} -> ${d}`) : [],
        );
        expect(leaks).toEqual([]);
    });

    it("lets the provider plugin (plugin/) import only the component and its own files, and nothing else import plugin/", () => {
        const wrong = [...graph].flatMap(([file, deps]) =>
            deps
                .filter((d) => (file.startsWith("plugin/") ? !d.startsWith("components/") && !d.startsWith("plugin/") : d.startsWith("plugin/")))
                .map((d) => `${file} -> ${d}`),
        );
        expect(graph.has("plugin/index.ts")).toBe(true);
        expect(graph.get("plugin/providerServer.ts")).toContain("plugin/vipSwapResourceProvider.ts");
        expect(wrong).toEqual([]);
    });

    it("lets imports inside components/ flow only downwards (component -> VipSwap -> health -> engine -> adapter)", () => {
        const upward = [...graph].flatMap(([file, deps]) =>
            file.startsWith("components/") ? deps.filter((d) => layerOf(d) > layerOf(file)).map((d) => `${file} -> ${d}`) : [],
        );
        expect(upward).toEqual([]);
    });

    it("keeps the test harness out of product code (the emulator, CLI, demo, policies, benchmarks, example stack)", () => {
        // The stand-in for azure-native lives in test/e2e/: only tests may reach it (docs/e2e-stand-ins.md).
        const leaks = [...graph].flatMap(([file, deps]) => deps.filter((d) => d.startsWith(`test${path.sep}`)).map((d) => `${file} -> ${d}`));
        expect(leaks).toEqual([]);
    });

    it("keeps the two swap methods apart: neither method folder imports the other, and the loop imports neither", () => {
        const methods = ["components/swap/floatingIp/", "components/swap/sharedLoadBalancer/"];
        const crossings = [...graph].flatMap(([file, deps]) => {
            const own = methods.find((m) => file.startsWith(m));
            const forbidden = ["components/swap/swapLoop.ts", "components/swap/swapPlan.ts"].includes(file) ? methods : own ? methods.filter((m) => m !== own) : [];
            return deps.filter((d) => forbidden.some((m) => d.startsWith(m))).map((d) => `${file} -> ${d}`);
        });
        expect(crossings).toEqual([]);
        expect([...graph.keys()].filter((f) => methods.some((m) => f.startsWith(m))).length).toBeGreaterThan(8);
    });

    it("has no import cycles", () => {
        const state = new Map<string, "open" | "done">();
        const cycles: string[] = [];
        const visit = (file: string, trail: string[]): void => {
            state.set(file, "open");
            for (const dep of graph.get(file) ?? []) {
                if (state.get(dep) === "open") cycles.push([...trail.slice(trail.indexOf(dep)), dep].join(" -> "));
                else if (!state.has(dep)) visit(dep, [...trail, dep]);
            }
            state.set(file, "done");
        };
        for (const file of graph.keys()) if (!state.has(file)) visit(file, [file]);
        expect(cycles).toEqual([]);
    });
});
