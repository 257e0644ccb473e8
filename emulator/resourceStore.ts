import type { LongRunningOperation } from "./operations";
import type { LoadBalancerBody, NetworkResourceBody, PublicIpAddressBody, ScaleSetBody } from "./resourceBodies";
import { childCollectionsOf, childrenOf, cloneJson } from "./resourceBodies";
import type { NetworkResourceType } from "./resourceId";
import { parseResourceId, resourceKey } from "./resourceId";
import { instanceIpConfigurationIds } from "./scaleSetModel";

/** A change waiting for its operation to commit. */
export interface PendingChange<B extends NetworkResourceBody> {
    readonly operation: LongRunningOperation;
    readonly action: "create" | "update" | "delete";
    /** The body after the change (create and update). */
    readonly next?: B;
}

/** One resource: what Azure has committed, and the change in flight. */
export interface StoredResource<B extends NetworkResourceBody = NetworkResourceBody> {
    readonly id: string;
    readonly type: NetworkResourceType;
    /** The committed body; undefined while its creation is in flight. */
    committed?: B;
    /** True after an operation on it ended `Failed`, until the next successful write. */
    failed: boolean;
    pending?: PendingChange<B>;
}

/** Who holds a public IP: a frontend of a load balancer. */
export interface AddressHolder {
    readonly frontendId: string;
    readonly loadBalancerId: string;
    /** True when the hold is committed; false when it comes from an operation still in flight. */
    readonly committed: boolean;
}

/**
 * What a GET shows while a create or update runs: `committed`, the configuration before the change (the default),
 * or `goal`, the requested configuration, as the PUT's own answer shows it. Either way with `provisioningState`
 * `Updating`, and either way the change takes effect (data plane, address release) only at commit. Which one Azure
 * shows is not settled in docs/azure-behaviour.md (§3 only has the PUT answer), so both can be tested (docs/emulator.md).
 */
export type ReaderView = "committed" | "goal";

/**
 * The emulated Azure state: one record per resource, committed body apart from the change in flight, so that readers
 * see the old configuration until the operation commits (docs/azure-behaviour.md §3) and rules can count both.
 */
export class ResourceStore {
    readonly #resources = new Map<string, StoredResource>();

    /** @param settings where the current {@link ReaderView} is read (the emulator's switchable settings). */
    constructor(private readonly settings: { readonly readerView: ReaderView } = { readerView: "committed" }) {}

    /** The record for an id (case-insensitive), if the resource exists or is being created. */
    get(id: string): StoredResource | undefined {
        return this.#resources.get(resourceKey(id));
    }

    /** Stores a new record. */
    add(record: StoredResource): void {
        this.#resources.set(resourceKey(record.id), record);
    }

    /** Forgets a resource (a committed delete, or a create that failed). */
    remove(id: string): void {
        this.#resources.delete(resourceKey(id));
    }

    /** Forgets everything. */
    clear(): void {
        this.#resources.clear();
    }

