import { analyseTrafficWindow } from "../../demo/trafficWindow";
import { failed, series, served } from "./sampleBuilders";

describe("analyseTrafficWindow", () => {
    it("runs from the first failed request to the first successful one after the last failure", () => {
        const samples = [
            ...series("production", 0, 1000, 50, "blue"),
            ...series("production", 1000, 1500, 50, "failed"),
            ...series("production", 1500, 2000, 50, "green"),
        ];
        const window = analyseTrafficWindow(samples, "production", 0, 2000);
        expect(window).toEqual({
            role: "production",
            requestCount: 40,
            failedCount: 10,
            firstFailedAtMs: 1000,
            recoveredAtMs: 1500,
            windowMs: 500,
            recovered: true,
        });
    });

    it("sorts samples by send time, since requests finish out of order", () => {
        const samples = [served("staging", 300, "green"), failed("staging", 200), served("staging", 0, "blue"), failed("staging", 100)];
        const window = analyseTrafficWindow(samples, "staging", 0, 1000);
        expect(window.firstFailedAtMs).toBe(100);
        expect(window.recoveredAtMs).toBe(300);
        expect(window.windowMs).toBe(200);
    });

    it("spans separate bursts of failures, counting every failed request", () => {
        const samples = [served("production", 0, "blue"), failed("production", 10), served("production", 20, "blue"), failed("production", 30), served("production", 40, "green")];
        const window = analyseTrafficWindow(samples, "production", 0, 100);
        expect(window.windowMs).toBe(30);
        expect(window.failedCount).toBe(2);
    });

    it("is empty when nothing failed", () => {
        const window = analyseTrafficWindow(series("production", 0, 500, 50, "blue"), "production", 0, 500);
        expect(window).toEqual({ role: "production", requestCount: 10, failedCount: 0, windowMs: 0, recovered: true });
    });

    it("reports an address that never recovered, up to the last request", () => {
        const samples = [served("production", 0, "blue"), failed("production", 100), failed("production", 250)];
        const window = analyseTrafficWindow(samples, "production", 0, 1000);
        expect(window.recovered).toBe(false);
        expect(window.recoveredAtMs).toBeUndefined();
        expect(window.windowMs).toBe(150);
    });

    it("ignores the other address and requests outside the span", () => {
        const samples = [failed("staging", 100), failed("production", 5000), served("production", 100, "blue")];
        const window = analyseTrafficWindow(samples, "production", 0, 1000);
        expect(window.failedCount).toBe(0);
        expect(window.requestCount).toBe(1);
    });
});
