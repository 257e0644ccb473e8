import type { PoolSwitchSnapshot } from "../../azure/poolSwitchResources";
import type { SharedSwapTarget } from "../swapTarget";
import { frontendNameOf, frontendRoles, poolNameOf } from "./poolSwitchState";

/** The shared target's own checks, after every name passed swapValidation.ts: two distinct frontends and two distinct pools. */
export function validateSharedTarget(target: SharedSwapTarget): string[] {
    const problems: string[] = [];
    if (target.productionFrontendName.toLowerCase() === target.stagingFrontendName.toLowerCase()) {
        problems.push(`The production and staging frontends are both "${target.productionFrontendName}"; the shared load balancer needs one frontend per address.`);
    }
    if (target.bluePoolName.toLowerCase() === target.greenPoolName.toLowerCase()) {
        problems.push(`The blue and green pools are both "${target.bluePoolName}"; the shared load balancer needs one pool per colour.`);
    }
    return problems;
}

/**
 * Checks what Azure returned before the first write: the load balancer exists and is Standard, both frontends exist
 * and each references a public IP that Azure has, and both pools exist.
 * @returns the problems found, each naming the resource and what to do (empty when the swap may proceed)
 */
export function validatePoolSwitchSnapshot(snapshot: PoolSwitchSnapshot, target: SharedSwapTarget): string[] {
    const lb = snapshot.loadBalancer;
    if (!lb) {
        return [`The load balancer "${target.loadBalancerName}" was not found in resource group "${target.resourceGroupName}"; check the name and the subscription.`];
    }
    const problems: string[] = [];
    if (lb.sku?.name && lb.sku.name.toLowerCase() !== "standard") {
        problems.push(`The load balancer "${target.loadBalancerName}" has SKU ${lb.sku.name}; the swap needs a Standard load balancer.`);
    }
    const names = (items: readonly { name?: string }[] | undefined) => (items ?? []).map((i) => i.name).join(", ") || "none";
    for (const role of frontendRoles) {
        const name = frontendNameOf(target, role);
        const frontend = lb.frontendIPConfigurations?.find((f) => f.name?.toLowerCase() === name.toLowerCase());
        if (!frontend) {
            problems.push(`The load balancer "${target.loadBalancerName}" has no frontend named "${name}" for ${role} (it has: ${names(lb.frontendIPConfigurations)}); pass the frontend's name.`);
        } else if (!frontend.publicIPAddress?.id) {
            problems.push(`The ${role} frontend "${name}" references no public IP address; the swap only handles public frontends.`);
        } else if (!snapshot[role]) {
            problems.push(`The ${role} frontend "${name}" references ${frontend.publicIPAddress.id}, which Azure says does not exist.`);
        }
    }
    for (const colour of ["blue", "green"] as const) {
        const name = poolNameOf(target, colour);
        if (!lb.backendAddressPools?.some((p) => p.name?.toLowerCase() === name.toLowerCase())) {
            problems.push(`The load balancer "${target.loadBalancerName}" has no backend pool named "${name}" for ${colour} (it has: ${names(lb.backendAddressPools)}); pass the pool's name.`);
        }
    }
    return problems;
}
