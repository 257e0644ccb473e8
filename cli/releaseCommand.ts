import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import type { Command } from "commander";
import { azureReleasePort } from "../release/releaseAzure";
import { ReleaseFailure, type ReleaseReport } from "../release/releaseReport";
import { release, rollback, type ReleaseHooks, type ReleaseOptions } from "../release/releaseRunner";
import { openReleaseStack, ReleaseUsageError } from "../release/releaseStack";

/**
 * Registers `vipswap release` and `vipswap rollback`: the whole blue/green lifecycle over the user's own Pulumi
 * project and stack (release/ holds the logic; this file is flags, signals and printing).
 * Exit codes (cli/vipswap.ts): 0 done, 1 failure with the step, the state and what a rerun does, 2 bad usage.
 */
export function registerReleaseCommands(program: Command): void {
    common(program.command("release"))
        .description("deploy --version to the idle colour (staging), gate it, swap, and handle the old colour; a rerun continues")
        .option("--version <label>", "the version label to release (the idle colour's <colour>AppVersion)")
        .option("--custom-data <file>", "cloud-init file for the idle colour (<colour>CustomData)")
        .option("--keep-old <duration>", "after the swap keep the old colour this long (e.g. 30m, 90s), then scale it to --scale-old-to")
        .option("--scale-old-to <n>", "the old colour's capacity after --keep-old (default 0; alone: right after the swap)")
        .option("--finish", "continue a release that is keeping its old colour: wait out --keep-old, then scale it down")
        .option("--detach", "with --keep-old: stop after the swap; a later `vipswap release --finish` scales the old colour")
        .action(async (values: ReleaseFlagValues) => run("release", values));
    common(program.command("rollback"))
        .description("make the other colour live again: scale it back up if it was scaled down, wait until healthy, swap through the gates")
        .action(async (values: ReleaseFlagValues) => run("rollback", values));
}

interface ReleaseFlagValues {
    readonly stack: string;
    readonly cwd?: string;
    readonly pulumiRoot?: string;
    readonly yes?: boolean;
    readonly json?: boolean;
    readonly version?: string;
    readonly customData?: string;
    readonly keepOld?: string;
    readonly scaleOldTo?: string;
    readonly finish?: boolean;
    readonly detach?: boolean;
}

function common(command: Command): Command {
    return command
        .requiredOption("--stack <name>", "the Pulumi stack (it must exist: a release never creates one)")
        .option("--cwd <project>", "the Pulumi project folder (default: the current folder)")
        .option("--pulumi-root <dir>", "a folder whose bin/ holds the pulumi CLI to use (default: $VIPSWAP_PULUMI_ROOT, else pulumi on PATH)")
        .option("--yes", "do not ask for confirmation (needed when stdin is not a terminal)")
        .option("--json", "print the result object as JSON on stdout");
}

/** Parses `30m`, `90s`, `1h`, `500ms` or a number of seconds into ms. */
export function parseDuration(text: string): number {
    const match = /^(\d+)(ms|s|m|h)?$/.exec(text.trim());
    if (!match) throw new Error(`--keep-old ${JSON.stringify(text)} is not a duration; write e.g. 30m, 90s, 1h or 500ms.`);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? "s") as "ms" | "s" | "m" | "h"];
    return Number(match[1]) * unit;
}

function usage(message: string): void {
    process.stderr.write(`vipswap: error: ${message}\n`);
    process.exitCode = 2;
}

