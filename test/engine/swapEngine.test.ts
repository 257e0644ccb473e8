import { defaultSwapOwner } from "../../components/swap/swapClaim";
import { type Colour, otherColour } from "../../components/colour";
import { inspectSwap, reconcileSwap, removeLeftoverFloatingIp, SwapError, type SwapProgressEvent } from "../../components/swap/swapEngine";
import { floatingIpName } from "../../components/swap/swapTarget";
import type { PublicIPAddress } from "@azure/arm-network";
import type { BlueGreenPair } from "../helpers/emulatorFixture";
import { checkHistory, expectEveryCommitKeptInvariants } from "./commitInvariants";
import { type EngineHarness, azureState, freshPair, startHarness, testPollMs, writesIn } from "./engineHarness";

/** Swaps, swap back, no-op, report and progress, inspection and clean-up, against the emulator through the SDK. */

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterAll(async () => {
    await harness?.stop();
});

const swap = (pair: BlueGreenPair, to: Colour, onProgress?: (e: SwapProgressEvent) => void) =>
    reconcileSwap(harness.connection, pair.target, to, { pollIntervalMs: testPollMs, ...(onProgress ? { onProgress } : {}) });

/** Moves one frontend by hand, as a person in the portal would, through the SDK's own poller. */
async function attachByHand(pair: BlueGreenPair, colour: Colour, publicIpId: string) {
    const t = pair.target;
    const name = colour === "blue" ? t.blueLoadBalancerName : t.greenLoadBalancerName;
    const lb = await harness.client.loadBalancers.get(t.resourceGroupName, name);
    lb.frontendIPConfigurations!.find((f) => f.name === t.frontendName)!.publicIPAddress = { id: publicIpId };
    await harness.client.loadBalancers.beginCreateOrUpdateAndWait(t.resourceGroupName, name, lb, { updateIntervalInMs: 5 });
}

/**
 * Puts a production address of the test's own making (`name`, `body`) on blue in place of the pair's, then swaps
 * towards green only until the first step (creating the floating IP) has finished, and returns the target and
 * the floating IP as Azure has it then.
 */
async function floatingIpFor(pair: BlueGreenPair, name: string, body: PublicIPAddress) {
    const t = pair.target;
    const production = await harness.client.publicIPAddresses.beginCreateOrUpdateAndWait(t.resourceGroupName, name, body, {
        updateIntervalInMs: 5,
    });
    await attachByHand(pair, "blue", production.id!);
    const target = { ...t, productionIpName: name };
    const controller = new AbortController();
    await reconcileSwap(harness.connection, target, "green", {
        pollIntervalMs: testPollMs,
        abortSignal: controller.signal,
        onProgress: (e) => e.type === "stepFinished" && controller.abort(),
    }).catch(() => undefined);
    return { target, floating: await harness.client.publicIPAddresses.get(t.resourceGroupName, floatingIpName(target)) };
}

async function createFloatingByHand(pair: BlueGreenPair) {
    return harness.client.publicIPAddresses.beginCreateOrUpdateAndWait(
        pair.target.resourceGroupName,
        floatingIpName(pair.target),
        { location: pair.location, sku: { name: "Standard" }, publicIPAllocationMethod: "Static", tags: { "vipswap:role": "floating" } },
        { updateIntervalInMs: 5 },
    );
}

