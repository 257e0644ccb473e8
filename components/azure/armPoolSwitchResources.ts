import type { LoadBalancer, NetworkManagementClient, PublicIPAddress } from "@azure/arm-network";
import { ArmWrites, orUndefinedOn404 } from "./armWrites";
import { type RequestContext, withRetries } from "./azureRetry";
import type { PoolSwitchResourceNames, PoolSwitchResources, PoolSwitchSnapshot } from "./poolSwitchResources";
import type { OperationOutcome, WriteReceipt } from "./swapResources";

/** `PoolSwitchResources` on `@azure/arm-network` 36. Build the client with `createNetworkClient(…, { pipelineRetries: 0 })`. */
export class ArmPoolSwitchResources implements PoolSwitchResources {
    readonly #writes: ArmWrites;
    /** Addresses by id, as first read: the pool switch never changes an address, so each is read once per swap. */
    readonly #addresses = new Map<string, PublicIPAddress>();

    /**
     * @param client an arm-network client without pipeline retries (the engine retries, and counts)
     * @param names the shared load balancer's names
     */
    constructor(
        private readonly client: NetworkManagementClient,
        private readonly names: PoolSwitchResourceNames,
    ) {
        this.#writes = new ArmWrites(client);
    }

    /**
     * GETs the load balancer, then (in parallel) the public IPs its two frontends reference, each only the first time
     * (an address is only read for the report: its IP never changes while it exists, and the switch never touches it).
     */
    async read(context: RequestContext): Promise<PoolSwitchSnapshot> {
        const loadBalancer = await this.#getLoadBalancer(context);
        const frontend = (name: string) =>
            loadBalancer?.frontendIPConfigurations?.find((f) => f.name?.toLowerCase() === name.toLowerCase());
        const address = (name: string): Promise<PublicIPAddress | undefined> => {
            const id = frontend(name)?.publicIPAddress?.id;
            const parts = id ? /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/publicIPAddresses\/([^/]+)$/i.exec(id) : null;
            if (!parts) return Promise.resolve(undefined);
            const [, rg, pip] = parts;
            const known = this.#addresses.get(id!.toLowerCase());
            if (known) return Promise.resolve(known);
            return orUndefinedOn404(() =>
                withRetries(`GET public IP ${pip}`, context, () => this.client.publicIPAddresses.get(rg, pip, { abortSignal: context.abortSignal })),
            ).then((address) => {
                if (address) this.#addresses.set(id!.toLowerCase(), address);
                return address;
            });
        };
        const [production, staging] = await Promise.all([address(this.names.productionFrontendName), address(this.names.stagingFrontendName)]);
        return { loadBalancer, production, staging, readAt: Date.now() };
    }

    /** GETs the load balancer and returns its `provisioningState`. */
    async readProvisioningState(context: RequestContext): Promise<string | undefined> {
        return (await this.#getLoadBalancer(context))?.provisioningState;
    }

    /**
     * PUTs the body under `If-Match: <its ETag>`: a concurrent writer gets 412 instead of being overwritten
     * (docs/azure-behaviour.md §4). The classic client sends If-Match from `requestOptions.customHeaders`.
     */
    async putLoadBalancer(body: LoadBalancer, context: RequestContext): Promise<WriteReceipt> {
        if (!body.etag) throw new Error(`The load balancer ${this.names.loadBalancerName} as read has no ETag; the swap writes only under If-Match.`);
        const customHeaders = { "If-Match": body.etag };
        const name = this.names.loadBalancerName;
        return this.#writes.write(`PUT load balancer ${name}`, context, (begin) =>
            this.client.loadBalancers.beginCreateOrUpdate(this.names.resourceGroupName, name, body, { ...begin, requestOptions: { customHeaders } }),
        );
    }

    /** Asks Azure how an accepted write ended (armWrites.ts). */
    operationOutcome(receipt: WriteReceipt, context: RequestContext): Promise<OperationOutcome | undefined> {
        return this.#writes.operationOutcome(receipt, context);
    }

    #getLoadBalancer(context: RequestContext): Promise<LoadBalancer | undefined> {
        const { resourceGroupName: rg, loadBalancerName: name } = this.names;
        return orUndefinedOn404(() =>
            withRetries(`GET load balancer ${name}`, context, () => this.client.loadBalancers.get(rg, name, { abortSignal: context.abortSignal })),
        );
    }
}
