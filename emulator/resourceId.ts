/** The resource types the emulator models, as they appear in resource ids (all Microsoft.Network but the scale sets). */
export type NetworkResourceType =
    | "publicIPAddresses"
    | "loadBalancers"
    | "virtualNetworks"
    | "networkSecurityGroups"
    | "virtualMachineScaleSets";

/** Every {@link NetworkResourceType}, with the resource provider whose namespace it lives in. */
const providers: Readonly<Record<NetworkResourceType, string>> = {
    publicIPAddresses: "Microsoft.Network",
    loadBalancers: "Microsoft.Network",
    virtualNetworks: "Microsoft.Network",
    networkSecurityGroups: "Microsoft.Network",
    virtualMachineScaleSets: "Microsoft.Compute",
};

/** A parsed ARM resource id of a Microsoft.Network resource. */
export interface ParsedResourceId {
    readonly subscriptionId: string;
    readonly resourceGroupName: string;
    readonly type: NetworkResourceType;
    readonly name: string;
}

const resourceIdPattern = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)$/i;

/** Builds the id of a top-level resource, with the casing Azure uses in ids. */
export function resourceId(subscriptionId: string, resourceGroupName: string, type: NetworkResourceType, name: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${providers[type]}/${type}/${name}`;
}

/** The id of a resource group. */
export function resourceGroupId(subscriptionId: string, resourceGroupName: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}`;
}

/**
 * Parses the id of a top-level resource the emulator models; undefined for anything else. ARM ids are
 * case-insensitive (docs/azure-behaviour.md §3, "Match routes case-insensitively"), so the type is normalized and the
 * rest kept as written.
 */
export function parseResourceId(id: string): ParsedResourceId | undefined {
    const match = resourceIdPattern.exec(id);
    if (!match) {
        return undefined;
    }
    const type = (Object.keys(providers) as NetworkResourceType[]).find((t) => t.toLowerCase() === match[4].toLowerCase());
    if (!type || providers[type].toLowerCase() !== match[3].toLowerCase()) {
        return undefined;
    }
    return { subscriptionId: match[1], resourceGroupName: match[2], type, name: match[5] };
}

/** The key under which a resource is stored: ids compare case-insensitively in ARM. */
export function resourceKey(id: string): string {
    return id.toLowerCase();
}

/** True when two ARM ids name the same resource. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** The id of a load balancer's child resource (`frontendIPConfigurations`, `probes`, ...). */
export function childId(parentId: string, collection: string, name: string): string {
    return `${parentId}/${collection}/${name}`;
}

/** The id of the load balancer that a child id (`.../loadBalancers/{lb}/{collection}/{name}`) belongs to. */
export function parentOfChildId(id: string): string | undefined {
    const match = /^(.*\/providers\/Microsoft\.Network\/loadBalancers\/[^/]+)\/[^/]+\/[^/]+$/i.exec(id);
    return match ? match[1] : undefined;
}

/** A child id split into its parent's id, the collection and the child's name (`.../virtualNetworks/v/subnets/s`). */
export function splitChildId(id: string): { parentId: string; collection: string; name: string } | undefined {
    const match = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+)\/([^/]+)\/([^/]+)$/i.exec(id);
    return match ? { parentId: match[1], collection: match[2], name: match[3] } : undefined;
}
