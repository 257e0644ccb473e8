/** The Microsoft.Network operations the emulator serves, with the paths arm-network 36 sends (operationSpecs). */
import {
    deleteLoadBalancer,
    getLoadBalancer,
    getLoadBalancerChild,
    listLoadBalancerChildren,
    listLoadBalancers,
    putLoadBalancer,
} from "./loadBalancerHandlers";
import { getOperationResult, getOperationStatus } from "./operationHandlers";
import { deletePublicIp, getPublicIp, listPublicIps, putPublicIp } from "./publicIpHandlers";
import type { Route } from "./router";

const group = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network";
const subscription = "/subscriptions/{sub}/providers/Microsoft.Network";

/** Every ARM route; later phases append theirs through {@link armRoutes}' callers. */
export const coreArmRoutes: readonly Route[] = [
    { method: "PUT", template: `${group}/publicIPAddresses/{name}`, handler: putPublicIp },
    { method: "GET", template: `${group}/publicIPAddresses/{name}`, handler: getPublicIp },
    { method: "DELETE", template: `${group}/publicIPAddresses/{name}`, handler: deletePublicIp },
    { method: "GET", template: `${group}/publicIPAddresses`, handler: listPublicIps },
    { method: "GET", template: `${subscription}/publicIPAddresses`, handler: listPublicIps },
    { method: "PUT", template: `${group}/loadBalancers/{name}`, handler: putLoadBalancer },
    { method: "GET", template: `${group}/loadBalancers/{name}`, handler: getLoadBalancer },
    { method: "DELETE", template: `${group}/loadBalancers/{name}`, handler: deleteLoadBalancer },
    { method: "GET", template: `${group}/loadBalancers`, handler: listLoadBalancers },
    { method: "GET", template: `${subscription}/loadBalancers`, handler: listLoadBalancers },
    { method: "GET", template: `${group}/loadBalancers/{name}/{collection}`, handler: listLoadBalancerChildren },
    { method: "GET", template: `${group}/loadBalancers/{name}/{collection}/{child}`, handler: getLoadBalancerChild },
    { method: "GET", template: `${subscription}/locations/{location}/operations/{operationId}`, handler: getOperationStatus },
    { method: "GET", template: `${subscription}/locations/{location}/operationResults/{operationId}`, handler: getOperationResult },
];
