#!/usr/bin/env node
/**
 * Runs a TypeScript file of this repository with plain node, transpiling each .ts module as it is required (no type
 * check: `npm test` runs tsc over the whole tree). For the benchmarks that use the test harness, which the build
 * (tsconfig.build.json) leaves out: `node test/helpers/runTypeScript.js test/e2e/bench/pulumiFlipBenchmark.ts`.
 */
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

require.extensions[".ts"] = (module, filename) => {
    const output = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, inlineSourceMap: true },
        fileName: filename,
    }).outputText;
    module._compile(output, filename);
};

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
    console.error("usage: node test/helpers/runTypeScript.js <file.ts> [args...]");
    process.exit(2);
}
process.argv = [process.argv[0], path.resolve(entry), ...args];
require(path.resolve(entry));
