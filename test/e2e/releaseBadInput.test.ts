/**
 * Bad input to `vipswap release`: an unknown stack, a version that is already live, a project with no
 * BlueGreenDeployment, and a stack whose config was edited by hand halfway through a release. Each gets a clear
 * error (exit 2 for usage, 1 for a state it will not act on), and the stack's config file is left as it was.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { E2eStack } from "./harness/e2eStack";
import { killTree } from "./harness/processTree";
import { finished, runRelease, spawnRelease, until } from "./harness/releaseCli";
import { plainOutputs } from "./harness/stackObservations";

let e2e: E2eStack;
beforeAll(async () => {
    e2e = await E2eStack.start();
});
afterAll(async () => {
    await e2e?.dispose();
});

const configFile = () => join(e2e.workDir, `Pulumi.${e2e.stackName}.yaml`);

test("an unknown stack is a usage error, and no stack is created", async () => {
    const run = await runRelease(e2e, ["release", "--version", "1.0.0", "--stack", "nosuchstack"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/No stack named nosuchstack .*a release never creates one/);
    expect(existsSync(join(e2e.workDir, "Pulumi.nosuchstack.yaml"))).toBe(false);
});

test("a version that is already live is refused and nothing is changed", async () => {
    expect((await runRelease(e2e, ["release", "--version", "1.0.0"])).code).toBe(0);
    const before = readFileSync(configFile(), "utf8");
    const run = await runRelease(e2e, ["release", "--version", "1.0.0"]);
    expect(run.code).toBe(2);
    expect(run.report?.error?.message).toMatch(/Version 1\.0\.0 is already live on blue/);
    expect(run.report?.configFileDiff).toBe("");
    expect(readFileSync(configFile(), "utf8")).toBe(before);
});

test("a stack whose config was edited by hand halfway is refused with the key and the fix, and nothing is changed", async () => {
    const outputs = await plainOutputs(e2e.stack);
    // Stop a release in its staging pulumi up (the green scale set's PUT held, then the process tree killed).
    e2e.emulator.addFault({ method: "PUT", pathPattern: `/virtualMachineScaleSets/${String(outputs.greenScaleSetId).split("/").pop()}$`, action: { type: "hold" } });
    const child = spawnRelease(e2e, ["release", "--version", "2.0.0"]);
    const done = finished(child);
    await until("the held PUT", () => e2e.emulator.operations().some((op) => op.held && op.status === "InProgress"));
    killTree(child.pid!);
    await done;
    e2e.emulator.clearFaults();
    e2e.emulator.releaseOperations();

    await e2e.setConfig({ "vipswap:greenAppVersion": "2.0.1" });
    const before = readFileSync(configFile(), "utf8");
    const run = await runRelease(e2e, ["release", "--version", "2.0.0"]);
    expect(run.code).toBe(1);
    expect(run.report?.error?.message).toMatch(/edited by hand .*vipswap:greenAppVersion is "2\.0\.1", but the release set "2\.0\.0".*pulumi config set greenAppVersion 2\.0\.0/s);
    expect(readFileSync(configFile(), "utf8")).toBe(before);
});

test("a project with no BlueGreenDeployment is refused before anything runs", async () => {
    const project = mkdtempSync(join(tmpdir(), "vipswap-nobgd-"));
    try {
        writeFileSync(join(project, "Pulumi.yaml"), "name: website\nruntime: nodejs\ndescription: a project without the vipswap component\n");
        const other = await E2eStack.start({ workDir: project, skipDefaultConfig: true });
        try {
            const run = await finished(spawnRelease(other, ["release", "--version", "1.0.0"]));
            expect(run.code).toBe(2);
            expect(run.stderr).toMatch(/project website .*has no BlueGreenDeployment/);
            const file = join(project, `Pulumi.${other.stackName}.yaml`);
            expect(existsSync(file) ? readFileSync(file, "utf8") : "").not.toMatch(/AppVersion|releaseState/);
        } finally {
            await other.dispose();
        }
    } finally {
        rmSync(project, { recursive: true, force: true });
    }
});
