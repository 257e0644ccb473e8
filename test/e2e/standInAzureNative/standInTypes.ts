/**
 * The azure-native resource types that the vipswap component and the example stack create, as the stand-in for
 * azure-native serves them: the ARM path and api-version that azure-native 3.28 uses (the "Uses Azure REST API
 * version" line of each `@pulumi/azure-native` 3.28.0 module), the inputs that are path parameters, and how the SDK's
 * flat inputs nest into the ARM body (`properties`, the `x-ms-client-flatten` of the REST specs).
 */

/** How a model's flat inputs nest: flattened models keep `id`/`name`/`etag`/`type`/`zones` and move the rest into `properties`. */
export interface Shape {
    /** This object is a flattened model. */
    readonly flatten?: boolean;
    /** Shapes of some of its fields (by SDK name; for a flattened model, names inside `properties`). */
    readonly fields?: Readonly<Record<string, Shape>>;
    /** The shape of each item, for arrays. */
    readonly items?: Shape;
}

/** One resource type. */
export interface StandInType {
    /** The Pulumi type token, e.g. `azure-native:network:LoadBalancer`. */
    readonly token: string;
    readonly apiVersion: string;
    /** The input that names the resource (azure-native auto-names it when absent). */
    readonly nameInput: string;
    /** Every input that is a path parameter: not part of the body, and a replacement when changed. */
    readonly pathInputs: readonly string[];
    /** The ARM id from the subscription and the path inputs. */
    readonly idOf: (subscriptionId: string, inputs: Readonly<Record<string, unknown>>) => string;
    /** Inputs that stay at the top of the body; every other one goes into `properties` (for a resource with properties). */
    readonly topLevel: readonly string[];
    /** False for a body without `properties` (a resource group). */
    readonly hasProperties: boolean;
    /** The shape of `properties` (child resources and nested models). */
    readonly shape: Shape;
    /**
     * Inputs that azure-native keeps from the live resource when the program leaves them unset
     * (`MaintainSubResourceIfUnset`, docs/pulumi-behaviour.md §5): a network's subnets, managed as their own resources.
     */
    readonly maintainIfUnset: readonly string[];
    /** Inputs besides the path inputs whose change replaces the resource (location: fixed at creation on ARM). */
    readonly forceNew: readonly string[];
}

const flat: Shape = { flatten: true };
const flatItems: Shape = { items: flat };
const group = (sub: string, inputs: Readonly<Record<string, unknown>>) => `/subscriptions/${sub}/resourceGroups/${String(inputs.resourceGroupName)}`;
const tracked = ["location", "tags", "sku", "zones", "identity", "extendedLocation", "plan"];

