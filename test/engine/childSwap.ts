import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import ts from "typescript";

const root = resolve(__dirname, "../..");

/**
 * Transpiles the child fixture and every relative module it imports (TypeScript's own `transpileModule`, no type
 * check: `npm test` type-checks) into a temporary directory, in milliseconds. Returns the compiled entry point.
 */
export function compileChild(entry: string): { script: string; cleanup(): void } {
    const outDir = mkdtempSync(join(tmpdir(), "vipswap-child-"));
    const seen = new Set<string>();
    const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const source = readFileSync(file, "utf8");
        const output = ts.transpileModule(source, {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
            fileName: file,
        }).outputText;
        const target = join(outDir, relative(root, file)).replace(/\.ts$/, ".js");
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, output);
        for (const imported of ts.preProcessFile(source).importedFiles) {
            if (imported.fileName.startsWith(".")) visit(resolve(dirname(file), `${imported.fileName}.ts`));
        }
    };
    visit(resolve(entry));
    return {
        script: join(outDir, relative(root, resolve(entry))).replace(/\.ts$/, ".js"),
        cleanup: () => rmSync(outDir, { recursive: true, force: true }),
    };
}

/** A running child swap: its progress lines as they come, and its end. */
export interface ChildSwap {
    readonly process: ChildProcess;
    /** Every progress event type printed so far, in order. */
    readonly events: string[];
    /** Resolves with the exit code (null when killed) and the signal. */
    readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
    /** Calls `listener` for each progress line from now on. */
    onEvent(listener: (type: string, index: number) => void): void;
}

/** Starts the compiled fixture; the token goes through the environment, and modules resolve from the project. */
export function spawnChildSwap(script: string, input: object, token: string): ChildSwap {
    const child = spawn(process.execPath, [script, JSON.stringify(input)], {
        env: { ...process.env, VIPSWAP_TEST_TOKEN: token, NODE_PATH: join(root, "node_modules") },
        stdio: ["ignore", "pipe", "pipe"],
    });
    const events: string[] = [];
    const listeners: ((type: string, index: number) => void)[] = [];
    createInterface({ input: child.stdout! }).on("line", (line) => {
        const type = (JSON.parse(line) as { type: string }).type;
        events.push(type);
        for (const listener of listeners) listener(type, events.length - 1);
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) =>
        child.on("exit", (code, signal) => done({ code, signal, stderr })),
    );
    return { process: child, events, exited, onEvent: (listener) => listeners.push(listener) };
}
