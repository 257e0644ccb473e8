import { type Colour, otherColour } from "../../components/colour";
import { reconcileSwap } from "../../components/swap/swapEngine";
import { type CompiledBuild, compileForChildProcess } from "../helpers/compiledBuild";
import { type ChildSwap, spawnChildSwap } from "./childSwap";
import { type EngineHarness, startHarness, testPollMs } from "./engineHarness";
import { type SharedEnginePair, checkSharedHistory, freshSharedPair, sharedState } from "./sharedHarness";

/**
 * Crash safety of the pool switch, as swapCrash.test.ts proves it for the floating-IP method: the swap runs in a child
 * process and is killed with SIGKILL before its write takes effect (the PUT is left unanswered and unapplied), while its
 * one write is CERTAINLY still running (held InProgress by the emulator until the test releases it), and after it has
 * committed but before the child saw it (its reads left unanswered), in both directions; each kill lands on a child
 * that the emulator's own controls keep alive, so no kill races the swap's end; a rerun towards the same colour or
 * the other converges with both addresses on their frontends, and the committed history shows production's and
 * staging's rules never on one pool.
 */

let harness: EngineHarness;
let child: CompiledBuild;
const running = new Set<ChildSwap>();

beforeAll(async () => {
    harness = await startHarness();
    child = compileForChildProcess("poolSwitchChild", ["test/engine/fixtures/swapChild.ts"]);
});
afterEach(() => {
    for (const swap of running) swap.process.kill("SIGKILL");
    running.clear();
    harness.emulator.clearFaults();
    harness.emulator.releaseOperations();
});
afterAll(async () => {
    child?.remove();
    await harness?.stop();
});

async function until(what: string, condition: () => boolean): Promise<void> {
    const giveUp = Date.now() + 10_000;
    while (!condition()) {
        if (Date.now() > giveUp) throw new Error(`Gave up waiting until ${what}.`);
        await new Promise((resolve) => setTimeout(resolve, 2));
    }
}

function startChild(pair: SharedEnginePair, to: Colour): ChildSwap {
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

type KillPoint = "before the write" | "while the write is held InProgress" | "after the write";

async function kill(pair: SharedEnginePair, to: Colour, point: KillPoint): Promise<void> {
    if (point === "while the write is held InProgress") {
        harness.emulator.addFault({ method: "PUT", pathPattern: "/loadBalancers/app-lb$", action: { type: "hold" } });
        const swap = startChild(pair, to);
        await until("the switch is held", () => harness.emulator.operations().some((o) => o.held));
        swap.process.kill("SIGKILL");
        await expectKilled(swap);
        const held = harness.emulator.operations().filter((o) => o.held);
        expect(held).toMatchObject([{ status: "InProgress", action: "update", resourceIds: [pair.loadBalancerId] }]);
        const lb = await harness.client.loadBalancers.get(pair.target.resourceGroupName, pair.target.loadBalancerName);
        expect(lb.provisioningState).toBe("Updating");
        return;
    }
    if (point === "before the write") {
        // The write is never answered and never applied: the child is certainly alive, and has changed nothing, at the kill.
        harness.emulator.addFault({ method: "PUT", pathPattern: "/loadBalancers/app-lb$", action: { type: "hang" } });
        const swap = startChild(pair, to);
        await until("the switch was sent", () => harness.emulator.requestLog().some((e) => e.method === "PUT" && !e.control) || swap.events.includes("stepStarted"));
        swap.process.kill("SIGKILL");
        await expectKilled(swap);
        harness.emulator.clearFaults();
        return;
    }
    // After the write: it commits while the child's reads hang, so the child is certainly alive and has not seen it.
    harness.emulator.addFault({ method: "PUT", pathPattern: "/loadBalancers/app-lb$", action: { type: "hold" } });
    const swap = startChild(pair, to);
    await until("the switch is held", () => harness.emulator.operations().some((o) => o.held));
    harness.emulator.addFault({ method: "GET", pathPattern: "/loadBalancers/app-lb$", action: { type: "hang" } });
    harness.emulator.releaseOperations();
    await until("the switch has committed", () => harness.emulator.operations().some((o) => o.resourceIds.includes(pair.loadBalancerId) && o.status === "Succeeded"));
    swap.process.kill("SIGKILL");
    await expectKilled(swap);
    harness.emulator.clearFaults();
}

const scenarios: { to: Colour; point: KillPoint; rerun: "same" | "other" }[] = [];
for (const to of ["green", "blue"] as Colour[])
    for (const point of ["before the write", "while the write is held InProgress", "after the write"] as KillPoint[])
        for (const rerun of ["same", "other"] as const) scenarios.push({ to, point, rerun });

describe("a pool switch killed with SIGKILL is healed by a rerun", () => {
    it("runs the child swap to the end when nobody kills it: one step", async () => {
        const pair = await freshSharedPair(harness);
        const swap = startChild(pair, "green");
        const exit = await swap.exited;
        running.delete(swap);
        expect(exit).toMatchObject({ code: 0 });
        expect(swap.events.filter((e) => e === "stepFinished")).toHaveLength(1);
        expect(await sharedState(harness, pair)).toMatchObject({ production: "green", staging: "blue" });
    });

    it.each(scenarios)("switch to $to killed $point, rerun towards the $rerun colour", async ({ to, point, rerun }) => {
        const pair = await freshSharedPair(harness);
        if (to === "blue") await reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs });
        await kill(pair, to, point);

        const rerunTo = rerun === "same" ? to : otherColour(to);
        harness.emulator.clearRequestLog();
        const report = reconcileSwap(harness.connection, pair.target, rerunTo, { pollIntervalMs: testPollMs });
        if (point === "while the write is held InProgress") {
            await until("the rerun has read Azure", () => harness.emulator.requestLog().some((e) => !e.control && e.method === "GET"));
            expect(harness.emulator.releaseOperations()).toHaveLength(1);
        }
        expect((await report).to).toBe(rerunTo);
        expect(await sharedState(harness, pair)).toMatchObject({
            production: rerunTo,
            staging: otherColour(rerunTo),
            productionAddress: pair.productionIpAddress,
            stagingAddress: pair.stagingIpAddress,
            addressNames: ["app-outbound-ip", "app-production-ip", "app-staging-ip"],
        });
        expect(checkSharedHistory(harness.emulator, pair).violations).toEqual([]);
    });
});
