/**
 * The committed-state history: one record per resource changed by each commit, in commit order. Readers of Azure
 * see a change only when its operation commits (docs/azure-behaviour.md §3; the store keeps the pending change apart), so this
 * history is exactly the sequence of states any reader could have seen, with nothing sampled and nothing missed.
 * Tests fold it to check invariants after every commit; the control API serves it as `GET /_emulator/commits`.
 */
import type { LoadBalancerBody, PublicIpAddressBody } from "./resourceBodies";
import type { NetworkResourceType } from "./resourceId";
import { parseResourceId, resourceKey } from "./resourceId";
import type { ResourceStore } from "./resourceStore";
import { frontendPublicIpId } from "./resourceStore";

/** What a commit did to one resource. */
export type CommitKind = "create" | "update" | "delete";

/** One resource's change at one commit. */
export interface CommitRecord {
    /** The commit's number, from 1 and increasing; the records of one atomic commit (the one-call swap) share it. */
    readonly commit: number;
    /** When it committed (ISO 8601, milliseconds). */
    readonly time: string;
    /** The resource's id, as it was created. */
    readonly resourceId: string;
    readonly resourceType: NetworkResourceType;
    readonly kind: CommitKind;
    /** The long-running operation that committed it; absent for a synchronous write (a tags PATCH). */
    readonly operationId?: string;
    /** Load balancers after a create or update: frontend id -> the public IP id it references (null: none). */
    readonly frontends?: Readonly<Record<string, string | null>>;
    /**
     * Load balancers after a create or update: load-balancing rule id -> the frontend it uses and the backend pool it
     * sends to (null: none), so that a pool switch can be replayed commit by commit.
     */
    readonly rules?: Readonly<Record<string, { readonly frontend: string | null; readonly pool: string | null }>>;
    /** Public IPs after a create or update: the address. */
    readonly ipAddress?: string;
    /** Public IPs after a create or update: the frontend id that holds it (committed), or null. */
    readonly ipConfiguration?: string | null;
}

/** Told of each commit, with the records that it made (one per resource). */
export type CommitListener = (records: readonly CommitRecord[]) => void;

/** One change for {@link CommitHistory.record}: the resource id, what happened, and the operation. */
export interface CommitChange {
    readonly resourceId: string;
    readonly kind: CommitKind;
    readonly operationId?: string;
}

/**
 * Records commits from the store's committed state, right after each commit is applied. Bounded (oldest records
 * dropped first) so that a long-running emulator does not grow without limit; a swap makes five records.
 */
export class CommitHistory {
    #records: CommitRecord[] = [];
    #nextCommit = 1;
    readonly #listeners = new Set<CommitListener>();

    constructor(
        private readonly store: ResourceStore,
        private readonly capacity = 100_000,
    ) {}

    /**
     * Records one commit of one or more resources; call it after the store holds the committed state (for a
     * delete: after the record is removed). Listeners run synchronously, so they see every commit in order.
     */
    record(...changes: CommitChange[]): void {
        const commit = this.#nextCommit++;
        const time = new Date().toISOString();
        const records = changes.map((change) => this.#snapshot(commit, time, change));
        this.#records.push(...records);
        if (this.#records.length > this.capacity) {
            this.#records.splice(0, this.#records.length - this.capacity);
        }
        for (const listener of this.#listeners) {
            try {
                listener(records);
            } catch (error) {
                // A listener's bug must not fail the emulated operation (the commit has happened): surface it as
                // an uncaught error of its own instead.
                process.nextTick(() => {
                    throw error;
                });
            }
        }
    }

    /** The records so far, oldest first; only those of commits after `afterCommit` when given. */
    list(afterCommit = 0): CommitRecord[] {
        return this.#records.filter((r) => r.commit > afterCommit);
    }

    /** The number of the last commit so far (0 before any). */
    get lastCommit(): number {
        return this.#nextCommit - 1;
    }

    /** Calls `listener` after every commit from now on; returns the function that stops it. */
    subscribe(listener: CommitListener): () => void {
        this.#listeners.add(listener);
        return () => this.#listeners.delete(listener);
    }

    /** Forgets every record and starts numbering at 1 again (listeners stay). */
    clear(): void {
        this.#records = [];
        this.#nextCommit = 1;
    }

    #snapshot(commit: number, time: string, change: CommitChange): CommitRecord {
        const type = parseResourceId(change.resourceId)?.type ?? "publicIPAddresses";
        const base = {
            commit,
            time,
            resourceId: change.resourceId,
            resourceType: type,
            kind: change.kind,
            ...(change.operationId ? { operationId: change.operationId } : {}),
        } as const;
        const body = change.kind === "delete" ? undefined : this.store.get(change.resourceId)?.committed;
        if (!body) {
            return base;
        }
        if (body.type === "Microsoft.Network/loadBalancers") {
            const frontends: Record<string, string | null> = {};
            for (const frontend of (body as LoadBalancerBody).properties.frontendIPConfigurations) {
                frontends[frontend.id] = frontendPublicIpId(frontend.properties) ?? null;
            }
            const rules: Record<string, { frontend: string | null; pool: string | null }> = {};
            for (const rule of (body as LoadBalancerBody).properties.loadBalancingRules) {
                const idOf = (value: unknown) => (value as { id?: string } | undefined)?.id ?? null;
                rules[rule.id] = { frontend: idOf(rule.properties.frontendIPConfiguration), pool: idOf(rule.properties.backendAddressPool) };
            }
            return { ...base, frontends, rules };
        }
        if (body.type !== "Microsoft.Network/publicIPAddresses") {
            return base;
        }
        const pip = body as PublicIpAddressBody;
        const holder = this.store.committedHolders().get(resourceKey(pip.id));
        return {
            ...base,
            ...(pip.properties.ipAddress ? { ipAddress: pip.properties.ipAddress } : {}),
            ipConfiguration: holder?.frontendId ?? null,
        };
    }
}
