/** `{id}`: how ARM bodies reference another resource. */
export interface SubResourceRef {
    id: string;
}

/** The SKU of a public IP or a load balancer. */
export interface Sku {
    name: string;
    tier: string;
}

/** A load balancer's child (frontend, backend pool, probe, rule, outbound rule), as Azure returns it. */
export interface ChildResource {
    id: string;
    name: string;
    etag: string;
    type: string;
    zones?: string[];
    properties: { provisioningState: string; [key: string]: unknown };
}

/** A public IP address body (api-version 2025-05-01 shape). */
export interface PublicIpAddressBody {
    id: string;
    name: string;
    type: "Microsoft.Network/publicIPAddresses";
    location: string;
    tags?: Record<string, string>;
    etag: string;
    sku: Sku;
    zones?: string[];
    properties: {
        publicIPAllocationMethod: string;
        publicIPAddressVersion: string;
        ipAddress?: string;
        idleTimeoutInMinutes: number;
        ipTags: unknown[];
        ipConfiguration?: SubResourceRef;
        resourceGuid: string;
        provisioningState: string;
        [key: string]: unknown;
    };
}

/** The child collections of a load balancer that the emulator fills in. */
export const loadBalancerCollections = [
    "frontendIPConfigurations",
    "backendAddressPools",
    "probes",
    "loadBalancingRules",
    "outboundRules",
    "inboundNatRules",
    "inboundNatPools",
] as const;

/** One of {@link loadBalancerCollections}. */
export type LoadBalancerCollection = (typeof loadBalancerCollections)[number];

/** A load balancer body (api-version 2025-05-01 shape). */
export interface LoadBalancerBody {
    id: string;
    name: string;
    type: "Microsoft.Network/loadBalancers";
    location: string;
    tags?: Record<string, string>;
    etag: string;
    sku: Sku;
    properties: Record<LoadBalancerCollection, ChildResource[]> & {
        resourceGuid: string;
        provisioningState: string;
    };
}

/**
 * A resource the emulator keeps mostly as sent: a virtual network, a network security group or a VM scale set
 * (docs/emulator.md, "Networks, security groups and scale sets"). Child collections (`subnets`, `securityRules`) get
 * ids, etags and provisioning states like a load balancer's children.
 */
export interface TrackedResourceBody<T extends string> {
    id: string;
    name: string;
    type: T;
    location: string;
    tags?: Record<string, string>;
    etag: string;
    sku?: { name: string; tier?: string; capacity?: number };
    zones?: string[];
    properties: { provisioningState: string; [key: string]: unknown };
}

/** A virtual network (api-version 2024-05-01 shape), its subnets as children. */
export type VirtualNetworkBody = TrackedResourceBody<"Microsoft.Network/virtualNetworks">;
/** A network security group, its `securityRules` as children. */
export type NetworkSecurityGroupBody = TrackedResourceBody<"Microsoft.Network/networkSecurityGroups">;
/** A Uniform VM scale set (Microsoft.Compute, api-version 2024-11-01 shape); `sku.capacity` is its instance count. */
export type ScaleSetBody = TrackedResourceBody<"Microsoft.Compute/virtualMachineScaleSets">;

/** A resource body the emulator stores. */
export type NetworkResourceBody = PublicIpAddressBody | LoadBalancerBody | VirtualNetworkBody | NetworkSecurityGroupBody | ScaleSetBody;

/** The child collections of each body type that carry ids, etags and provisioning states. */
export function childCollectionsOf(body: NetworkResourceBody): readonly string[] {
    switch (body.type) {
        case "Microsoft.Network/loadBalancers":
            return loadBalancerCollections;
        case "Microsoft.Network/virtualNetworks":
            return ["subnets"];
        case "Microsoft.Network/networkSecurityGroups":
            return ["securityRules"];
        default:
            return [];
    }
}

/** The children of one collection of a body (empty when it has none). */
export function childrenOf(body: NetworkResourceBody, collection: string): ChildResource[] {
    const value = (body.properties as Record<string, unknown>)[collection];
    return Array.isArray(value) ? (value as ChildResource[]) : [];
}

/** A deep copy of a JSON value (bodies are plain JSON). */
export function cloneJson<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

/** A fresh weak ETag, `W/"<guid>"` (docs/azure-behaviour.md §4). */
export function newEtag(guid: string): string {
    return `W/"${guid}"`;
}

/**
 * A copy of a body with a new ETag, on a load balancer's children too: Azure gives every child its parent's ETag
 * and changes them together on every committed write (docs/azure-behaviour.md §4).
 */
export function withEtag<B extends NetworkResourceBody>(body: B, etag: string): B {
    const copy = cloneJson(body);
    copy.etag = etag;
    for (const collection of childCollectionsOf(copy)) {
        for (const child of childrenOf(copy, collection)) {
            child.etag = etag;
        }
    }
    return copy;
}
