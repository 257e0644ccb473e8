/**
 * Type-checking a consumer project the way its own tsconfig would, under each module resolution that TypeScript
 * projects use, and the import statements that the README and docs/ show, collected from the Markdown itself so the
 * list cannot drift from what users copy.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { repoRoot } from "../helpers/compiledBuild";

/**
 * The module resolutions a consumer's tsconfig may use: `node` (Pulumi's TypeScript project template, which reads
 * only `types`/`typesVersions`, not `exports`), `node16` (honours `exports` and its `types` condition) and
 * `bundler`.
 */
export const moduleResolutions = ["node", "node16", "bundler"] as const;
export type ModuleResolution = (typeof moduleResolutions)[number];

/** Compiler options for `resolution`, each paired with the module kind TypeScript requires for it. */
function optionsFor(resolution: ModuleResolution, dir: string): ts.CompilerOptions {
    const byResolution: Record<ModuleResolution, ts.CompilerOptions> = {
        node: { module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10 },
        node16: { module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
        bundler: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
    };
    return {
        ...byResolution[resolution],
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        types: ["node"],
        typeRoots: [path.join(dir, "node_modules", "@types")],
        skipLibCheck: true,
    };
}

/**
 * Type-checks the given files (name -> source) as a consumer's sources in `dir`, all in one program (loading the
 * SDKs' declarations is what takes the time); returns each file's diagnostics as text, keyed by its name.
 */
export function typeCheckConsumer(dir: string, sources: Record<string, string>, resolution: ModuleResolution): Record<string, string[]> {
    const srcDir = path.join(dir, `src-${resolution}`);
    fs.rmSync(srcDir, { recursive: true, force: true });
    fs.mkdirSync(srcDir, { recursive: true });
    const names = new Map<string, string>();
    for (const [name, source] of Object.entries(sources)) {
        const file = path.join(srcDir, name);
        fs.writeFileSync(file, source);
        names.set(path.resolve(file), name);
    }
    const program = ts.createProgram({ rootNames: [...names.keys()], options: optionsFor(resolution, dir) });
    const byFile: Record<string, string[]> = Object.fromEntries([...names.values()].map((name) => [name, []]));
    for (const d of ts.getPreEmitDiagnostics(program)) {
        const name = d.file ? (names.get(path.resolve(d.file.fileName)) ?? path.relative(dir, d.file.fileName)) : "(options)";
        (byFile[name] ??= []).push(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    }
    return byFile;
}

/** One import statement shown in the documentation. */
export interface DocumentedImport {
    /** Where it is shown, e.g. `docs/emulator.md:37`. */
    readonly location: string;
    /** The module it imports from, e.g. `vipswap/emulator`. */
    readonly specifier: string;
    /** The statement as written. */
    readonly statement: string;
}

/** The Markdown pages a user reads: the README and every page in docs/. */
function documentationPages(): string[] {
    const docs = fs
        .readdirSync(path.join(repoRoot, "docs"))
        .filter((name) => name.endsWith(".md"))
        .map((name) => path.join("docs", name));
    return ["README.md", ...docs];
}

// `import x from "m"`, `import * as x from "m"`, `import { a, type B } from "m"`, `import type { C } from "m"`,
// in fenced code blocks and in inline code alike.
const importStatement = /\bimport\s+(?:type\s+)?(?:\*\s*as\s+\w+|\{[^}]*\}|\w+(?:\s*,\s*\{[^}]*\})?)\s+from\s+["']([^"'\n]+)["']/g;

/** Every import of a package (not of a relative path) that the README and docs/ show. */
export function documentedImports(): DocumentedImport[] {
    return documentationPages().flatMap((page) => {
        const text = fs.readFileSync(path.join(repoRoot, page), "utf8");
        return [...text.matchAll(importStatement)]
            .filter((m) => !m[1].startsWith("."))
            .map((m) => ({
                location: `${page}:${text.slice(0, m.index).split("\n").length}`,
                specifier: m[1],
                statement: `${m[0]};`,
            }));
    });
}

/**
 * The documented imports as consumer sources, one module per statement (two pages may bind the same name), named
 * after where each is shown so a diagnostic points at the page to fix.
 */
export function documentedImportSources(imports: readonly DocumentedImport[]): Record<string, string> {
    return Object.fromEntries(
        imports.map((i) => [`${i.location.replace(/[^\w]+/g, "_")}.ts`, `// ${i.location}\n${i.statement}\nexport {};\n`]),
    );
}

/** A consumer's stack that uses the component, its argument types and its typed outputs. */
const typedStackSource = `import * as pulumi from "@pulumi/pulumi";
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
`;

/**
 * A consumer's sources: `index.ts` must type-check; `wrongColour.ts` (a colour that does not exist) and
 * `missingExport.ts` (a name vipswap does not export, beside the emulator's entry point) must each be refused.
 */
export const consumerStackSources: Readonly<Record<string, string>> = {
    "index.ts": typedStackSource,
    "wrongColour.ts": `import { BlueGreenDeployment } from "vipswap";
new BlueGreenDeployment("shop", { location: "westeurope", activeColour: "purple", blue: { sshPublicKey: "k" }, green: { sshPublicKey: "k" } });
`,
    "missingExport.ts": `import { AzureEmulator } from "vipswap/emulator";
import { NoSuchThing } from "vipswap";
export { AzureEmulator, NoSuchThing };
`,
};
