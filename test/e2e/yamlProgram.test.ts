/**
 * vipswap from Pulumi YAML with the real CLI (docs/other-languages.md): `pulumi package add plugin/`, then a YAML
 * program declaring one BlueGreenDeployment from stack config. The component runs inside the vipswap plugin, and
 * registers VipSwap as the plugin's own resource `vipswap:index:VipSwap`, so the program's folder holds Pulumi.yaml
 * only (no @pulumi/pulumi, no node_modules). Steps run in order on one stack.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PairedSwapTarget } from "../../components/swap/swapTarget";
import {
    addVipswapPackage,
    expectCleanRefresh,
    expectNoNodeInFolder,
    expectPackageVipSwapState,
    expectServing,
    expectSwappedToGreen,
    failedUp,
    nodeStackFrame,
    packageVipSwapType as vipSwapType,
    type ProgramProject,
} from "./harness/componentPackageProject";
import { E2eStack, testSshPublicKey } from "./harness/e2eStack";
import { killTree } from "./harness/processTree";
import { plainOutputs, servedBy, stepRecorder, vipSwapType as dynamicVipSwapType } from "./harness/stackObservations";
import { createYamlProject, setBlueCapacity, yamlProjectName } from "./harness/yamlProject";

let project: ProgramProject;
let e2e: E2eStack;
let printed = "";
const record = (line: string) => (printed += line);

beforeAll(async () => {
    project = createYamlProject();
    e2e = await E2eStack.start({ workDir: project.dir });
    await e2e.setConfig({
        [`${yamlProjectName}:activeColour`]: "blue",
        [`${yamlProjectName}:sshPublicKey`]: testSshPublicKey(),
        // The plugin's provider gets the vipswap:* config only (docs/vipswap-resource.md, "Credentials").
        "vipswap:subscriptionId": e2e.emulator.subscriptionId,
    });
});
afterAll(async () => {
    await e2e?.dispose();
    project?.remove();
});

test("pulumi package add puts the vipswap package into the YAML project, and nothing Node.js into its folder", async () => {
    await addVipswapPackage(e2e);
    const pulumiYaml = readFileSync(join(project.dir, "Pulumi.yaml"), "utf8");
    expect(pulumiYaml).toMatch(/packages:\s*\n\s+vipswap:/);
    expectNoNodeInFolder(project);
});

test("pulumi up creates the pair from YAML with blue serving production", async () => {
    const up = stepRecorder();
    const result = await e2e.stack.up({ onOutput: record, onEvent: up.onEvent });
    expect(result.summary.result).toBe("succeeded");
    // The program asks for vipswap:index:BlueGreenDeployment; the component registers its own token from the
    // provider process (docs/other-languages.md, "The type token"), and VipSwap as the plugin's resource.
    const types = up.steps.map((s) => s.type);
    expect(types).toEqual(expect.arrayContaining(["pulumi:providers:vipswap", "vipswap:azure:BlueGreenDeployment", vipSwapType]));
    expect(types).not.toContain("vipswap:index:BlueGreenDeployment");
    expect(types).not.toContain(dynamicVipSwapType);
    await expectPackageVipSwapState(e2e, "blue");
    await expectServing(e2e, await plainOutputs(e2e.stack), "blue");
    await expectCleanRefresh(e2e, record);
});

test("flipping activeColour and pulumi up swaps: green serves production, both addresses unchanged, refresh clean", async () => {
    const before = await plainOutputs(e2e.stack);
    await e2e.setConfig({ [`${yamlProjectName}:activeColour`]: "green" });
    const up = stepRecorder();
    await e2e.stack.up({ onOutput: record, onEvent: up.onEvent });
    expect(up.steps.filter((s) => s.type === vipSwapType).map((s) => s.op)).toEqual(["update"]);
    expect(up.steps.filter((s) => s.op === "replace" || s.op === "create-replacement")).toEqual([]);
    const after = await plainOutputs(e2e.stack);
    await expectServing(e2e, after, "green");
    await expectSwappedToGreen(e2e, before, after);
    await expectPackageVipSwapState(e2e, "green");
    await expectCleanRefresh(e2e, record);
});

test("an unknown colour from YAML gets the component's own error, and nothing changes", async () => {
    await e2e.setConfig({ [`${yamlProjectName}:activeColour`]: "purple" });
    const output = await failedUp(e2e);
    expect(output).toContain('BlueGreenDeployment argument activeColour: "purple" is not a colour. Use one of: blue, green.');
    expect(output).not.toMatch(nodeStackFrame);
    await e2e.setConfig({ [`${yamlProjectName}:activeColour`]: "green" });
});

test("a whole number the schema cannot demand (1.5 instances) gets the component's own error, and nothing changes", async () => {
    setBlueCapacity(project, "1.5");
    const output = await failedUp(e2e);
    expect(output).toContain("BlueGreenDeployment argument blue.capacity: 1.5 is not a valid instance count.");
    expect(output).not.toMatch(nodeStackFrame);
});

test("a string where the schema says number is refused by YAML's own type check, naming the field", async () => {
    setBlueCapacity(project, '"many"');
    const output = await failedUp(e2e);
    expect(output).toMatch(/blue: Cannot assign .* to 'vipswap:index:ColourArgs'/);
    expect(output).toMatch(/capacity: Cannot assign type 'string' to type 'number'/);
    setBlueCapacity(project, "1");
    // And the stack is as the flip left it.
    expect((await plainOutputs(e2e.stack)).activeColour).toBe("green");
    await expectCleanRefresh(e2e, record);
});

test("a swap Azure refuses fails pulumi up with the runtime's message, records no colour that is not live, and the next up finishes", async () => {
    const before = await plainOutputs(e2e.stack);
    const target = before.swapTarget as PairedSwapTarget;
    // Every write to blue's load balancer is refused, so the swap back to blue cannot put production there.
    e2e.emulator.addFault({
        method: "PUT",
        pathPattern: `/loadBalancers/${target.blueLoadBalancerName}$`,
        count: 20,
        action: { type: "error", status: 400, code: "InvalidRequestFormat", message: "injected by the test" },
    });
    await e2e.setConfig({ [`${yamlProjectName}:activeColour`]: "blue" });
    const failed = await e2e.cli(["up", "--yes", "--skip-preview"]);
    e2e.emulator.clearFaults();
    expect(failed.code).not.toBe(0);
    const printed = failed.stdout + failed.stderr;
    record(printed);
    expect(printed).toMatch(/VipSwap failed while swapping to blue: InvalidRequestFormat \(HTTP 400\): .* State left behind: /s);
    expect(printed).not.toMatch(nodeStackFrame);
    // The failed update records nothing: the state keeps the colour the last completed swap made live, not blue.
    await expectPackageVipSwapState(e2e, "green");
    // pulumi refresh records what Azure has now: production on green, or on neither load balancer mid-swap.
    const served = await servedBy(e2e.emulator, String(before.productionIpId));
    const live = served === "unreachable" ? "intermediate" : served.colour;
    expect(live).not.toBe("blue");
    await e2e.stack.refresh({ onOutput: record });
    await expectPackageVipSwapState(e2e, "green", live!);

    const rerun = await e2e.stack.up({ onOutput: record });
    expect(rerun.summary.result).toBe("succeeded");
    await expectPackageVipSwapState(e2e, "blue");
    const after = await plainOutputs(e2e.stack);
    expect((await servedBy(e2e.emulator, String(after.productionIpId))) as object).toMatchObject({ colour: "blue", version: "1.0.0" });
    expect(after.productionAddress).toBe(before.productionAddress);
    await expectCleanRefresh(e2e, record);
});

/** Waits (polling every 50 ms, at most 5 minutes) until `condition` holds. */
async function until(what: string, condition: () => boolean): Promise<void> {
    const deadline = Date.now() + 300_000;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

test("pulumi up killed mid-swap (the plugin with it): the user's recovery steps converge as with the dynamic VipSwap", async () => {
    const before = await plainOutputs(e2e.stack);
    expect(before.activeColour).toBe("blue");
    const target = before.swapTarget as PairedSwapTarget;
    // Hold the swap's first load balancer write (blue <- floating) so the kill lands while it certainly runs.
    e2e.emulator.addFault({ method: "PUT", pathPattern: `/loadBalancers/${target.blueLoadBalancerName}$`, action: { type: "hold" } });
    await e2e.setConfig({ [`${yamlProjectName}:activeColour`]: "green" });
    const up = e2e.spawnCli(["up", "--yes", "--skip-preview"]);
    up.stdout?.resume();
    up.stderr?.resume();
    const exited = new Promise<void>((r) => up.on("close", () => r()));
    await until("the held load balancer write", () => e2e.emulator.operations().some((op) => op.held && op.status === "InProgress"));
    // The CLI, the YAML host, the plugin's provider server and its component host die at once.
    expect(killTree(up.pid!).length).toBeGreaterThan(3);
    await exited;
    e2e.emulator.clearFaults();
    e2e.emulator.releaseOperations();
    await until("the released write to commit", () => e2e.emulator.operations().every((op) => op.status !== "InProgress"));

    // The same steps as for the TypeScript stack (README, "If `pulumi up` was killed", test/e2e/crashRecovery.test.ts).
    const cancel = await e2e.cli(["cancel", "--yes"]);
    expect(cancel.code === 0 ? "ok" : cancel.stdout + cancel.stderr).toBe("ok");
    expect((await e2e.cli(["stack", "export"])).stdout).toMatch(/pending_operations/);
    // The killed update recorded nothing: the state still says blue.
    await expectPackageVipSwapState(e2e, "blue");
    const refresh = await e2e.cli(["refresh", "--yes", "--clear-pending-creates"]);
    expect(refresh.code === 0 ? "ok" : refresh.stdout + refresh.stderr).toBe("ok");
    const rerun = await e2e.cli(["up", "--yes", "--skip-preview"]);
    expect(rerun.code === 0 ? "ok" : rerun.stdout + rerun.stderr).toBe("ok");

    await expectPackageVipSwapState(e2e, "green");
    const after = await plainOutputs(e2e.stack);
    expect(after.productionAddress).toBe(before.productionAddress);
    expect(after.stagingAddress).toBe(before.stagingAddress);
    expect((await servedBy(e2e.emulator, String(after.productionIpId))) as object).toMatchObject({ colour: "green", version: "2.0.0" });
    await expectCleanRefresh(e2e, record);
});

afterAll(() => {
    if (process.env.VIPSWAP_E2E_PRINT) process.stdout.write(printed);
});
