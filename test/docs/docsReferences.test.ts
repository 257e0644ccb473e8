/**
 * The docs stay true to the repository: every file or folder of the repository that a doc names exists, every
 * relative link resolves, every `npm run` script it shows is in package.json, and every `vipswap` command it shows
 * is accepted by the CLI's own parser (commander, with every action replaced by a no-op, so nothing runs).
 *
 * The docs are found, not listed (README.md, SECURITY.md, docs/**.md), so a doc added later is checked too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Command, CommanderError, type Option } from "commander";
import { buildProgram } from "../../cli/vipswap";

const root = path.resolve(__dirname, "../..");

function markdownUnder(dir: string): string[] {
    return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
        const relative = path.join(dir, entry.name);
        if (entry.isDirectory()) return markdownUnder(relative);
        return entry.name.endsWith(".md") ? [relative] : [];
    });
}

const docs = [...["README.md", "SECURITY.md"].filter((f) => fs.existsSync(path.join(root, f))), ...markdownUnder("docs")];
const textOf = new Map(docs.map((doc) => [doc, fs.readFileSync(path.join(root, doc), "utf8")] as const));

/** The repository's own top-level folders; a path starting with one of them is a path of this repository. */
const repoFolders = ["components", "cli", "demo", "emulator", "bench", "policies", "test", "docs", "scripts"];
/**
 * A repository path: one of those folders and more, not inside another token (so `owner/repo:test/x` and
 * `content/docs/x`, other repositories' paths, are left alone), up to a placeholder or a wildcard.
 */
const repoPath = new RegExp(`(?<![\\w.:/<-])(?:${repoFolders.join("|")})/[\\w./-]*[\\w/]`, "g");

/** A `<placeholder>` word, which a doc writes where the reader puts their own value. */
const placeholder = /^<[^>]*>$/;

/**
 * The shell blocks of a doc (fenced as sh, bash, shell, console or not at all; a `text` block is output, not commands)
 * and its inline code spans outside any block.
 */
