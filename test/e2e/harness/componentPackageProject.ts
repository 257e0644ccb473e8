/**
 * What the e2e projects in other Pulumi languages share (docs/other-languages.md): a project folder in a temporary
 * folder with the program's own files and nothing Node.js, the CLI's own `pulumi package add <plugin/>`, and the
 * steps and checks their tests run alike (a `pulumi up` that must fail without writing to Azure, a clean `pulumi
 * refresh`, the plugin's `vipswap:index:VipSwap` in the state, a program file rewritten as a user would edit it).
 * yamlProject.ts and pythonProject.ts build on it.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PairedSwapTarget } from "../../../components/swap/swapTarget";
import type { E2eStack } from "./e2eStack";
import { pulumiToolRoot, repositoryRoot } from "./pulumiCli";
import { azureFrontends, servedBy, vipSwapType as dynamicVipSwapType } from "./stackObservations";

/** The component package's folder (PulumiPlugin.yaml). */
export const vipswapPluginDir = join(repositoryRoot, "plugin");

/** VipSwap as the plugin serves it (components/vipSwap/packageVipSwap.ts). */
export const packageVipSwapType = "vipswap:index:VipSwap";

/** A project on disk in a temporary folder. */
export interface ProgramProject {
    readonly dir: string;
    /** Deletes the folder. */
    remove(): void;
}

/**
 * Makes a temporary project folder holding the given files and nothing else: no `package.json`, no `node_modules`.
 * Inside the plugin the component registers VipSwap as the plugin's own resource `vipswap:index:VipSwap`, so the
 * program's folder needs nothing Node.js (docs/other-languages.md, "VipSwap inside the component provider"); the
 * tests assert that it stays so.
 */
export function createProgramProject(prefix: string, files: Readonly<Record<string, string>>): ProgramProject {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The project's folder still holds nothing Node.js: no `package.json`, no `node_modules` (what a user must not need). */
export function expectNoNodeInFolder(project: ProgramProject): void {
    expect(existsSync(join(project.dir, "node_modules"))).toBe(false);
    expect(existsSync(join(project.dir, "package.json"))).toBe(false);
}

/**
 * Replaces the first match of `pattern` in a program file with `replacement` (as a user edits the program), and fails
 * when the pattern is not there, so that a test cannot silently run the unedited program.
 */
export function editProgram(file: string, pattern: RegExp, replacement: string): void {
    const text = readFileSync(file, "utf8");
    const next = text.replace(pattern, replacement);
    if (next === text && !pattern.test(text)) throw new Error(`${pattern} is not in ${file}`);
    writeFileSync(file, next);
}

/**
 * `pulumi package add <plugin/>` in the project, as a user runs it (a project command: no `--stack`), with the stack's
 * environment; fails with what the CLI printed.
 */
export function addVipswapPackage(e2e: E2eStack): Promise<string> {
    return new Promise((resolvePromise, reject) => {
        execFile(
            join(pulumiToolRoot, "bin", "pulumi"),
            ["package", "add", vipswapPluginDir, "--non-interactive"],
            { cwd: e2e.workDir, env: { ...process.env, ...e2e.env }, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
            (error, stdout, stderr) =>
                error ? reject(new Error(`pulumi package add failed: ${error.message}\n${stdout}\n${stderr}`)) : resolvePromise(stdout + stderr),
        );
    });
}

/** `pulumi refresh` finds nothing to change. */
export async function expectCleanRefresh(e2e: E2eStack, onOutput?: (line: string) => void): Promise<void> {
    const refresh = await e2e.stack.refresh({ onOutput });
    const changes = Object.entries(refresh.summary.resourceChanges ?? {}).filter(([op, count]) => op !== "same" && (count ?? 0) > 0);
    expect(changes).toEqual([]);
}

/**
 * The state's one VipSwap: the plugin's type, its provider the vipswap plugin's, no serialized provider, no credential
 * (the emulator's token is in the CLI's environment), and the colour that is live.
 */
export async function expectPackageVipSwapState(e2e: E2eStack, activeColour: string, liveColour: string = activeColour): Promise<void> {
    const exported = await e2e.stack.exportStack();
    type StateResource = { urn: string; id?: string; type: string; provider?: string; inputs?: object; outputs?: object };
    const resources = (exported.deployment as { resources: StateResource[] }).resources;
    const swaps = resources.filter((r) => r.type === packageVipSwapType);
    expect(swaps).toHaveLength(1);
    // The engine gives the VipSwap registered inside Construct the package's one default provider: the plugin that
    // served the component (docs/other-languages.md, "How the engine finds its provider").
    const vipswapProviders = resources.filter((r) => r.type === "pulumi:providers:vipswap");
    expect(vipswapProviders).toHaveLength(1);
    expect(swaps[0]!.provider).toBe(`${vipswapProviders[0]!.urn}::${vipswapProviders[0]!.id}`);
    expect(Object.keys(swaps[0]!.inputs ?? {})).not.toContain("__provider");
    expect(Object.keys(swaps[0]!.outputs ?? {})).not.toContain("__provider");
    expect(swaps[0]!.outputs).toMatchObject({ activeColour, liveColour });
    expect(resources.filter((r) => r.type === dynamicVipSwapType)).toEqual([]);
    expect(JSON.stringify(exported)).not.toContain(e2e.emulator.accessToken);
}

/** Runs `pulumi up`, which must fail, and returns what it printed; nothing may have been written to Azure. */
export async function failedUp(e2e: E2eStack): Promise<string> {
    e2e.emulator.clearRequestLog();
    const result = await e2e.cli(["up", "--yes", "--skip-preview"]);
    expect(result.code).not.toBe(0);
    expect(e2e.emulator.requestLog().filter((entry) => entry.method !== "GET")).toEqual([]);
    return result.stdout + result.stderr;
}

/** A line of a Node.js stack trace (`    at fn (/path/file.js:12:34)`): what the provider process must never print. */
export const nodeStackFrame = /\n\s+at .+\.js:\d+:\d+/;

/** The app versions the programs give the colours: what each address must be served. */
const appVersions = { blue: "1.0.0", green: "2.0.0" } as const;

/** The production address serves `live` (with its app version) and the staging address the other colour. */
export async function expectServing(e2e: E2eStack, outputs: Record<string, unknown>, live: "blue" | "green"): Promise<void> {
    const idle = live === "blue" ? "green" : "blue";
    expect(outputs.activeColour).toBe(live);
    expect((await servedBy(e2e.emulator, String(outputs.productionIpId))) as object).toMatchObject({ colour: live, version: appVersions[live] });
    expect((await servedBy(e2e.emulator, String(outputs.stagingIpId))) as object).toMatchObject({ colour: idle, version: appVersions[idle] });
}

/**
 * After a flip from blue to green (a paired pair): both addresses and their ids are unchanged, and in Azure the blue
 * load balancer's frontend holds the staging address and the green one's the production address.
 */
export async function expectSwappedToGreen(e2e: E2eStack, before: Record<string, unknown>, after: Record<string, unknown>): Promise<void> {
    expect(after.productionAddress).toBe(before.productionAddress);
    expect(after.stagingAddress).toBe(before.stagingAddress);
    expect(after.productionIpId).toBe(before.productionIpId);
    expect(after.stagingIpId).toBe(before.stagingIpId);
    const target = after.swapTarget as PairedSwapTarget;
    expect(await azureFrontends(e2e.emulator, target)).toEqual({
        [target.blueLoadBalancerName]: String(after.stagingIpId).toLowerCase(),
        [target.greenLoadBalancerName]: String(after.productionIpId).toLowerCase(),
    });
}
