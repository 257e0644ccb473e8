/**
 * A second swap while one runs (issue 11, item 3). The first swap's floating IP carries its claim (who, when,
 * towards which colour); a swap by another owner that finds it stops at once with `AnotherSwapInProgress`, names
 * the other swap and says how to wait or take over, and writes nothing. The first swap is held mid-write by the
 * emulator's `hold` fault, so the two overlap for certain, whatever the load. `--take-over` (or a stale claim) goes
 * on, still under If-Match; the same owner (a rerun after a crash) goes on as it always did.
 */
import type { Colour } from "../../components/colour";
import { reconcileSwap, SwapError, type SwapReport } from "../../components/swap/swapEngine";
import { claimTagNames } from "../../components/swap/swapClaim";
import { floatingIpName } from "../../components/swap/swapTarget";
import { expectEveryCommitKeptInvariants } from "./commitInvariants";
import { type EngineHarness, azureState, freshPair, startHarness, testPollMs, writesIn } from "./engineHarness";

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterEach(() => {
    harness.emulator.clearFaults();
    harness.emulator.releaseOperations();
});
afterAll(async () => {
    await harness?.stop();
});

/** Polls every 2 ms until `condition` holds; fails after 10 s so a broken engine cannot hang the test. */
async function until(what: string, condition: () => boolean): Promise<void> {
    const giveUp = Date.now() + 10_000;
    while (!condition()) {
        if (Date.now() > giveUp) throw new Error(`Gave up waiting until ${what}.`);
        await new Promise((resolve) => setTimeout(resolve, 2));
    }
}

/**
 * Starts alice's swap to green and holds its second write (blue <- floating) InProgress: the floating IP exists,
 * claimed by alice, and blue is Updating. Returns the running swap and a way to abort it (alice's process dying).
 */
async function aliceHeldMidSwap() {
    const pair = await freshPair(harness);
    harness.emulator.addFault({ pathPattern: "/providers/Microsoft.Network/(publicIPAddresses|loadBalancers)/app-", skip: 1, action: { type: "hold" } });
    const abort = new AbortController();
    const alice = reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs, owner: "alice@host-a", abortSignal: abort.signal });
    alice.catch(() => undefined);
    await until("alice's second write is held", () => harness.emulator.operations().some((o) => o.held));
    const writesSoFar = writesIn(harness.emulator.requestLog()).length;
    return { pair, alice, abort, writesSoFar };
}

describe("a second swap while one runs", () => {
    it.each(["blue", "green"] as Colour[])("by another owner, towards %s: stops at once with who, when and towards what, writing nothing", async (towards) => {
        const { pair, alice, writesSoFar } = await aliceHeldMidSwap();
        const floating = await harness.client.publicIPAddresses.get(pair.target.resourceGroupName, floatingIpName(pair.target));
        expect(floating.tags).toMatchObject({ [claimTagNames.owner]: "alice@host-a", [claimTagNames.towards]: "green" });

        const bob = await reconcileSwap(harness.connection, pair.target, towards, { pollIntervalMs: testPollMs, owner: "bob@host-b" }).catch((e: unknown) => e);
        expect(bob).toBeInstanceOf(SwapError);
        const error = bob as SwapError;
        expect(error).toMatchObject({ code: "AnotherSwapInProgress", wroteAnything: false });
        expect(error.otherSwap).toMatchObject({ owner: "alice@host-a", towards: "green", swapId: floating.tags![claimTagNames.swapId] });
        expect(error.message).toContain("a swap towards green by alice@host-a, started ");
        expect(error.message).toContain(floating.tags![claimTagNames.startedAt]);
        expect(error.message).toMatch(/Wait for it to end and run the swap again.*--take-over/s);
        expect(writesIn(harness.emulator.requestLog())).toHaveLength(writesSoFar); // bob wrote nothing

        harness.emulator.releaseOperations();
        const report: SwapReport = await alice;
        expect(report.to).toBe("green");
        const state = await azureState(harness, pair);
        expect(state).toMatchObject({ green: "production", blue: "staging", productionIpAddress: pair.productionIpAddress, stagingIpAddress: pair.stagingIpAddress });
        expectEveryCommitKeptInvariants(harness.emulator, pair, 5);
    });

    it("--take-over after the first swap died: goes on from its state, keeps both addresses, removes the floating IP", async () => {
        const { pair, alice, abort } = await aliceHeldMidSwap();
        abort.abort(); // alice's process is gone; its held write is still running in Azure
        await expect(alice).rejects.toMatchObject({ code: "Aborted" });
        const gets = () => harness.emulator.requestLog().filter((e) => !e.control && e.method === "GET").length;
        const before = gets();
        const writesBefore = writesIn(harness.emulator.requestLog()).length;
        const bob = reconcileSwap(harness.connection, pair.target, "blue", { pollIntervalMs: testPollMs, owner: "bob@host-b", takeOver: true });
        // Bob reads the pair (five GETs), finds alice's write running and waits on it instead of writing over it.
        await until("bob has read the pair twice", () => gets() >= before + 10);
        expect(writesIn(harness.emulator.requestLog())).toHaveLength(writesBefore);
        expect(harness.emulator.releaseOperations()).toHaveLength(1);
        expect((await bob).to).toBe("blue");
        const state = await azureState(harness, pair);
        expect(state).toMatchObject({ blue: "production", green: "staging", productionIpAddress: pair.productionIpAddress });
        expect(state.addressNames).toEqual([pair.target.productionIpName, pair.target.stagingIpName].sort());
        expectEveryCommitKeptInvariants(harness.emulator, pair, 2);
    });

    it("a claim older than staleClaimMs is taken over by itself", async () => {
        const { pair, alice, abort } = await aliceHeldMidSwap();
        abort.abort();
        await alice.catch(() => undefined);
        harness.emulator.releaseOperations();
        const report = await reconcileSwap(harness.connection, pair.target, "green", { pollIntervalMs: testPollMs, owner: "bob@host-b", staleClaimMs: 0 });
        expect(report.to).toBe("green");
        expect((await azureState(harness, pair)).green).toBe("production");
    });

    it("the same owner (a rerun after Ctrl-C or a crash) goes on as before", async () => {
        const { pair, alice, abort } = await aliceHeldMidSwap();
        abort.abort();
        await alice.catch(() => undefined);
        harness.emulator.releaseOperations();
        const report = await reconcileSwap(harness.connection, pair.target, "blue", { pollIntervalMs: testPollMs, owner: "alice@host-a" });
        expect(report.to).toBe("blue");
        expect((await azureState(harness, pair)).addressNames).toEqual([pair.target.productionIpName, pair.target.stagingIpName].sort());
    });
});
