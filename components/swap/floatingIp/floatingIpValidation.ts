import type { LoadBalancer, PublicIPAddress } from "@azure/arm-network";
import type { SwapSnapshot } from "../../azure/swapResources";
import { findFrontend } from "./observeState";
import { type PairedSwapTarget, floatingIpName } from "../swapTarget";

/**
 * The paired target's own checks, after every name passed swapValidation.ts: the two load balancers and the two
 * addresses are distinct resources, and staging does not take the floating IP's name.
 */
export function validatePairedTarget(target: PairedSwapTarget): string[] {
    const problems: string[] = [];
    if (target.blueLoadBalancerName.toLowerCase() === target.greenLoadBalancerName.toLowerCase()) {
        problems.push(`The blue and green load balancers are both "${target.blueLoadBalancerName}"; a swap needs two load balancers.`);
    }
    if (target.productionIpName.toLowerCase() === target.stagingIpName.toLowerCase()) {
        problems.push(`The production and staging addresses are both "${target.productionIpName}"; a swap needs two addresses.`);
    }
    if (target.stagingIpName.toLowerCase() === floatingIpName(target).toLowerCase()) {
        problems.push(`The staging address is named "${target.stagingIpName}", the name the swap gives its temporary floating IP; rename it.`);
    }
    return problems;
}

/** Locations compare without case and spaces ("West Europe" is "westeurope"). */
const normalLocation = (location: string | undefined) => (location ?? "").toLowerCase().replace(/\s+/g, "");

/**
 * Checks what Azure returned before the first write: both load balancers exist in one region, are Standard and
 * have the named frontend; both addresses exist, are Standard and Static (docs/azure-behaviour.md §1
 * `PublicIPAndLBSkuDoNotMatch`, `StandardSkuPublicIPAddressesMustBeStatic`) and are in that region (a reference
 * across regions is refused, docs/azure-behaviour.md §6).
 * @returns the problems found, each naming the resource and what to do (empty when the swap may proceed)
 */
export function validateSnapshot(snapshot: SwapSnapshot, target: PairedSwapTarget): string[] {
    const problems: string[] = [];
    const rg = target.resourceGroupName;
    const loadBalancers: [string, string, LoadBalancer | undefined][] = [
        ["blue", target.blueLoadBalancerName, snapshot.loadBalancers.blue],
        ["green", target.greenLoadBalancerName, snapshot.loadBalancers.green],
    ];
    for (const [colour, name, lb] of loadBalancers) {
        if (!lb) {
            problems.push(`The ${colour} load balancer "${name}" was not found in resource group "${rg}"; check the name and the subscription.`);
            continue;
        }
        if (lb.sku?.name && lb.sku.name.toLowerCase() !== "standard") {
            problems.push(`The ${colour} load balancer "${name}" has SKU ${lb.sku.name}; the swap needs Standard load balancers (Basic was retired on 30 September 2025).`);
        }
        if (!findFrontend(lb, target.frontendName)) {
            const names = (lb.frontendIPConfigurations ?? []).map((f) => f.name).join(", ") || "none";
            problems.push(`The ${colour} load balancer "${name}" has no frontend named "${target.frontendName}" (it has: ${names}); pass the frontend's name.`);
        }
    }
    const [blue, green] = [snapshot.loadBalancers.blue, snapshot.loadBalancers.green];
    if (blue && green && normalLocation(blue.location) !== normalLocation(green.location)) {
        problems.push(`The load balancers are in different regions (${target.blueLoadBalancerName}: ${blue.location}, ${target.greenLoadBalancerName}: ${green.location}); Azure cannot move an address between regions, so both must be in one.`);
    }
    const region = blue?.location ?? green?.location;
    const addresses: [string, string, PublicIPAddress | undefined][] = [
        ["production", target.productionIpName, snapshot.production],
        ["staging", target.stagingIpName, snapshot.staging],
    ];
    for (const [role, name, pip] of addresses) {
        if (!pip) {
            problems.push(`The ${role} address "${name}" was not found in resource group "${rg}"; check the name.`);
            continue;
        }
        if (pip.sku?.name?.toLowerCase() !== "standard") {
            problems.push(`The ${role} address "${name}" has SKU ${pip.sku?.name ?? "unset"}; it must be Standard to be moved between Standard load balancers.`);
        }
        if (pip.publicIPAllocationMethod?.toLowerCase() !== "static") {
            problems.push(`The ${role} address "${name}" is ${pip.publicIPAllocationMethod ?? "of unknown allocation"}; it must be Static, or its address could change.`);
        }
        if (region && normalLocation(pip.location) !== normalLocation(region)) {
            problems.push(`The ${role} address "${name}" is in ${pip.location}, the load balancers in ${region}; an address can only be attached in its own region.`);
        }
    }
    return problems;
}
