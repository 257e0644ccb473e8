/**
 * Compiles entry points to JavaScript for the processes that tests start (Pulumi's dynamic-provider host loads
 * plain JavaScript; the CLI binary is JavaScript). Output goes under the repository's `.vipswap/` (git-ignored),
 * so the compiled files resolve `node_modules` like the sources do.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root. */
export const repoRoot = path.resolve(__dirname, "../..");

/** A compiled tree and how to remove it. */
export interface CompiledBuild {
    /** The JavaScript path of a source file, e.g. `js("components/vipSwap/vipSwapRuntime.ts")`. */
    js(sourcePath: string): string;
    /** Removes the tree. */
    remove(): void;
}

/**
 * Compiles `entries` and what they import with the project's compiler settings (type errors elsewhere in the tree
 * do not stop the emit; a missing output does fail).
 */
export function compileForChildProcess(label: string, entries: readonly string[]): CompiledBuild {
    const outDir = path.join(repoRoot, ".vipswap", "test-build", `${label}-${process.pid}`);
    fs.rmSync(outDir, { recursive: true, force: true });
    const tsc = require.resolve("typescript/bin/tsc");
    const args = [
        tsc, "--outDir", outDir, "--rootDir", repoRoot, "--module", "commonjs", "--moduleResolution", "node",
        "--target", "ES2022", "--esModuleInterop", "--skipLibCheck", "--resolveJsonModule", "--types", "node",
        "--noEmitOnError", "false", "--sourceMap", "false", "--declaration", "false",
        ...entries.map((entry) => path.join(repoRoot, entry)),
    ];
    try {
        execFileSync(process.execPath, args, { cwd: repoRoot, stdio: "pipe" });
    } catch {
        // Type errors (possibly in someone else's work in progress) still emit; the check below decides.
    }
    const js = (sourcePath: string) => path.join(outDir, sourcePath.replace(/\.ts$/, ".js"));
    for (const entry of entries) {
        if (!fs.existsSync(js(entry))) {
            throw new Error(`Compiling ${entry} produced no ${js(entry)}`);
        }
    }
    return { js, remove: () => fs.rmSync(outDir, { recursive: true, force: true }) };
}
