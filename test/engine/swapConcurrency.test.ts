import { type Colour, otherColour } from "../../components/colour";
import { inspectSwap, reconcileSwap, SwapError, type SwapReport } from "../../components/swap/swapEngine";
import { floatingIpName } from "../../components/swap/swapTarget";
import type { BlueGreenPair } from "../helpers/emulatorFixture";
import { expectEveryCommitKeptInvariants } from "./commitInvariants";
import { type EngineHarness, azureState, freshPair, startHarness, testPollMs } from "./engineHarness";

/**
 * Two swaps at once. If-Match makes a writer with a stale ETag get 412 and stop instead of overwriting; Azure's
 * own rules (PublicIPAddressInUse, RetryableErrorDueToAnotherOperation) do the rest. Whatever the interleaving:
 * no address is lost, no frontend is ever without one and no address is on two (checked after every commit in the
 * emulator's committed-state history, from the race through the reruns), only the floating IP is ever deleted,
 * each swap converges or stops with a clear error, and the state left behind is one a rerun heals.
 */

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterAll(async () => {
    await harness?.stop();
});

/** The codes a swap that loses a race may stop with; each means "someone else changed it, rerun". */
const raceCodes = [
    "PreconditionFailed",
    "PublicIPAddressInUse",
    "PublicIPAddressCannotBeDeleted",
    "InvalidResourceReference",
    "RetryableErrorDueToAnotherOperation",
    "RetryableError",
    "ConcurrentChange",
    "UnknownState",
    "NotConverging",
];

function expectConvergedOrClearError(outcome: PromiseSettledResult<SwapReport>) {
    if (outcome.status === "rejected") {
        expect(outcome.reason).toBeInstanceOf(SwapError);
        expect(raceCodes).toContain((outcome.reason as SwapError).code);
        expect((outcome.reason as SwapError).message).toMatch(/run the swap again|rerun|Run it again/i);
    }
}

async function expectAddressesKept(pair: BlueGreenPair) {
    const state = await azureState(harness, pair);
    expect(state.productionIpAddress).toBe(pair.productionIpAddress);
    expect(state.stagingIpAddress).toBe(pair.stagingIpAddress);
    expect(["production", "staging", "floating"].map((r) => [state.blue, state.green].filter((a) => a.includes(r)).length).every((n) => n <= 1)).toBe(true);
}

/** After the race: a rerun towards each colour converges, keeping both addresses and removing the floating IP. */
async function expectRerunsHeal(pair: BlueGreenPair) {
    for (const colour of ["green", "blue"] as Colour[]) {
        await reconcileSwap(harness.connection, pair.target, colour, { pollIntervalMs: testPollMs });
        const state = await azureState(harness, pair);
        expect([state[colour], state[otherColour(colour)]]).toEqual(["production", "staging"]);
        expect(state.addressNames).toEqual([pair.target.productionIpName, pair.target.stagingIpName].sort());
    }
}

