import type { Command } from "commander";

/** Registers `vipswap demo`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerDemoCommand(program: Command): void {
    program
        .command("demo")
        .description("not built yet")
        .allowUnknownOption()
        .action(() => {
            throw new Error("'vipswap demo' is not built yet");
        });
}
