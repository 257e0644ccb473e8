/**
 * A release killed (SIGKILL of its whole process tree: pulumi and the plugins the engine started) at each of its steps, then rerun: it
 * finishes from where it stopped. Two releases at once: the second stops at Pulumi's stack lock with a clear
 * message and changes nothing. The emulator holds the write each kill must land in, so nothing depends on timing.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { E2eStack } from "./harness/e2eStack";
import { killTree } from "./harness/processTree";
import { finished, runRelease, spawnRelease, until } from "./harness/releaseCli";
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

async function production(): Promise<unknown> {
    return servedBy(e2e.emulator, String((await plainOutputs(stack)).productionIpId));
}

/** The release record, read from the stack's config file itself (fast enough to poll while a release runs). */
async function record(): Promise<{ stage?: string } | undefined> {
    const text = readFileSync(join(e2e.workDir, `Pulumi.${e2e.stackName}.yaml`), "utf8");
    const match = /^ {2}vipswap:releaseState: '(.*)'$/m.exec(text);
    return match ? (JSON.parse(match[1].replace(/''/g, "'")) as { stage?: string }) : undefined;
}

/** Starts a release, holds the first PUT whose path matches, SIGKILLs the release and everything it started while it waits. */
async function killWhileHeld(args: readonly string[], pathPattern: string): Promise<void> {
    e2e.emulator.addFault({ method: "PUT", pathPattern, action: { type: "hold" } });
    const child = spawnRelease(e2e, args);
    const done = finished(child);
    await until(`a held PUT matching ${pathPattern}`, () => e2e.emulator.operations().some((op) => op.held && op.status === "InProgress"));
    killTree(child.pid!);
    await done;
    // Azure finishes what it accepted, whatever happened to the client.
    e2e.emulator.clearFaults();
    e2e.emulator.releaseOperations();
    await until("the released write to commit", () => e2e.emulator.operations().every((op) => op.status !== "InProgress"));
}

test("a release killed in each of its steps finishes on a rerun", async () => {
    expect((await runRelease(e2e, ["release", "--version", "1.0.0"])).code).toBe(0);
    const outputs = await plainOutputs(stack);
    const names = (id: unknown) => String(id).split("/").pop();

    // 1. Killed while pulumi up deploys 2.0.0 to staging (the green scale set's PUT held).
    await killWhileHeld(["release", "--version", "2.0.0", "--keep-old", "3s"], `/virtualMachineScaleSets/${names(outputs.greenScaleSetId)}$`);
    expect(await record()).toMatchObject({ stage: "staging" });
    expect(await production()).toMatchObject({ colour: "blue", version: "1.0.0" });

    // 2. The rerun gets past staging and the gate, and is killed in the swap (the first load balancer write held).
    await killWhileHeld(["release", "--version", "2.0.0", "--keep-old", "3s"], `/loadBalancers/${names(outputs.blueLoadBalancerId)}$`);
    expect(await record()).toMatchObject({ stage: "swapping" });

    // 3. The rerun finishes the swap and is killed while it keeps the old colour (no pulumi runs then).
    const keeping = spawnRelease(e2e, ["release", "--version", "2.0.0"]);
    const keepingDone = finished(keeping);
    await until("the keep-old stage", async () => (await record())?.stage === "keepingOld");
    killTree(keeping.pid!);
    await keepingDone;
    expect(await production()).toMatchObject({ colour: "green", version: "2.0.0" });

    // 4. `--finish` scales the old colour down; killed in that pulumi up (blue's scale set PUT held).
    await killWhileHeld(["release", "--finish"], `/virtualMachineScaleSets/${names(outputs.blueScaleSetId)}$`);
    expect(await record()).toMatchObject({ stage: "scalingOld" });

    // 5. The last rerun finishes: production on green 2.0.0, blue at 0, no record left.
    const last = await runRelease(e2e, ["release", "--finish"]);
    expect(last.stderr).not.toMatch(/error:/);
    expect(last.code).toBe(0);
    expect(last.report!.steps.map((s) => s.name)).toEqual(["read", "scale-old", "finish"]);
    expect(await record()).toBeUndefined();
    expect((await stack.getAllConfig())["vipswap:blueCapacity"]?.value).toBe("0");
    const after = await plainOutputs(stack);
    expect(after.productionAddress).toBe(outputs.productionAddress);
    expect(after.stagingAddress).toBe(outputs.stagingAddress);
    expect(await production()).toMatchObject({ colour: "green", version: "2.0.0" });
});

test("two releases at once: the second stops at Pulumi's stack lock with a clear message and changes nothing", async () => {
    const outputs = await plainOutputs(stack);
    e2e.emulator.addFault({ method: "PUT", pathPattern: `/virtualMachineScaleSets/${String(outputs.blueScaleSetId).split("/").pop()}$`, action: { type: "hold" } });
    const first = spawnRelease(e2e, ["release", "--version", "3.0.0"]);
    const firstDone = finished(first);
    await until("the first release's held PUT", () => e2e.emulator.operations().some((op) => op.held && op.status === "InProgress"));
    const file = join(e2e.workDir, `Pulumi.${e2e.stackName}.yaml`);
    const fileBefore = readFileSync(file, "utf8");

    const second = await runRelease(e2e, ["release", "--version", "3.0.0"]);
    expect(second.code).toBe(1);
    expect(second.report?.error?.message).toMatch(/is locked by another Pulumi operation.*still running.*Wait for it to end and rerun/s);
    expect(second.report?.error?.message).toMatch(/the stack is currently locked by 1 lock/);
    expect(readFileSync(file, "utf8")).toBe(fileBefore);

    e2e.emulator.clearFaults();
    e2e.emulator.releaseOperations();
    const firstRun = await firstDone;
    expect(firstRun.code).toBe(0);
    expect(await production()).toMatchObject({ colour: "blue", version: "3.0.0" });
});
