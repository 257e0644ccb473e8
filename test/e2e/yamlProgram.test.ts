/**
 * vipswap from Pulumi YAML with the real CLI (docs/other-languages.md): `pulumi package add plugin/`, then a YAML
 * program declaring one BlueGreenDeployment from stack config. The component runs inside the vipswap component
 * provider process, VipSwap (a dynamic resource registered from there) included. Steps run in order on one stack.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { E2eStack, testSshPublicKey } from "./harness/e2eStack";
import {
    addVipswapPackage,
    expectCleanRefresh,
    expectServing,
    expectSwappedToGreen,
    failedUp,
    nodeStackFrame,
    type ProgramProject,
} from "./harness/componentPackageProject";
import { plainOutputs, stepRecorder, vipSwapType } from "./harness/stackObservations";
import { createYamlProject, setBlueCapacity, yamlProjectName } from "./harness/yamlProject";

let project: ProgramProject;
let e2e: E2eStack;
let printed = "";
const record = (line: string) => (printed += line);

beforeAll(async () => {
    project = createYamlProject();
    e2e = await E2eStack.start({ workDir: project.dir });
    await e2e.setConfig({ [`${yamlProjectName}:activeColour`]: "blue", [`${yamlProjectName}:sshPublicKey`]: testSshPublicKey() });
});
afterAll(async () => {
    await e2e?.dispose();
    project?.remove();
});

test("pulumi package add puts the vipswap package into the YAML project", async () => {
    await addVipswapPackage(e2e);
    const pulumiYaml = readFileSync(join(project.dir, "Pulumi.yaml"), "utf8");
    expect(pulumiYaml).toMatch(/packages:\s*\n\s+vipswap:/);
});

test("pulumi up creates the pair from YAML with blue serving production", async () => {
    const up = stepRecorder();
    const result = await e2e.stack.up({ onOutput: record, onEvent: up.onEvent });
    expect(result.summary.result).toBe("succeeded");
    // The program asks for vipswap:index:BlueGreenDeployment; the component registers its own token from the
    // provider process (docs/other-languages.md, "The type token"), and VipSwap runs as the dynamic resource.
    const types = up.steps.map((s) => s.type);
    expect(types).toEqual(expect.arrayContaining(["pulumi:providers:vipswap", "vipswap:azure:BlueGreenDeployment", vipSwapType]));
    expect(types).not.toContain("vipswap:index:BlueGreenDeployment");
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

afterAll(() => {
    if (process.env.VIPSWAP_E2E_PRINT) process.stdout.write(printed);
});
