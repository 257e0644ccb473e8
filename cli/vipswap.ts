#!/usr/bin/env node
/**
 * The `vipswap` command line: one root that registers each subcommand from its own file.
 * Exit codes: 0 done, 1 failure (with the reason), 2 bad usage.
 */
import { Command, CommanderError } from "commander";
import { registerDemoCommand } from "./demoCommand";
import { registerEmulatorCommand } from "./emulatorCommand";
import { registerReleaseCommands } from "./releaseCommand";
import { registerSwapCommands } from "./swapCommand";

/** Builds the command tree; exported so tests can parse arguments without spawning a process. */
export function buildProgram(): Command {
    const program = new Command("vipswap")
        .description("Blue/green VIP swap for Azure load balancers and scale sets")
        .showHelpAfterError()
        .exitOverride();
    registerSwapCommands(program);
    registerEmulatorCommand(program);
    registerDemoCommand(program);
    registerReleaseCommands(program);
    return program;
}

async function main(argv: string[]): Promise<number> {
    try {
        await buildProgram().parseAsync(argv);
        return process.exitCode === undefined ? 0 : Number(process.exitCode);
    } catch (err) {
        if (err instanceof CommanderError) {
            // --help and --version end here with exit code 0; every other commander error is bad usage.
            return err.exitCode === 0 ? 0 : 2;
        }
        process.stderr.write(`vipswap: ${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
}

if (require.main === module) {
    main(process.argv).then((code) => process.exit(code));
}
