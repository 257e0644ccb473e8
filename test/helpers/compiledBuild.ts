/**
 * Compiles entry points to JavaScript for the processes that tests start: Pulumi's dynamic-provider host and the
 * CLI run plain JavaScript, and the crash tests' child swaps must be killable processes.
 *
 * Each entry and every relative module it imports is transpiled with TypeScript's own `transpileModule` (no type
 * check: `npm test` type-checks the tree first), which takes milliseconds where a `tsc` run per test file took
 * seconds. Output goes under the repository's `.vipswap/` (git-ignored), so the compiled files resolve
 * `node_modules` exactly like the sources do.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/** The repository root. */
export const repoRoot = path.resolve(__dirname, "../..");

/** A compiled tree and how to remove it. */
export interface CompiledBuild {
    /** The JavaScript path of a source file, e.g. `js("components/vipSwap/vipSwapRuntime.ts")`. */
    js(sourcePath: string): string;
    /** Removes the tree. */
    remove(): void;
}

/** The source file a relative import names: `./x` is `./x.ts` or `./x/index.ts`. */
function resolveImport(fromFile: string, specifier: string): string {
    const base = path.resolve(path.dirname(fromFile), specifier);
    const found = [`${base}.ts`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate));
    if (!found) {
        throw new Error(`${path.relative(repoRoot, fromFile)} imports ${specifier}, which is no .ts file`);
    }
    return found;
}

/**
 * Compiles `entries` (paths relative to the repository root) and everything they import from the project. The
 * output goes under `under` when given (e.g. a consumer project, so that packages resolve from its node_modules).
 */
export function compileForChildProcess(label: string, entries: readonly string[], under = path.join(repoRoot, ".vipswap", "test-build")): CompiledBuild {
    const outDir = path.join(under, `${label}-${process.pid}`);
    fs.rmSync(outDir, { recursive: true, force: true });
    const js = (sourcePath: string) => path.join(outDir, sourcePath.replace(/\.ts$/, ".js"));
    const seen = new Set<string>();
    const visit = (file: string): void => {
        if (seen.has(file)) return;
        seen.add(file);
        const source = fs.readFileSync(file, "utf8");
        const output = ts.transpileModule(source, {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
            fileName: file,
        }).outputText;
        const target = js(path.relative(repoRoot, file));
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, output);
        for (const imported of ts.preProcessFile(source).importedFiles) {
            if (!imported.fileName.startsWith(".")) continue;
            if (imported.fileName.endsWith(".json")) {
                // Data such as the shipped role: copied beside the output, as tsc's resolveJsonModule emits it.
                const data = path.resolve(path.dirname(file), imported.fileName);
                const copy = js(path.relative(repoRoot, data));
                fs.mkdirSync(path.dirname(copy), { recursive: true });
                fs.copyFileSync(data, copy);
                continue;
            }
            visit(resolveImport(file, imported.fileName));
        }
    };
    for (const entry of entries) visit(path.resolve(repoRoot, entry));
    return { js, remove: () => fs.rmSync(outDir, { recursive: true, force: true }) };
}
