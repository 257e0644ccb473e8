/**
 * Killing a CLI run the way a dead machine or a CI runner's hard timeout does: SIGKILL to every process the run
 * started. The engine starts its plugins (the language host, the dynamic-provider host running VipSwap, the stand-in
 * for azure-native) outside the CLI's process group, so a signal to the group alone leaves them running: an orphaned
 * VipSwap host would go on with the swap (docs/end-to-end.md, "Left-over processes").
 */
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** The fields of /proc/<pid>/stat after the command: the command may contain spaces and parentheses, so the fields
 * after its last ")" are the fixed ones (state first, then the parent, ...). Throws if the process has ended. */
function statFields(pid: number): string[] {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** Parent pid of every process now (Linux /proc). */
function parents(): Map<number, number> {
    const result = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            result.set(Number(entry), Number(statFields(Number(entry))[1]));
        } catch {
            // the process ended while we looked
        }
    }
    return result;
}

/** `pid` and all its descendants, as they are now. */
export function processTree(pid: number): number[] {
    const children = new Map<number, number[]>();
    for (const [child, parent] of parents()) {
        children.set(parent, [...(children.get(parent) ?? []), child]);
    }
    const tree: number[] = [];
    const queue = [pid];
    while (queue.length > 0) {
        const next = queue.shift()!;
        tree.push(next);
        queue.push(...(children.get(next) ?? []));
    }
    return tree;
}

/**
 * SIGKILL to `pid`'s process group and to every process of its tree. The tree is frozen first (SIGSTOP, repeated
 * until no new member appears), so that a process cannot start a child between the look and the kill: such a child,
 * a plugin the engine was just starting, would otherwise be left running with init as its parent. Returns the pids it
 * signalled.
 */
export function killTree(pid: number): number[] {
    const frozen = new Set<number>();
    for (let fresh = processTree(pid); fresh.length > 0; fresh = processTree(pid).filter((member) => !frozen.has(member))) {
        for (const member of fresh) {
            signal(member, "SIGSTOP");
            frozen.add(member);
        }
        // A signal is only queued: a process in the middle of a fork finishes it before it stops. Look again only
        // once every member has stopped (or ended), so no child can appear after the look.
        while (![...frozen].every(stoppedOrGone)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
    }
    signal(-pid, "SIGKILL");
    for (const member of frozen) signal(member, "SIGKILL");
    return [...frozen];
}

/** Whether `pid` is stopped (state T), a zombie, or gone. */
function stoppedOrGone(pid: number): boolean {
    try {
        const state = statFields(pid)[0];
        return state === "T" || state === "t" || state === "Z" || state === "X";
    } catch {
        return true;
    }
}

/** Sends `name` to `pid`; a process that has already ended is not an error. */
function signal(pid: number, name: NodeJS.Signals): void {
    try {
        process.kill(pid, name);
    } catch {
        // already gone
    }
}

/** One running process: its pid, its parent, how its command line reads, its working folder and its age. */
export interface ProcessInfo {
    readonly pid: number;
    readonly parent: number;
    readonly command: string;
    readonly cwd: string;
    readonly ageSeconds: number;
}

/** Seconds since `pid` started (/proc/<pid>/stat's start time is in clock ticks after boot; Linux's tick is 1/100 s). */
function ageSeconds(pid: number): number {
    const startTicks = Number(statFields(pid)[19]);
    const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
    return Math.round(uptime - startTicks / 100);
}

/** The processes (other than this one) whose environment has `name=value`, i.e. that a process carrying it started. */
export function processesWithEnv(name: string, value: string): ProcessInfo[] {
    const wanted = `${name}=${value}`;
    const found: ProcessInfo[] = [];
    for (const [pid, parent] of parents()) {
        if (pid === process.pid) continue;
        try {
            if (!readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(wanted)) continue;
            const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
            found.push({ pid, parent, command, cwd: readlinkSync(`/proc/${pid}/cwd`), ageSeconds: ageSeconds(pid) });
        } catch {
            // ended while we looked, or not ours to read
        }
    }
    return found;
}
