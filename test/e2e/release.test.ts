/**
 * `vipswap release` and `vipswap rollback` through the real Pulumi CLI on the emulator (the example stack, one
 * stack for the whole file, steps in order): a first release that deploys without a swap, a release end to end
 * with the traffic check, a release whose smoke test fails (stops before the swap), one whose post-swap
 * verification fails (rolls back), and --keep-old followed by a rollback that restores capacity before it swaps.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { E2eStack } from "./harness/e2eStack";
import { runRelease } from "./harness/releaseCli";
import { plainOutputs, servedBy } from "./harness/stackObservations";

let e2e: E2eStack;
let stack: Stack;
beforeAll(async () => {
    e2e = await E2eStack.start();
    stack = e2e.stack;
});
afterAll(async () => {
    await e2e?.dispose();
});

async function config(key: string): Promise<string | undefined> {
    const all = await stack.getAllConfig();
    return all[`vipswap:${key}`]?.value;
}

async function production(): Promise<unknown> {
    return servedBy(e2e.emulator, String((await plainOutputs(stack)).productionIpId));
}

/** The loopback URL the emulator serves an address on (what a smoke test on this machine must call). */
function urlOf(ipId: unknown): string {
    const entry = Object.values(e2e.emulator.dataPlane()).find((e) => e.publicIpId.toLowerCase() === String(ipId).toLowerCase());
    if (!entry) throw new Error(`no data-plane entry for ${String(ipId)}`);
    return entry.url;
}

test("the first release of a new stack deploys without a swap, and says so", async () => {
    const run = await runRelease(e2e, ["release", "--version", "1.0.0"]);
    expect(run.stderr).toMatch(/first release/);
    expect(run.code).toBe(0);
    const report = run.report!;
    expect(report.ok).toBe(true);
    expect(report.firstRelease).toBe(true);
    expect(report.steps.map((s) => s.name)).toEqual(["read", "deploy", "finish"]);
    expect(report.swapReport).toBeUndefined();
    expect(report.configKeysChanged).toEqual(expect.arrayContaining(["vipswap:blueAppVersion"]));
    expect(report.configFileDiff).toMatch(/^\+ {2}vipswap:blueAppVersion: 1\.0\.0$/m);
    // The record is gone at the end: the committed file holds only the change itself.
    expect(report.configFileDiff).not.toMatch(/^\+.*releaseState/m);
    expect(await production()).toMatchObject({ colour: "blue", version: "1.0.0" });
});

test("a release end to end: staging gets the version, the gate passes, the swap moves production to it", async () => {
    // Health gates on the addresses' loopback URLs: the smoke test wants a version that starts like x.y.z, the
    // post-swap verification an exact x.y.z (so a release candidate passes staging and fails on production).
    const outputs = await plainOutputs(stack);
    await e2e.setConfig({
        "vipswap:smokeTestUrl": urlOf(outputs.stagingIpId),
        "vipswap:smokeTestBodyPattern": '"version":"\\d+\\.\\d+\\.\\d+',
        "vipswap:smokeTestRetries": "1",
        "vipswap:smokeTestInitialBackoffMs": "100",
        "vipswap:verificationUrl": urlOf(outputs.productionIpId),
        "vipswap:verificationBodyPattern": '"version":"\\d+\\.\\d+\\.\\d+"',
        "vipswap:verificationDeadlineMs": "3000",
        "vipswap:verificationIntervalMs": "200",
    });
    await stack.up();

    const run = await runRelease(e2e, ["release", "--version", "2.0.0"]);
    expect(run.code).toBe(0);
    const report = run.report!;
    expect(report.steps.map((s) => [s.name, s.outcome])).toEqual([
        ["read", "done"],
        ["deploy-staging", "done"],
        ["gate", "done"],
        ["swap", "done"],
        ["finish", "done"],
    ]);
    expect(report).toMatchObject({ ok: true, firstRelease: false, from: "blue", to: "green", version: "2.0.0" });
    expect(report.swapReport).toBeDefined();
    expect(report.configKeysChanged).toEqual(expect.arrayContaining(["vipswap:greenAppVersion", "vipswap:activeColour"]));
    // The stack had activeColour at its default (blue), so the file gains the key.
    expect(report.configFileDiff).toMatch(/^\+ {2}vipswap:activeColour: green$/m);
    expect(report.configFileDiff).toMatch(/^\+ {2}vipswap:greenAppVersion: 2\.0\.0$/m);
    expect(report.configFileDiff).not.toMatch(/releaseState/);
    for (const s of report.steps) expect(Date.parse(s.endedAt)).toBeGreaterThanOrEqual(Date.parse(s.startedAt));

    // The traffic check: customers on the same production address now get 2.0.0 from green.
    const after = await plainOutputs(stack);
    expect(after.productionAddress).toBe(outputs.productionAddress);
    expect(await production()).toMatchObject({ colour: "green", version: "2.0.0" });
    expect(await config("releaseState")).toBeUndefined();
});

