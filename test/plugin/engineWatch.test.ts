/**
 * The plugin ends when its engine is gone (plugin/engineWatch.ts): the health check against a gRPC server that
 * answers, one that does not implement the health service, and one that has stopped; then the compiled plugin itself,
 * whose stand-in engine stops answering, exits and takes its component host with it.
 */
import { existsSync } from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { engineAddress, watchEngine } from "../../plugin/engineWatch";
import { processTree } from "../e2e/harness/processTree";
import { removeCompiledPlugin, startPlugin } from "./pluginProcess";

/** A gRPC server whose health Check answers with `answer` and counts the checks. */
async function healthServer(answer: "serving" | "unimplemented") {
    const server = new grpc.Server();
    const raw = (b: Buffer) => b;
    let checks = 0;
    let onCheck: (() => void) | undefined;
    server.addService(
        { check: { path: "/grpc.health.v1.Health/Check", requestStream: false, responseStream: false, requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw } },
        {
            check: (_call: grpc.ServerUnaryCall<Buffer, Buffer>, reply: grpc.sendUnaryData<Buffer>) => {
                checks += 1;
                onCheck?.();
                if (answer === "serving") reply(null, Buffer.from([0x08, 0x01]));
                else reply({ code: grpc.status.UNIMPLEMENTED, details: "unknown service grpc.health.v1.Health" });
            },
        },
    );
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
    return {
        address: `127.0.0.1:${port}`,
        checks: () => checks,
        /** Resolves once the server has answered `count` checks in all. */
        checked: (count: number) =>
            new Promise<void>((resolve) => {
                if (checks >= count) return resolve();
                onCheck = () => {
                    if (checks >= count) resolve();
                };
            }),
        stop: () => server.forceShutdown(),
    };
}

const fast = { intervalMs: 20, timeoutMs: 5_000 };

afterAll(() => removeCompiledPlugin());

test("the engine's address is the first argument that is not a flag", () => {
    expect(engineAddress(["--logtostderr", "-v=9", "127.0.0.1:50051"])).toBe("127.0.0.1:50051");
    expect(engineAddress(["127.0.0.1:50051"])).toBe("127.0.0.1:50051");
    expect(engineAddress([])).toBeUndefined();
});

test("an engine that answers is watched without end; one that stops (its calls cancelled or refused) is reported gone once, with the reason", async () => {
    const engine = await healthServer("serving");
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
    const engine = await healthServer("unimplemented");
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

