import type { CommitRecord } from "../../emulator/commitHistory";
import type { AzureEmulator } from "../../emulator/azureEmulator";
import { floatingIpName } from "../../components/swap/swapTarget";
import type { BlueGreenPair } from "../helpers/emulatorFixture";

/** A pair built for an engine test, with the emulator's last commit once it was ready. */
export interface EnginePair extends BlueGreenPair {
    /** The commit after which the pair was complete: the invariants are checked after every later commit. */
    readonly readyAtCommit: number;
}

/** What replaying the committed-state history found. */
export interface HistoryCheck {
    /** Commits checked (those after the pair was ready). */
    readonly commitsChecked: number;
    /** Every broken invariant, as "commit N (kind name): what". Empty when none. */
    readonly violations: string[];
    /** The commits checked, as "kind name" (e.g. "update app-blue-lb"), in order. */
    readonly changes: string[];
}

const lower = (id: string) => id.toLowerCase();
const nameOf = (id: string) => id.split("/").pop() ?? id;

/**
 * Replays the emulator's committed-state history (every state any reader of Azure could have seen, not a sample)
 * and checks, after EVERY commit since the pair was ready:
 * - every frontend of both load balancers references exactly one address, which exists (neither load balancer is gone);
 * - no address is referenced by two frontends (so production never is);
 * - the production and staging addresses keep their ipAddress and are never deleted;
 * - the only deletes are of the floating IP.
 */
export function checkHistory(emulator: AzureEmulator, pair: EnginePair): HistoryCheck {
    const floatingId = pair.productionIpId.replace(/[^/]+$/, floatingIpName(pair.target));
    const keptAddresses = new Map([
        [lower(pair.productionIpId), pair.productionIpAddress],
        [lower(pair.stagingIpId), pair.stagingIpAddress],
    ]);
    const loadBalancerIds = [pair.loadBalancerIds.blue, pair.loadBalancerIds.green].map(lower);
    // Load balancer id -> frontend id -> public IP id, as committed so far.
    const frontends = new Map<string, Readonly<Record<string, string | null>>>();
    // The public IPs that exist, as committed so far (the history starts empty at the emulator's reset).
    const addresses = new Set<string>();
    const violations: string[] = [];
    const changes: string[] = [];

    const byCommit = new Map<number, CommitRecord[]>();
    for (const record of emulator.commits()) byCommit.set(record.commit, [...(byCommit.get(record.commit) ?? []), record]);
    let commitsChecked = 0;
    for (const [commit, records] of byCommit) {
        for (const record of records) {
            const id = lower(record.resourceId);
            if (record.resourceType === "loadBalancers") {
                if (record.kind === "delete") frontends.delete(id);
                else frontends.set(id, record.frontends ?? {});
            } else if (record.kind === "delete") addresses.delete(id);
            else addresses.add(id);
        }
        if (commit <= pair.readyAtCommit) continue;
        commitsChecked++;
        const label = `commit ${commit} (${records.map((r) => `${r.kind} ${nameOf(r.resourceId)}`).join(", ")})`;
        changes.push(...records.map((r) => `${r.kind} ${nameOf(r.resourceId)}`));
        for (const record of records) {
            const id = lower(record.resourceId);
            if (record.kind === "delete" && id !== lower(floatingId)) violations.push(`${label}: deleted ${record.resourceId}, not the floating IP`);
            const kept = keptAddresses.get(id);
            if (kept !== undefined && record.kind !== "delete" && record.ipAddress !== kept) {
                violations.push(`${label}: ${nameOf(record.resourceId)} has address ${record.ipAddress}, not ${kept}`);
            }
        }
        const holders = new Map<string, string[]>();
        for (const lbId of loadBalancerIds) {
            const lbFrontends = frontends.get(lbId);
            if (!lbFrontends) {
                violations.push(`${label}: load balancer ${nameOf(lbId)} does not exist`);
                continue;
            }
            for (const [frontendId, pipId] of Object.entries(lbFrontends)) {
                if (!pipId) violations.push(`${label}: frontend ${frontendId} references no address`);
                else if (!addresses.has(lower(pipId))) violations.push(`${label}: frontend ${frontendId} references ${pipId}, which does not exist`);
                else holders.set(lower(pipId), [...(holders.get(lower(pipId)) ?? []), frontendId]);
            }
        }
        for (const [pipId, holding] of holders) {
            if (holding.length > 1) violations.push(`${label}: ${nameOf(pipId)} is attached to ${holding.length} frontends (${holding.join(", ")})`);
        }
    }
    return { commitsChecked, violations, changes };
}

/**
 * Asserts that every commit since the pair was ready kept the invariants (see {@link checkHistory}) and that there
 * were at least `minCommits` of them, so the check cannot pass on an empty history. Returns what was checked.
 */
export function expectEveryCommitKeptInvariants(emulator: AzureEmulator, pair: EnginePair, minCommits = 1): HistoryCheck {
    const check = checkHistory(emulator, pair);
    expect(check.violations).toEqual([]);
    expect(check.commitsChecked).toBeGreaterThanOrEqual(minCommits);
    return check;
}
