/** The flags of `vipswap release` / `vipswap rollback` that are checked before anything runs. */
import { execFile } from "node:child_process";
import { CommanderError } from "commander";
import { compileForChildProcess, repoRoot } from "../helpers/compiledBuild";
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

test("--version after release is the release's own option, not the package's version", async () => {
    const program = buildQuiet();
    const release = program.commands.find((c) => c.name() === "release")!;
    release.action(() => undefined);
    await program.parseAsync(["node", "vipswap", "release", "--stack", "dev", "--version", "2.0.0"]);
    expect(release.opts().version).toBe("2.0.0");
});

test("release without a Pulumi CLI says what to install, exit code 2, before touching anything", async () => {
    const build = compileForChildProcess("release-no-cli", ["cli/vipswap.ts"]);
    try {
        const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
            execFile(
                process.execPath,
                [build.js("cli/vipswap.ts"), "release", "--stack", "dev", "--version", "2.0.0", "--yes"],
                { cwd: repoRoot, env: { PATH: "/nonexistent" } },
                (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
            ),
        );
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/needs the Pulumi CLI \(3\.248 or newer\) and could not run pulumi on PATH: it is not there\. Install the Pulumi CLI, or give its folder with --pulumi-root/);
    } finally {
        build.remove();
    }
});
