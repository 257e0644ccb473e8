/**
 * The operations the emulator serves: Microsoft.Network with the paths arm-network 36 sends (operationSpecs), and the
 * resource groups, networks, security groups and scale sets that azure-native creates for the component.
 */
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
import { deleteResourceGroup, getResourceGroup, putResourceGroup } from "./resourceGroupHandlers";
import { postRuleHealth } from "./ruleHealthHandler";
import { deleteScaleSet, getScaleSet, putScaleSet } from "./scaleSetHandlers";
import { deleteSecurityGroup, getSecurityGroup, putSecurityGroup } from "./securityGroupHandlers";
import type { Route } from "./router";
import { postSwapPublicIpAddresses } from "./swapHandler";
import { patchTags } from "./updateTagsHandler";
import { deleteSubnet, deleteVirtualNetwork, getSubnet, getVirtualNetwork, putSubnet, putVirtualNetwork } from "./virtualNetworkHandlers";

const group = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network";
const subscription = "/subscriptions/{sub}/providers/Microsoft.Network";
const compute = "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute";
const resourceGroup = "/subscriptions/{sub}/resourceGroups/{rg}";

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
    { method: "PUT", template: `${group}/virtualNetworks/{name}`, handler: putVirtualNetwork },
    { method: "GET", template: `${group}/virtualNetworks/{name}`, handler: getVirtualNetwork },
    { method: "DELETE", template: `${group}/virtualNetworks/{name}`, handler: deleteVirtualNetwork },
    { method: "PUT", template: `${group}/virtualNetworks/{name}/subnets/{subnet}`, handler: putSubnet },
    { method: "GET", template: `${group}/virtualNetworks/{name}/subnets/{subnet}`, handler: getSubnet },
    { method: "DELETE", template: `${group}/virtualNetworks/{name}/subnets/{subnet}`, handler: deleteSubnet },
    { method: "PUT", template: `${group}/networkSecurityGroups/{name}`, handler: putSecurityGroup },
    { method: "GET", template: `${group}/networkSecurityGroups/{name}`, handler: getSecurityGroup },
    { method: "DELETE", template: `${group}/networkSecurityGroups/{name}`, handler: deleteSecurityGroup },
    { method: "PUT", template: `${compute}/virtualMachineScaleSets/{name}`, handler: putScaleSet },
    { method: "GET", template: `${compute}/virtualMachineScaleSets/{name}`, handler: getScaleSet },
    { method: "DELETE", template: `${compute}/virtualMachineScaleSets/{name}`, handler: deleteScaleSet },
    { method: "PUT", template: resourceGroup, handler: putResourceGroup },
    { method: "GET", template: resourceGroup, handler: getResourceGroup },
    { method: "DELETE", template: resourceGroup, handler: deleteResourceGroup },
    { method: "GET", template: `${subscription}/locations/{location}/operations/{operationId}`, handler: getOperationStatus },
    { method: "GET", template: `${subscription}/locations/{location}/operationResults/{operationId}`, handler: getOperationResult },
];
