import { type Colour } from "../../components/colour";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { type CompiledBuild, compileForChildProcess } from "../helpers/compiledBuild";
import { type ChildSwap, spawnChildSwap } from "../engine/childSwap";
import { azureState, dataPlaneUrl, testPollMs } from "./gateHarness";

/**
 * A gated swap to green whose verification fails runs in a child process; it is SIGKILLed in the middle of the
 * rollback to blue. A rerun heals it: the same gated swap again (what the next `pulumi up` or CLI run does), or a
 * plain swap towards blue. Either way production ends on blue with both addresses intact and no floating IP.
 */

let fixture: EmulatorFixture;
let child: CompiledBuild;
const running = new Set<ChildSwap>();

beforeAll(async () => {
    fixture = await startEmulatorFixture({ throttling: false });
    child = compileForChildProcess("gatedSwapChild", ["test/health/fixtures/gatedSwapChild.ts"]);
});
afterEach(() => {
    for (const swap of running) swap.process.kill("SIGKILL");
    running.clear();
});
afterAll(async () => {
    child?.remove();
    await fixture?.stop();
});

/** Long enough that the kill lands while the rollback is still running. */
const operationMs = 60;

function startChild(pair: BlueGreenPair, to: Colour, settings: object): ChildSwap {
    const { emulator } = fixture;
    const swap = spawnChildSwap(
        child.js("test/health/fixtures/gatedSwapChild.ts"),
        { endpoint: emulator.endpoint, caCertFile: emulator.caCertFile, subscriptionId: emulator.subscriptionId, target: pair.target, to, pollIntervalMs: testPollMs, settings },
        emulator.accessToken,
    );
    running.add(swap);
    return swap;
}

describe("a crash during the rollback", () => {
    test.each([
        ["the same gated swap to green (it swaps, fails the verification again and rolls back)", "green"],
        ["a swap towards blue (it finishes the rollback)", "blue"],
    ] as const)("is healed by a rerun: %s", async (_name, rerunTowards) => {
        const { emulator, client } = fixture;
        emulator.reset();
        const pair = await createBlueGreenPair(client, emulator); // blue v1 live, green v2 staging, all healthy
        const original = await azureState(client, pair);
        emulator.setLatencies({ loadBalancerUpdate: operationMs, publicIpCreate: operationMs, publicIpDelete: operationMs });
        // Green is healthy to Azure but is not the version the verification waits for: the swap rolls back.
        const settings = {
            verification: { url: dataPlaneUrl(emulator, pair.productionIpId, "/version"), bodyPattern: '"version":"v3"', deadlineMs: 200, intervalMs: 20 },
        };

        const swap = startChild(pair, "green", settings);
        let started = 0;
        let rollbackStepsFinished = 0;
        swap.onEvent((type) => {
            if (type === "started") started++;
            // The second swap of the run is the rollback; kill it after its second step (production is in flight).
            if (started === 2 && type === "stepFinished" && ++rollbackStepsFinished === 2) swap.process.kill("SIGKILL");
        });
        const exit = await swap.exited;
        running.delete(swap);
        expect(exit.signal).toBe("SIGKILL");
        expect(swap.events.filter((type) => type === "done")).toHaveLength(1); // the swap to green finished, the rollback did not
        const crashed = await azureState(client, pair);
        expect(crashed).not.toEqual(original); // the rollback was really cut short
        expect(crashed.addressNames).toContain(`${pair.target.productionIpName}-vipswap-floating`);

        const rerun = startChild(pair, rerunTowards, rerunTowards === "green" ? settings : {});
        const rerunExit = await rerun.exited;
        running.delete(rerun);
        if (rerunTowards === "green") {
            expect(rerunExit.code).toBe(1);
            expect(rerunExit.stderr).toContain("Rolled back: production was restored to the old colour blue.");
        } else {
            expect(rerunExit.code).toBe(0);
        }
        // Blue is live again, both addresses kept their ipAddress values, the floating IP is gone.
        expect(await azureState(client, pair)).toEqual(original);
    });
});
