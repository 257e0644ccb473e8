/**
 * The data plane: every public IP answers HTTP on its own loopback port, the way the real address answers on the
 * internet, so downtime can be measured from the client side (DESIGN.md, "The emulator").
 *
 * An address serves while it is attached (committed) to a load balancer frontend that a load-balancing rule uses
 * (with a backend pool), and the load balancer has a healthy backend; the answer is
 * `{loadBalancer, colour, version, backend, publicIpAddress}`. A frontend that no rule uses forwards nothing on Azure
 * (a load balancer only distributes "inbound flows that arrive at the load balancer's front end to backend pool
 * instances ... according to configured load-balancing rules and health probes", learn.microsoft.com
 * load-balancer-overview), so its address does not serve either. Otherwise the request fails:
 * - `reset` (default): the connection is reset. A client learns at once that the address is not serving, so a
 *   downtime probe measures the control-plane window itself instead of its own timeout.
 * - `hang`: the connection is accepted and never answered, the closer picture of Azure, which silently drops
 *   packets to an address with no frontend or no healthy backend; clients must bring their own timeout.
 * The decision is made per request, not per connection, so a keep-alive connection cannot outlive a detach.
 *
 * Each frontend sends to the pools of the load-balancing rules that reference it, and a pool's backends answer (the
 * pool's own when the control API set them per pool, as for a shared load balancer, else the load balancer's). A
 * committed change of a rule's pool reaches the data path only after `poolSwitchDataPathDelayMs` (settings; the
 * profile's figure by default): until then the frontend keeps sending to the old pool. Once it follows, a connection
 * that the old pool answered is reset at its next request (`poolSwitchOpenConnections: reset`, the default: its flow
 * now lands on a backend that has no state for it, which answers with a reset) or keeps reaching the old pool until
 * the client closes it (`kept`); docs/azure-behaviour.md §11 says why both are settings. Keep-alive clients see
 * either. `followDataPathNow` makes pending changes take effect at once, for tests that must not race the delay.
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { BackendRegistry, BackendState } from "./backendRegistry";
import type { EmulatorClock } from "./profiles";
import type { LoadBalancerBody, PublicIpAddressBody } from "./resourceBodies";
import { resourceKey } from "./resourceId";
import type { ResourceStore } from "./resourceStore";

/** How a request to an address that does not serve fails. */
export type DataPlaneFailureMode = "reset" | "hang";

/** One address in the data-plane map. */
export interface DataPlaneEntry {
    /** The public IP's id. */
    readonly publicIpId: string;
    /** The public address Azure assigned (what DNS would point at). */
    readonly ipAddress?: string;
    /** Where the address answers on this machine. */
    readonly url: string;
    /** The frontend it is attached to (committed), if any. */
    readonly attachedTo?: string;
    /** True when a request now would be answered. */
    readonly serving: boolean;
}

/** The JSON body an address answers with while it serves. */
export interface DataPlaneAnswer {
    readonly loadBalancer: string;
    /** The load balancer's `vipswap:colour` tag. */
    readonly colour: string | null;
    readonly version: string;
    /** The private address of the backend that answered. */
    readonly backend: string;
    readonly publicIpAddress: string | null;
}

interface AddressServer {
    readonly publicIpId: string;
    readonly server: http.Server;
    readonly sockets: Set<Socket>;
    port: number;
}

/** The two settings the data plane reads (emulatorSettings.ts holds them; named here so that file need not be imported). */
export interface DataPathSettings {
    readonly poolSwitchDataPathDelayMs?: number;
    readonly poolSwitchOpenConnections: "reset" | "kept";
}

/** Frontend key -> the pool ids its rules send to: what one load balancer's data path is programmed with. */
type Routes = ReadonlyMap<string, readonly string[]>;

/** Where a request to an address goes now. */
interface Target {
    readonly lb: LoadBalancerBody;
    readonly frontendId: string;
    /** The pool that answers (its key), undefined when none does. */
    readonly poolKey?: string;
    readonly healthy: readonly string[];
    readonly version: string;
    readonly colour: string | null;
}

/** The per-address loopback servers, kept in step with the store. */
export class DataPlane {
    readonly #servers = new Map<string, AddressServer>();
    /** Per load balancer (key): the routes its data path follows now, which lag committed pool changes. */
    readonly #programmed = new Map<string, Routes>();
    readonly #following = new Map<string, NodeJS.Timeout>();
    /** The pool that last answered on each connection. */
    readonly #pins = new WeakMap<Socket, string>();
    #roundRobin = 0;
    failureMode: DataPlaneFailureMode = "reset";

