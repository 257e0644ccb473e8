/**
 * vipswap from Python with the real CLI (docs/other-languages.md): `pulumi package add plugin/` generates the Python
 * SDK and installs it into the project's virtualenv, then `__main__.py` declares one BlueGreenDeployment from stack
 * config with it. The program runs in the real `pulumi` package from PyPI, through the STAND-IN Python language host
 * (tools/pulumi-cli/cmd/standin-pulumi-language-python: the proxy does not serve the real one); the component runs
 * inside the vipswap plugin and registers VipSwap as the plugin's own resource `vipswap:index:VipSwap`, so the
 * program's folder holds no @pulumi/pulumi and no node_modules. Steps run in order on one stack.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
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
import {
    createPythonProject,
    pythonProjectEnv,
    pythonProjectName,
    pythonSdkVersion,
    setBlueCapacity,
    withoutMonitorShutdownTraceback,
    withSchemaNames,
} from "./harness/pythonProject";
import { plainOutputs, stepRecorder, vipSwapType as dynamicVipSwapType } from "./harness/stackObservations";

/** The first line of a Python traceback: the program's process must not print one either. */
const pythonTraceback = "Traceback (most recent call last)";

/** The stack's outputs, with the schema's names for the SDK's output types (see `withSchemaNames`). */
async function outputs(): Promise<Record<string, unknown>> {
    return withSchemaNames(await plainOutputs(e2e.stack)) as Record<string, unknown>;
}

let project: ProgramProject;
let e2e: E2eStack;
let printed = "";
const record = (line: string) => (printed += line);

beforeAll(async () => {
    project = createPythonProject();
    e2e = await E2eStack.start({ workDir: project.dir, env: pythonProjectEnv });
    await e2e.setConfig({
        [`${pythonProjectName}:activeColour`]: "blue",
        [`${pythonProjectName}:sshPublicKey`]: testSshPublicKey(),
        // The plugin's provider gets the vipswap:* config only (docs/other-languages.md, "Credentials, and the config
        // the engine sends").
        "vipswap:subscriptionId": e2e.emulator.subscriptionId,
    });
});
afterAll(async () => {
    await e2e?.dispose();
    project?.remove();
});

/** Runs Python of the project's virtualenv and returns what it printed. */
function venvPython(code: string): string {
    return execFileSync(join(project.dir, "venv", "bin", "python"), ["-c", code], { encoding: "utf8" }).trim();
}

test("pulumi package add generates the Python SDK, records it in requirements.txt and installs it into the virtualenv, and nothing Node.js", async () => {
    const printedByAdd = await addVipswapPackage(e2e);
    expect(printedByAdd).toContain("import pulumi_vipswap as vipswap");
    expect(readFileSync(join(project.dir, "Pulumi.yaml"), "utf8")).toMatch(/packages:\s*\n\s+vipswap:/);
    expect(readFileSync(join(project.dir, "requirements.txt"), "utf8").split("\n")).toEqual([`pulumi==${pythonSdkVersion}`, "sdks/vipswap", ""]);
    // The generated package says which plugin it needs (what GetRequiredPackages reads).
    const pluginJson = JSON.parse(readFileSync(join(project.dir, "sdks", "vipswap", "pulumi_vipswap", "pulumi-plugin.json"), "utf8")) as object;
    expect(pluginJson).toMatchObject({ resource: true, name: "vipswap" });
    // Installed (not just generated): the virtualenv's python imports it and the pinned SDK.
    expect(venvPython("import pulumi, pulumi_vipswap; print(pulumi_vipswap.BlueGreenDeployment.__name__)")).toBe("BlueGreenDeployment");
    expect(venvPython("import importlib.metadata as m; print(m.version('pulumi'))")).toBe(pythonSdkVersion);
    expectNoNodeInFolder(project);
});

test("pulumi up creates the pair from Python with blue serving production", async () => {
    const up = stepRecorder();
    const result = await e2e.stack.up({ onOutput: record, onEvent: up.onEvent });
    expect(result.summary.result).toBe("succeeded");
    // The program asks for vipswap:index:BlueGreenDeployment; the component registers its own token from the
    // provider process (docs/other-languages.md, "The type token"), and VipSwap as the plugin's resource.
    const types = up.steps.map((s) => s.type);
    expect(types).toEqual(expect.arrayContaining(["pulumi:pulumi:Stack", "pulumi:providers:vipswap", "vipswap:azure:BlueGreenDeployment", vipSwapType]));
    expect(types).not.toContain("vipswap:index:BlueGreenDeployment");
    expect(types).not.toContain(dynamicVipSwapType);
    await expectPackageVipSwapState(e2e, "blue");
    await expectServing(e2e, await outputs(), "blue");
    expectNoNodeInFolder(project);
    await expectCleanRefresh(e2e, record);
});

test("flipping activeColour and pulumi up swaps: green serves production, both addresses unchanged, refresh clean", async () => {
    const before = await outputs();
    await e2e.setConfig({ [`${pythonProjectName}:activeColour`]: "green" });
    const up = stepRecorder();
    await e2e.stack.up({ onOutput: record, onEvent: up.onEvent });
    expect(up.steps.filter((s) => s.type === vipSwapType).map((s) => s.op)).toEqual(["update"]);
    expect(up.steps.filter((s) => s.op === "replace" || s.op === "create-replacement")).toEqual([]);
    const after = await outputs();
    await expectServing(e2e, after, "green");
    await expectSwappedToGreen(e2e, before, after);
    await expectPackageVipSwapState(e2e, "green");
    await expectCleanRefresh(e2e, record);
});

test("an unknown colour from Python gets the component's own error, and nothing changes", async () => {
    await e2e.setConfig({ [`${pythonProjectName}:activeColour`]: "purple" });
    const output = await failedUp(e2e);
    expect(output).toContain('BlueGreenDeployment argument activeColour: "purple" is not a colour. Use one of: blue, green.');
    expect(output).not.toMatch(nodeStackFrame);
    expect(withoutMonitorShutdownTraceback(output)).not.toContain(pythonTraceback);
    await e2e.setConfig({ [`${pythonProjectName}:activeColour`]: "green" });
});

test("a string where the schema says number gets the component's own error (Python does not check the type), and nothing changes", async () => {
    setBlueCapacity(project, '"many"');
    const output = await failedUp(e2e);
    expect(output).toContain('BlueGreenDeployment argument blue.capacity: "many" is not a valid instance count.');
    expect(output).not.toMatch(nodeStackFrame);
    expect(withoutMonitorShutdownTraceback(output)).not.toContain(pythonTraceback);
    setBlueCapacity(project, "1");
    // And the stack is as the flip left it.
    expect((await outputs()).activeColour).toBe("green");
    await expectCleanRefresh(e2e, record);
});

afterAll(() => {
    if (process.env.VIPSWAP_E2E_PRINT) process.stdout.write(printed);
});
