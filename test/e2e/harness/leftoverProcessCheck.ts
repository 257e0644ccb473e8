/**
 * Jest setup for the end-to-end tests (jest.e2e.config.js `setupFilesAfterEnv`): a test file may not leave a process
 * running. Every process a test starts carries `VIPSWAP_E2E_FILE` in its environment (the harness spawns with
 * `process.env`), and the engine's plugins inherit it; after the file's tests, any process still carrying this file's
 * mark fails the file and is killed.
 *
 * Why: the engine starts its plugins outside the CLI's process group, and the Node SDK's dynamic-provider host never
 * exits on its own when its engine is gone (docs/end-to-end.md, "Left-over processes"). A test that killed only a process
 * group left the killed run's VipSwap host running: it could go on swapping beside the test's next run, and one was
 * seen spinning for minutes after its emulator had gone.
 */
import { randomUUID } from "node:crypto";
import { basename } from "node:path";
import { killTree, processesWithEnv } from "./processTree";

const markName = "VIPSWAP_E2E_FILE";
const mark = `${basename(expect.getState().testPath ?? "unknown")}:${randomUUID()}`;
process.env[markName] = mark;

/** How long a process that is on its way out (a CLI whose run was just awaited) is given before it counts as left. */
const graceMs = 15_000;

afterAll(async () => {
    const deadline = Date.now() + graceMs;
    let left = processesWithEnv(markName, mark);
    while (left.length > 0 && Date.now() < deadline) {
        await new Promise((resolvePromise) => setTimeout(resolvePromise, 250));
        left = processesWithEnv(markName, mark);
    }
    if (left.length === 0) return;
    for (const leftover of left) killTree(leftover.pid);
    throw new Error(
        `the tests of this file left ${left.length} process(es) running, now killed:\n` +
            left.map((p) => `  pid ${p.pid} (parent ${p.parent}, started ${p.ageSeconds} s ago, in ${p.cwd}): ${p.command}`).join("\n"),
    );
});
