import { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { AddressModel, addressModel } from "../model/address";
import { LoadBalancerModel, loadBalancerModel } from "../model/loadBalancer";
import { regionOf, StackIndex } from "../model/stackIndex";
import { sharedSwapTargetFields, swapTargetFields } from "../../components/swap/swapTarget";
import { SwapTargetField, VipSwapModel, vipSwapModel } from "../model/vipSwap";
import { describe } from "./describe";

/**
 * A VipSwap resource of the paired kind names two load balancers and two addresses that this stack declares, in one
 * region, and the frontend it names exists on both load balancers; one of the shared kind names a load balancer of
 * this stack that has the two frontends and the two pools it names. Otherwise the swap fails half-way or, worse, moves an address
 * that this stack does not manage; and Azure refuses references across regions ("both resources are in the same
 * region", docs/azure-behaviour.md §6). The named resources must also be what their tags say (blue is blue, production is
 * production), or the swap would put production on the wrong side.
 */
export const swapTargetsPolicy: StackValidationPolicy = {
    name: "vipswap-swap-targets",
    description:
        "A VipSwap resource names two load balancers and two public IPs that exist in the same stack, share one " +
        "region and carry the named frontend; or (shared kind) a load balancer of the stack with the frontends and " +
        "pools it names.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const stack = new StackIndex(args.resources);
        for (const resource of stack.resources) {
            const vipSwap = vipSwapModel(resource);
            if (vipSwap?.kind() === "sharedLoadBalancer") {
                checkSharedVipSwap(vipSwap, stack, report);
            } else if (vipSwap !== undefined) {
                checkVipSwap(vipSwap, stack, report);
            }
        }
    },
};

type Found<T> = { key: SwapTargetField; model: T | undefined };

/** A target's name fields (every field but `kind`). */
function namedFields(fields: readonly string[]): SwapTargetField[] {
    return fields.filter((key) => key !== "kind") as SwapTargetField[];
}

function checkVipSwap(vipSwap: VipSwapModel, stack: StackIndex, report: ReportViolation): void {
    const urn = vipSwap.resource.urn;
    const what = `VipSwap "${vipSwap.resource.name}"`;
    const missing = namedFields(swapTargetFields).filter((key) => vipSwap.target(key) === undefined);
    if (missing.length > 0) {
        report(`${what} does not set ${missing.join(", ")}: give every SwapTarget field a name.`, urn);
        return;
    }
    const t = (key: SwapTargetField) => vipSwap.target(key)!;
    const resourceGroup = t("resourceGroupName");
    if (same(t("blueLoadBalancerName"), t("greenLoadBalancerName"))) {
        report(`${what} names "${t("blueLoadBalancerName")}" as both load balancers: name the blue and the green one.`, urn);
    }
    if (same(t("productionIpName"), t("stagingIpName"))) {
        report(`${what} names "${t("productionIpName")}" as both addresses: name the production and the staging one.`, urn);
    }

    const loadBalancers: Found<LoadBalancerModel>[] = (["blueLoadBalancerName", "greenLoadBalancerName"] as const).map(
        (key) => ({ key, model: find(stack, loadBalancerModel, t(key), resourceGroup) }),
    );
    const addresses: Found<AddressModel>[] = (["productionIpName", "stagingIpName"] as const).map((key) => ({
        key,
        model: find(stack, addressModel, t(key), resourceGroup),
    }));
    for (const { key, model } of [...loadBalancers, ...addresses]) {
        if (model === undefined) {
            const kind = key.endsWith("LoadBalancerName") ? "load balancer" : "public IP";
            report(
                `${what} names ${kind} "${t(key)}" in resource group "${resourceGroup}" (${key}), but this stack ` +
                    `declares no ${kind} of that name there: fix ${key}, or declare the ${kind} in this stack ` +
                    "(the swap must only move addresses that this stack manages).",
                urn,
            );
        }
    }

    for (const { key, model } of loadBalancers) {
        const expected = key === "blueLoadBalancerName" ? "blue" : "green";
        const colour = model?.colour();
        if (model !== undefined && colour !== undefined && colour !== expected) {
            report(
                `${what} names ${describe(model.resource)} as the ${expected} load balancer, but it is tagged ` +
                    `vipswap:colour=${colour}: swap ${"blueLoadBalancerName"} and ${"greenLoadBalancerName"}, or fix the tag.`,
                urn,
            );
        }
        if (model !== undefined && !model.frontendNames().includes(t("frontendName"))) {
            report(
                `${what} names frontend "${t("frontendName")}", which ${describe(model.resource)} does not have ` +
                    `(it has ${model.frontendNames().map((n) => `"${n}"`).join(", ") || "none"}): fix frontendName ` +
                    "or the load balancer's frontend names.",
                urn,
            );
        }
    }
    for (const { key, model } of addresses) {
        const expected = key === "productionIpName" ? "production" : "staging";
        const role = model?.role();
        if (model !== undefined && role !== undefined && role !== expected) {
            report(
                `${what} names ${describe(model.resource)} as the ${expected} address, but it is tagged as the ` +
                    `${role} address: swap productionIpName and stagingIpName, or fix the tag.`,
                urn,
            );
        }
    }

    const regions = new Map<string, string[]>();
    for (const { model } of [...loadBalancers, ...addresses]) {
        const region = model ? regionOf(model.resource, stack) : undefined;
        if (model !== undefined && region !== undefined) {
            regions.set(region, [...(regions.get(region) ?? []), describe(model.resource)]);
        }
    }
    if (regions.size > 1) {
        const list = [...regions.entries()].map(([region, names]) => `${region}: ${names.join(", ")}`).join("; ");
        report(
            `${what} spans regions (${list}): put both load balancers and both addresses in one region; Azure ` +
                "cannot attach an address to a load balancer in another region.",
            urn,
        );
    }
}