/** The seven types, by token. */
export const standInTypes: readonly StandInType[] = [
    {
        token: "azure-native:resources:ResourceGroup",
        apiVersion: "2024-03-01",
        nameInput: "resourceGroupName",
        pathInputs: ["resourceGroupName"],
        idOf: group,
        topLevel: ["location", "tags", "managedBy"],
        hasProperties: false,
        shape: {},
        maintainIfUnset: [],
        forceNew: ["location"],
    },
    {
        token: "azure-native:network:VirtualNetwork",
        apiVersion: "2024-05-01",
        nameInput: "virtualNetworkName",
        pathInputs: ["resourceGroupName", "virtualNetworkName"],
        idOf: (sub, i) => `${group(sub, i)}/providers/Microsoft.Network/virtualNetworks/${String(i.virtualNetworkName)}`,
        topLevel: tracked,
        hasProperties: true,
        shape: { fields: { subnets: { items: { flatten: true, fields: { networkSecurityGroup: flat } } } } },
        maintainIfUnset: ["subnets"],
        forceNew: ["location"],
    },
    {
        token: "azure-native:network:Subnet",
        apiVersion: "2024-05-01",
        nameInput: "subnetName",
        pathInputs: ["resourceGroupName", "virtualNetworkName", "subnetName"],
        idOf: (sub, i) =>
            `${group(sub, i)}/providers/Microsoft.Network/virtualNetworks/${String(i.virtualNetworkName)}/subnets/${String(i.subnetName)}`,
        topLevel: ["name", "id"],
        hasProperties: true,
        shape: { fields: { networkSecurityGroup: flat, routeTable: flat, natGateway: flat } },
        maintainIfUnset: [],
        forceNew: [],
    },
    {
        token: "azure-native:network:NetworkSecurityGroup",
        apiVersion: "2024-05-01",
        nameInput: "networkSecurityGroupName",
        pathInputs: ["resourceGroupName", "networkSecurityGroupName"],
        idOf: (sub, i) => `${group(sub, i)}/providers/Microsoft.Network/networkSecurityGroups/${String(i.networkSecurityGroupName)}`,
        topLevel: tracked,
        hasProperties: true,
        shape: { fields: { securityRules: flatItems } },
        maintainIfUnset: [],
        forceNew: ["location"],
    },
    {
        token: "azure-native:network:PublicIPAddress",
        apiVersion: "2024-05-01",
        nameInput: "publicIpAddressName",
        pathInputs: ["resourceGroupName", "publicIpAddressName"],
        idOf: (sub, i) => `${group(sub, i)}/providers/Microsoft.Network/publicIPAddresses/${String(i.publicIpAddressName)}`,
        topLevel: tracked,
        hasProperties: true,
        shape: { fields: { publicIPPrefix: flat, natGateway: flat } },
        maintainIfUnset: [],
        forceNew: ["location"],
    },
    {
        token: "azure-native:network:LoadBalancer",
        apiVersion: "2024-05-01",
        nameInput: "loadBalancerName",
        pathInputs: ["resourceGroupName", "loadBalancerName"],
        idOf: (sub, i) => `${group(sub, i)}/providers/Microsoft.Network/loadBalancers/${String(i.loadBalancerName)}`,
        topLevel: tracked,
        hasProperties: true,
        shape: {
            fields: {
                frontendIPConfigurations: { items: { flatten: true, fields: { publicIPAddress: flat, subnet: flat, publicIPPrefix: flat } } },
                backendAddressPools: flatItems,
                probes: flatItems,
                loadBalancingRules: flatItems,
                outboundRules: flatItems,
                inboundNatRules: flatItems,
                inboundNatPools: flatItems,
            },
        },
        maintainIfUnset: [],
        forceNew: ["location"],
    },
    {
        token: "azure-native:compute:VirtualMachineScaleSet",
        apiVersion: "2024-11-01",
        nameInput: "vmScaleSetName",
        pathInputs: ["resourceGroupName", "vmScaleSetName"],
        idOf: (sub, i) => `${group(sub, i)}/providers/Microsoft.Compute/virtualMachineScaleSets/${String(i.vmScaleSetName)}`,
        topLevel: tracked,
        hasProperties: true,
        shape: {
            fields: {
                virtualMachineProfile: {
                    fields: {
                        networkProfile: {
                            fields: {
                                networkInterfaceConfigurations: {
                                    items: {
                                        flatten: true,
                                        fields: { ipConfigurations: { items: { flatten: true, fields: { publicIPAddressConfiguration: flat } } } },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
        maintainIfUnset: [],
        forceNew: ["location"],
    },
];

/** The type named by a URN (`urn:pulumi:stack::project::parent$type::name`). */
export function standInTypeOfUrn(urn: string): StandInType {
    const qualified = urn.split("::")[2] ?? "";
    const token = qualified.split("$").pop() ?? "";
    const found = standInTypes.find((t) => t.token === token);
    if (!found) {
        throw new Error(
            `The stand-in for azure-native implements only ${standInTypes.map((t) => t.token).join(", ")}; ${token || urn} is not one of them.`,
        );
    }
    return found;
}

/** The resource's own name from its URN (the last segment). */
export function urnName(urn: string): string {
    return urn.split("::").pop() ?? "resource";
}
