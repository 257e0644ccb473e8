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
import { listPermissionsForResourceGroup } from "./permissionsHandler";
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

const network = "Microsoft.Network";
/** A list's scope is its parent: ARM names `.../providers/Microsoft.Network` for a list of load balancers. */
const parent = (path: string) => path.replace(/\/[^/]+$/, "");

/**
 * Every ARM route the emulator serves, with the RBAC action ARM checks for it (docs/azure-behaviour.md §10, and the
 * Microsoft.Network operations list in MicrosoftDocs/azure-docs, role-based-access-control resource-provider
 * operations, "Microsoft.Network").
 */
export const armRoutes: readonly Route[] = [
    { method: "PUT", template: `${group}/publicIPAddresses/{name}`, handler: putPublicIp, authorization: { action: `${network}/publicIPAddresses/write` } },
    { method: "GET", template: `${group}/publicIPAddresses/{name}`, handler: getPublicIp, authorization: { action: `${network}/publicIPAddresses/read` } },
    { method: "DELETE", template: `${group}/publicIPAddresses/{name}`, handler: deletePublicIp, authorization: { action: `${network}/publicIPAddresses/delete` } },
    { method: "PATCH", template: `${group}/publicIPAddresses/{name}`, handler: patchTags("publicIPAddresses"), authorization: { action: `${network}/publicIPAddresses/write` } },
    { method: "GET", template: `${group}/publicIPAddresses`, handler: listPublicIps, authorization: { action: `${network}/publicIPAddresses/read`, scopeOf: parent } },
    { method: "GET", template: `${subscription}/publicIPAddresses`, handler: listPublicIps, authorization: { action: `${network}/publicIPAddresses/read`, scopeOf: parent } },
    { method: "PUT", template: `${group}/loadBalancers/{name}`, handler: putLoadBalancer, authorization: { action: `${network}/loadBalancers/write`, linksPublicIps: true } },
    { method: "GET", template: `${group}/loadBalancers/{name}`, handler: getLoadBalancer, authorization: { action: `${network}/loadBalancers/read` } },
    { method: "DELETE", template: `${group}/loadBalancers/{name}`, handler: deleteLoadBalancer, authorization: { action: `${network}/loadBalancers/delete` } },
    { method: "PATCH", template: `${group}/loadBalancers/{name}`, handler: patchTags("loadBalancers"), authorization: { action: `${network}/loadBalancers/write` } },
    { method: "GET", template: `${group}/loadBalancers`, handler: listLoadBalancers, authorization: { action: `${network}/loadBalancers/read`, scopeOf: parent } },
    { method: "GET", template: `${subscription}/loadBalancers`, handler: listLoadBalancers, authorization: { action: `${network}/loadBalancers/read`, scopeOf: parent } },
    {
        method: "GET",
        template: `${group}/loadBalancers/{name}/{collection}`,
        handler: listLoadBalancerChildren,
        // A child has its own read action (`loadBalancers/backendAddressPools/read`, Azure/ARO-HCP#1611).
        authorization: { action: (params) => `${network}/loadBalancers/${params.collection}/read`, scopeOf: parent },
    },
    {
        method: "GET",
        template: `${group}/loadBalancers/{name}/{collection}/{child}`,
        handler: getLoadBalancerChild,
        authorization: { action: (params) => `${network}/loadBalancers/${params.collection}/read` },
    },
    {
        method: "POST",
        template: `${group}/loadBalancers/{name}/loadBalancingRules/{rule}/health`,
        handler: postRuleHealth,
        // "Get Health Details of Load Balancing Rule" (docs/least-privilege.md has the source); the scope is the rule.
        authorization: { action: `${network}/loadBalancers/loadBalancingRules/health/action`, scopeOf: parent },
    },
    {
        method: "POST",
        template: `${subscription}/locations/{location}/setLoadBalancerFrontendPublicIpAddresses`,
        handler: postSwapPublicIpAddresses,
        authorization: { action: `${network}/locations/setLoadBalancerFrontendPublicIpAddresses/action`, scopeOf: parent, linksPublicIps: true },
    },
    // Polling: enforced here, the harsher choice, as whether Azure enforces it is unconfirmed (docs/azure-behaviour.md §10).
    { method: "PUT", template: `${group}/virtualNetworks/{name}`, handler: putVirtualNetwork, authorization: { action: `${network}/virtualNetworks/write` } },
    { method: "GET", template: `${group}/virtualNetworks/{name}`, handler: getVirtualNetwork, authorization: { action: `${network}/virtualNetworks/read` } },
    { method: "DELETE", template: `${group}/virtualNetworks/{name}`, handler: deleteVirtualNetwork, authorization: { action: `${network}/virtualNetworks/delete` } },
    { method: "PUT", template: `${group}/virtualNetworks/{name}/subnets/{subnet}`, handler: putSubnet, authorization: { action: `${network}/virtualNetworks/subnets/write` } },
    { method: "GET", template: `${group}/virtualNetworks/{name}/subnets/{subnet}`, handler: getSubnet, authorization: { action: `${network}/virtualNetworks/subnets/read` } },
    { method: "DELETE", template: `${group}/virtualNetworks/{name}/subnets/{subnet}`, handler: deleteSubnet, authorization: { action: `${network}/virtualNetworks/subnets/delete` } },
    { method: "PUT", template: `${group}/networkSecurityGroups/{name}`, handler: putSecurityGroup, authorization: { action: `${network}/networkSecurityGroups/write` } },
    { method: "GET", template: `${group}/networkSecurityGroups/{name}`, handler: getSecurityGroup, authorization: { action: `${network}/networkSecurityGroups/read` } },
    { method: "DELETE", template: `${group}/networkSecurityGroups/{name}`, handler: deleteSecurityGroup, authorization: { action: `${network}/networkSecurityGroups/delete` } },
    { method: "PUT", template: `${compute}/virtualMachineScaleSets/{name}`, handler: putScaleSet, authorization: { action: "Microsoft.Compute/virtualMachineScaleSets/write" } },
    { method: "GET", template: `${compute}/virtualMachineScaleSets/{name}`, handler: getScaleSet, authorization: { action: "Microsoft.Compute/virtualMachineScaleSets/read" } },
    { method: "DELETE", template: `${compute}/virtualMachineScaleSets/{name}`, handler: deleteScaleSet, authorization: { action: "Microsoft.Compute/virtualMachineScaleSets/delete" } },
    { method: "PUT", template: resourceGroup, handler: putResourceGroup, authorization: { action: "Microsoft.Resources/subscriptions/resourceGroups/write" } },
    { method: "GET", template: resourceGroup, handler: getResourceGroup, authorization: { action: "Microsoft.Resources/subscriptions/resourceGroups/read" } },
    { method: "DELETE", template: resourceGroup, handler: deleteResourceGroup, authorization: { action: "Microsoft.Resources/subscriptions/resourceGroups/delete" } },
    { method: "GET", template: `${subscription}/locations/{location}/operations/{operationId}`, handler: getOperationStatus, authorization: { action: `${network}/locations/operations/read` } },
    {
        method: "GET",
        template: `${subscription}/locations/{location}/operationResults/{operationId}`,
        handler: getOperationResult,
        authorization: { action: `${network}/locations/operationResults/read` },
    },
    {
        method: "GET",
        template: "/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Authorization/permissions",
        handler: listPermissionsForResourceGroup,
        authorization: { action: "Microsoft.Authorization/permissions/read", scopeOf: (path) => path.replace(/\/providers\/Microsoft\.Authorization\/permissions$/i, "") },
    },
];
