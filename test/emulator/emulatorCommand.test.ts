/**
 * `vipswap emulator` as users run it: the compiled CLI in its own process prints one JSON line when ready, serves
 * the SDK with the CA file it names, and exits 0 on SIGTERM; bad flag values exit 2 with the reason; `--pair` makes
 * a pair whose printed flags `vipswap swap` takes as they are; and it ends when the process that started it ends,
 * as under `npx vipswap emulator &` then `kill $!` (npx does not pass the signal on).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createNetworkClient } from "../../components/azure/networkClient";
import { StaticTokenCredential } from "../../components/azure/staticTokenCredential";
import { expectArmError } from "../helpers/emulatorFixture";
import { type CompiledBuild, compileForChildProcess, repoRoot } from "../helpers/compiledBuild";

let build: CompiledBuild;
const children = new Set<ChildProcess>();

beforeAll(() => {
    build = compileForChildProcess("vipswap-emulator-cli", ["cli/vipswap.ts"]);
});
afterAll(async () => {
    // Wait for each child to be gone and its pipes closed: a child still alive when the file ends keeps the jest
    // worker from exiting ("A worker process has failed to exit gracefully").
    await Promise.all(
        [...children].map(
            (child) =>
                new Promise<void>((resolve) => {
                    if (child.exitCode !== null || child.signalCode !== null) return resolve();
                    child.once("exit", () => resolve());
                    child.kill("SIGKILL");
                }),
        ),
    );
    for (const child of children) {
        child.stdout?.destroy();
        child.stderr?.destroy();
    }
    build.remove();
});

/** Starts the CLI; resolves with the child, its first stdout line and a promise of its exit code and stderr. */
function start(args: readonly string[]) {
    const child = spawn(process.execPath, [build.js("cli/vipswap.ts"), "emulator", ...args], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let stdout = "";
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
        child.on("exit", (code) => {
            children.delete(child);
            resolve({ code, stdout, stderr });
        }),
    );
    const firstLine = new Promise<string>((resolve, reject) => {
        child.stdout!.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            if (stdout.includes("\n")) {
                resolve(stdout.slice(0, stdout.indexOf("\n")));
            }
        });
        void exited.then(() => reject(new Error(`exited before printing a line; stderr: ${stderr}`)));
    });
    firstLine.catch(() => undefined); // tests that expect an early exit never await it
    return { child, firstLine, exited };
}