async function run(command: "release" | "rollback", values: ReleaseFlagValues): Promise<void> {
    let options: ReleaseOptions = {};
    try {
        if (command === "release") {
            if (values.scaleOldTo !== undefined && !/^\d+$/.test(values.scaleOldTo)) {
                throw new Error(`--scale-old-to ${JSON.stringify(values.scaleOldTo)} is not a whole number of instances.`);
            }
            if (values.finish && values.customData !== undefined) {
                throw new Error("--finish continues a release; it takes no --custom-data.");
            }
            if (!values.finish && values.version === undefined) throw new Error("give the version label to release with --version <label> (or --finish).");
            options = {
                ...(values.version !== undefined ? { version: values.version } : {}),
                ...(values.customData !== undefined ? { customData: readCustomData(values.customData) } : {}),
                ...(values.keepOld !== undefined ? { keepOldMs: parseDuration(values.keepOld) } : {}),
                ...(values.scaleOldTo !== undefined ? { scaleOldTo: Number(values.scaleOldTo) } : {}),
                ...(values.finish ? { finish: true } : {}),
            };
        }
    } catch (err) {
        return usage(err instanceof Error ? err.message : String(err));
    }
    if (!values.yes) {
        if (!process.stdin.isTTY) return usage(`${command} changes the stack; pass --yes to run it without a terminal to confirm on.`);
        const question = command === "release" ? `Release ${values.version ?? "(finish)"} to stack ${values.stack}?` : `Roll back stack ${values.stack}?`;
        const prompt = createInterface({ input: process.stdin, output: process.stderr });
        const answer = await prompt.question(`${question} [y/N] `);
        prompt.close();
        if (!/^y(es)?$/i.test(answer.trim())) {
            process.stderr.write("vipswap: nothing was changed.\n");
            return;
        }
    }

    // Ctrl-C (SIGINT) and a cancelled CI job (SIGTERM) stop the running pulumi up; a rerun continues.
    const abort = new AbortController();
    const stopSignals = ["SIGINT", "SIGTERM"] as const;
    const onInterrupt = () => {
        for (const signal of stopSignals) process.off(signal, onInterrupt);
        abort.abort();
    };
    for (const signal of stopSignals) process.once(signal, onInterrupt);
    const hooks: ReleaseHooks = {
        log: (line) => process.stderr.write(`vipswap: ${line}\n`),
        onOutput: (text) => process.stderr.write(text),
        signal: abort.signal,
        ...(values.detach ? { detach: true } : {}),
    };
    let report: ReleaseReport;
    try {
        const pulumiRoot = values.pulumiRoot ?? process.env.VIPSWAP_PULUMI_ROOT;
        const stack = await openReleaseStack({
            stackName: values.stack,
            workDir: resolve(values.cwd ?? process.cwd()),
            ...(pulumiRoot ? { pulumiRoot: resolve(pulumiRoot) } : {}),
        });
        const azure = azureReleasePort(process.env);
        report = command === "release" ? await release(stack, azure, options, hooks) : await rollback(stack, azure, hooks);
    } catch (err) {
        for (const signal of stopSignals) process.off(signal, onInterrupt);
        if (err instanceof ReleaseUsageError) {
            if (values.json) process.stdout.write(`${JSON.stringify({ ok: false, command, stack: values.stack, error: { step: "read", message: err.message } }, null, 2)}\n`);
            return usage(err.message);
        }
        if (err instanceof ReleaseFailure) {
            if (values.json) process.stdout.write(`${JSON.stringify(err.report, null, 2)}\n`);
            else printDiff(err.report);
            process.stderr.write(`vipswap: ${err.message}\n`);
            process.exitCode = err.usage ? 2 : 1;
            return;
        }
        throw err;
    }
    for (const signal of stopSignals) process.off(signal, onInterrupt);
    if (values.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
    }
    process.stdout.write(`${report.state}\n`);
    for (const step of report.steps) process.stdout.write(`  ${step.outcome.padEnd(7)} ${step.name.padEnd(16)} ${step.summary}\n`);
    printDiff(report);
}

function printDiff(report: ReleaseReport): void {
    if (report.configFileDiff === "") {
        process.stdout.write(`${report.configFile}: unchanged\n`);
        return;
    }
    process.stdout.write(`${report.configFile} changed; commit it:\n${report.configFileDiff}`);
}

function readCustomData(file: string): string {
    try {
        return readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`--custom-data ${file} cannot be read: ${(err as Error).message}`);
    }
}
