import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * Ends a long-running command (`vipswap emulator`) when the process that started it ends. `npx vipswap emulator &`
 * then `kill $!` kills npx, which does not pass the signal on, so the emulator would live on with its port and CA
 * folder. Watching for the signal cannot help; watching the processes above can: the emulator notes its parent and
 * every ancestor above it (npx runs the command through `sh -c`, so the parent may be that shell, not npx), and
 * calls `onGone` as soon as one of them has ended, or it has been given a new parent. The check is a signal 0 (no
 * signal is sent) every `intervalMs`, on an unref'd timer.
 */

/** A watch that can be stopped. */
export interface ParentWatch {
    /** The pids watched, nearest first. */
    readonly pids: readonly number[];
    stop(): void;
}

/** The parent pid of `pid` and whether it is a zombie (ended, not yet reaped), or undefined when it is gone. */
function processInfo(pid: number): { ppid: number; zombie: boolean } | undefined {
    if (process.platform === "linux") {
        try {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ')'.
            const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
            const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            return { ppid: Number(ppid), zombie: state === "Z" || state === "X" };
        } catch {
            return undefined;
        }
    }
    if (process.platform === "win32") return isAlive(pid) ? { ppid: 0, zombie: false } : undefined;
    try {
        const [ppid, state] = execFileSync("ps", ["-o", "ppid=,stat=", "-p", String(pid)], { encoding: "utf8" }).trim().split(/\s+/);
        return { ppid: Number(ppid), zombie: /^Z/.test(state ?? "") };
    } catch {
        return undefined;
    }
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (err) {
        return (err as NodeJS.ErrnoException).code === "EPERM"; // it exists; it is not ours to signal
    }
}

/** This process's ancestors, nearest first, up to (not including) pid 1 and pid 0. */
export function ancestorPids(start = process.ppid): number[] {
    const pids: number[] = [];
    for (let pid = start; pid > 1 && pids.length < 64 && !pids.includes(pid); ) {
        pids.push(pid);
        pid = processInfo(pid)?.ppid ?? 0;
    }
    return pids;
}

/** Starts watching; `onGone` is called once, with the pid that ended. */
export function watchParent(onGone: (pid: number) => void, intervalMs = 500): ParentWatch {
    const parent = process.ppid;
    const pids = ancestorPids(parent);
    let stopped = false;
    const timer = setInterval(() => {
        const gone = process.ppid !== parent ? parent : pids.find((pid) => { const info = processInfo(pid); return !info || info.zombie; });
        if (gone !== undefined && !stopped) {
            stop();
            onGone(gone);
        }
    }, intervalMs);
    timer.unref();
    const stop = () => {
        stopped = true;
        clearInterval(timer);
    };
    return { pids, stop };
}
