import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";

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

/** Starts the compiled fixture (test/helpers/compiledBuild.ts); the token goes through the environment. */
export function spawnChildSwap(script: string, input: object, token: string): ChildSwap {
    const child = spawn(process.execPath, [script, JSON.stringify(input)], {
        env: { ...process.env, VIPSWAP_TEST_TOKEN: token },
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