    constructor(
        private readonly store: ResourceStore,
        private readonly backends: BackendRegistry,
        private readonly settings: DataPathSettings,
        private readonly clock: EmulatorClock,
    ) {}

    /** Starts a server for every public IP in the store and closes those of deleted ones; follows rule changes. */
    sync(): void {
        this.#followRules();
        const ids = new Map(this.store.list("publicIPAddresses").map((r) => [resourceKey(r.id), r.id]));
        for (const [key, id] of ids) {
            if (!this.#servers.has(key)) {
                this.#servers.set(key, this.#open(id));
            }
        }
        for (const [key, entry] of this.#servers) {
            if (!ids.has(key)) {
                this.#close(entry);
                this.#servers.delete(key);
            }
        }
    }

    /** The map: public IP id -> address, loopback URL, attachment and whether it serves now. */
    map(): Record<string, DataPlaneEntry> {
        const result: Record<string, DataPlaneEntry> = {};
        for (const entry of this.#servers.values()) {
            const record = this.store.get(entry.publicIpId);
            const body = record ? (this.store.view(record) as PublicIpAddressBody) : undefined;
            const target = this.#target(entry.publicIpId);
            result[entry.publicIpId] = {
                publicIpId: entry.publicIpId,
                ...(body?.properties.ipAddress ? { ipAddress: body.properties.ipAddress } : {}),
                url: `http://127.0.0.1:${entry.port}/`,
                ...(target ? { attachedTo: target.frontendId } : {}),
                serving: target !== undefined && target.healthy.length > 0,
            };
        }
        return result;
    }

