import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";

/**
 * The package as another stack gets it: built, packed with npm's own file selection (package.json "files"),
 * unpacked into a consumer's node_modules, then type-checked and required the way a consumer would.
 * The build goes to a temporary directory, so the repository's dist/ (which the demo uses) is left alone.
 */

const root = path.join(__dirname, "..", "..");
let work: string;
let consumerDir: string;
let packageDir: string;
let packedFiles: string[];

/** Builds with tsconfig.build.json into `outDir`; returns the errors found in the shipped library (components/). */
function build(outDir: string): string[] {
    const configPath = path.join(root, "tsconfig.build.json");
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
    const libraryDir = path.join(root, "components") + path.sep;
    return [...ts.getPreEmitDiagnostics(program), ...result.diagnostics]
        .filter((d) => d.file?.fileName && path.resolve(d.file.fileName).startsWith(libraryDir))
        .map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

/** Type-checks `source` as a consumer's index.ts in `dir`; returns the diagnostics as text. */
function typeCheckConsumer(dir: string, source: string): string[] {
    const file = path.join(dir, "index.ts");
    fs.writeFileSync(file, source);
    const program = ts.createProgram({
        rootNames: [file],
        options: {
            strict: true,
            noEmit: true,
            target: ts.ScriptTarget.ES2022,
            // node16 resolution honours package.json "exports" (and its "types" condition), as current TypeScript
            // consumers do; the older "node" mode would read only "types".
            module: ts.ModuleKind.Node16,
            moduleResolution: ts.ModuleResolutionKind.Node16,
            types: ["node"],
            typeRoots: [path.join(dir, "node_modules", "@types")],
            skipLibCheck: true,
        },
    });
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "vipswap-package-"));
    const stage = path.join(work, "stage");
    fs.mkdirSync(stage);
    expect(build(path.join(stage, "dist"))).toEqual([]);
    for (const name of fs.readdirSync(root)) {
        if (name === "package.json" || /^(README|LICENSE|LICENCE|SECURITY)(\..*)?$/i.test(name)) {
            fs.copyFileSync(path.join(root, name), path.join(stage, name));
        }
    }
    fs.cpSync(path.join(root, "roles"), path.join(stage, "roles"), { recursive: true });
    // The staged copy is already built: skip the `prepare` build, which would write the repository's dist/.
    const out = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], {
        cwd: stage,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
    });
    const [packed] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    packedFiles = packed.files.map((f) => f.path);

    consumerDir = path.join(work, "consumer");
    const modules = path.join(consumerDir, "node_modules");
    packageDir = path.join(modules, "vipswap");
    fs.mkdirSync(packageDir, { recursive: true });
    execFileSync("tar", ["xzf", path.join(work, packed.filename), "-C", packageDir, "--strip-components=1"]);
    // The consumer's own dependencies: the same versions this repository pins, linked rather than installed.
    for (const dependency of ["@pulumi", "@azure", "@types", "@grpc", "commander", "cli-progress", "selfsigned", "@peculiar"]) {
        fs.symlinkSync(path.join(root, "node_modules", dependency), path.join(modules, dependency), "dir");
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

    it("points main, types and exports at files that are in the package", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8"));
        const exported = pkg.exports["."];
        for (const file of [pkg.main, pkg.types, exported.types, exported.default]) {
            expect(packedFiles).toContain(path.posix.normalize(file));
        }
    });
});

describe("a consumer stack", () => {
    it("type-checks against the packed package: the component, its args and outputs are typed", () => {
        const diagnostics = typeCheckConsumer(
            consumerDir,
            `import * as pulumi from "@pulumi/pulumi";
import { BlueGreenDeployment, BlueGreenArgsError, type BlueGreenDeploymentArgs, type Colour, type PortRule } from "vipswap";

const live: Colour = "green";
const ports: PortRule[] = [{ name: "https", protocol: "Tcp", frontendPort: 443, backendPort: 8443 }];
const args: BlueGreenDeploymentArgs = {
    location: "westeurope",
    activeColour: live,
    ports,
    probe: { protocol: "Https", port: 8443, path: "/health" },
    network: { subnetId: "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/a" },
    blue: { sshPublicKey: "ssh-ed25519 AAAA", capacity: 2 },
    green: { sshPublicKey: pulumi.output("ssh-ed25519 AAAA"), appVersion: "2.0.0" },
    protectAddresses: true,
};
const deployment = new BlueGreenDeployment("shop", args);
export const url: pulumi.Output<string> = deployment.productionUrl;
export const colour: pulumi.Output<Colour> = deployment.activeColour;
export const lb: pulumi.Output<string> = deployment.blueLoadBalancerId;
export const frontend: string = deployment.names.frontend;
export const isArgsError = (e: unknown): boolean => e instanceof BlueGreenArgsError;
`,
        );
        expect(diagnostics).toEqual([]);
    });

    it("is told by the compiler when it passes a colour that does not exist (the types are not any)", () => {
        const diagnostics = typeCheckConsumer(
            consumerDir,
            `import { BlueGreenDeployment } from "vipswap";
new BlueGreenDeployment("shop", { location: "westeurope", activeColour: "purple", blue: { sshPublicKey: "k" }, green: { sshPublicKey: "k" } });
`,
        );
        expect(diagnostics.join("\n")).toMatch(/"purple"/);
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
