/**
 * Killing a CLI run the way a dead machine or a CI runner's hard timeout does: SIGKILL to every process the run
 * started. The engine starts its plugins (the language host, the dynamic-provider host running VipSwap, the stand-in
 * for azure-native) outside the CLI's process group, so a signal to the group alone leaves them running: an orphaned
 * VipSwap host would go on with the swap (docs/end-to-end.md, "Killed runs").
 */
import { readdirSync, readFileSync } from "node:fs";

/** Parent pid of every process now (Linux /proc). */
function parents(): Map<number, number> {
    const result = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            // The command may contain spaces and parentheses: the fields after the last ")" are fixed.
            const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
            const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
            result.set(Number(entry), Number(fields[1]));
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

/** SIGKILL to `pid`'s process group and to every process of its tree. Returns the pids it signalled. */
export function killTree(pid: number): number[] {
    const tree = processTree(pid);
    try {
        process.kill(-pid, "SIGKILL");
    } catch {
        // no such group any more
    }
    for (const member of tree) {
        try {
            process.kill(member, "SIGKILL");
        } catch {
            // already gone
        }
    }
    return tree;
}
