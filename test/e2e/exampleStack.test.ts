/**
 * The repository's own example stack (root Pulumi.yaml and index.ts, unmodified) through the real Pulumi CLI, on the
 * emulator with the stand-in for azure-native: create, flip, roll back, refresh, a swap behind Pulumi's back, and no
 * credential anywhere in what the CLI prints or the state holds. Steps run in order and share one stack.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import type { PairedSwapTarget } from "../../components/swap/swapTarget";
import { floatingIpName } from "../../components/swap/swapTarget";
import { checkHistory } from "../engine/commitInvariants";
import { E2eStack } from "./harness/e2eStack";
import { repositoryRoot } from "./harness/pulumiCli";
import {
    azureFrontends,
    loadBalancerType,
    pairFromOutputs,
    plainOutputs,
    servedBy,
    stateFrontends,
    stepRecorder,
    vipSwapType,
} from "./harness/stackObservations";

const fakeClientSecret = "e2e-client-secret-must-never-be-printed-7f3a";
let e2e: E2eStack;
let stack: Stack;
/** Everything the CLI printed in this file, for the credential check at the end. */
let printed = "";
const record = (text: string) => (printed += text);

beforeAll(async () => {
    e2e = await E2eStack.start({
        config: { "vipswap:blueAppVersion": "1.0.0", "vipswap:greenAppVersion": "2.0.0" },
    });
    stack = e2e.stack;
});
afterAll(async () => {
    await e2e?.dispose();
});

/** `pulumi refresh` finds nothing to change. */
async function expectCleanRefresh(): Promise<void> {
    const refresh = await stack.refresh({ onOutput: record });
    const changes = Object.entries(refresh.summary.resourceChanges ?? {}).filter(([op, count]) => op !== "same" && (count ?? 0) > 0);
    expect(changes).toEqual([]);
}

/** Flips the live colour with the CLI and checks the preview, the swap, the addresses and the state. */
async function flipTo(colour: "blue" | "green", previousVersion: string, nextVersion: string): Promise<void> {
    const before = await plainOutputs(stack);
    const target = before.swapTarget as PairedSwapTarget; // the example stack is a paired pair
    expect((await servedBy(e2e.emulator, String(before.productionIpId))) as object).toMatchObject({ version: previousVersion });

    await e2e.setConfig({ "vipswap:activeColour": colour });
    const preview = stepRecorder();
    await stack.preview({ diff: true, onEvent: preview.onEvent, onOutput: record });
    // The default pulumi-nodejs provider is handed the whole stack config, so a config change updates it too
    // (docs/pulumi-behaviour.md §1.2); it is not a resource in Azure.
    const changed = preview.steps.filter((s) => s.op !== "same" && s.op !== "read" && s.type !== "pulumi:providers:pulumi-nodejs");
    // The swap and the two load balancers are updates; nothing is replaced, created or deleted.
    expect(changed.map((s) => `${s.type} ${s.op}`).sort()).toEqual(
        [`${loadBalancerType} update`, `${loadBalancerType} update`, `${vipSwapType} update`].sort(),
    );

    const readyAt = e2e.emulator.lastCommit();
    const up = stepRecorder();
    await stack.up({ onEvent: up.onEvent, onOutput: record });
    expect(up.steps.filter((s) => /replace|delete|create/.test(s.op))).toEqual([]);

    const after = await plainOutputs(stack);
    expect(after.activeColour).toBe(colour);
    // Both addresses survived the swap, and production now serves the new colour.
    expect(after.productionAddress).toBe(before.productionAddress);
    expect(after.stagingAddress).toBe(before.stagingAddress);
    expect((await servedBy(e2e.emulator, String(after.productionIpId))) as object).toMatchObject({ colour, version: nextVersion });

    // Every committed state during the run kept one address per frontend, both addresses, no foreign delete.
    const history = checkHistory(e2e.emulator, pairFromOutputs(before, readyAt));
    expect(history.violations).toEqual([]);
    // The load balancer PUTs that azure-native (here its stand-in) sent after the swap changed no address.
    const commits = e2e.emulator.commits(readyAt);
    const floatingDeleted = commits.findIndex((c) => c.kind === "delete" && c.resourceId.endsWith(`/${floatingIpName(target)}`));
    expect(floatingDeleted).toBeGreaterThan(-1);
    const swapEnd = commits[floatingDeleted].commit;
    const frontendsAtSwapEnd = new Map<string, string>();
    for (const c of commits.filter((c) => c.commit <= swapEnd && c.frontends)) {
        frontendsAtSwapEnd.set(c.resourceId.toLowerCase(), JSON.stringify(c.frontends));
    }
    const laterLbCommits = commits.filter((c) => c.commit > swapEnd && c.resourceType === "loadBalancers");
    for (const c of laterLbCommits) {
        expect(JSON.stringify(c.frontends)).toBe(frontendsAtSwapEnd.get(c.resourceId.toLowerCase()));
    }
    // The state's frontends are Azure's.
    expect(await stateFrontends(stack, target)).toEqual(await azureFrontends(e2e.emulator, target));
}