describe("reconcileSwap", () => {
    it.each(["green", "blue"] as Colour[])("swaps to %s and back, keeping both addresses and leaving no floating IP", async (first) => {
        const pair = await freshPair(harness);
        if (first === "blue") await swap(pair, "green"); // start from green live, so the first swap here is to blue
        for (const to of [first, otherColour(first)]) {
            const report = await swap(pair, to);
            const state = await azureState(harness, pair);
            expect(state[to]).toBe("production");
            expect(state[otherColour(to)]).toBe("staging");
            expect(state.productionIpAddress).toBe(pair.productionIpAddress);
            expect(state.stagingIpAddress).toBe(pair.stagingIpAddress);
            expect(state.addressNames).toEqual([pair.target.productionIpName, pair.target.stagingIpName].sort());
            expect(report).toMatchObject({ from: otherColour(to), to, alreadyLive: false, productionIpAddress: pair.productionIpAddress });
        }
        // Every state Azure's readers could have seen, commit by commit: both frontends always had an address.
        const swaps = first === "blue" ? 3 : 2;
        const history = expectEveryCommitKeptInvariants(harness.emulator, pair, 5 * swaps);
        expect(history.changes.filter((c) => c.startsWith("delete"))).toEqual(Array(swaps).fill(`delete ${floatingIpName(pair.target)}`));
    });

    it("reports the five steps of docs/design.md's table, with times, windows and retries", async () => {
        const pair = await freshPair(harness);
        const report = await swap(pair, "green");
        expect(report.steps.map((s) => s.description)).toEqual([
            "create floating IP",
            "blue <- floating",
            "green <- production",
            "blue <- staging",
            "delete floating IP",
        ]);
        for (const step of report.steps) {
            expect(Date.parse(step.endedAt) - Date.parse(step.startedAt)).toBe(step.durationMs);
            expect(step.durationMs).toBeGreaterThan(0);
        }
        expect(report.productionUnattachedMs).toBeGreaterThan(0);
        expect(report.stagingUnattachedMs).toBeGreaterThan(0);
        expect(report.retries).toBe(0);
        expect(report.totalMs).toBe(Date.parse(report.endedAt) - Date.parse(report.startedAt));
        // The engine sent exactly five writes, in that order, and never polled an operation with the SDK poller.
        const log = harness.emulator.requestLog().filter((e) => !e.control);
        expect(writesIn(log).map((e) => `${e.method} ${e.path.split("/").pop()}`)).toEqual([
            `PUT ${floatingIpName(pair.target)}`,
            `PUT ${pair.target.blueLoadBalancerName}`,
            `PUT ${pair.target.greenLoadBalancerName}`,
            `PUT ${pair.target.blueLoadBalancerName}`,
            `DELETE ${floatingIpName(pair.target)}`,
        ]);
        expect(log.filter((e) => /operations|operationResults/i.test(e.path))).toEqual([]);
    });

    it("changes nothing on a load balancer but the frontend's address", async () => {
        const pair = await freshPair(harness);
        const t = pair.target;
        const before = await harness.client.loadBalancers.get(t.resourceGroupName, t.greenLoadBalancerName);
        await swap(pair, "green");
        const after = await harness.client.loadBalancers.get(t.resourceGroupName, t.greenLoadBalancerName);
        // Every ETag changes on a write (docs/azure-behaviour.md §4); everything else but the reference must stay as it was.
        const withoutAddress = (lb: typeof before): unknown =>
            JSON.parse(JSON.stringify(lb, (key, value) => (key === "etag" || key === "publicIPAddress" ? undefined : value)));
        expect(withoutAddress(after)).toEqual(withoutAddress(before));
        expect(after.frontendIPConfigurations![0].publicIPAddress!.id).toBe(pair.productionIpId);
        expect(after.etag).not.toBe(before.etag);
    });

    it("creates the floating IP Standard, Static, IPv4, tagged, in production's location and zones", async () => {
        const pair = await freshPair(harness);
        const t = pair.target;
        // A zonal production address, in place of the pair's own.
        const { target, floating } = await floatingIpFor(pair, "zonal-production-ip", {
            location: pair.location,
            zones: ["2"],
            sku: { name: "Standard" },
            publicIPAllocationMethod: "Static",
        });
        expect(floating).toMatchObject({
            name: "zonal-production-ip-vipswap-floating",
            location: pair.location,
            zones: ["2"],
            sku: { name: "Standard" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: "IPv4",
            tags: { "vipswap:role": "floating" },
        });
        await reconcileSwap(harness.connection, target, "blue", { pollIntervalMs: testPollMs });
        await expect(harness.client.publicIPAddresses.get(t.resourceGroupName, floatingIpName(target))).rejects.toMatchObject({ statusCode: 404 });
    });

    it("gives the floating IP production's tags (an Azure Policy may require them), with its own role and claim tags on top", async () => {
        const pair = await freshPair(harness);
        const t = pair.target;
        const { target, floating } = await floatingIpFor(pair, "tagged-production-ip", {
            location: pair.location,
            sku: { name: "Standard" },
            publicIPAllocationMethod: "Static",
            tags: { costCentre: "cc-42", "vipswap:role": "production-address" },
        });
        // The claim says who swaps, since when, towards what (components/swap/swapClaim.ts); no credential.
        expect(floating.tags).toEqual({
            costCentre: "cc-42",
            "vipswap:role": "floating",
            "vipswap:swap-by": defaultSwapOwner(),
            "vipswap:swap-id": expect.stringMatching(/^[0-9a-f-]{36}$/),
            "vipswap:swap-started": expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
            "vipswap:swap-towards": "green",
        });
        await reconcileSwap(harness.connection, target, "green", { pollIntervalMs: testPollMs });
        await expect(harness.client.publicIPAddresses.get(t.resourceGroupName, floatingIpName(target))).rejects.toMatchObject({ statusCode: 404 });
        expect((await harness.client.publicIPAddresses.get(t.resourceGroupName, "tagged-production-ip")).tags).toEqual({ costCentre: "cc-42", "vipswap:role": "production-address" });
    });

    it("is a no-op when the colour is already live, and writes nothing", async () => {
        const pair = await freshPair(harness);
        const report = await swap(pair, "blue");
        expect(report).toMatchObject({ alreadyLive: true, from: "blue", to: "blue", steps: [], productionUnattachedMs: 0, stagingUnattachedMs: 0 });
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    });

    it("emits a start and an end event for every step, then done with the report", async () => {
        const pair = await freshPair(harness);
        const events: SwapProgressEvent[] = [];
        const report = await swap(pair, "green", (e) => events.push(e));
        const kinds = events.filter((e) => e.type !== "retry").map((e) => e.type);
        expect(kinds).toEqual(["started", ...Array(5).fill(["stepStarted", "stepFinished"]).flat(), "done"]);
        expect(events.at(-1)).toMatchObject({ type: "done", report });
        for (const e of events) expect(e.message.length).toBeGreaterThan(5);
    });

    it.each([
        ["blue <- floating done by hand", ["floating->blue"]],
        ["blue <- floating, green <- production done by hand", ["floating->blue", "production->green"]],
        ["a floating IP created by hand and left", []],
    ])("finishes or undoes a half swap (%s), towards either colour", async (_name, moves) => {
        for (const desired of ["green", "blue"] as Colour[]) {
            const pair = await freshPair(harness);
            const floating = await createFloatingByHand(pair);
            for (const move of moves) {
                const [role, colour] = move.split("->") as [string, Colour];
                await attachByHand(pair, colour, role === "floating" ? floating.id! : pair.productionIpId);
            }
            await swap(pair, desired);
            const state = await azureState(harness, pair);
            expect([state[desired], state[otherColour(desired)]]).toEqual(["production", "staging"]);
            expect(state.addressNames).toEqual([pair.target.productionIpName, pair.target.stagingIpName].sort());
            expect(state.productionIpAddress).toBe(pair.productionIpAddress);
            expectEveryCommitKeptInvariants(harness.emulator, pair);
        }
    });

    it("is checked by a history check that does catch a lost address (the check can fail)", async () => {
        // Done by hand, as the engine never would: free production, then delete it.
        const pair = await freshPair(harness);
        const floating = await createFloatingByHand(pair);
        await attachByHand(pair, "blue", floating.id!);
        await harness.client.publicIPAddresses.beginDeleteAndWait(pair.target.resourceGroupName, pair.target.productionIpName, { updateIntervalInMs: 5 });
        const { violations, changes } = checkHistory(harness.emulator, pair);
        expect(changes).toEqual([`create ${floatingIpName(pair.target)}`, `update ${pair.target.blueLoadBalancerName}`, `delete ${pair.target.productionIpName}`]);
        expect(violations).toEqual([expect.stringMatching(/^commit \d+ \(delete app-production-ip\): deleted .*app-production-ip, not the floating IP$/)]);
    });

    it("calls beforeFirstWrite once with the observed view; when it throws, nothing is written", async () => {
        const pair = await freshPair(harness);
        const seen: unknown[] = [];
        const error = await reconcileSwap(harness.connection, pair.target, "green", {
            pollIntervalMs: testPollMs,
            beforeFirstWrite: async (state) => {
                seen.push(state.view.liveColour, state.gate.newColour.loadBalancerName);
                throw new Error("green is unhealthy: 0 of 2 backends up");
            },
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SwapError);
        expect(error).toMatchObject({ code: "RefusedBeforeFirstWrite", wroteAnything: false });
        expect((error as Error).message).toContain("0 of 2 backends up");
        expect(seen).toEqual(["blue", pair.target.greenLoadBalancerName]);
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    });
});

describe("inspectSwap", () => {
    it("reports the live colour, the addresses and what a rerun would do, writing nothing", async () => {
        const pair = await freshPair(harness);
        const inspection = await inspectSwap(harness.connection, pair.target);
        expect(inspection).toMatchObject({
            liveColour: "blue",
            productionIpAddress: pair.productionIpAddress,
            stagingIpAddress: pair.stagingIpAddress,
            floatingIpExists: false,
            nextStepTowards: { blue: "done", green: "create floating IP" },
        });
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    });

    it("describes a half swap: no live colour, and the next step towards each colour", async () => {
        const pair = await freshPair(harness);
        const floating = await createFloatingByHand(pair);
        await attachByHand(pair, "blue", floating.id!);
        const inspection = await inspectSwap(harness.connection, pair.target);
        expect(inspection.liveColour).toBeUndefined();
        expect(inspection.description).toContain("blue -> floating");
        expect(inspection.nextStepTowards).toEqual({ blue: "blue <- production", green: "green <- production" });
    });
});

describe("removeLeftoverFloatingIp", () => {
    it("deletes a free floating IP of its own and nothing else", async () => {
        const pair = await freshPair(harness);
        await createFloatingByHand(pair);
        harness.emulator.clearRequestLog();
        expect(await removeLeftoverFloatingIp(harness.connection, pair.target, { pollIntervalMs: testPollMs })).toBe(true);
        expect((await azureState(harness, pair)).addressNames).toEqual([pair.target.productionIpName, pair.target.stagingIpName].sort());
        expect(await removeLeftoverFloatingIp(harness.connection, pair.target, { pollIntervalMs: testPollMs })).toBe(false);
        expect(writesIn(harness.emulator.requestLog()).map((e) => e.method)).toEqual(["DELETE"]);
    });

    it("leaves an untagged address with the floating name alone", async () => {
        const pair = await freshPair(harness);
        await harness.client.publicIPAddresses.beginCreateOrUpdateAndWait(
            pair.target.resourceGroupName,
            floatingIpName(pair.target),
            { location: pair.location, sku: { name: "Standard" }, publicIPAllocationMethod: "Static" },
            { updateIntervalInMs: 5 },
        );
        harness.emulator.clearRequestLog();
        expect(await removeLeftoverFloatingIp(harness.connection, pair.target)).toBe(false);
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    });

    it("refuses to touch a floating IP that is still attached (a swap is half done)", async () => {
        const pair = await freshPair(harness);
        const floating = await createFloatingByHand(pair);
        await attachByHand(pair, "blue", floating.id!);
        harness.emulator.clearRequestLog();
        await expect(removeLeftoverFloatingIp(harness.connection, pair.target)).rejects.toMatchObject({ code: "FloatingIpInUse" });
        expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    });
});
