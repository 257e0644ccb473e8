/** The flags of `vipswap release` / `vipswap rollback` that are checked before anything runs. */
import { CommanderError } from "commander";
import { parseDuration } from "../../cli/releaseCommand";
import { buildProgram } from "../../cli/vipswap";

describe("vipswap release flags", () => {
    it("reads --keep-old durations in ms, s (the default unit), m and h", () => {
        expect(parseDuration("500ms")).toBe(500);
        expect(parseDuration("90")).toBe(90_000);
        expect(parseDuration("90s")).toBe(90_000);
        expect(parseDuration("30m")).toBe(1_800_000);
        expect(parseDuration("1h")).toBe(3_600_000);
    });

    it("refuses a duration it cannot read, saying what to write", () => {
        expect(() => parseDuration("half an hour")).toThrow(/--keep-old "half an hour" is not a duration; write e\.g\. 30m/);
        expect(() => parseDuration("-5m")).toThrow(/not a duration/);
    });

    it("requires --stack for both commands (commander's usage error, exit code 1 before main maps it to 2)", async () => {
        for (const args of [["release", "--version", "2.0.0"], ["rollback"]]) {
            await expect(buildQuiet().parseAsync(["node", "vipswap", ...args])).rejects.toThrow(CommanderError);
            await expect(buildQuiet().parseAsync(["node", "vipswap", ...args])).rejects.toThrow(/required option '--stack <name>' not specified/);
        }
    });
});

function buildQuiet() {
    const program = buildProgram();
    for (const command of [program, ...program.commands]) command.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    return program;
}
