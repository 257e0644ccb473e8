import { type Colour, otherColour } from "../../components/colour";
import { reconcileSwap } from "../../components/swap/swapEngine";
import { floatingIpName } from "../../components/swap/swapTarget";
import { type CompiledBuild, compileForChildProcess } from "../helpers/compiledBuild";
import { type ChildSwap, spawnChildSwap } from "./childSwap";
import { type EnginePair, expectEveryCommitKeptInvariants } from "./commitInvariants";
import { type EngineHarness, azureState, freshPair, startHarness, testPollMs } from "./engineHarness";
import { waitUntil } from "../helpers/waitUntil";

/**
 * Crash safety: a swap runs in a child process (connected to the emulator in this process) and is killed with
 * SIGKILL at every step boundary, and while each of its five writes is CERTAINLY still running (the emulator holds
 * that operation InProgress until the test releases it), in both directions; then a rerun towards the same colour,
 * or towards the other, must converge with both addresses kept and no floating IP left. The emulator's
 * committed-state history proves that after every commit, from the first write to the rerun's last, each frontend
 * had exactly one address, no address was on two frontends, and only the floating IP was ever deleted.
 */

let harness: EngineHarness;
let child: CompiledBuild;
const running = new Set<ChildSwap>();

beforeAll(async () => {
    harness = await startHarness();
    child = compileForChildProcess("swapChild", ["test/engine/fixtures/swapChild.ts"]);
});
afterEach(async () => {
    for (const swap of running) swap.process.kill("SIGKILL");
    running.clear();
    harness.emulator.clearFaults();
    harness.emulator.releaseOperations(); // a failed test must not leave an operation held
});
afterAll(async () => {
    child?.remove();
    await harness?.stop();
});

type KillPoint = { kind: "boundary"; afterSteps: number } | { kind: "held"; write: number };

function startChild(pair: EnginePair, to: Colour): ChildSwap {
    const { emulator } = harness;
    const swap = spawnChildSwap(
        child.js("test/engine/fixtures/swapChild.ts"),
        { endpoint: emulator.endpoint, caCertFile: emulator.caCertFile, subscriptionId: emulator.subscriptionId, target: pair.target, to, pollIntervalMs: testPollMs },
        emulator.accessToken,
    );
    running.add(swap);
    return swap;
}

async function expectKilled(swap: ChildSwap): Promise<void> {
    const exit = await swap.exited;
    running.delete(swap);
    expect(exit.signal).toBe("SIGKILL");
}

/** The five writes of a swap to `to`, in order: what each does and to which resource (docs/design.md's table). */
function writesOfSwap(pair: EnginePair, to: Colour): { action: string; resourceId: string }[] {
    const from = otherColour(to);
    const floatingId = pair.productionIpId.replace(/[^/]+$/, floatingIpName(pair.target));
    return [
        { action: "create", resourceId: floatingId },
        { action: "update", resourceId: pair.loadBalancerIds[from] },
        { action: "update", resourceId: pair.loadBalancerIds[to] },
        { action: "update", resourceId: pair.loadBalancerIds[from] },
        { action: "delete", resourceId: floatingId },
    ];
}

/** Kills the child swap towards `to` after `afterSteps` steps have finished (0: as soon as it has started). */
async function killAtBoundary(pair: EnginePair, to: Colour, afterSteps: number): Promise<void> {
    const swap = startChild(pair, to);
    let finished = 0;
    swap.onEvent((type) => {
        if ((type === "started" && afterSteps === 0) || (type === "stepFinished" && ++finished === afterSteps)) swap.process.kill("SIGKILL");
    });
    await expectKilled(swap);
}

/**
 * Holds the swap's write number `write` InProgress, kills the child while it is held, and proves that the
 * operation was still running at the kill: the emulator lists it InProgress and held, and Azure's readers see the
 * resource Updating or Deleting. Returns with the operation still held.
 */
