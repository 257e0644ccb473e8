/**
 * What a scale set's model says about the network, read from its body: each NIC ipConfiguration with its subnet and
 * load balancer backend pools, the instance count (`sku.capacity`) and the version label it serves. Pure functions,
 * shared by the scale set handlers, the backends they feed and the load balancer view that names them.
 */
import type { ScaleSetBody } from "./resourceBodies";
import { sameId } from "./resourceId";

/** The tag the vipswap component sets on a colour's scale set with its `appVersion` (components/blueGreenTags.ts). */
export const appVersionTag = "vipswap:appVersion";

/** The version label instances serve when their scale set has no {@link appVersionTag}. */
export const defaultAppVersion = "v1";

/** One ipConfiguration of one NIC configuration of the scale set model. */
export interface ScaleSetIpConfiguration {
    readonly nicName: string;
    readonly ipConfigurationName: string;
    readonly subnetId?: string;
    readonly backendPoolIds: readonly string[];
}

type Json = Record<string, unknown>;
const objectOr = (value: unknown): Json => (typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {});
const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const idOf = (value: unknown): string | undefined => {
    const id = objectOr(value).id;
    return typeof id === "string" ? id : undefined;
};

/**
 * Every ipConfiguration of the model (`virtualMachineProfile.networkProfile.networkInterfaceConfigurations[]
 * .properties.ipConfigurations[]`, the ARM nesting that azure-native's flat inputs map to).
 */
export function scaleSetIpConfigurations(body: ScaleSetBody): ScaleSetIpConfiguration[] {
    const profile = objectOr(body.properties.virtualMachineProfile);
    const nics = listOf(objectOr(profile.networkProfile).networkInterfaceConfigurations);
    return nics.flatMap((nicValue) => {
        const nic = objectOr(nicValue);
        const ipConfigurations = listOf(objectOr(nic.properties).ipConfigurations);
        return ipConfigurations.map((ipValue) => {
            const ip = objectOr(ipValue);
            const properties = objectOr(ip.properties);
            const subnetId = idOf(properties.subnet);
            return {
                nicName: String(nic.name ?? ""),
                ipConfigurationName: String(ip.name ?? ""),
                ...(subnetId ? { subnetId } : {}),
                backendPoolIds: listOf(properties.loadBalancerBackendAddressPools).map(idOf).filter((id): id is string => id !== undefined),
            };
        });
    });
}

/** The instance count: `sku.capacity` (0 when absent). */
export function capacityOf(body: ScaleSetBody): number {
    const capacity = body.sku?.capacity;
    return typeof capacity === "number" ? capacity : 0;
}

/** The version label the instances serve (the data plane's `version`). */
export function appVersionOf(body: ScaleSetBody): string {
    const version = body.tags?.[appVersionTag];
    return version !== undefined && version !== "" ? version : defaultAppVersion;
}

/**
 * The ids of the instances' NIC ipConfigurations that sit in `poolId`, as a load balancer GET names them in the pool's
 * read-only `backendIPConfigurations` (docs/azure-behaviour.md §11, round-trip note): instance ids 0 to capacity-1.
 */
export function instanceIpConfigurationIds(body: ScaleSetBody, poolId: string): string[] {
    const inPool = scaleSetIpConfigurations(body).filter((c) => c.backendPoolIds.some((id) => sameId(id, poolId)));
    return Array.from({ length: capacityOf(body) }, (_, instance) =>
        inPool.map((c) => `${body.id}/virtualMachines/${instance}/networkInterfaces/${c.nicName}/ipConfigurations/${c.ipConfigurationName}`),
    ).flat();
}

/** The ipConfigurations (as `<scale set id>/…/ipConfigurations/<name>`) that use `subnetId`. */
export function subnetUsersIn(body: ScaleSetBody, subnetId: string): string[] {
    return scaleSetIpConfigurations(body)
        .filter((c) => c.subnetId !== undefined && sameId(c.subnetId, subnetId))
        .map((c) => `${body.id}/virtualMachines/*/networkInterfaces/${c.nicName}/ipConfigurations/${c.ipConfigurationName}`);
}
