/**
 * `pulumi destroy` of the example stack through the real CLI: the protected production and staging addresses are
 * refused (and kept, with their addresses), and nothing that vipswap itself created is left behind.
 */
import type { PairedSwapTarget } from "../../components/swap/swapTarget";
import { floatingIpName } from "../../components/swap/swapTarget";
import { createNetworkClient } from "../../components/azure/networkClient";
import { E2eStack } from "./harness/e2eStack";
import { plainOutputs } from "./harness/stackObservations";

let e2e: E2eStack;
beforeAll(async () => {
    e2e = await E2eStack.start();
});
afterAll(async () => {
    await e2e?.dispose();
});

test("destroy refuses the protected addresses, says so, and keeps them; no floating IP is left", async () => {
    expect((await e2e.stack.up()).summary.result).toBe("succeeded");
    const outputs = await plainOutputs(e2e.stack);
    const target = outputs.swapTarget as PairedSwapTarget; // the example stack is a paired pair

    const destroy = await e2e.cli(["destroy", "--yes", "--skip-preview"]);
    const output = destroy.stdout + destroy.stderr;
    expect(destroy.code).not.toBe(0);
    expect(output).toMatch(/protect/i);

    const client = createNetworkClient(e2e.emulator.connection());
    const production = await client.publicIPAddresses.get(target.resourceGroupName, target.productionIpName);
    const staging = await client.publicIPAddresses.get(target.resourceGroupName, target.stagingIpName);
    expect(production.ipAddress).toBe(outputs.productionAddress);
    expect(staging.ipAddress).toBe(outputs.stagingAddress);
    const names: string[] = [];
    for await (const ip of client.publicIPAddresses.list(target.resourceGroupName)) names.push(ip.name ?? "");
    expect(names).not.toContain(floatingIpName(target));
    // The only deletes were of resources that are not addresses.
    const deletedAddresses = e2e.emulator.commits().filter((c) => c.kind === "delete" && c.resourceType === "publicIPAddresses");
    expect(deletedAddresses).toEqual([]);
});