async function killWhileHeld(pair: EnginePair, to: Colour, write: number): Promise<void> {
    const { emulator } = harness;
    const expected = writesOfSwap(pair, to)[write - 1];
    // Operation faults are taken only by requests that start an operation, so `skip` counts the swap's writes.
    emulator.addFault({ pathPattern: "/providers/Microsoft.Network/(publicIPAddresses|loadBalancers)/app-", skip: write - 1, action: { type: "hold" } });
    const swap = startChild(pair, to);
    await waitUntil(`write ${write} is held`, () => emulator.operations().some((o) => o.held));
    swap.process.kill("SIGKILL");
    await expectKilled(swap);

    const held = emulator.operations().filter((o) => o.held);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ status: "InProgress", action: expected.action, resourceIds: [expected.resourceId] });
    const name = expected.resourceId.split("/").pop()!;
    const t = pair.target;
    const seen = /loadBalancers/.test(expected.resourceId)
        ? await harness.client.loadBalancers.get(t.resourceGroupName, name)
        : await harness.client.publicIPAddresses.get(t.resourceGroupName, name);
    expect(seen.provisioningState).toBe(expected.action === "delete" ? "Deleting" : "Updating");
}

const scenarios: { to: Colour; when: string; point: KillPoint; rerun: "same" | "other" }[] = [];
for (const to of ["green", "blue"] as Colour[]) {
    for (const rerun of ["same", "other"] as const) {
        for (const afterSteps of [0, 1, 2, 3, 4]) scenarios.push({ to, when: `after step ${afterSteps}`, point: { kind: "boundary", afterSteps }, rerun });
        for (const write of [1, 2, 3, 4, 5]) scenarios.push({ to, when: `while write ${write} is held InProgress`, point: { kind: "held", write }, rerun });
    }
}

describe("a swap killed with SIGKILL is healed by a rerun", () => {
    it("compiles and runs the child swap to the end when nobody kills it", async () => {
        const pair = await freshPair(harness);
        const swap = startChild(pair, "green");
        const exit = await swap.exited;
        running.delete(swap);
        expect(exit).toMatchObject({ code: 0 });
        expect(swap.events.filter((e) => e === "stepFinished")).toHaveLength(5);
        expect((await azureState(harness, pair)).green).toBe("production");
        const history = expectEveryCommitKeptInvariants(harness.emulator, pair, 5);
        expect(history.changes).toEqual(writesOfSwap(pair, "green").map((w) => `${w.action} ${w.resourceId.split("/").pop()}`));
    });

    it.each(scenarios)("swap to $to killed $when, rerun towards the $rerun colour", async ({ to, point, rerun }) => {
        const pair = await freshPair(harness);
        if (to === "blue") await reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs });

        if (point.kind === "boundary") await killAtBoundary(pair, to, point.afterSteps);
        else await killWhileHeld(pair, to, point.write);

        const rerunTo = rerun === "same" ? to : otherColour(to);
        harness.emulator.clearRequestLog();
        const report = reconcileSwap(harness.connection, pair.target, rerunTo, { pollIntervalMs: testPollMs });
        if (point.kind === "held") {
            // Let the rerun find the operation in flight before it ends: it must wait for it, not write over it.
            await waitUntil("the rerun has read Azure", () => harness.emulator.requestLog().some((e) => !e.control && e.method === "GET"));
            expect(harness.emulator.releaseOperations()).toHaveLength(1);
        }
        expect((await report).to).toBe(rerunTo);

        const state = await azureState(harness, pair);
        expect([state[rerunTo], state[otherColour(rerunTo)]]).toEqual(["production", "staging"]);
        expect(state.productionIpAddress).toBe(pair.productionIpAddress);
        expect(state.stagingIpAddress).toBe(pair.stagingIpAddress);
        expect(state.addressNames).toEqual([pair.target.productionIpName, pair.target.stagingIpName].sort());
        // Only a swap to green killed before its first write and rerun towards blue (still live) may commit nothing.
        const mayBeUntouched = to === "green" && rerun === "other" && point.kind === "boundary" && point.afterSteps === 0;
        expectEveryCommitKeptInvariants(harness.emulator, pair, mayBeUntouched ? 0 : 1);
    });
});
