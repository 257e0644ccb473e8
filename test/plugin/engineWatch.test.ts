/**
 * The plugin ends when its engine is gone (plugin/engineWatch.ts): the health check against a gRPC server that
 * answers, one that does not implement the health service, and one that has stopped; then the compiled plugin itself,
 * whose stand-in engine stops answering, exits and takes its component host with it.
 */
import { existsSync } from "node:fs";
import { engineAddress, watchEngine } from "../../plugin/engineWatch";
import { processTree } from "../e2e/harness/processTree";
import { removeCompiledPlugin, startPlugin } from "./pluginProcess";
import { startStandInEngine } from "./standInEngine";

const fast = { intervalMs: 20, timeoutMs: 5_000 };

afterAll(() => removeCompiledPlugin());

test("the engine's address is the first argument that is not a flag", () => {
    expect(engineAddress(["--logtostderr", "-v=9", "127.0.0.1:50051"])).toBe("127.0.0.1:50051");
    expect(engineAddress(["127.0.0.1:50051"])).toBe("127.0.0.1:50051");
    expect(engineAddress([])).toBeUndefined();
});

test("an engine that answers is watched without end; one that stops (its calls cancelled or refused) is reported gone once, with the reason", async () => {
    const engine = await startStandInEngine("serving");
    const gone: string[] = [];
    let reported: () => void = () => undefined;
    const reportedOnce = new Promise<void>((resolve) => (reported = resolve));
    watchEngine(engine.address, (reason) => {
        gone.push(reason);
        reported();
    }, fast);
    await engine.checked(5);
    expect(gone).toEqual([]);
    engine.stop();
    await reportedOnce;
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatch(new RegExp(`the engine at ${engine.address} did not answer its health check \\((UNAVAILABLE|CANCELLED)`));
});

test("an engine without the health service counts as alive, as it does for Pulumi's own plugins", async () => {
    const engine = await startStandInEngine("unimplemented");
    const gone: string[] = [];
    const abort = new AbortController();
    try {
        watchEngine(engine.address, (reason) => gone.push(reason), { ...fast, abortSignal: abort.signal });
        await engine.checked(5);
        expect(gone).toEqual([]);
    } finally {
        abort.abort();
        engine.stop();
    }
    // Stopped by its signal, the watch reports nothing even though the engine is now gone.
    await new Promise((resolve) => setTimeout(resolve, fast.intervalMs * 10));
    expect(gone).toEqual([]);
});

test("the plugin exits when its engine stops answering, and its component host ends with it", async () => {
    const plugin = await startPlugin({ PATH: process.env.PATH });
    try {
        const members = processTree(plugin.pid);
        expect(members.length).toBeGreaterThanOrEqual(2); // the plugin and its component host
        plugin.engineGone();
        // The watch checks every 30 s: this waits at most that long (jest's timeout is the hang detector).
        expect(await plugin.exited()).toBe(1);
        expect(plugin.stderr()).toMatch(/vipswap plugin: the engine at 127\.0\.0\.1:\d+ did not answer its health check \((UNAVAILABLE|CANCELLED).*; stopping/);
        // Its component host sees its IPC channel close and ends too (init reaps it): wait for that, or hang.
        const host = members.find((pid) => pid !== plugin.pid)!;
        while (existsSync(`/proc/${host}`)) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
        await plugin.stop();
    }
});