    /** Every record of a type, optionally only in one resource group, in creation order. */
    list(type: NetworkResourceType, resourceGroupName?: string): StoredResource[] {
        return [...this.#resources.values()].filter((r) => {
            const parsed = parseResourceId(r.id);
            return r.type === type && (resourceGroupName === undefined || parsed?.resourceGroupName.toLowerCase() === resourceGroupName.toLowerCase());
        });
    }

    /** Load balancers as committed (what the data plane and `ipConfiguration` follow). */
    committedLoadBalancers(): LoadBalancerBody[] {
        return this.list("loadBalancers")
            .map((r) => r.committed as LoadBalancerBody | undefined)
            .filter((b): b is LoadBalancerBody => b !== undefined);
    }

    /**
     * The scale sets as committed; with `inFlight`, also the bodies of scale set creates and updates still running
     * (a subnet they are about to use is already in use).
     */
    scaleSets(inFlight = false): ScaleSetBody[] {
        return this.list("virtualMachineScaleSets").flatMap((r) =>
            [r.committed, inFlight ? r.pending?.next : undefined].filter((b): b is ScaleSetBody => b !== undefined),
        );
    }

    /** The committed holder of each public IP, by key. */
    committedHolders(): Map<string, AddressHolder> {
        return holdersIn(this.committedLoadBalancers());
    }

    /** The holder of each public IP as readers see the load balancers (committed, or goal with that reader view). */
    #readerHolders(): Map<string, AddressHolder> {
        if (this.settings.readerView === "committed") {
            return this.committedHolders();
        }
        return holdersIn(
            this.list("loadBalancers")
                .map((r) => this.#readerBody(r) as LoadBalancerBody | undefined)
                .filter((b): b is LoadBalancerBody => b !== undefined),
        );
    }

    /**
     * Every hold on a public IP: committed ones and those of changes in flight. A release counts only at commit, and
     * an attach in flight already reserves the address (docs/azure-behaviour.md §1 `PublicIPAddressInUse`; docs/design.md).
     */
    holdersOf(publicIpId: string): AddressHolder[] {
        const key = resourceKey(publicIpId);
        const holders: AddressHolder[] = [];
        for (const record of this.list("loadBalancers")) {
            const bodies: [LoadBalancerBody | undefined, boolean][] = [
                [record.committed as LoadBalancerBody | undefined, true],
                [record.pending?.next as LoadBalancerBody | undefined, false],
            ];
            for (const [body, committed] of bodies) {
                for (const frontend of body?.properties.frontendIPConfigurations ?? []) {
                    const pip = frontendPublicIpId(frontend.properties);
                    if (pip && resourceKey(pip) === key) {
                        holders.push({ frontendId: frontend.id, loadBalancerId: record.id, committed });
                    }
                }
            }
        }
        return holders;
    }

    /**
     * What every reader sees: the committed body (or, during a create or with the `goal` reader view, the requested
     * one) with `provisioningState` `Updating`/`Deleting` while an operation runs, and a public IP's `ipConfiguration`
     * from the load balancers as readers see them.
     */
    view(record: StoredResource): NetworkResourceBody {
        const pending = record.pending;
        const base = this.#readerBody(record);
        if (!base) {
            throw new Error(`Internal error: ${record.id} has neither a committed nor a pending body.`);
        }
        const state = pending ? (pending.action === "delete" ? "Deleting" : "Updating") : record.failed ? "Failed" : "Succeeded";
        return this.present(base, state);
    }

    /** A copy of a body as Azure shows it in this state (children alike, a public IP with its `ipConfiguration`). */
    present<B extends NetworkResourceBody>(base: B, state: string): B {
        const body = cloneJson(base);
        setProvisioningState(body, state);
        if (body.type === "Microsoft.Network/publicIPAddresses") {
            this.#decoratePublicIp(body);
        }
        if (body.type === "Microsoft.Network/loadBalancers") {
            this.#decorateBackendPools(body);
        }
        return body;
    }

    /** The body readers see, before the provisioning state is set (see {@link ReaderView}). */
    #readerBody(record: StoredResource): NetworkResourceBody | undefined {
        return (this.settings.readerView === "goal" ? record.pending?.next : undefined) ?? record.committed ?? record.pending?.next;
    }

    /**
     * A pool's read-only `backendIPConfigurations`: the NIC ipConfigurations of the committed scale set instances in
     * it (docs/azure-behaviour.md §11, round-trip note). A client that PUTs the GET back sends them; the load balancer
     * model drops them, as membership belongs to the scale set.
     */
    #decorateBackendPools(body: LoadBalancerBody): void {
        const scaleSets = this.scaleSets();
        for (const pool of body.properties.backendAddressPools) {
            const ids = scaleSets.flatMap((scaleSet) => instanceIpConfigurationIds(scaleSet, pool.id));
            delete pool.properties.backendIPConfigurations;
            if (ids.length > 0) {
                pool.properties.backendIPConfigurations = ids.map((id) => ({ id }));
            }
        }
    }

    #decoratePublicIp(body: PublicIpAddressBody): void {
        const holder = this.#readerHolders().get(resourceKey(body.id));
        delete body.properties.ipConfiguration;
        if (holder) {
            body.properties.ipConfiguration = { id: holder.frontendId };
        }
        // Dynamic addresses exist only while associated (docs/azure-behaviour.md §2, "Static vs Dynamic").
        if (body.properties.publicIPAllocationMethod.toLowerCase() === "dynamic" && !holder) {
            delete body.properties.ipAddress;
        }
    }
}

/** The holder of each public IP in these load balancer bodies, by key. */
function holdersIn(loadBalancers: readonly LoadBalancerBody[]): Map<string, AddressHolder> {
    const holders = new Map<string, AddressHolder>();
    for (const lb of loadBalancers) {
        for (const frontend of lb.properties.frontendIPConfigurations) {
            const pip = frontendPublicIpId(frontend.properties);
            if (pip) {
                holders.set(resourceKey(pip), { frontendId: frontend.id, loadBalancerId: lb.id, committed: true });
            }
        }
    }
    return holders;
}

/** Sets `provisioningState` on a body and on every child (Azure reports children alike). */
export function setProvisioningState(body: NetworkResourceBody, state: string): void {
    body.properties.provisioningState = state;
    for (const collection of childCollectionsOf(body)) {
        for (const child of childrenOf(body, collection)) {
            child.properties.provisioningState = state;
        }
    }
}

/** The public IP id a frontend's properties reference, if any. */
export function frontendPublicIpId(properties: Record<string, unknown>): string | undefined {
    const ref = properties.publicIPAddress as { id?: unknown } | undefined;
    return typeof ref?.id === "string" ? ref.id : undefined;
}