test("prints one JSON line when ready, serves the SDK over HTTPS, and exits 0 on SIGTERM", async () => {
    const run = start(["--profile", "realistic", "--time-scale", "10"]);
    const ready = JSON.parse(await run.firstLine) as Record<string, string>;
    expect(Object.keys(ready).sort()).toEqual(["accessToken", "caCertFile", "endpoint", "subscriptionId"]);
    expect(ready.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = createNetworkClient({
        subscriptionId: ready.subscriptionId,
        credential: new StaticTokenCredential(ready.accessToken),
        endpoint: ready.endpoint,
        caCertPem: readFileSync(ready.caCertFile, "utf8"),
    });
    await expectArmError(client.loadBalancers.get("rg", "lb"), 404, "ResourceGroupNotFound");

    run.child.kill("SIGTERM");
    const { code, stdout } = await run.exited;
    expect(code).toBe(0);
    expect(stdout.trimEnd().split("\n")).toHaveLength(1); // exactly one line on stdout
    expect(existsSync(ready.caCertFile)).toBe(false); // the temporary CA file is removed on exit
});

test("SIGINT stops it cleanly too", async () => {
    const run = start([]);
    await run.firstLine;
    run.child.kill("SIGINT");
    expect((await run.exited).code).toBe(0);
});

test.each([
    [["--port", "http"], /port must be a whole number/],
    [["--port", "70000"], /port must be a whole number/],
    [["--profile", "slow"], /profile must be 'fast'.*or 'realistic'/],
    [["--time-scale", "0"], /time scale must be a number > 0/],
    [["--identity-role", "no-such-role.json"], /cannot read the role definition no-such-role\.json/],
    [["--identity-role", "package.json"], /package\.json: the role's\.actions must be a list of action strings/],
])("bad flag values %j exit 2 with the reason", async (args, reason) => {
    const { code, stdout, stderr } = await start(args).exited;
    expect(code).toBe(2);
    expect(stderr).toMatch(reason);
    expect(stdout).toBe("");
});

test("--identity-role issues a token restricted to the role file's actions, for ARM requests only", async () => {
    const run = start(["--identity-role", "roles/vipswap-swap-operator.json"]);
    const ready = JSON.parse(await run.firstLine) as Record<string, string> & { identity: { name: string; objectId: string; accessToken: string } };
    expect(ready.identity).toMatchObject({ name: "vipswap swap operator", objectId: expect.any(String) });
    const connection = { subscriptionId: ready.subscriptionId, endpoint: ready.endpoint, caCertPem: readFileSync(ready.caCertFile, "utf8") };
    const restricted = createNetworkClient({ ...connection, credential: new StaticTokenCredential(ready.identity.accessToken) });
    // A read the role holds reaches the provider (404: no such group); a delete of a load balancer it does not hold is refused.
    await expectArmError(restricted.loadBalancers.get("rg", "lb"), 404, "ResourceGroupNotFound");
    await expect(restricted.loadBalancers.beginDelete("rg", "lb")).rejects.toMatchObject({ statusCode: 403, code: "AuthorizationFailed", message: expect.stringContaining("'Microsoft.Network/loadBalancers/delete'") });
    run.child.kill("SIGTERM");
    expect((await run.exited).code).toBe(0);
});

test("--pair prints a ready pair whose swapFlags `vipswap swap` takes as they are", async () => {
    const run = start(["--pair", "shop"]);
    const ready = JSON.parse(await run.firstLine) as { accessToken: string; pair: { swapFlags: string[]; productionIpAddress: string } };
    const swap = await new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(
            process.execPath,
            [build.js("cli/vipswap.ts"), "swap", "--to", "green", ...ready.pair.swapFlags, "--json", "--poll-interval-ms", "20"],
            { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", AZURE_ACCESS_TOKEN: ready.accessToken } },
            (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
        ),
    );
    expect(swap.code).toBe(0);
    expect(JSON.parse(swap.stdout)).toMatchObject({ ok: true, report: { from: "blue", to: "green", productionIpAddress: ready.pair.productionIpAddress } });
    run.child.kill("SIGTERM");
    expect((await run.exited).code).toBe(0);
});

test("a bad --pair name exits 2 with the reason", async () => {
    const { code, stderr } = await start(["--pair", "a b"]).exited;
    expect(code).toBe(2);
    expect(stderr).toMatch(/pair's name must be 1 to 40 letters/);
});

/**
 * Starts the emulator the way npx does: a wrapper process (here a small node script) that runs it through `sh -c`
 * and does not pass signals on. Resolves with the ready line, the wrapper, and a promise that settles when the
 * emulator has ended (the last writer of the shared stdout pipe closed it).
 */
async function startThroughWrapper() {
    const wrapper = spawn(
        process.execPath,
        ["-e", "require('child_process').spawn('sh', ['-c', process.argv[1]], { stdio: 'inherit' }); process.on('SIGTERM', () => process.exit(143));", `"${process.execPath}" "${build.js("cli/vipswap.ts")}" emulator`],
        { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.add(wrapper);
    let stdout = "";
    let stderr = "";
    wrapper.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = Promise.all([wrapper.stdout!, wrapper.stderr!].map((stream) => new Promise<void>((resolve) => stream.on("end", () => resolve()))));
    wrapper.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const giveUp = Date.now() + 20_000;
    while (!stdout.includes("\n") && Date.now() < giveUp) await new Promise((resolve) => setTimeout(resolve, 10));
    const ready = JSON.parse(stdout.slice(0, stdout.indexOf("\n"))) as { caCertFile: string };
    return { wrapper, ready, ended, stderr: () => stderr };
}

test.each(["SIGKILL", "SIGTERM"] as const)("ends when the process that started it ends (%s to a wrapper that does not pass it on), removing its CA file", async (signal) => {
    const run = await startThroughWrapper();
    expect(existsSync(run.ready.caCertFile)).toBe(true);
    run.wrapper.kill(signal);
    await run.ended; // only the emulator holds the pipe once the wrapper is gone: it ends when the emulator does
    children.delete(run.wrapper);
    expect(run.stderr()).toMatch(/which started it, has ended; stopping/);
    expect(existsSync(run.ready.caCertFile)).toBe(false);
});
