import { type Colour, otherColour } from "../../components/colour";
import { reconcileSwap } from "../../components/swap/swapEngine";
import type { BlueGreenPair } from "../helpers/emulatorFixture";
import { type ChildSwap, compileChild, spawnChildSwap } from "./childSwap";
import { type EngineHarness, azureState, freshPair, startHarness, testPollMs, writesIn } from "./engineHarness";
import { startFrontendSampler, stopAllSamplers } from "./frontendSampler";

/**
 * Crash safety: a swap runs in a child process (connected to the emulator in this process) and is killed with
 * SIGKILL at every step boundary and inside every long-running operation, in both directions; then a rerun
 * towards the same colour, or towards the other, must converge with both addresses kept, no floating IP left, and
 * no frontend ever without an address (sampled throughout, from this process).
 */

let harness: EngineHarness;
let child: { script: string; cleanup(): void };
const running = new Set<ChildSwap>();

beforeAll(async () => {
    harness = await startHarness();
    child = compileChild(`${__dirname}/fixtures/swapChild.ts`);
});
afterEach(async () => {
    for (const swap of running) swap.process.kill("SIGKILL");
    running.clear();
    await stopAllSamplers();
});
afterAll(async () => {
    child?.cleanup();
    await harness?.stop();
});

/**
 * For the kills inside an operation: operations take long enough that the kill, sent the moment the emulator has
 * accepted the write, lands while the operation is still running (the rerun then first waits for it).
 */
const operationMs = 150;

type KillPoint = { kind: "boundary"; afterSteps: number } | { kind: "inFlight"; write: number };

/** Starts the child swap towards `to` and SIGKILLs it at `point`; resolves once it is dead. */
async function runAndKill(pair: BlueGreenPair, to: Colour, point: KillPoint): Promise<void> {
    const { emulator } = harness;
    emulator.clearRequestLog();
    const swap = spawnChildSwap(
        child.script,
        { endpoint: emulator.endpoint, caCertFile: emulator.caCertFile, subscriptionId: emulator.subscriptionId, target: pair.target, to, pollIntervalMs: testPollMs },
        emulator.accessToken,
    );
    running.add(swap);
    let finished = 0;
    if (point.kind === "boundary") {
        swap.onEvent((type) => {
            if ((type === "started" && point.afterSteps === 0) || (type === "stepFinished" && ++finished === point.afterSteps)) swap.process.kill("SIGKILL");
        });
    } else {
        // Watch the emulator's log from here: the moment Azure has accepted the write, kill the process.
        const watch = setInterval(() => {
            if (writesIn(emulator.requestLog()).filter((e) => e.status >= 200 && e.status < 300).length >= point.write) {
                swap.process.kill("SIGKILL");
                clearInterval(watch);
            }
        }, 1);
        void swap.exited.then(() => clearInterval(watch));
    }
    const exit = await swap.exited;
    running.delete(swap);
    expect(exit.signal).toBe("SIGKILL");
}

const boundaries: KillPoint[] = [0, 1, 2, 3, 4].map((afterSteps) => ({ kind: "boundary", afterSteps }));
const inFlight: KillPoint[] = [1, 2, 3, 4, 5].map((write) => ({ kind: "inFlight", write }));
const scenarios: { to: Colour; when: string; point: KillPoint; rerun: "same" | "other" }[] = [];
for (const to of ["green", "blue"] as Colour[])
    for (const point of [...boundaries, ...inFlight])
        for (const rerun of ["same", "other"] as const)
            scenarios.push({ to, when: point.kind === "boundary" ? `after step ${point.afterSteps}` : `while write ${point.write} runs`, point, rerun });

describe("a swap killed with SIGKILL is healed by a rerun", () => {
    it("compiles and runs the child swap to the end when nobody kills it", async () => {
        const pair = await freshPair(harness);
        const { emulator } = harness;
        const swap = spawnChildSwap(
            child.script,
            { endpoint: emulator.endpoint, caCertFile: emulator.caCertFile, subscriptionId: emulator.subscriptionId, target: pair.target, to: "green", pollIntervalMs: testPollMs },
            emulator.accessToken,
        );
        running.add(swap);
        const exit = await swap.exited;
        expect(exit).toMatchObject({ code: 0 });
        expect(swap.events.filter((e) => e === "stepFinished")).toHaveLength(5);
        expect((await azureState(harness, pair)).green).toBe("production");
    });

    it.each(scenarios)("swap to $to killed $when, rerun towards the $rerun colour", async ({ to, point, rerun }) => {
        const pair = await freshPair(harness);
        if (to === "blue") await reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs });
        if (point.kind === "inFlight") harness.emulator.setLatencies({ loadBalancerUpdate: operationMs, publicIpCreate: operationMs, publicIpDelete: operationMs });
        const watching = startFrontendSampler(harness, pair);

        await runAndKill(pair, to, point);

        const rerunTo = rerun === "same" ? to : otherColour(to);
        const report = await reconcileSwap(harness.connection, pair.target, rerunTo, { pollIntervalMs: testPollMs });
        const { samples, violations } = await watching.stop();

        const state = await azureState(harness, pair);
        expect(report.to).toBe(rerunTo);
        expect([state[rerunTo], state[otherColour(rerunTo)]]).toEqual(["production", "staging"]);
        expect(state.productionIpAddress).toBe(pair.productionIpAddress);
        expect(state.stagingIpAddress).toBe(pair.stagingIpAddress);
        expect(state.addressNames).toEqual([pair.target.productionIpName, pair.target.stagingIpName].sort());
        expect(samples).toBeGreaterThan(0);
        expect(violations).toEqual([]);
        // Only the floating IP was ever deleted.
        const deletes = harness.emulator.requestLog().filter((e) => e.method === "DELETE");
        for (const d of deletes) expect(d.path).toMatch(/-vipswap-floating$/);
    });
});
