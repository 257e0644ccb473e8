import { ResourceLike } from "../model/stackIndex";
import { addressTypes, loadBalancerTypes } from "../model/resourceTypes";

/** How messages name a resource: its kind and Pulumi name, e.g. `public IP "app-production-ip"`. */
export function describe(resource: ResourceLike): string {
    return `${kindOf(resource.type)} "${resource.name}"`;
}

function kindOf(type: string): string {
    if (type === addressTypes.native || type === addressTypes.classic) {
        return "public IP";
    }
    if (type === loadBalancerTypes.native || type === loadBalancerTypes.classic) {
        return "load balancer";
    }
    return type;
}

/** `text` with its first letter upper-cased, for messages that start with a pair's label. */
export function capitalised(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
