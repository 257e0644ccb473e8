#!/usr/bin/env node
/**
 * The `vipswap` command line: one root that registers each subcommand from its own file.
 * Exit codes: 0 done, 1 failure (with the reason), 2 bad usage (nothing sent to Azure), 130 / 143 a swap stopped by
 * SIGINT / SIGTERM (cli/interruption.ts).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Command, CommanderError } from "commander";
import { registerDemoCommand } from "./demoCommand";
import { registerEmulatorCommand } from "./emulatorCommand";
import { InterruptedError } from "./interruption";
import { registerReleaseCommands } from "./releaseCommand";
import { registerSwapCommands } from "./swapCommand";
import { hintAfterUsageErrors, usageErrorJson, wantsJson } from "./usageErrors";

/** The package's version: from the nearest package.json named vipswap above this file (source or dist/). */
export function packageVersion(from = __dirname): string {
    for (let dir = from; ; dir = dirname(dir)) {
        const file = join(dir, "package.json");
        if (existsSync(file)) {
            const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
            if (pkg.name === "vipswap" && pkg.version) return pkg.version;
        }
        if (dirname(dir) === dir) return "unknown";
    }
}

/** Builds the command tree; exported so tests can parse arguments without spawning a process. */
export function buildProgram(): Command {
    const program = new Command("vipswap")
        .description("Blue/green VIP swap for Azure load balancers and scale sets")
        .version(packageVersion(), "--version", "print the version")
        // Root options only before the command: `vipswap release --version 1.2.0` is release's own option.
        .enablePositionalOptions()
        .exitOverride();
    registerSwapCommands(program);
    registerEmulatorCommand(program);
    registerDemoCommand(program);
    registerReleaseCommands(program);
    hintAfterUsageErrors(program);
    return program;
}

async function main(argv: string[]): Promise<number> {
    try {
        await buildProgram().parseAsync(argv);
        return process.exitCode === undefined ? 0 : Number(process.exitCode);
    } catch (err) {
        if (err instanceof CommanderError) {
            // --help and --version end here with exit code 0; every other commander error is bad usage.
            if (err.exitCode === 0) return 0;
            if (wantsJson(argv)) process.stdout.write(usageErrorJson(err));
            return 2;
        }
        process.stderr.write(`vipswap: ${err instanceof Error ? err.message : String(err)}\n`);
        return err instanceof InterruptedError ? err.exitCode : 1;
    }
}

if (require.main === module) {
    main(process.argv).then((code) => process.exit(code));
}
