import type { LoadBalancer, NetworkManagementClient, PublicIPAddress } from "@azure/arm-network";
import type { Colour } from "../colour";
import { ArmWrites, orUndefinedOn404 } from "./armWrites";
import { type RequestContext, withRetries } from "./azureRetry";
import {
    type OperationOutcome,
    type SwapResourceNames,
    type SwapResources,
    type SwapSnapshot,
    type WriteReceipt,
    floatingTag,
} from "./swapResources";

/** `SwapResources` on `@azure/arm-network` 36 (the classic client). Build the client with `createNetworkClient`. */
export class ArmSwapResources implements SwapResources {
    /** The shared write path (retries, receipts, operation outcomes). */
    readonly #writes: ArmWrites;

    /**
     * @param client an arm-network client; give it `pipelineRetries: 0` so that retries happen (and are counted) here
     * @param names the pair's resource names
     */
    constructor(
        private readonly client: NetworkManagementClient,
        private readonly names: SwapResourceNames,
    ) {
        this.#writes = new ArmWrites(client);
    }

    /** Reads the five resources in parallel; a 404 yields undefined, anything else throws after retries. */
    async read(context: RequestContext): Promise<SwapSnapshot> {
        const { resourceGroupName: rg, loadBalancerNames } = this.names;
        const options = { abortSignal: context.abortSignal };
        const lb = (colour: Colour) =>
            orUndefinedOn404(() =>
                withRetries(`GET load balancer ${loadBalancerNames[colour]}`, context, () => this.client.loadBalancers.get(rg, loadBalancerNames[colour], options)),
            );
        const pip = (name: string) =>
            orUndefinedOn404(() => withRetries(`GET public IP ${name}`, context, () => this.client.publicIPAddresses.get(rg, name, options)));
        const [blue, green, production, staging, floating] = await Promise.all([
            lb("blue"),
            lb("green"),
            pip(this.names.productionIpName),
            pip(this.names.stagingIpName),
            pip(this.names.floatingIpName),
        ]);
        return { loadBalancers: { blue, green }, production, staging, floating, readAt: Date.now() };
    }

    /** GETs one load balancer and returns its `provisioningState`. */
    async readProvisioningState(colour: Colour, context: RequestContext): Promise<string | undefined> {
        const name = this.names.loadBalancerNames[colour];
        const lb = await orUndefinedOn404(() =>
            withRetries(`GET load balancer ${name}`, context, () =>
                this.client.loadBalancers.get(this.names.resourceGroupName, name, { abortSignal: context.abortSignal }),
            ),
        );
        return lb?.provisioningState;
    }

    /** PUTs the body that was read with only the frontend's `publicIPAddress.id` changed, under `If-Match`. */
    async setFrontendAddress(loadBalancer: LoadBalancer, publicIpAddressId: string, context: RequestContext): Promise<WriteReceipt> {
        const body = structuredClone(loadBalancer);
        const frontend = body.frontendIPConfigurations?.find((f) => f.name?.toLowerCase() === this.names.frontendName.toLowerCase());
        if (!frontend || !body.name || !body.etag) {
            throw new Error(`The load balancer ${loadBalancer.name} as read has no frontend ${this.names.frontendName} or no ETag.`);
        }
        // Only the reference changes; the rest of the body is what Azure returned, so rules, probes and pools
        // are PUT back unchanged (docs/azure-behaviour.md §6 "In-place change is supported").
        frontend.publicIPAddress = { id: publicIpAddressId };
        const name = body.name;
        // If-Match is not a spec parameter; the classic client sends it from `requestOptions.customHeaders`
        // (docs/azure-behaviour.md §4). A stale ETag gets 412 PreconditionFailed, and the swap stops.
        const customHeaders = { "If-Match": body.etag };
        return this.#writes.write(`PUT load balancer ${name}`, context, (begin) =>
            this.client.loadBalancers.beginCreateOrUpdate(this.names.resourceGroupName, name, body, { ...begin, requestOptions: { customHeaders } }),
        );
    }

    /**
     * Creates the floating IP like production: Standard (Static only, docs/azure-behaviour.md §2), production's IP version, same
     * place and zones (a frontend's zonality comes from its address, §6), and production's tags with the floating
     * tag on top: subscriptions commonly deny untagged resources by Azure Policy (a cost centre, an owner), and a
     * floating IP without them would be refused at the one write every swap needs. `claimTags` say which swap
     * created it, so that a second swap can tell it is not alone.
     */
    async createFloatingIp(production: PublicIPAddress, context: RequestContext, claimTags: Readonly<Record<string, string>> = {}): Promise<WriteReceipt> {
        const body: PublicIPAddress = {
            location: production.location,
            ...(production.zones && production.zones.length > 0 ? { zones: [...production.zones] } : {}),
            sku: { name: "Standard", tier: production.sku?.tier ?? "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: production.publicIPAddressVersion ?? "IPv4",
            tags: { ...production.tags, ...claimTags, [floatingTag.name]: floatingTag.value },
        };
        const name = this.names.floatingIpName;
        return this.#writes.write(`PUT public IP ${name}`, context, (begin) =>
            this.client.publicIPAddresses.beginCreateOrUpdate(this.names.resourceGroupName, name, body, begin),
        );
    }

    /** Deletes the floating IP, refusing anything whose name or tag does not say it is the swap's own. */
    async deleteFloatingIp(floating: PublicIPAddress, context: RequestContext): Promise<WriteReceipt> {
        const name = this.names.floatingIpName;
        if (floating.name?.toLowerCase() !== name.toLowerCase() || floating.tags?.[floatingTag.name] !== floatingTag.value) {
            throw new Error(`Refusing to delete public IP ${floating.name}: only ${name} tagged ${floatingTag.name}=${floatingTag.value} may be deleted.`);
        }
        try {
            return await this.#writes.write(`DELETE public IP ${name}`, context, (begin) =>
                this.client.publicIPAddresses.beginDelete(this.names.resourceGroupName, name, {
                    ...begin,
                    // Deletes exactly the version that was read and checked, not a replacement made since.
                    ...(floating.etag ? { requestOptions: { customHeaders: { "If-Match": floating.etag } } } : {}),
                }),
            );
        } catch (error) {
            if ((error as { statusCode?: number }).statusCode === 404) return { status: 404 }; // already gone
            throw error;
        }
    }

    /** Asks Azure how an accepted write ended (armWrites.ts). */
    operationOutcome(receipt: WriteReceipt, context: RequestContext): Promise<OperationOutcome | undefined> {
        return this.#writes.operationOutcome(receipt, context);
    }
}
