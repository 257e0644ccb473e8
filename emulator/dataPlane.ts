/**
 * The data plane: every public IP answers HTTP on its own loopback port, the way the real address answers on the
 * internet, so downtime can be measured from the client side (docs/design.md, "The emulator").
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
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { BackendRegistry } from "./backendRegistry";
import type { LoadBalancerBody, PublicIpAddressBody } from "./resourceBodies";
import { resourceKey, sameId } from "./resourceId";
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

/** The per-address loopback servers, kept in step with the store. */
export class DataPlane {
    readonly #servers = new Map<string, AddressServer>();
    #roundRobin = 0;
    failureMode: DataPlaneFailureMode = "reset";

    constructor(
        private readonly store: ResourceStore,
        private readonly backends: BackendRegistry,
    ) {}

    /** Starts a server for every public IP in the store and closes those of deleted ones. */
    sync(): void {
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
     * The committed load balancer an address is attached to, and the healthy backends that receive its traffic: none
     * unless a load-balancing rule with a backend pool uses that frontend (see the file comment).
     */
    #target(publicIpId: string): { lb: LoadBalancerBody; frontendId: string; healthy: readonly string[]; version: string } | undefined {
        const holder = this.store.committedHolders().get(resourceKey(publicIpId));
        if (!holder) {
            return undefined;
        }
        const lb = this.store.get(holder.loadBalancerId)?.committed as LoadBalancerBody | undefined;
        if (!lb) {
            return undefined;
        }
        const backends = this.backends.get(lb.id);
        const healthy = forwardsTraffic(lb, holder.frontendId) ? (backends?.addresses.slice(0, backends.healthy) ?? []) : [];
        return { lb, frontendId: holder.frontendId, healthy, version: backends?.version ?? "" };
    }

    #answer(entry: AddressServer, req: http.IncomingMessage, res: http.ServerResponse): void {
        const target = this.#target(entry.publicIpId);
        if (!target || target.healthy.length === 0) {
            if (this.failureMode === "reset") {
                req.socket.resetAndDestroy();
            }
            return; // hang: never answered; close() destroys the socket
        }
        const record = this.store.get(entry.publicIpId);
        const body = record ? (this.store.view(record) as PublicIpAddressBody) : undefined;
        const answer: DataPlaneAnswer = {
            loadBalancer: target.lb.name,
            colour: target.lb.tags?.["vipswap:colour"] ?? null,
            version: target.version,
            backend: target.healthy[this.#roundRobin++ % target.healthy.length],
            publicIpAddress: body?.properties.ipAddress ?? null,
        };
        const text = JSON.stringify(answer);
        res.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)) });
        res.end(text);
    }
}

/** True when a load-balancing rule of `lb` uses the frontend and sends to a backend pool. */
function forwardsTraffic(lb: LoadBalancerBody, frontendId: string): boolean {
    return lb.properties.loadBalancingRules.some((rule) => {
        const frontend = rule.properties.frontendIPConfiguration as { id?: string } | undefined;
        const pools = [rule.properties.backendAddressPool, ...((rule.properties.backendAddressPools as unknown[] | undefined) ?? [])];
        return sameId(frontend?.id, frontendId) && pools.some((pool) => pool !== undefined);
    });
}
