/**
 * The emulated backends behind each load balancer, or behind one of its backend pools (a shared load balancer has a
 * pool per colour): how many instances, how many pass the health probe, and the version label they serve. Azure would learn this from the scale set and the probe; the emulator takes it from the
 * control API so tests can make a colour unhealthy on purpose. Rule health and the data plane read it.
 */
import { parseResourceId, resourceKey } from "./resourceId";

/** The backends of one load balancer. */
export interface BackendState {
    readonly loadBalancerId: string;
    /** The pool they are in, when set per pool; absent: every pool of the load balancer. */
    readonly backendPoolName?: string;
    /** The colour label the data plane answers with (default: the load balancer's `vipswap:colour` tag). */
    readonly colour?: string;
    /** Instances in the backend pool. */
    readonly count: number;
    /** How many of them the probe sees up (the first `healthy` ones). */
    readonly healthy: number;
    /** The version label the instances serve (the data plane's `version`). */
    readonly version: string;
    /** Private addresses of the instances, `10.0.<n>.<4+i>` as Azure hands out from a subnet. */
    readonly addresses: readonly string[];
}

/** What the control API takes to set a load balancer's backends. */
export interface BackendRequest {
    readonly loadBalancerId: string;
    /** One backend pool of the load balancer; absent: the whole load balancer. */
    readonly backendPoolName?: string;
    /** The colour label to answer with (default: the load balancer's `vipswap:colour` tag). */
    readonly colour?: string;
    readonly count: number;
    /** Defaults to `count` (all healthy). */
    readonly healthy?: number;
    /** Defaults to `v1`. */
    readonly version?: string;
}

/** Backends per load balancer, by id (case-insensitive). */
export class BackendRegistry {
    readonly #states = new Map<string, BackendState>();
    readonly #subnetIndex = new Map<string, number>();

    /** Sets one load balancer's backends; throws with the reason on bad input. */
    set(request: BackendRequest): BackendState {
        if (typeof request.loadBalancerId !== "string" || parseResourceId(request.loadBalancerId)?.type !== "loadBalancers") {
            throw new Error(`'loadBalancerId' must be a load balancer's resource id; got ${JSON.stringify(request.loadBalancerId)}.`);
        }
        if (!Number.isInteger(request.count) || request.count < 0 || request.count > 250) {
            throw new Error(`'count' must be a whole number from 0 to 250; got ${JSON.stringify(request.count)}.`);
        }
        const healthy = request.healthy ?? request.count;
        if (!Number.isInteger(healthy) || healthy < 0 || healthy > request.count) {
            throw new Error(`'healthy' must be a whole number from 0 to count (${request.count}); got ${JSON.stringify(request.healthy)}.`);
        }
        const version = request.version ?? "v1";
        if (typeof version !== "string" || version === "") {
            throw new Error("'version' must be a non-empty string.");
        }
        for (const [field, value] of [["backendPoolName", request.backendPoolName], ["colour", request.colour]] as const) {
            if (value !== undefined && (typeof value !== "string" || value === "")) {
                throw new Error(`'${field}' must be a non-empty string when given; got ${JSON.stringify(value)}.`);
            }
        }
        const key = keyOf(request.loadBalancerId, request.backendPoolName);
        if (!this.#subnetIndex.has(key)) {
            this.#subnetIndex.set(key, this.#subnetIndex.size + 1);
        }
        const subnet = this.#subnetIndex.get(key)!;
        const addresses = Array.from({ length: request.count }, (_, i) => `10.0.${subnet}.${4 + i}`);
        const state: BackendState = {
            loadBalancerId: request.loadBalancerId,
            ...(request.backendPoolName !== undefined ? { backendPoolName: request.backendPoolName } : {}),
            ...(request.colour !== undefined ? { colour: request.colour } : {}),
            count: request.count,
            healthy,
            version,
            addresses,
        };
        this.#states.set(key, state);
        return state;
    }

    /** The backends of a load balancer (none until set). */
    get(loadBalancerId: string): BackendState | undefined {
        return this.#states.get(resourceKey(loadBalancerId));
    }

    /** The backends of one pool (by its id): those set for the pool, else the load balancer's. */
    forPool(loadBalancerId: string, poolId: string): BackendState | undefined {
        const name = poolId.split("/").pop() ?? "";
        return this.#states.get(keyOf(loadBalancerId, name)) ?? this.get(loadBalancerId);
    }

    /** Every load balancer's backends. */
    list(): BackendState[] {
        return [...this.#states.values()];
    }

    /** Forgets a deleted load balancer's backends. */
    remove(loadBalancerId: string): void {
        const key = resourceKey(loadBalancerId);
        for (const stored of [...this.#states.keys()]) {
            if (stored === key || stored.startsWith(`${key}/backendaddresspools/`)) this.#states.delete(stored);
        }
    }

    /** Forgets everything. */
    clear(): void {
        this.#states.clear();
        this.#subnetIndex.clear();
    }
}

/** The registry key of a load balancer, or of one of its pools. */
function keyOf(loadBalancerId: string, backendPoolName: string | undefined): string {
    const key = resourceKey(loadBalancerId);
    return backendPoolName === undefined ? key : `${key}/backendaddresspools/${backendPoolName.toLowerCase()}`;
}
