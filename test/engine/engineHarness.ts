import type { PublicIPAddress } from "@azure/arm-network";
import type { RequestLogEntry } from "../../emulator/requestLog";
import { type BlueGreenPair, type EmulatorFixture, createBlueGreenPair, startEmulatorFixture } from "../helpers/emulatorFixture";
import type { EnginePair } from "./commitInvariants";

/** Poll interval the engine tests use against the fast profile. */
export const testPollMs = 10;

/**
 * One emulator per test file (the shared fixture: fast profile), its `client` for the test's own set-up and checks
 * (SDK pollers), and its `connection` for the engine.
 */
export type EngineHarness = EmulatorFixture;

/** Starts the emulator; throttling is off, since the tests poll far faster than Azure's buckets refill. */
export function startHarness(): Promise<EngineHarness> {
    return startEmulatorFixture({ throttling: false });
}

/**
 * Resets the emulator and builds the pair, blue live; the request log then starts empty, and the commit history
 * holds the pair's creation up to `readyAtCommit` (see commitInvariants.ts).
 */
export async function freshPair(harness: EngineHarness): Promise<EnginePair> {
    harness.emulator.reset();
    const pair = await createBlueGreenPair(harness.client, harness.emulator, { withBackends: false });
    harness.emulator.clearRequestLog();
    return { ...pair, readyAtCommit: harness.emulator.lastCommit() };
}

/** The writes (PUT, POST, DELETE, PATCH) to Azure's API in the log, control requests excluded. */
export function writesIn(log: RequestLogEntry[]): RequestLogEntry[] {
    return log.filter((e) => !e.control && e.method !== "GET");
}

/** What Azure has for the pair: the address behind each frontend, the addresses, whether a floating IP exists. */
export async function azureState(harness: EngineHarness, pair: BlueGreenPair) {
    const { client } = harness;
    const t = pair.target;
    const lbAddress = async (name: string) => {
        const lb = await client.loadBalancers.get(t.resourceGroupName, name);
        return lb.frontendIPConfigurations?.find((f) => f.name === t.frontendName)?.publicIPAddress?.id;
    };
    const pips: PublicIPAddress[] = [];
    for await (const pip of client.publicIPAddresses.list(t.resourceGroupName)) pips.push(pip);
    const byId = (id: string | undefined) => pips.find((p) => p.id?.toLowerCase() === id?.toLowerCase());
    const [blue, green] = [await lbAddress(t.blueLoadBalancerName), await lbAddress(t.greenLoadBalancerName)];
    const role = (id: string | undefined) => (id === pair.productionIpId ? "production" : id === pair.stagingIpId ? "staging" : (byId(id)?.name ?? "none"));
    return {
        blue: role(blue),
        green: role(green),
        productionIpAddress: byId(pair.productionIpId)?.ipAddress,
        stagingIpAddress: byId(pair.stagingIpId)?.ipAddress,
        addressNames: pips.map((p) => p.name).sort(),
    };
}
