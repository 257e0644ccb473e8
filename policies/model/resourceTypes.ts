/**
 * The Pulumi type tokens that the vipswap policies understand, for `@pulumi/azure-native` and for the classic
 * `@pulumi/azure` provider. Tokens are compared as strings (not with `isType`) so that the pack does not load
 * either provider's SDK, which is large, just to read a static field.
 */

/** The component that groups one blue/green pair (components/blueGreenDeployment.ts). */
export const blueGreenDeploymentType = "vipswap:azure:BlueGreenDeployment";

/** The VipSwap dynamic resource (components/vipSwap/): `pulumi-nodejs:dynamic/<module>:<type>`. */
export const vipSwapType = "pulumi-nodejs:dynamic/vipswap:VipSwap";

/** VipSwap as the vipswap plugin's own resource, in programs of other languages (docs/other-languages.md). */
export const packageVipSwapType = "vipswap:index:VipSwap";

/** Every dynamic resource type starts with this prefix. */
export const dynamicTypePrefix = "pulumi-nodejs:dynamic";

/** Public IP addresses. */
export const addressTypes = {
    native: "azure-native:network:PublicIPAddress",
    classic: "azure:network/publicIp:PublicIp",
} as const;

/** Load balancers. */
export const loadBalancerTypes = {
    native: "azure-native:network:LoadBalancer",
    classic: "azure:lb/loadBalancer:LoadBalancer",
} as const;

/** Classic load-balancing rules and probes: separate resources that point at their load balancer by `loadbalancerId`. */
export const classicLoadBalancerChildTypes = {
    rule: "azure:lb/rule:Rule",
    probe: "azure:lb/probe:Probe",
    backendAddressPool: "azure:lb/backendAddressPool:BackendAddressPool",
    outboundRule: "azure:lb/outboundRule:OutboundRule",
} as const;

/** Virtual machine scale sets. */
export const scaleSetTypes = {
    native: "azure-native:compute:VirtualMachineScaleSet",
    classicLinux: "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet",
    classicWindows: "azure:compute/windowsVirtualMachineScaleSet:WindowsVirtualMachineScaleSet",
} as const;

/** Resource groups (used to find the region of resources that do not set `location` themselves). */
export const resourceGroupTypes = {
    native: "azure-native:resources:ResourceGroup",
    classic: "azure:core/resourceGroup:ResourceGroup",
} as const;

/** Which provider a resource comes from. */
export type AzureProvider = "azure-native" | "classic";

/** True for either provider's public IP address. */
export function isAddressType(type: string): boolean {
    return type === addressTypes.native || type === addressTypes.classic;
}

/** True for either provider's load balancer. */
export function isLoadBalancerType(type: string): boolean {
    return type === loadBalancerTypes.native || type === loadBalancerTypes.classic;
}

/** True for a classic resource that belongs to a load balancer through `loadbalancerId`. */
export function isClassicLoadBalancerChildType(type: string): boolean {
    return Object.values(classicLoadBalancerChildTypes).some((t) => t === type);
}

/** True for either provider's scale set. */
export function isScaleSetType(type: string): boolean {
    return Object.values(scaleSetTypes).some((t) => t === type);
}

/** True for either provider's resource group. */
export function isResourceGroupType(type: string): boolean {
    return type === resourceGroupTypes.native || type === resourceGroupTypes.classic;
}

/** The provider of a resource type: azure-native tokens start with `azure-native:`, classic ones with `azure:`. */
export function providerOf(type: string): AzureProvider {
    return type.startsWith("azure-native:") ? "azure-native" : "classic";
}
