import { TrafficWatch } from "../../demo/trafficWatch";
import { failed, served } from "./sampleBuilders";

describe("TrafficWatch", () => {
    it("reports each change of what an address answers with, once", () => {
        const watch = new TrafficWatch();
        const changes = [
            served("production", 0, "blue"),
            served("production", 50, "blue"),
            failed("production", 100, "ECONNREFUSED"),
            failed("production", 150),
            served("production", 200, "green"),
        ].map((s) => watch.observe(s));
        expect(changes).toEqual([
            { role: "production", from: "waiting", to: "blue", atMs: 0, seenAtMs: 1 },
            undefined,
            { role: "production", from: "blue", to: "failing", atMs: 100, seenAtMs: 101, error: "ECONNREFUSED" },
            undefined,
            { role: "production", from: "failing", to: "green", atMs: 200, seenAtMs: 201 },
        ]);
        expect(watch.counts("production")).toEqual({ state: "green", sent: 5, failed: 2 });
        expect(watch.counts("staging")).toEqual({ state: "waiting", sent: 0, failed: 0 });
    });

    it("counts a late answer to an older request but does not let it flip the state back", () => {
        const watch = new TrafficWatch();
        watch.observe(served("staging", 0, "green"));
        watch.observe(served("staging", 200, "blue"));
        expect(watch.observe(failed("staging", 100))).toBeUndefined();
        expect(watch.counts("staging")).toEqual({ state: "blue", sent: 3, failed: 1 });
    });
});