function codeOf(text: string): { blocks: string[]; spans: string[] } {
    const blocks = [...text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```/gm)]
        .filter((m) => /^(sh|bash|shell|console|zsh)?\s*$/.test(m[1]))
        .map((m) => m[2]);
    const prose = text.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "");
    const spans = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
    return { blocks, spans };
}

/**
 * Splits a shell command into words, keeping quoted strings whole and leaving out redirections (`> file`, `2>&1`):
 * enough for the commands docs show.
 */
function shellWords(command: string): string[] {
    const words = [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    const redirection = (word = "") => /^\d*(>>?|<)/.test(word) && !placeholder.test(word);
    return words.filter((word, i) => !redirection(word) && !/^\d*(>>?|<)$/.test(words[i - 1] ?? ""));
}

/** A `<placeholder>` may hold spaces or `|` (`<target flags>`, `<blue|green>`): make it one word that splits nowhere. */
function oneWordPlaceholders(text: string): string {
    return text.replace(/<[^<>\n]*>/g, (p) => p.replace(/[\s|]+/g, "_"));
}

/** One shell line of a code block: continuation lines joined, the comment dropped, cut at `&&`, `||`, `|`, `;` and `&`. */
function commandsIn(code: string): string[] {
    return oneWordPlaceholders(code)
        .replace(/\\\n/g, " ")
        .split("\n")
        .map((line) => line.replace(/^\s*\$\s+/, "").replace(/(^|\s)#.*$/, ""))
        .flatMap((line) => line.split(/&&|\|\||[|;&]/))
        .map((part) => part.trim())
        .filter((part) => part !== "");
}

/** The arguments after `vipswap` when `words` run the CLI (`vipswap`, `npx vipswap`, `node dist/cli/vipswap.js`). */
function vipswapArguments(words: string[]): string[] | undefined {
    const at = words.findIndex((w) => w === "vipswap" || /(^|\/)vipswap\.js$/.test(w));
    if (at < 0) return undefined;
    const before = words.slice(0, at);
    if (!before.every((w) => w === "npx" || w === "node" || /^[A-Z_][A-Z0-9_]*=/.test(w))) return undefined;
    return words.slice(at + 1);
}

interface ShownCommand {
    readonly doc: string;
    readonly text: string;
    readonly args: string[];
    /** True when the doc leaves parts out (`...`, a `<placeholder>`, or a mention in running text). */
    readonly elided: boolean;
}

const shown: ShownCommand[] = [...textOf].flatMap(([doc, text]) => {
    const { blocks, spans } = codeOf(text);
    const found: ShownCommand[] = [];
    const take = (command: string, inline: boolean) => {
        const words = shellWords(oneWordPlaceholders(command));
        const args = vipswapArguments(words);
        // A usage synopsis (`[--port N]`, `(--a | --b)`) describes a command; it is not one to run. Nor can a command
        // whose flags come from a shell substitution (`$(node -p ...)`) be parsed here.
        if (!args || args.some((a) => a.startsWith("[") || a.startsWith("(") || a.includes("|") || a.startsWith("$("))) return;
        found.push({ doc, text: command, args, elided: inline || args.some((a) => a === "..." || placeholder.test(a)) });
    };
    for (const block of blocks) for (const command of commandsIn(block)) take(command, false);
    // An inline command run in the background (`... &`) is the command before the `&`.
    for (const span of spans) take(span.replace(/\s*&$/, ""), true);
    return found;
});

/** The program with every action replaced by a no-op and its output captured, so parsing runs nothing. */
function parsingOnlyProgram(): { program: Command; errors: string[] } {
    const program = buildProgram();
    const errors: string[] = [];
    const quiet = (command: Command) => {
        command.exitOverride().configureOutput({ writeOut: () => undefined, writeErr: (s) => errors.push(s.trim()) });
        command.action(() => undefined);
        command.commands.forEach(quiet);
    };
    quiet(program);
    return { program, errors };
}

/** The value a placeholder stands for: a choice the option accepts, or a number, which every parser here takes. */
function placeholderValue(option: Option | undefined): string {
    return option?.argChoices?.[0] ?? "1";
}

/**
 * What the parser says about `shown`: undefined when it accepts it. An elided command is completed first: its
 * `...` is dropped, a `<placeholder>` value becomes a value the option accepts, and the required options it leaves
 * out are added with such values; everything the doc does show must still parse.
 */
function parseProblem(shown: ShownCommand): string | undefined {
    const { program, errors } = parsingOnlyProgram();
    const command = program.commands.find((c) => c.name() === shown.args[0]);
    const args: string[] = [];
    for (const arg of shown.args) {
        if (shown.elided && arg === "...") continue;
        if (shown.elided && placeholder.test(arg)) {
            const flag = args.at(-1);
            const option = command?.options.find((o) => o.long === flag || o.short === flag);
            if (option && (option.required || option.optional)) args.push(placeholderValue(option));
            continue;
        }
        args.push(arg);
    }
    if (shown.elided && command) {
        for (const option of command.options.filter((o) => o.mandatory)) {
            if (!args.some((a) => a === option.long || a.startsWith(`${option.long}=`))) args.push(option.long!, placeholderValue(option));
        }
    }
    try {
        program.parse(args, { from: "user" });
        return undefined;
    } catch (error) {
        if (error instanceof CommanderError && error.exitCode === 0) return undefined; // --help, --version
        return errors[0] ?? String(error); // the error line; the help printed after it is not needed here
    }
}

describe("the docs", () => {
    it("are found: the README and the docs folder", () => {
        expect(docs).toEqual(expect.arrayContaining(["README.md", path.join("docs", "emulator.md"), path.join("docs", "azure-behaviour.md")]));
    });

    it("name only files and folders that exist in the repository", () => {
        const missing = [...textOf].flatMap(([doc, text]) =>
            [...new Set(text.match(repoPath) ?? [])].filter((p) => !fs.existsSync(path.join(root, p))).map((p) => `${doc}: ${p}`),
        );
        expect(missing).toEqual([]);
    });

    it("link only to files that exist", () => {
        const broken = [...textOf].flatMap(([doc, text]) =>
            [...text.matchAll(/\]\(([^)\s]+)\)/g)]
                .map((m) => m[1].replace(/#.*$/, ""))
                .filter((target) => target !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(target))
                .filter((target) => !fs.existsSync(path.resolve(root, path.dirname(doc), target)))
                .map((target) => `${doc}: ${target}`),
        );
        expect(broken).toEqual([]);
    });

    it("run only npm scripts that package.json has", () => {
        const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
        const unknown = [...textOf].flatMap(([doc, text]) =>
            [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]).filter((s) => !scripts.includes(s)).map((s) => `${doc}: npm run ${s}`),
        );
        expect(unknown).toEqual([]);
    });

    it("show vipswap commands, and the checks below see them", () => {
        // The docs show a few complete commands and many with parts left out; finding none would make the next
        // test pass vacuously.
        expect(shown.length).toBeGreaterThanOrEqual(10);
        expect(shown.filter((c) => !c.elided).length).toBeGreaterThanOrEqual(3);
        expect(shown.map((c) => c.args[0])).toEqual(expect.arrayContaining(["swap", "status", "emulator", "demo"]));
    });

    it("show only vipswap commands that the CLI's parser accepts", () => {
        const refused = shown.map((c) => ({ c, problem: parseProblem(c) })).filter(({ problem }) => problem !== undefined);
        expect(refused.map(({ c, problem }) => `${c.doc}: \`${c.text}\`: ${problem}`)).toEqual([]);
    });

    it("would catch a command the CLI refuses (the check itself)", () => {
        const bad = (text: string, elided = false): ShownCommand => ({ doc: "x", text, args: shellWords(text).slice(1), elided });
        expect(parseProblem(bad("vipswap demo --no-such-flag"))).toMatch(/unknown option '--no-such-flag'/);
        expect(parseProblem(bad("vipswap swap --to purple ...", true))).toMatch(/--to <colour>' argument 'purple' is invalid/);
        expect(parseProblem(bad("vipswap swap --resource-group rg"))).toMatch(/required option '--to <colour>'/);
        expect(parseProblem(bad("vipswap status --resource-group rg ...", true))).toBeUndefined();
    });
});
