import { runSwapLoop } from "../../components/swap/swapLoop";
import { floatingIpMethod } from "../../components/swap/floatingIp/floatingIpMethod";
import type { PairedSwapTarget } from "../../components/swap/swapTarget";
import { FakeSwapResources } from "./fakeSwapResources";

/**
 * The loop's own logic, where the order of reads and writes is the point, on an in-memory fake of the engine's
 * `SwapResources` interface. Everything about Azure's behaviour is tested against the emulator instead.
 */

const target: PairedSwapTarget = {
    resourceGroupName: "rg",
    blueLoadBalancerName: "blue-lb",
    greenLoadBalancerName: "green-lb",
    frontendName: "public",
    productionIpName: "production-ip",
    stagingIpName: "staging-ip",
};

describe("runSwapLoop", () => {
    it("sends production's attach right after the read that shows its release committed, with no read in between", async () => {
        const fake = new FakeSwapResources(target, 3);
        await runSwapLoop(floatingIpMethod(fake, target), "green", { pollIntervalMs: 1 });
        const release = fake.calls.indexOf("PUT blue-lb -> production-ip-vipswap-floating");
        const attach = fake.calls.indexOf("PUT green-lb -> production-ip");
        expect(release).toBeGreaterThan(0);
        // Blue stays Updating for three reads and commits on the fourth; then one full read, and the attach.
        expect(fake.calls.slice(release + 1, attach)).toEqual(["read blue", "read blue", "read blue", "read blue", "read"]);
    });

    it("creates the floating IP before production is released and deletes it after the last move", async () => {
        const fake = new FakeSwapResources(target, 0);
        await runSwapLoop(floatingIpMethod(fake, target), "green", { pollIntervalMs: 1 });
        expect(fake.calls.filter((c) => !c.startsWith("read"))).toEqual([
            "PUT floating",
            "PUT blue-lb -> production-ip-vipswap-floating",
            "PUT green-lb -> production-ip",
            "PUT blue-lb -> staging-ip",
            "DELETE floating",
        ]);
    });

    it("stops at its deadline while a resource stays Updating, saying what was in flight", async () => {
        const fake = new FakeSwapResources(target, 1);
        fake.stuck = true;
        const error = await runSwapLoop(floatingIpMethod(fake, target), "green", { pollIntervalMs: 5, timeoutMs: 200 }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "Timeout", wroteAnything: true });
        expect((error as { stateLeftBehind: string }).stateLeftBehind).toContain('"create floating IP" was in flight');
    });

    it("stops with UnknownState when production is taken by a third resource in the middle of the swap", async () => {
        const fake = new FakeSwapResources(target, 0);
        // As blue's release of production commits (write 2, seen on read 3), someone else attaches it.
        fake.beforeRead.set(3, (f) => f.attachElsewhere("production-ip"));
        const error = await runSwapLoop(floatingIpMethod(fake, target), "green", { pollIntervalMs: 1 }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "UnknownState", wroteAnything: true });
        expect((error as Error).message).toContain("production address is attached to a resource other than");
        expect(fake.calls).not.toContain("PUT green-lb -> production-ip");
    });

    it("calls beforeFirstWrite once, before the first write and not again", async () => {
        const fake = new FakeSwapResources(target, 0);
        const callsAtGate: number[] = [];
        await runSwapLoop(floatingIpMethod(fake, target), "green", { pollIntervalMs: 1, beforeFirstWrite: async () => void callsAtGate.push(fake.calls.length) });
        expect(callsAtGate).toEqual([1]);
    });
});
