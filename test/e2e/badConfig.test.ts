/**
 * Bad stack config through the real CLI: the error names the key and says what to do, and nothing reaches Azure.
 */
import { E2eStack } from "./harness/e2eStack";

let e2e: E2eStack;
beforeAll(async () => {
    e2e = await E2eStack.start();
});
afterAll(async () => {
    await e2e?.dispose();
});
beforeEach(() => e2e.emulator.clearRequestLog());

/** Runs `pulumi up` and returns what it printed; the run must fail. */
async function failedUp(): Promise<string> {
    const result = await e2e.cli(["up", "--yes", "--skip-preview"]);
    expect(result.code).not.toBe(0);
    return result.stdout + result.stderr;
}

/** Nothing was written to Azure: no PUT, PATCH, POST or DELETE reached the emulator. */
function expectNoWrites(): void {
    const writes = e2e.emulator.requestLog().filter((entry) => entry.method !== "GET");
    expect(writes).toEqual([]);
}

test("activeColour purple: names the key and the allowed colours", async () => {
    await e2e.setConfig({ "vipswap:activeColour": "purple" });
    const output = await failedUp();
    expect(output).toMatch(/vipswap:activeColour/);
    expect(output).toMatch(/blue|green/);
    expect(output).toContain("purple");
    expectNoWrites();
    await e2e.setConfig({ "vipswap:activeColour": "blue" });
});

test("a value of the wrong type for a key Pulumi.yaml declares as an integer: the CLI's schema check names it", async () => {
    await e2e.setConfig({ "vipswap:blueCapacity": "many" });
    const output = await failedUp();
    expect(output).toMatch(/blueCapacity/);
    expect(output).toMatch(/integer/);
    expectNoWrites();
    const removed = await e2e.cli(["config", "rm", "vipswap:blueCapacity"]);
    expect(removed.code).toBe(0);
});

test("a missing sshPublicKey: the CLI's schema check (it has no default in Pulumi.yaml) names the key", async () => {
    const removed = await e2e.cli(["config", "rm", "vipswap:sshPublicKey"]);
    expect(removed.code).toBe(0);
    const output = await failedUp();
    expect(output).toMatch(/missing configuration value 'sshPublicKey'/);
    expectNoWrites();
});
