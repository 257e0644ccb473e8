/**
 * A consumer's own Pulumi project (a new folder that installs the packed vipswap tarball, as a platform team would)
 * with two BlueGreenDeployments: `pulumi up` creates both, then flipping one of them swaps that one alone.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { coloursConfig, consumerProjectName, createConsumerProject, type ConsumerProject } from "./harness/consumerProject";
import { E2eStack } from "./harness/e2eStack";
import { plainOutputs, servedBy, stepRecorder, vipSwapType } from "./harness/stackObservations";

const pairs = ["shop", "blog"];
let project: ConsumerProject;
let e2e: E2eStack;

beforeAll(async () => {
    project = createConsumerProject(pairs);
    e2e = await E2eStack.start({ workDir: project.dir, config: coloursConfig(pairs, "blue") });
    // The consumer's program reads its own key; the emulator keys are namespaced (vipswap:, azure-native:) and shared.
    await e2e.setConfig({ [`${consumerProjectName}:sshPublicKey`]: e2e.emulatorConfig()["vipswap:sshPublicKey"] });
});
afterAll(async () => {
    await e2e?.dispose();
    project?.remove();
});

test("the packed package installs, and pulumi up creates both pairs", async () => {
    expect(readdirSync(join(project.dir, "node_modules", "vipswap", "dist"))).toContain("components");
    expect((await e2e.stack.up()).summary.result).toBe("succeeded");
    const outputs = await plainOutputs(e2e.stack);
    expect((await servedBy(e2e.emulator, String(outputs.shopProductionIpId))) as object).toMatchObject({ colour: "blue", version: "shop-1" });
    expect((await servedBy(e2e.emulator, String(outputs.blogProductionIpId))) as object).toMatchObject({ colour: "blue", version: "blog-1" });
});

test("flipping the shop alone swaps the shop and leaves the blog as it was", async () => {
    const before = await plainOutputs(e2e.stack);
    await e2e.setConfig({ [`${consumerProjectName}:shopColour`]: "green" });
    const up = stepRecorder();
    await e2e.stack.up({ onEvent: up.onEvent });
    const swaps = up.steps.filter((s) => s.type === vipSwapType && s.op !== "same").map((s) => s.name);
    expect(swaps).toEqual(["shop-swap"]);
    const after = await plainOutputs(e2e.stack);
    expect((await servedBy(e2e.emulator, String(after.shopProductionIpId))) as object).toMatchObject({ colour: "green", version: "shop-2" });
    expect((await servedBy(e2e.emulator, String(after.blogProductionIpId))) as object).toMatchObject({ colour: "blue", version: "blog-1" });
    expect(after.shopProductionAddress).toBe(before.shopProductionAddress);
    expect(after.blogProductionAddress).toBe(before.blogProductionAddress);
});
