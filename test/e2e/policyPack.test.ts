/**
 * `pulumi preview --policy-pack policies` through the real CLI: the engine loads the repository's pack from its folder
 * (PulumiPolicy.yaml), the example stack passes it, and a stack with a defect fails on the mandatory rule.
 */
import { join } from "node:path";
import { E2eStack } from "./harness/e2eStack";
import { repositoryRoot } from "./harness/pulumiCli";

const policyPack = join(repositoryRoot, "policies");
let e2e: E2eStack;
beforeAll(async () => {
    e2e = await E2eStack.start();
});
afterAll(async () => {
    await e2e?.dispose();
});

test("the example stack passes the vipswap-guard pack", async () => {
    const result = await e2e.cli(["preview", "--policy-pack", policyPack]);
    const output = result.stdout + result.stderr;
    expect(output).toContain("vipswap-guard");
    expect(result.code).toBe(0);
    expect(output).not.toMatch(/\[mandatory\]/);
});

test("protectAddresses false fails on the mandatory vipswap-addresses-protected rule", async () => {
    await e2e.setConfig({ "vipswap:protectAddresses": "false" });
    const result = await e2e.cli(["preview", "--policy-pack", policyPack]);
    const output = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    expect(output).toMatch(/\[mandatory\]\s+vipswap-addresses-protected/);
    // Nothing was written: a preview never changes Azure.
    expect(e2e.emulator.requestLog().filter((entry) => entry.method !== "GET")).toEqual([]);
});
