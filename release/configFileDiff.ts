/**
 * A unified diff of two texts (the stack's config file before and after a release), line by line with a longest
 * common subsequence: the files are a few dozen lines, so the quadratic table is nothing.
 */

/** The diff of `before` and `after` in unified format with `context` lines around each change; "" when equal. */
export function unifiedDiff(before: string, after: string, fileName: string, context = 3): string {
    if (before === after) return "";
    const a = splitLines(before);
    const b = splitLines(after);
    const ops = diffLines(a, b);
    const hunks: string[] = [];
    const changed = ops.flatMap((op, index) => (op.kind === "same" ? [] : [index]));
    // Changes closer than 2 * context lines share a hunk.
    const groups: number[][] = [];
    for (const index of changed) {
        const group = groups[groups.length - 1];
        if (group && index - group[group.length - 1] <= 2 * context) group.push(index);
        else groups.push([index]);
    }
    for (const group of groups) {
        const start = Math.max(0, group[0] - context);
        const end = Math.min(ops.length, group[group.length - 1] + 1 + context);
        const slice = ops.slice(start, end);
        const oldCount = slice.filter((o) => o.kind !== "add").length;
        const newCount = slice.filter((o) => o.kind !== "remove").length;
        const oldStart = oldCount === 0 ? ops[start].oldLine : ops[start].oldLine + 1;
        const newStart = newCount === 0 ? ops[start].newLine : ops[start].newLine + 1;
        hunks.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
        for (const op of slice) hunks.push(`${op.kind === "same" ? " " : op.kind === "add" ? "+" : "-"}${op.text}`);
    }
    return [`--- a/${fileName}`, `+++ b/${fileName}`, ...hunks].join("\n") + "\n";
}

interface LineOp {
    readonly kind: "same" | "add" | "remove";
    readonly text: string;
    /** Lines of the old and new text before this one. */
    readonly oldLine: number;
    readonly newLine: number;
}

function splitLines(text: string): string[] {
    if (text === "") return [];
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    return lines;
}

function diffLines(a: readonly string[], b: readonly string[]): LineOp[] {
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
            lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    const ops: LineOp[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        if (i < a.length && j < b.length && a[i] === b[j]) {
            ops.push({ kind: "same", text: a[i], oldLine: i++, newLine: j++ });
        } else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
            // Removals before additions, as `diff -u` prints a changed line.
            ops.push({ kind: "remove", text: a[i], oldLine: i++, newLine: j });
        } else {
            ops.push({ kind: "add", text: b[j], oldLine: i, newLine: j++ });
        }
    }
    return ops;
}
