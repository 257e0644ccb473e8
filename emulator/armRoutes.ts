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
import { postRuleHealth } from "./ruleHealthHandler";
import type { Route } from "./router";
import { postSwapPublicIpAddresses } from "./swapHandler";
import { patchTags } from "./updateTagsHandler";

const group = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network";
const subscription = "/subscriptions/{sub}/providers/Microsoft.Network";

/** Every ARM route the emulator serves. */
export const armRoutes: readonly Route[] = [
    { method: "PUT", template: `${group}/publicIPAddresses/{name}`, handler: putPublicIp },
    { method: "GET", template: `${group}/publicIPAddresses/{name}`, handler: getPublicIp },
    { method: "DELETE", template: `${group}/publicIPAddresses/{name}`, handler: deletePublicIp },
    { method: "PATCH", template: `${group}/publicIPAddresses/{name}`, handler: patchTags("publicIPAddresses") },
    { method: "GET", template: `${group}/publicIPAddresses`, handler: listPublicIps },
    { method: "GET", template: `${subscription}/publicIPAddresses`, handler: listPublicIps },
    { method: "PUT", template: `${group}/loadBalancers/{name}`, handler: putLoadBalancer },
    { method: "GET", template: `${group}/loadBalancers/{name}`, handler: getLoadBalancer },
    { method: "DELETE", template: `${group}/loadBalancers/{name}`, handler: deleteLoadBalancer },
    { method: "PATCH", template: `${group}/loadBalancers/{name}`, handler: patchTags("loadBalancers") },
    { method: "GET", template: `${group}/loadBalancers`, handler: listLoadBalancers },
    { method: "GET", template: `${subscription}/loadBalancers`, handler: listLoadBalancers },
    { method: "GET", template: `${group}/loadBalancers/{name}/{collection}`, handler: listLoadBalancerChildren },
    { method: "GET", template: `${group}/loadBalancers/{name}/{collection}/{child}`, handler: getLoadBalancerChild },
    { method: "POST", template: `${group}/loadBalancers/{name}/loadBalancingRules/{rule}/health`, handler: postRuleHealth },
    { method: "POST", template: `${subscription}/locations/{location}/setLoadBalancerFrontendPublicIpAddresses`, handler: postSwapPublicIpAddresses },
    { method: "GET", template: `${subscription}/locations/{location}/operations/{operationId}`, handler: getOperationStatus },
    { method: "GET", template: `${subscription}/locations/{location}/operationResults/{operationId}`, handler: getOperationResult },
];
