import type { Command, CommanderError } from "commander";

/**
 * Bad usage, the command line's way: the error, then one line on where the flags are (not the whole help), exit
 * code 2, nothing sent to Azure; with `--json`, the same error as JSON on stdout too, since a pipeline reads that.
 */

/** A flag that is missing or wrong: the command exits 2 with this message. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** The line printed after a usage error, e.g. "Run 'vipswap swap --help' for its flags.". */
export function usageHint(command: Command): string {
    const path: string[] = [];
    for (let c: Command | null = command; c; c = c.parent) path.unshift(c.name());
    return `Run '${path.join(" ")} --help' for ${command.parent ? "its flags" : "the commands"}.`;
}

/** Makes every command print `usageHint` after a usage error instead of its help. */
export function hintAfterUsageErrors(command: Command): void {
    command.showHelpAfterError(usageHint(command));
    for (const sub of command.commands) hintAfterUsageErrors(sub);
}

/** Whether the command line asked for JSON output (`--json` before any `--` end of options). */
export function wantsJson(argv: readonly string[]): boolean {
    const end = argv.indexOf("--");
    return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}

/** The usage error as `--json` prints it on stdout. */
export function usageErrorJson(error: CommanderError): string {
    const message = error.message.replace(/^error: /, "");
    return `${JSON.stringify({ ok: false, error: { code: "UsageError", message, wroteAnything: false } }, null, 2)}\n`;
}
