/** The resource types the emulator models, as they appear in resource ids. */
export type NetworkResourceType = "publicIPAddresses" | "loadBalancers";

/** A parsed ARM resource id of a Microsoft.Network resource. */
export interface ParsedResourceId {
    readonly subscriptionId: string;
    readonly resourceGroupName: string;
    readonly type: NetworkResourceType;
    readonly name: string;
}

const resourceIdPattern =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/(publicIPAddresses|loadBalancers)\/([^/]+)$/i;

/** Builds the id of a top-level network resource, with the casing Azure uses in ids. */
export function resourceId(subscriptionId: string, resourceGroupName: string, type: NetworkResourceType, name: string): string {
    return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/${type}/${name}`;
}

/**
 * Parses the id of a public IP or a load balancer; undefined for anything else. ARM ids are case-insensitive
 * (docs/azure-behaviour.md §3, "Match routes case-insensitively"), so the type is normalized and the rest kept as written.
 */
export function parseResourceId(id: string): ParsedResourceId | undefined {
    const match = resourceIdPattern.exec(id);
    if (!match) {
        return undefined;
    }
    const type: NetworkResourceType = match[3].toLowerCase() === "loadbalancers" ? "loadBalancers" : "publicIPAddresses";
    return { subscriptionId: match[1], resourceGroupName: match[2], type, name: match[4] };
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
