/** Profiles and the time scale: the latencies and Retry-After the emulator applies, and what the SDK sees. */
import { EmulatorClock, fastProfile, realisticProfile } from "../../emulator/profiles";
import { fastPolling, startEmulatorFixture } from "../helpers/emulatorFixture";

const address = { location: "westeurope", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" };

describe("emulator clock", () => {
    test("realistic latencies are seconds, divided by the time scale; Retry-After is scaled and rounded", () => {
        const clock = new EmulatorClock(realisticProfile, 10);
        expect(clock.delayMs("loadBalancerUpdate")).toBe(realisticProfile.latencies.loadBalancerUpdate / 10);
        expect(realisticProfile.latencies.loadBalancerUpdate).toBeGreaterThanOrEqual(1000);
        expect(clock.retryAfterSeconds).toBe(1);
        expect(new EmulatorClock(realisticProfile, 1).retryAfterSeconds).toBe(10);
    });

    test("fast latencies are milliseconds and Retry-After is 0 (core-lro then keeps the caller's interval)", () => {
        const clock = new EmulatorClock(fastProfile, 1);
        for (const ms of Object.values(clock.latencies)) {
            expect(ms).toBeLessThan(100);
        }
        expect(clock.retryAfterSeconds).toBe(0);
    });

    test("overrides apply per kind and reset restores the profile", () => {
        const clock = new EmulatorClock(fastProfile, 2, 4);
        clock.setLatencies({ publicIpDelete: 500 });
        clock.setRetryAfterSeconds(8);
        expect(clock.delayMs("publicIpDelete")).toBe(250);
        expect(clock.retryAfterSeconds).toBe(4);
        clock.reset();
        expect(clock.latencies).toEqual(fastProfile.latencies);
        expect(clock.retryAfterSeconds).toBe(2);
    });

    test("bad values are refused with the reason", () => {
        expect(() => new EmulatorClock(fastProfile, 0)).toThrow(/timeScale must be a positive number/);
        const clock = new EmulatorClock(fastProfile, 1);
        expect(() => clock.setLatencies({ loadBalancerUpdate: -1 })).toThrow(/>= 0/);
        expect(() => clock.setLatencies({ warp: 1 })).toThrow(/Unknown operation kind 'warp'/);
        expect(clock.latencies).toEqual(fastProfile.latencies);
    });
});

test("a realistic emulator sends Azure's Retry-After: 10 and keeps the operation running for seconds", async () => {
    const fixture = await startEmulatorFixture({ profile: "realistic" });
    try {
        const retryAfter: string[] = [];
        const poller = await fixture.client.publicIPAddresses.beginCreateOrUpdate("rg", "pip", address, {
            ...fastPolling,
            onResponse: (raw) => retryAfter.push(raw.headers.get("retry-after") ?? "none"),
        });
        expect(retryAfter).toEqual(["10", "10"]); // the PUT and the SDK's first poll (HLC begin* polls once)
        expect(poller.isDone()).toBe(false);
        expect((await fixture.client.publicIPAddresses.get("rg", "pip")).provisioningState).toBe("Updating");
    } finally {
        await fixture.stop();
    }
});