test("a release whose smoke test fails stops before the swap with production untouched; rollback puts staging back", async () => {
    const commitsBefore = e2e.emulator.lastCommit();
    const run = await runRelease(e2e, ["release", "--version", "broken"]);
    expect(run.code).toBe(1);
    const report = run.report!;
    expect(report.error?.step).toBe("gate");
    expect(report.error?.message).toMatch(/smoke test against the staging address failed/);
    expect(report.error?.stateLeftBehind).toMatch(/production is unchanged on green/);
    expect(report.steps.map((s) => s.name)).not.toContain("swap");
    expect(await production()).toMatchObject({ colour: "green", version: "2.0.0" });
    expect(await config("activeColour")).toBe("green");
    // No write touched the green side or the production address.
    const greenWrites = e2e.emulator.commits(commitsBefore).filter((c) => /-green-|-production-ip/.test(c.resourceId)).map((c) => `${c.kind} ${c.resourceId}`);
    expect(greenWrites).toEqual([]);

    const back = await runRelease(e2e, ["rollback"]);
    expect(back.code).toBe(0);
    expect(back.report!.steps.map((s) => s.name)).toEqual(["read", "restore-staging"]);
    expect(await config("blueAppVersion")).toBe("1.0.0");
    expect(await config("releaseState")).toBeUndefined();
    expect(await production()).toMatchObject({ colour: "green", version: "2.0.0" });
});

test("a release whose post-swap verification fails is rolled back, and the config says so", async () => {
    const run = await runRelease(e2e, ["release", "--version", "3.0.0-rc1"]);
    expect(run.code).toBe(1);
    const report = run.report!;
    expect(report.error?.step).toBe("swap");
    expect(report.error?.stateLeftBehind).toMatch(/production is on green/);
    expect(report.steps.map((s) => s.name)).toEqual(["read", "deploy-staging", "gate", "swap", "revert-flip"]);
    expect(await production()).toMatchObject({ colour: "green", version: "2.0.0" });
    expect(await config("activeColour")).toBe("green");
    // A rerun would retry from staging; here the user gives up on the candidate.
    const back = await runRelease(e2e, ["rollback"]);
    expect(back.code).toBe(0);
    expect(await config("blueAppVersion")).toBe("1.0.0");
});

test("--keep-old scales the old colour down after the delay; rollback restores its capacity before it swaps back", async () => {
    const run = await runRelease(e2e, ["release", "--version", "4.0.0", "--keep-old", "2s", "--scale-old-to", "0"]);
    expect(run.code).toBe(0);
    const report = run.report!;
    expect(report.steps.map((s) => s.name)).toEqual(["read", "deploy-staging", "gate", "swap", "keep-old", "scale-old", "finish"]);
    const keep = report.steps.find((s) => s.name === "keep-old")!;
    const scale = report.steps.find((s) => s.name === "scale-old")!;
    expect(Date.parse(scale.startedAt) - Date.parse(keep.endedAt)).toBeGreaterThanOrEqual(1500);
    expect(await config("greenCapacity")).toBe("0");
    expect(await production()).toMatchObject({ colour: "blue", version: "4.0.0" });
    const outputs = await plainOutputs(stack);
    const green = e2e.emulator.backends().find((b) => b.loadBalancerId.toLowerCase() === String(outputs.greenLoadBalancerId).toLowerCase());
    expect(green?.count ?? 0).toBe(0);

    const back = await runRelease(e2e, ["rollback"]);
    expect(back.code).toBe(0);
    const names = back.report!.steps.map((s) => s.name);
    expect(names).toEqual(["read", "restore-capacity", "wait-healthy", "gate", "swap", "finish"]);
    expect(await config("greenCapacity")).toBe("2");
    expect(await production()).toMatchObject({ colour: "green", version: "2.0.0" });
    const restored = e2e.emulator.backends().find((b) => b.loadBalancerId.toLowerCase() === String(outputs.greenLoadBalancerId).toLowerCase());
    expect(restored).toMatchObject({ count: 2, healthy: 2 });
});
