import type { AzureEmulator } from "../../emulator/azureEmulator";
import { createSharedPair, type SharedPair } from "../../emulator/sharedLoadBalancerScenario";
import type { EngineHarness } from "./engineHarness";

/** A shared pair built for an engine test, with the emulator's last commit once it was ready. */
export interface SharedEnginePair extends SharedPair {
    readonly readyAtCommit: number;
}

/** Resets the emulator and builds the shared pair, blue live; the request log then starts empty. */
export async function freshSharedPair(harness: EngineHarness, options: { withBackends?: boolean } = {}): Promise<SharedEnginePair> {
    harness.emulator.reset();
    const pair = await createSharedPair(harness.client, harness.emulator, { withBackends: options.withBackends ?? false });
    harness.emulator.clearRequestLog();
    return { ...pair, readyAtCommit: harness.emulator.lastCommit() };
}

/** What Azure has: the colour each frontend's rules send to, the addresses behind the frontends, every address's name. */
export async function sharedState(harness: EngineHarness, pair: SharedPair) {
    const t = pair.target;
    const lb = await harness.client.loadBalancers.get(t.resourceGroupName, t.loadBalancerName);
    const colourOf = (poolId: string | undefined) =>
        poolId?.toLowerCase() === pair.poolIds.blue.toLowerCase() ? "blue" : poolId?.toLowerCase() === pair.poolIds.green.toLowerCase() ? "green" : (poolId ?? "none");
    const pools = (frontend: string) => {
        const id = lb.frontendIPConfigurations?.find((f) => f.name === frontend)?.id;
        return [...new Set((lb.loadBalancingRules ?? []).filter((r) => r.frontendIPConfiguration?.id === id).map((r) => colourOf(r.backendAddressPool?.id)))].join("+");
    };
    const address = (frontend: string) => lb.frontendIPConfigurations?.find((f) => f.name === frontend)?.publicIPAddress?.id;
    const names: string[] = [];
    const ips = new Map<string, string | undefined>();
    for await (const pip of harness.client.publicIPAddresses.list(t.resourceGroupName)) {
        names.push(pip.name!);
        ips.set(pip.id!.toLowerCase(), pip.ipAddress);
    }
    return {
        production: pools(t.productionFrontendName),
        staging: pools(t.stagingFrontendName),
        productionAddress: address(t.productionFrontendName) === pair.productionIpId ? ips.get(pair.productionIpId.toLowerCase()) : "moved",
        stagingAddress: address(t.stagingFrontendName) === pair.stagingIpId ? ips.get(pair.stagingIpId.toLowerCase()) : "moved",
        addressNames: names.sort(),
        provisioningState: lb.provisioningState,
    };
}

/**
 * Replays the committed-state history after the pair was ready and checks, after EVERY commit: nothing was deleted;
 * the production and staging frontends reference their own addresses (never detached, never moved); every rule of
 * each frontend sends to blue's or green's pool, all of a frontend's rules to the same one, and production's and
 * staging's never to the same one (so production always reaches exactly one colour).
 * @returns the violations ("commit N: what") and the changes, as "kind name"
 */
export function checkSharedHistory(emulator: AzureEmulator, pair: SharedEnginePair): { violations: string[]; changes: string[] } {
    const violations: string[] = [];
    const changes: string[] = [];
    const lower = (id: string | null | undefined) => (id ?? "").toLowerCase();
    const frontendId = (name: string) => `${pair.loadBalancerId}/frontendIPConfigurations/${name}`.toLowerCase();
    for (const record of emulator.commits(pair.readyAtCommit)) {
        changes.push(`${record.kind} ${record.resourceId.split("/").pop()}`);
        if (record.kind === "delete") {
            violations.push(`commit ${record.commit}: deleted ${record.resourceId}`);
            continue;
        }
        if (record.resourceType !== "loadBalancers") continue;
        const frontends = Object.fromEntries(Object.entries(record.frontends ?? {}).map(([k, v]) => [k.toLowerCase(), lower(v)]));
        if (frontends[frontendId("production")] !== lower(pair.productionIpId)) violations.push(`commit ${record.commit}: production frontend holds ${frontends[frontendId("production")]}`);
        if (frontends[frontendId("staging")] !== lower(pair.stagingIpId)) violations.push(`commit ${record.commit}: staging frontend holds ${frontends[frontendId("staging")]}`);
        const poolOf = (frontend: string) => {
            const pools = new Set(Object.values(record.rules ?? {}).filter((r) => lower(r.frontend) === frontendId(frontend)).map((r) => lower(r.pool)));
            return pools.size === 1 ? [...pools][0] : `${pools.size} pools`;
        };
        const [production, staging] = [poolOf("production"), poolOf("staging")];
        const known = [lower(pair.poolIds.blue), lower(pair.poolIds.green)];
        if (!known.includes(production) || !known.includes(staging) || production === staging) {
            violations.push(`commit ${record.commit}: production rules -> ${production}, staging rules -> ${staging}`);
        }
    }
    return { violations, changes };
}
