/**
 * SIGKILL of the whole `pulumi up` process tree in the middle of a swap (the first load balancer write held
 * InProgress by the emulator), then what a user must do (README, "If `pulumi up` was killed"), then `pulumi up`
 * again: it converges, both addresses intact, no floating IP left.
 */
import type { PairedSwapTarget } from "../../components/swap/swapTarget";
import { floatingIpName } from "../../components/swap/swapTarget";
import { createNetworkClient } from "../../components/azure/networkClient";
import { checkHistory } from "../engine/commitInvariants";
import { E2eStack } from "./harness/e2eStack";
import { killTree } from "./harness/processTree";
import { pairFromOutputs, plainOutputs, servedBy } from "./harness/stackObservations";

let e2e: E2eStack;
beforeAll(async () => {
    e2e = await E2eStack.start();
});
afterAll(async () => {
    await e2e?.dispose();
});

/** Waits (polling every 50 ms, at most 5 minutes) until `condition` holds. */
async function until(what: string, condition: () => boolean): Promise<void> {
    const deadline = Date.now() + 300_000;
    while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
    }
}

test("pulumi up killed mid-swap: the user's recovery steps and a rerun converge with the addresses intact", async () => {
    expect((await e2e.stack.up()).summary.result).toBe("succeeded");
    const before = await plainOutputs(e2e.stack);
    const target = before.swapTarget as PairedSwapTarget; // the example stack is a paired pair
    const readyAt = e2e.emulator.lastCommit();

    // Hold the swap's first load balancer write (blue <- floating) so the kill lands while it certainly runs.
    e2e.emulator.addFault({
        method: "PUT",
        pathPattern: `/loadBalancers/${target.blueLoadBalancerName}$`,
        action: { type: "hold" },
    });
    await e2e.setConfig({ "vipswap:activeColour": "green" });
    const up = e2e.spawnCli(["up", "--yes", "--skip-preview"]);
    up.stdout?.resume();
    up.stderr?.resume();
    const exited = new Promise<void>((r) => up.on("close", () => r()));
    await until("the held load balancer write", () => e2e.emulator.operations().some((op) => op.held && op.status === "InProgress"));
    // Everything the run started dies at once: the CLI, the language host, the program, every plugin.
    const killed = killTree(up.pid!);
    expect(killed.length).toBeGreaterThan(3);
    await exited;

    // Azure finishes what it accepted, whatever happened to the client.
    e2e.emulator.clearFaults();
    e2e.emulator.releaseOperations();
    await until("the released write to commit", () => e2e.emulator.operations().every((op) => op.status !== "InProgress"));

    // The user's steps (README): the killed run left its lock, which `pulumi cancel` removes; the state records a
    // pending update, which `pulumi refresh` reconciles with Azure and clears; then `pulumi up` again.
    const locked = await e2e.cli(["up", "--yes", "--skip-preview"]);
    expect(locked.code).not.toBe(0);
    expect(locked.stderr + locked.stdout).toMatch(/currently locked/);
    const cancel = await e2e.cli(["cancel", "--yes"]);
    expect(cancel.code === 0 ? "ok" : cancel.stdout + cancel.stderr).toBe("ok");
    const exported = await e2e.cli(["stack", "export"]);
    expect(exported.stdout).toMatch(/pending_operations/);
    const refresh = await e2e.cli(["refresh", "--yes", "--clear-pending-creates"]);
    expect(refresh.code === 0 ? "ok" : refresh.stdout + refresh.stderr).toBe("ok");
    const rerun = await e2e.cli(["up", "--yes", "--skip-preview"]);
    expect(rerun.code === 0 ? "ok" : rerun.stdout + rerun.stderr).toBe("ok");

    const after = await plainOutputs(e2e.stack);
    expect(after.activeColour).toBe("green");
    expect(after.productionAddress).toBe(before.productionAddress);
    expect(after.stagingAddress).toBe(before.stagingAddress);
    expect((await servedBy(e2e.emulator, String(after.productionIpId))) as object).toMatchObject({ colour: "green" });
    // No floating IP left, and every committed state kept one address per frontend.
    const client = createNetworkClient(e2e.emulator.connection());
    const addresses: string[] = [];
    for await (const ip of client.publicIPAddresses.list(target.resourceGroupName)) addresses.push(ip.name ?? "");
    expect(addresses).not.toContain(floatingIpName(target));
    expect(checkHistory(e2e.emulator, pairFromOutputs(before, readyAt)).violations).toEqual([]);
});
