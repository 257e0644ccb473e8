/**
 * The operation registry's shutdown: once the emulator has stopped, a write that was still being handled must not
 * commit later (it would change state behind a test's back and keep a timer alive after stop).
 */
import { OperationRegistry, type OperationStart } from "../../emulator/operations";
import { EmulatorClock, fastProfile } from "../../emulator/profiles";

function startUpdate(registry: OperationRegistry, commits: string[]): ReturnType<OperationRegistry["start"]> {
    const start: OperationStart = {
        kind: "loadBalancerUpdate",
        name: "PutLoadBalancerOperation",
        location: "westeurope",
        resourceIds: ["/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/loadBalancers/lb"],
        action: "update",
        commit: () => commits.push("committed"),
        abandon: () => commits.push("abandoned"),
    };
    return registry.start(start);
}

const afterLatency = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 100));

describe("OperationRegistry", () => {
    it("commits an operation after its latency while open", async () => {
        const registry = new OperationRegistry(new EmulatorClock(fastProfile, 1));
        const commits: string[] = [];
        const operation = startUpdate(registry, commits);
        await afterLatency();
        expect(commits).toEqual(["committed"]);
        expect(operation.status).toBe("Succeeded");
        registry.close();
    });

    it("never commits an operation started after close, and keeps no timer for it", async () => {
        const registry = new OperationRegistry(new EmulatorClock(fastProfile, 1));
        const commits: string[] = [];
        registry.close();
        const operation = startUpdate(registry, commits);
        await afterLatency();
        expect(commits).toEqual([]);
        expect(operation.status).toBe("InProgress");
    });

    it("drops operations still running at close", async () => {
        const registry = new OperationRegistry(new EmulatorClock(fastProfile, 1));
        const commits: string[] = [];
        startUpdate(registry, commits);
        registry.close();
        await afterLatency();
        expect(commits).toEqual([]);
        expect(registry.list()).toEqual([]);
    });
});