describe("two swaps at once", () => {
    it.each([1, 2, 3])("to the same colour (round %i): both converge or the loser stops clearly", async () => {
        const pair = await freshPair(harness);
        const outcomes = await Promise.allSettled([
            reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs }),
            reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs + 3 }),
        ]);
        outcomes.forEach(expectConvergedOrClearError);
        await expectAddressesKept(pair);
        if (outcomes.some((o) => o.status === "fulfilled")) {
            const state = await azureState(harness, pair);
            expect(state.green).toBe("production");
        }
        await expectRerunsHeal(pair);
        expectEveryCommitKeptInvariants(harness.emulator, pair, 5);
    });

    it.each([0, 1, 2, 3, 4])("to opposite colours, the second starting after step %i of the first: no address lost, a rerun heals", async (afterStep) => {
        const pair = await freshPair(harness);
        let second: Promise<SwapReport> | undefined;
        let finished = 0;
        const startSecond = () => {
            second ??= reconcileSwap(harness.connection, pair.target, "blue", { pollIntervalMs: testPollMs });
        };
        if (afterStep === 0) startSecond();
        const first = reconcileSwap(harness.connection, pair.target, "green", {
            pollIntervalMs: testPollMs,
            onProgress: (e) => {
                if (e.type === "stepFinished" && ++finished === afterStep) startSecond();
            },
        });
        const outcomes = await Promise.allSettled([first, second ?? Promise.resolve(undefined as unknown as SwapReport)]);
        if (second) outcomes[1] = (await Promise.allSettled([second]))[0];
        outcomes.forEach(expectConvergedOrClearError);
        await expectAddressesKept(pair);
        // The state left behind is one the engine knows: the inspection names a step or "done" for both colours.
        const inspection = await inspectSwap(harness.connection, pair.target);
        for (const colour of ["blue", "green"] as Colour[]) expect(inspection.nextStepTowards[colour]).not.toMatch(/^refuse/);
        await expectRerunsHeal(pair);
        expectEveryCommitKeptInvariants(harness.emulator, pair, 5);
    });

    it("a writer that changed the load balancer after the swap read it gets 412 PreconditionFailed; nothing is overwritten", async () => {
        const pair = await freshPair(harness);
        const t = pair.target;
        // A floating IP left by an earlier run, so that the swap's first write is blue's PUT (which sends If-Match).
        await harness.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            t.resourceGroupName,
            floatingIpName(t),
            { location: pair.location, sku: { name: "Standard" }, publicIPAllocationMethod: "Static", tags: { "vipswap:role": "floating" } },
            { updateIntervalInMs: 5 },
        );
        let changed = false;
        const error = await reconcileSwap(harness.connection, t, "green", {
            pollIntervalMs: testPollMs,
            // Runs after the engine's read and before its first write: a person edits blue's tags meanwhile.
            beforeFirstWrite: async () => {
                const lb = await harness.client.loadBalancers.get(t.resourceGroupName, t.blueLoadBalancerName);
                lb.tags = { ...lb.tags, owner: "someone-else" };
                await harness.client.loadBalancers.beginCreateOrUpdateAndWait(t.resourceGroupName, t.blueLoadBalancerName, lb, { updateIntervalInMs: 5 });
                changed = true;
            },
        }).catch((e: unknown) => e);
        expect(changed).toBe(true);
        expect(error).toBeInstanceOf(SwapError);
        expect(error).toMatchObject({ code: "PreconditionFailed", statusCode: 412 });
        const blue = await harness.client.loadBalancers.get(t.resourceGroupName, t.blueLoadBalancerName);
        expect(blue.tags?.owner).toBe("someone-else");
        await expectRerunsHeal(pair);
        const after = await harness.client.loadBalancers.get(t.resourceGroupName, t.blueLoadBalancerName);
        expect(after.tags?.owner).toBe("someone-else");
        expectEveryCommitKeptInvariants(harness.emulator, pair, 5);
    });
    it("a 412 on the write that attaches a free production address is not a stop: the swap reads again and attaches it, keeping the other writer's change", async () => {
        const pair = await freshPair(harness);
        const t = pair.target;
        // Half a swap to green, as a crash leaves it: blue holds the floating IP, production is attached to nothing.
        const floating = await harness.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            t.resourceGroupName,
            floatingIpName(t),
            { location: pair.location, sku: { name: "Standard" }, publicIPAllocationMethod: "Static", tags: { "vipswap:role": "floating" } },
            { updateIntervalInMs: 5 },
        );
        const blue = await harness.client.loadBalancers.get(t.resourceGroupName, t.blueLoadBalancerName);
        blue.frontendIPConfigurations!.find((f) => f.name === t.frontendName)!.publicIPAddress = { id: floating.id };
        await harness.client.loadBalancers.beginCreateOrUpdateAndWait(t.resourceGroupName, t.blueLoadBalancerName, blue, { updateIntervalInMs: 5 });
        const events: string[] = [];
        const report = await reconcileSwap(harness.connection, t, "green", {
            pollIntervalMs: testPollMs,
            onProgress: (e) => events.push(e.type === "retry" ? `retry ${e.reason}` : e.type),
            // The swap's first write is "green <- production"; a person edits green's tags just before it.
            beforeFirstWrite: async () => {
                const green = await harness.client.loadBalancers.get(t.resourceGroupName, t.greenLoadBalancerName);
                green.tags = { ...green.tags, owner: "someone-else" };
                await harness.client.loadBalancers.beginCreateOrUpdateAndWait(t.resourceGroupName, t.greenLoadBalancerName, green, { updateIntervalInMs: 5 });
            },
        });
        const greenPuts = harness.emulator.requestLog().filter((e) => e.method === "PUT" && /app-green-lb$/.test(e.path));
        expect(greenPuts.map((e) => e.status)).toEqual([200, 412, 200]); // the person's, the engine's stale one, the engine's again
        expect(events).toContain("retry PreconditionFailed, HTTP 412");
        expect(report.retries).toBe(1);
        const green = await harness.client.loadBalancers.get(t.resourceGroupName, t.greenLoadBalancerName);
        expect(green.tags?.owner).toBe("someone-else");
        await expectAddressesKept(pair);
        const state = await azureState(harness, pair);
        expect(state).toMatchObject({ green: "production", blue: "staging" });
        expect(state.addressNames).toEqual([t.productionIpName, t.stagingIpName].sort());
        expectEveryCommitKeptInvariants(harness.emulator, pair, 4);
    });
});
