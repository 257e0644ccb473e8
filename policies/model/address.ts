import { field, firstStringField, resourceGroupOf, stringField, stringListField } from "./propertyReaders";
import { addressTypes, AzureProvider, providerOf } from "./resourceTypes";
import { ResourceLike } from "./stackIndex";
import { Role, roleOf } from "./vipswapTags";

/**
 * One public IP address in a provider-neutral shape. Every accessor reads only the field it needs, when it is
 * called, so a value that is unknown during preview stops only the check that needs it.
 */
export interface AddressModel {
    readonly resource: ResourceLike;
    readonly provider: AzureProvider;
    /** The `vipswap:role` tag. */
    role(): Role | undefined;
    /** The Azure resource name. */
    azureName(): string | undefined;
    /** The resource group name (undefined when neither the inputs nor the outputs say). */
    resourceGroupName(): string | undefined;
    /**
     * The SKU Azure will get: the declared one, or the provider's documented default (classic: `Standard`).
     * Undefined when azure-native leaves it to the API, whose documented default is still Basic (docs/azure-behaviour.md §2).
     */
    sku(): string | undefined;
    /** `Static` or `Dynamic`, when declared. */
    allocation(): string | undefined;
    /** `IPv4` or `IPv6` (both providers default to IPv4). */
    ipVersion(): string;
    /** Availability zones, sorted; empty for a non-zonal address. */
    zones(): string[];
    /** How to write each checked property in this provider's program, for messages. */
    readonly spelling: { sku: string; allocation: string; ipVersion: string; zones: string };
}

/** The provider-neutral view of a public IP address, or undefined when `resource` is not one. */
export function addressModel(resource: ResourceLike): AddressModel | undefined {
    const props = resource.props;
    switch (resource.type) {
        case addressTypes.native:
            return {
                resource,
                provider: providerOf(resource.type),
                role: () => roleOf(props),
                azureName: () => firstStringField(props, ["publicIpAddressName", "name"]),
                resourceGroupName: () => resourceGroupOf(props),
                sku: () => stringField(field(props, "sku"), "name"),
                allocation: () => stringField(props, "publicIPAllocationMethod"),
                ipVersion: () => stringField(props, "publicIPAddressVersion") ?? "IPv4",
                zones: () => stringListField(props, "zones").sort(),
                spelling: {
                    sku: 'sku: { name: "Standard" }',
                    allocation: 'publicIPAllocationMethod: "Static"',
                    ipVersion: "publicIPAddressVersion",
                    zones: "zones",
                },
            };
        case addressTypes.classic:
            return {
                resource,
                provider: providerOf(resource.type),
                role: () => roleOf(props),
                azureName: () => stringField(props, "name"),
                resourceGroupName: () => resourceGroupOf(props),
                // @pulumi/azure 6.x documents `sku` "Defaults to `Standard`" (network/publicIp.d.ts).
                sku: () => stringField(props, "sku") ?? "Standard",
                allocation: () => stringField(props, "allocationMethod"),
                ipVersion: () => stringField(props, "ipVersion") ?? "IPv4",
                zones: () => stringListField(props, "zones").sort(),
                spelling: {
                    sku: 'sku: "Standard"',
                    allocation: 'allocationMethod: "Static"',
                    ipVersion: "ipVersion",
                    zones: "zones",
                },
            };
        default:
            return undefined;
    }
}
