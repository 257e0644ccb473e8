/**
 * The package as npm would publish it: built with tsconfig.build.json into a staging folder, then packed with npm's
 * own file selection (package.json "files"). The build goes to a temporary directory, so the repository's dist/
 * (which the demo uses) is left alone. Used by the package test (a consumer with this repository's SDK versions)
 * and the consumer test (a new project with the newest SDKs).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { repoRoot } from "../helpers/compiledBuild";

/** A packed tarball and what npm put in it. */
export interface PackedTarball {
    /** The .tgz file. */
    readonly file: string;
    /** The paths inside the package, as `npm pack --json` lists them (e.g. `dist/components/index.js`). */
    readonly files: readonly string[];
}

/** Builds with tsconfig.build.json into `outDir`; returns the errors found in the shipped library (components/). */
function build(outDir: string): string[] {
    const configPath = path.join(repoRoot, "tsconfig.build.json");
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, { outDir }, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
            throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
    });
    if (!parsed) {
        throw new Error(`cannot read ${configPath}`);
    }
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const result = program.emit();
    const libraryDir = path.join(repoRoot, "components") + path.sep;
    return [...ts.getPreEmitDiagnostics(program), ...result.diagnostics]
        .filter((d) => d.file?.fileName && path.resolve(d.file.fileName).startsWith(libraryDir))
        .map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

/** Builds and packs vipswap into `work` (an empty temporary folder); fails on a type error in the library. */
export function packVipswap(work: string): PackedTarball {
    const stage = path.join(work, "stage");
    fs.mkdirSync(stage);
    const errors = build(path.join(stage, "dist"));
    if (errors.length > 0) {
        throw new Error(`the library does not compile:\n${errors.join("\n")}`);
    }
    for (const name of fs.readdirSync(repoRoot)) {
        if (name === "package.json" || /^(README|LICENSE|LICENCE|SECURITY)(\..*)?$/i.test(name)) {
            fs.copyFileSync(path.join(repoRoot, name), path.join(stage, name));
        }
    }
    fs.cpSync(path.join(repoRoot, "roles"), path.join(stage, "roles"), { recursive: true });
    // The staged copy is already built: skip the prepare build, which would write the repository's dist/.
    const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
        cwd: stage,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
    });
    const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    return { file: path.join(work, packed.filename), files: packed.files.map((f) => f.path) };
}
