import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as semver from "semver";
import { repoRoot } from "../helpers/compiledBuild";
import {
    documentedImports,
    documentedImportSources,
    moduleResolutions,
    typeCheckConsumer,
    consumerStackSources,
} from "./consumerTypeCheck";
import { packVipswap } from "./packedTarball";

/**
 * The package as another stack gets it: built, packed with npm's own file selection (package.json "files"),
 * unpacked into a consumer's node_modules beside this repository's own SDK versions, then type-checked under each
 * module resolution and required the way a consumer would. test/consumer/ does the same with a real `npm install`
 * of the newest SDKs on Node 24.
 */

let work: string;
let consumerDir: string;
let packageDir: string;
let packedFiles: readonly string[];

beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "vipswap-package-"));
    const packed = packVipswap(work);
    packedFiles = packed.files;

    consumerDir = path.join(work, "consumer");
    const modules = path.join(consumerDir, "node_modules");
    packageDir = path.join(modules, "vipswap");
    fs.mkdirSync(packageDir, { recursive: true });
    execFileSync("tar", ["xzf", packed.file, "-C", packageDir, "--strip-components=1"]);
    // The consumer's own dependencies: the same versions this repository pins, linked rather than installed.
    for (const dependency of ["@pulumi", "@azure", "@types", "@grpc", "commander", "cli-progress", "selfsigned", "@peculiar"]) {
        fs.symlinkSync(path.join(repoRoot, "node_modules", dependency), path.join(modules, dependency), "dir");
    }
}, 60_000);

afterAll(() => {
    if (work) {
        fs.rmSync(work, { recursive: true, force: true });
    }
});

describe("npm pack", () => {
    it("holds the built library entry point with its typings", () => {
        expect(packedFiles).toEqual(
            expect.arrayContaining([
                "package.json",
                "dist/components/index.js",
                "dist/components/index.d.ts",
                "dist/components/blueGreenDeployment.js",
                "dist/components/blueGreenDeployment.d.ts",
                "dist/components/blueGreenArgs.d.ts",
            ]),
        );
    });

    it("holds no tests, no TypeScript sources, no stack program and no stack config", () => {
        const unwanted = packedFiles.filter(
            (f) =>
                /(^|\/)test\//.test(f) ||
                /\.(test|spec)\.[jt]s/.test(f) ||
                (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)) ||
                /^Pulumi\..*ya?ml$/.test(f) ||
                /^dist\/(index|stackConfig)\./.test(f) ||
                /(^|\/)node_modules\//.test(f),
        );
        expect(unwanted).toEqual([]);
    });

    it("holds the least-privilege role, as az role definition create takes it and as the compiled CLI reads it", () => {
        expect(packedFiles).toEqual(expect.arrayContaining(["roles/vipswap-swap-operator.json", "dist/roles/vipswap-swap-operator.json", "SECURITY.md"]));
    });

    it("points main, types, exports and typesVersions at files that are in the package", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
        const targets: string[] = [pkg.main, pkg.types, pkg.bin.vipswap];
        for (const entry of Object.values(pkg.exports) as (string | Record<string, string>)[]) {
            targets.push(...(typeof entry === "string" ? [entry] : Object.values(entry)));
        }
        for (const mapping of Object.values(pkg.typesVersions) as Record<string, string[]>[]) {
            targets.push(...Object.values(mapping).flat());
        }
        expect(targets.length).toBeGreaterThan(6);
        for (const file of targets) {
            expect(packedFiles).toContain(path.posix.normalize(file));
        }
    });

    it("ships the Apache-2.0 licence text that package.json names", () => {
        expect(packedFiles).toContain("LICENSE");
        expect(JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")).license).toBe("Apache-2.0");
        const licence = fs.readFileSync(path.join(packageDir, "LICENSE"), "utf8");
        expect(licence).toMatch(/Apache License\s+Version 2\.0, January 2004/);
        expect(licence).toMatch(/END OF TERMS AND CONDITIONS/);
    });

    it("says where the project lives, so the README's relative links resolve on a registry page", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
        const project = pkg.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
        expect(project).toMatch(/^https:\/\/github\.com\/[\w-]+\/[\w-]+$/);
        expect(pkg.homepage.startsWith(project)).toBe(true);
        expect(pkg.bugs.url).toBe(`${project}/issues`);
    });

    it("ships no source map (there are no TypeScript sources for one to point at) and no source map comment", () => {
        expect(packedFiles.filter((f) => f.endsWith(".map"))).toEqual([]);
        const javascript = packedFiles.filter((f) => f.endsWith(".js"));
        expect(javascript.length).toBeGreaterThan(50);
        const commented = javascript.filter((f) => fs.readFileSync(path.join(packageDir, f), "utf8").includes("sourceMappingURL"));
        expect(commented).toEqual([]);
    });

    it("leaves the policy pack out: it runs from the repository's policies/ folder, not from the package", () => {
        expect(packedFiles.filter((f) => /(^|\/)policies\//.test(f))).toEqual([]);
    });

    it("declares the Pulumi SDKs as peer ranges and every dependency as a range, not an exact pin", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
        expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["@pulumi/azure-native", "@pulumi/pulumi"]);
        expect(Object.keys(pkg.dependencies)).not.toContain("@pulumi/pulumi");
        expect(Object.keys(pkg.dependencies)).not.toContain("@pulumi/azure-native");
        const pinned = Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies }).filter(
            ([, range]) => semver.valid(range as string) !== null,
        );
        expect(pinned).toEqual([]);
        // What this repository's lock file installs is inside every range.
        const lock = JSON.parse(fs.readFileSync(path.join(repoRoot, "package-lock.json"), "utf8"));
        for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies })) {
            expect([name, semver.satisfies(lock.packages[`node_modules/${name}`].version, range as string)]).toEqual([name, true]);
        }
    });

    it("declares in engines the Node version this suite runs on (CI runs it on Node 20 and on Node 24)", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
        expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
    });
});

