/**
 * What the e2e projects in other Pulumi languages share (docs/other-languages.md): a project folder in a temporary
 * folder, `@pulumi/pulumi` installed in it for the dynamic-provider plugin, the CLI's own `pulumi package add
 * <plugin/>`, and the steps and checks their tests run alike (a `pulumi up` that must fail without writing to Azure, a
 * clean `pulumi refresh`, a program file rewritten as a user would edit it). yamlProject.ts and pythonProject.ts build
 * on it.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PairedSwapTarget } from "../../../components/swap/swapTarget";
import { lockedVersion } from "./consumerProject";
import type { E2eStack } from "./e2eStack";
import { pulumiToolRoot, repositoryRoot } from "./pulumiCli";
import { azureFrontends, servedBy } from "./stackObservations";

/** The component package's folder (PulumiPlugin.yaml). */
export const vipswapPluginDir = join(repositoryRoot, "plugin");

/** A project on disk in a temporary folder. */
export interface ProgramProject {
    readonly dir: string;
    /** Deletes the folder. */
    remove(): void;
}

/**
 * Makes a temporary project folder with the given files, and installs `@pulumi/pulumi` in it (a package.json with only
 * that dependency): VipSwap is a dynamic resource, and Pulumi's dynamic-provider plugin finds `@pulumi/pulumi` from the
 * program's folder, whatever the program's language (docs/other-languages.md, "VipSwap inside the component provider").
 */
export function createProgramProject(prefix: string, projectName: string, files: Readonly<Record<string, string>>): ProgramProject {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({ name: projectName, private: true, dependencies: { "@pulumi/pulumi": lockedVersion("@pulumi/pulumi") } }),
    );
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
    return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
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