test("pulumi up creates the pair with blue live, and production serves blue", async () => {
    const up = await stack.up({ onOutput: record });
    expect(up.summary.result).toBe("succeeded");
    const outputs = await plainOutputs(stack);
    expect(outputs.activeColour).toBe("blue");
    expect(outputs.productionAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect((await servedBy(e2e.emulator, String(outputs.productionIpId))) as object).toMatchObject({ colour: "blue", version: "1.0.0" });
    expect((await servedBy(e2e.emulator, String(outputs.stagingIpId))) as object).toMatchObject({ colour: "green", version: "2.0.0" });
    await expectCleanRefresh();
});

test("flip to green: preview shows updates only, up swaps with both addresses kept, refresh is clean", async () => {
    await flipTo("green", "1.0.0", "2.0.0");
    await expectCleanRefresh();
});

test("roll back to blue the same way", async () => {
    await flipTo("blue", "2.0.0", "1.0.0");
    await expectCleanRefresh();
});

test("a swap behind Pulumi's back (vipswap swap) is undone by pulumi refresh and pulumi up", async () => {
    const outputs = await plainOutputs(stack);
    const target = outputs.swapTarget as PairedSwapTarget; // the example stack is a paired pair
    const cli = join(repositoryRoot, "dist", "cli", "vipswap.js");
    const { stdout } = await promisify(execFile)(
        process.execPath,
        [
            cli, "swap", "--to", "green", "--json",
            "--resource-group", target.resourceGroupName,
            "--blue-lb", target.blueLoadBalancerName, "--green-lb", target.greenLoadBalancerName,
            "--frontend", target.frontendName,
            "--production-ip", target.productionIpName, "--staging-ip", target.stagingIpName,
            "--endpoint", e2e.emulator.endpoint, "--ca-cert", e2e.emulator.caCertFile,
            "--subscription", e2e.emulator.subscriptionId,
        ],
        { env: { ...process.env, AZURE_ACCESS_TOKEN: e2e.emulator.accessToken } },
    );
    record(stdout);
    expect((await servedBy(e2e.emulator, String(outputs.productionIpId))) as object).toMatchObject({ colour: "green" });

    // refresh sees the live assignment; up puts the program's colour (blue) back.
    await stack.refresh({ onOutput: record });
    await stack.up({ onOutput: record });
    expect((await servedBy(e2e.emulator, String(outputs.productionIpId))) as object).toMatchObject({ colour: "blue", version: "1.0.0" });
    expect((await plainOutputs(stack)).productionAddress).toBe(outputs.productionAddress);
    await expectCleanRefresh();
});

test("a client secret in the environment never reaches what the CLI prints, and an incomplete one changes nothing", async () => {
    // As an azure-native user has it, but without ARM_CLIENT_ID: VipSwap must refuse, name what is missing, not the secret.
    await e2e.setConfig({ "vipswap:activeColour": "green" });
    const run = await e2e.cli(["up", "--yes", "--skip-preview"], { ARM_CLIENT_SECRET: fakeClientSecret });
    record(run.stdout + run.stderr);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/ARM_CLIENT_ID/);
    const outputs = await plainOutputs(stack);
    expect((await servedBy(e2e.emulator, String(outputs.productionIpId))) as object).toMatchObject({ colour: "blue" });
    await e2e.setConfig({ "vipswap:activeColour": "blue" });
});

test("no credential in the CLI's output or in the state, even with secrets shown", async () => {
    const exported = await e2e.cli(["stack", "export", "--show-secrets"]);
    expect(exported.code).toBe(0);
    for (const text of [printed, exported.stdout, exported.stderr]) {
        expect(text).not.toContain(e2e.emulator.accessToken);
        expect(text).not.toContain(fakeClientSecret);
    }
    // The state did get written (this test reads a real deployment, not an empty one).
    expect(exported.stdout).toContain(vipSwapType);
});