describe("a consumer stack", () => {
    it("finds the imports that the README and docs/ show (the list is read from the Markdown)", () => {
        const specifiers = documentedImports().map((i) => i.specifier);
        expect(specifiers).toEqual(expect.arrayContaining(["vipswap", "vipswap/emulator", "@pulumi/pulumi"]));
    });

    describe.each(moduleResolutions)("with moduleResolution %s", (resolution) => {
        let diagnostics: Record<string, string[]>;
        const documented = documentedImportSources(documentedImports());
        beforeAll(() => {
            diagnostics = typeCheckConsumer(consumerDir, { ...consumerStackSources, ...documented }, resolution);
        }, 120_000);

        it("type-checks against the packed package: the component, its args and outputs are typed", () => {
            expect(diagnostics["index.ts"]).toEqual([]);
        });

        it("type-checks every import that the README and docs/ show", () => {
            expect(Object.fromEntries(Object.keys(documented).map((file) => [file, diagnostics[file]]))).toEqual(
                Object.fromEntries(Object.keys(documented).map((file) => [file, []])),
            );
        });

        it("is told by the compiler when it passes a colour that does not exist (the types are not any)", () => {
            expect(diagnostics["wrongColour.ts"].join("\n")).toMatch(/"purple"/);
        });

        it("is told by the compiler when it imports a name the package does not export", () => {
            expect(diagnostics["missingExport.ts"]).toEqual([expect.stringMatching(/has no exported member .*NoSuchThing/)]);
        });

        it("has no diagnostic anywhere else (options, declarations)", () => {
            const known = new Set(["index.ts", "wrongColour.ts", "missingExport.ts", ...Object.keys(documented)]);
            expect(Object.entries(diagnostics).filter(([file]) => !known.has(file))).toEqual([]);
        });
    });

    it("can require the package entry point at run time", () => {
        const out = execFileSync(
            process.execPath,
            ["-e", 'const v = require("vipswap"); console.log(typeof v.BlueGreenDeployment, v.BlueGreenDeployment.typeToken);'],
            { cwd: consumerDir, encoding: "utf8" },
        );
        expect(out.trim()).toBe("function vipswap:azure:BlueGreenDeployment");
    });

    it("can run the packed vipswap command line, every subcommand registered", () => {
        const out = execFileSync(process.execPath, [path.join(packageDir, "dist", "cli", "vipswap.js"), "--help"], {
            cwd: consumerDir,
            encoding: "utf8",
        });
        for (const command of ["swap", "status", "emulator", "demo"]) {
            expect(out).toMatch(new RegExp(`^\\s+${command}\\b`, "m"));
        }
        const status = execFileSync(process.execPath, [path.join(packageDir, "dist", "cli", "vipswap.js"), "status", "--help"], { cwd: consumerDir, encoding: "utf8" });
        expect(status).toContain("--check-permissions");
    });

    it("can start the packed emulator from its own entry point, as a user's CI would", () => {
        const script = [
            'const { AzureEmulator } = require("vipswap/emulator");',
            "AzureEmulator.start({ profile: 'fast' }).then(async (e) => {",
            "  console.log(e.endpoint.startsWith('https://127.0.0.1:'), e.caCertPem.includes('BEGIN CERTIFICATE'));",
            "  await e.stop();",
            "});",
        ].join("\n");
        const out = execFileSync(process.execPath, ["-e", script], { cwd: consumerDir, encoding: "utf8" });
        expect(out.trim()).toBe("true true");
    });
});
