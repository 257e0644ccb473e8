import type { Command } from "commander";

/** Registers `vipswap emulator`. (Placeholder until its issue lands: it says so and exits 1.) */
export function registerEmulatorCommand(program: Command): void {
    program
        .command("emulator")
        .description("not built yet")
        .allowUnknownOption()
        .action(() => {
            throw new Error("'vipswap emulator' is not built yet");
        });
}
