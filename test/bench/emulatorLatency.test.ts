import { StaticTokenCredential } from "../../components/azure/staticTokenCredential";
import { setEmulatorLatency } from "../../bench/emulatorLatency";
import { type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";

describe("setEmulatorLatency (the sweep's one knob, through the emulator's control API over HTTPS)", () => {
    let fixture: EmulatorFixture;
    beforeAll(async () => {
        fixture = await startEmulatorFixture();
    });
    afterAll(() => fixture.stop());
    beforeEach(() => fixture.emulator.reset());

    it("sets the load balancer update latency and nothing else", async () => {
        const before = fixture.emulator.latencies().latencies;
        const reported = await setEmulatorLatency(fixture.connection, "loadBalancerUpdate", 4000);
        expect(reported).toEqual({ ...before, loadBalancerUpdate: 4000 });
        expect(fixture.emulator.latencies().latencies).toEqual({ ...before, loadBalancerUpdate: 4000 });
    });

    it("reports the emulator's refusal and changes nothing", async () => {
        const before = fixture.emulator.latencies().latencies;
        await expect(setEmulatorLatency(fixture.connection, "loadBalancerUpdat", 4000)).rejects.toThrow(
            /refused latency loadBalancerUpdat=4000 ms: HTTP 400 .*InvalidControlRequest.*Unknown operation kind 'loadBalancerUpdat'/,
        );
        await expect(setEmulatorLatency(fixture.connection, "loadBalancerUpdate", -1)).rejects.toThrow(/HTTP 400/);
        expect(fixture.emulator.latencies().latencies).toEqual(before);
    });

    it("is refused with a wrong token", async () => {
        const before = fixture.emulator.latencies().latencies;
        const wrong = { ...fixture.connection, credential: new StaticTokenCredential("not-the-emulators-token") };
        await expect(setEmulatorLatency(wrong, "loadBalancerUpdate", 4000)).rejects.toThrow(/HTTP 401/);
        expect(fixture.emulator.latencies().latencies).toEqual(before);
    });
});
