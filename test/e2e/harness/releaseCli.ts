/**
 * Runs `vipswap release` / `vipswap rollback` (the built CLI, dist/cli/vipswap.js) against an end-to-end stack, as
 * a user or a pipeline would: its own process (and process group, so a test can SIGKILL it with its pulumi
 * children), the stack's environment, and the CLI of `.tools/pulumi` through --pulumi-root.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { ReleaseReport } from "../../../release/releaseReport";
import type { E2eStack } from "./e2eStack";
import { pulumiToolRoot, repositoryRoot } from "./pulumiCli";

/** The outcome of one run. */
export interface ReleaseRun {
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    readonly stdout: string;
    readonly stderr: string;
    /** The --json result, when it printed one. */
    readonly report?: ReleaseReport;
}

/** Starts `vipswap <args> --stack <stack> --cwd <project> --pulumi-root .tools/pulumi --yes --json` (`--stack` only when args have none). */
export function spawnRelease(e2e: E2eStack, args: readonly string[]): ChildProcess {
    const cli = join(repositoryRoot, "dist", "cli", "vipswap.js");
    const stackFlag = args.includes("--stack") ? [] : ["--stack", e2e.stackName];
    return spawn(process.execPath, [cli, ...args, ...stackFlag, "--cwd", e2e.workDir, "--pulumi-root", pulumiToolRoot, "--yes", "--json"], {
        cwd: e2e.workDir,
        env: { ...process.env, ...e2e.env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
    });
}

/** Collects what a started run prints, until it ends. */
export function finished(child: ChildProcess): Promise<ReleaseRun> {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolvePromise, reject) => {
        child.on("error", reject);
        child.on("close", (code, signal) => {
            let report: ReleaseReport | undefined;
            try {
                report = stdout.trim() ? (JSON.parse(stdout) as ReleaseReport) : undefined;
            } catch {
                report = undefined;
            }
            resolvePromise({ code, signal, stdout, stderr, ...(report ? { report } : {}) });
        });
    });
}

/** Runs the command to its end. */
export function runRelease(e2e: E2eStack, args: readonly string[]): Promise<ReleaseRun> {
    return finished(spawnRelease(e2e, args));
}

/** Waits (polling every 50 ms, at most 5 minutes) until `condition` holds. */
export async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 300_000;
    while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}
