import type { Command } from "commander";

/** Registers `vipswap swap`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerSwapCommands(program: Command): void {
    program
        .command("swap")
        .description("not built yet")
        .allowUnknownOption()
        .action(() => {
            throw new Error("'vipswap swap' is not built yet");
        });
}