    /** Closes every server and connection. */
    async close(): Promise<void> {
        for (const timer of this.#following.values()) clearTimeout(timer);
        this.#following.clear();
        const closing = [...this.#servers.values()].map((entry) => this.#close(entry));
        this.#servers.clear();
        await Promise.all(closing);
    }

    #open(publicIpId: string): AddressServer {
        const server = http.createServer((req, res) => this.#answer(entry, req, res));
        const entry: AddressServer = { publicIpId, server, sockets: new Set(), port: 0 };
        server.on("connection", (socket: Socket) => {
            entry.sockets.add(socket);
            socket.on("close", () => entry.sockets.delete(socket));
        });
        // An IP literal binds synchronously, so the port is known before the first caller asks for the map.
        server.listen(0, "127.0.0.1");
        entry.port = (server.address() as AddressInfo | null)?.port ?? 0;
        server.on("listening", () => {
            entry.port = (server.address() as AddressInfo).port;
        });
        return entry;
    }

    #close(entry: AddressServer): Promise<void> {
        return new Promise((resolve) => {
            entry.server.close(() => resolve());
            for (const socket of entry.sockets) {
                socket.destroy();
            }
        });
    }

    /**
     * Programs each load balancer's data path with its committed routes: at once for a load balancer it has not seen,
     * `poolSwitchDataPathDelayMs` after a commit that changed a rule's pool (a later commit within the delay is
     * followed at the same moment: the data path catches up with the latest state).
     */
    #followRules(): void {
        const seen = new Set<string>();
        for (const record of this.store.list("loadBalancers")) {
            const lb = record.committed as LoadBalancerBody | undefined;
            if (!lb) continue;
            const key = resourceKey(lb.id);
            seen.add(key);
            const programmed = this.#programmed.get(key);
            if (!programmed) {
                this.#programmed.set(key, routesOf(lb));
                continue;
            }
            if (sameRoutes(programmed, routesOf(lb))) {
                const timer = this.#following.get(key);
                if (timer) clearTimeout(timer); // changed back within the delay: nothing to follow
                this.#following.delete(key);
                continue;
            }
            if (this.#following.has(key)) continue;
            const delay = this.clock.dataPathDelayMs(this.settings.poolSwitchDataPathDelayMs);
            const timer = setTimeout(() => this.#program(key), delay);
            timer.unref?.();
            this.#following.set(key, timer);
        }
        for (const key of [...this.#programmed.keys()]) {
            if (seen.has(key)) continue;
            this.#programmed.delete(key);
            clearTimeout(this.#following.get(key));
            this.#following.delete(key);
        }
    }

    /** The data path of one load balancer follows its committed routes now. */
    #program(key: string): void {
        clearTimeout(this.#following.get(key));
        this.#following.delete(key);
        const record = this.store.list("loadBalancers").find((r) => resourceKey(r.id) === key);
        const lb = record?.committed as LoadBalancerBody | undefined;
        if (lb) this.#programmed.set(key, routesOf(lb));
    }

    /** Makes every pending rule change take effect now, as if its delay had passed; returns how many load balancers followed. */
    followNow(): number {
        const pending = [...this.#following.keys()];
        for (const key of pending) this.#program(key);
        return pending.length;
    }

    /**
     * Where a request to an address goes: the committed load balancer it is attached to, the pool its frontend's rules
     * send to as the data path is programmed, and that pool's healthy backends. None unless a rule with a pool uses
     * the frontend. `pool` overrides the pool (a kept connection's).
     */
    #target(publicIpId: string, pool?: string): Target | undefined {
        const holder = this.store.committedHolders().get(resourceKey(publicIpId));
        if (!holder) {
            return undefined;
        }
        const lb = this.store.get(holder.loadBalancerId)?.committed as LoadBalancerBody | undefined;
        if (!lb) {
            return undefined;
        }
        const routes = this.#programmed.get(resourceKey(lb.id)) ?? routesOf(lb);
        const poolKey = pool ?? (routes.get(resourceKey(holder.frontendId)) ?? [])[0];
        const backends: BackendState | undefined = poolKey !== undefined ? this.backends.forPool(lb.id, poolKey) : undefined;
        const healthy = poolKey !== undefined ? (backends?.addresses.slice(0, backends.healthy) ?? []) : [];
        return {
            lb,
            frontendId: holder.frontendId,
            ...(poolKey !== undefined ? { poolKey } : {}),
            healthy,
            version: backends?.version ?? "",
            colour: backends?.colour ?? lb.tags?.["vipswap:colour"] ?? null,
        };
    }

    #poolExists(lb: LoadBalancerBody, poolKey: string): boolean {
        return lb.properties.backendAddressPools.some((pool) => resourceKey(pool.id) === poolKey);
    }

    #answer(entry: AddressServer, req: http.IncomingMessage, res: http.ServerResponse): void {
        let target = this.#target(entry.publicIpId);
        const pinned = this.#pins.get(req.socket);
        // Only a pool of the same load balancer counts: an address moved to another load balancer (the floating-IP
        // method) is decided per request, as before.
        const samePinnedLoadBalancer = pinned !== undefined && target !== undefined && pinned.startsWith(`${resourceKey(target.lb.id)}/`);
        if (target?.poolKey !== undefined && samePinnedLoadBalancer && pinned !== target.poolKey) {
            // A connection the old pool answered, after the data path followed a rule's new pool (see the file comment).
            if (this.settings.poolSwitchOpenConnections === "reset" || !this.#poolExists(target.lb, pinned!)) {
                req.socket.resetAndDestroy();
                return;
            }
            target = this.#target(entry.publicIpId, pinned!);
        }
        if (!target || target.healthy.length === 0) {
            if (this.failureMode === "reset") {
                req.socket.resetAndDestroy();
            }
            return; // hang: never answered; close() destroys the socket
        }
        if (target.poolKey !== undefined) this.#pins.set(req.socket, target.poolKey);
        const record = this.store.get(entry.publicIpId);
        const body = record ? (this.store.view(record) as PublicIpAddressBody) : undefined;
        const answer: DataPlaneAnswer = {
            loadBalancer: target.lb.name,
            colour: target.colour,
            version: target.version,
            backend: target.healthy[this.#roundRobin++ % target.healthy.length],
            publicIpAddress: body?.properties.ipAddress ?? null,
        };
        const text = JSON.stringify(answer);
        res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)) });
        res.end(text);
    }
}

/** Each frontend's pools (keys), from the load-balancing rules that reference it and send to a pool. */
function routesOf(lb: LoadBalancerBody): Routes {
    const routes = new Map<string, string[]>();
    for (const rule of lb.properties.loadBalancingRules) {
        const frontend = (rule.properties.frontendIPConfiguration as { id?: string } | undefined)?.id;
        const refs = [rule.properties.backendAddressPool, ...((rule.properties.backendAddressPools as unknown[] | undefined) ?? [])] as ({ id?: string } | undefined)[];
        const pools = refs.map((ref) => ref?.id).filter((id): id is string => !!id).map(resourceKey);
        if (!frontend || pools.length === 0) continue;
        const list = routes.get(resourceKey(frontend)) ?? [];
        for (const pool of pools) if (!list.includes(pool)) list.push(pool);
        routes.set(resourceKey(frontend), list);
    }
    return routes;
}

function sameRoutes(a: Routes, b: Routes): boolean {
    if (a.size !== b.size) return false;
    for (const [frontend, pools] of a) {
        const other = b.get(frontend);
        if (!other || other.length !== pools.length || pools.some((pool, i) => other[i] !== pool)) return false;
    }
    return true;
}