/** The shared kind: one load balancer of this stack, tagged shared, with the two frontends and two pools named. */
function checkSharedVipSwap(vipSwap: VipSwapModel, stack: StackIndex, report: ReportViolation): void {
    const urn = vipSwap.resource.urn;
    const what = `VipSwap "${vipSwap.resource.name}"`;
    const missing = namedFields(sharedSwapTargetFields).filter((key) => vipSwap.target(key) === undefined);
    if (missing.length > 0) {
        report(`${what} does not set ${missing.join(", ")}: give every field of a shared swap target a name.`, urn);
        return;
    }
    const t = (key: SwapTargetField) => vipSwap.target(key)!;
    if (same(t("productionFrontendName"), t("stagingFrontendName"))) {
        report(`${what} names "${t("productionFrontendName")}" as both frontends: name the production and the staging one.`, urn);
    }
    if (same(t("bluePoolName"), t("greenPoolName"))) {
        report(`${what} names "${t("bluePoolName")}" as both pools: name the blue and the green one.`, urn);
    }
    const model = find(stack, loadBalancerModel, t("loadBalancerName"), t("resourceGroupName"));
    if (model === undefined) {
        report(
            `${what} names load balancer "${t("loadBalancerName")}" in resource group "${t("resourceGroupName")}" ` +
                "(loadBalancerName), but this stack declares no load balancer of that name there: fix loadBalancerName, " +
                "or declare the load balancer in this stack (the swap must only change what this stack manages).",
            urn,
        );
        return;
    }
    const colour = model.colour();
    if (colour !== undefined) {
        report(
            `${what} names ${describe(model.resource)} as the shared load balancer, but it is tagged ` +
                `vipswap:colour=${colour}: a shared swap needs the one load balancer in front of both colours ` +
                "(tag vipswap:colour=shared); for a load balancer per colour use a paired VipSwap.",
            urn,
        );
    }
    const has = (present: string[], name: string) => present.some((p) => same(p, name));
    for (const key of ["productionFrontendName", "stagingFrontendName"] as const) {
        if (!has(model.frontendNames(), t(key))) {
            report(
                `${what} names frontend "${t(key)}" (${key}), which ${describe(model.resource)} does not have ` +
                    `(it has ${model.frontendNames().map((n) => `"${n}"`).join(", ") || "none"}): fix ${key} or the frontend names.`,
                urn,
            );
        }
    }
    for (const key of ["bluePoolName", "greenPoolName"] as const) {
        if (!has(model.poolNames(), t(key))) {
            report(
                `${what} names backend pool "${t(key)}" (${key}), which ${describe(model.resource)} does not have ` +
                    `(it has ${model.poolNames().map((n) => `"${n}"`).join(", ") || "none"}): fix ${key} or the pool names.`,
                urn,
            );
        }
    }
}

function find<T extends { azureName(): string | undefined; resourceGroupName(): string | undefined }>(
    stack: StackIndex,
    view: (resource: StackIndex["resources"][number]) => T | undefined,
    name: string,
    resourceGroup: string,
): T | undefined {
    for (const resource of stack.resources) {
        const model = view(resource);
        // Names are compared always, resource groups when the resource tells its own (azure-native outputs may not).
        const group = model?.resourceGroupName();
        if (model !== undefined && same(model.azureName(), name) && (group === undefined || same(group, resourceGroup))) {
            return model;
        }
    }
    return undefined;
}

/** Azure resource names are case-insensitive. */
function same(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
