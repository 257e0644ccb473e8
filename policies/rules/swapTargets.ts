import { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { PairedSwapTarget } from "../../components/swap/swapTarget";
import { AddressModel, addressModel } from "../model/address";
import { LoadBalancerModel, loadBalancerModel } from "../model/loadBalancer";
import { regionOf, StackIndex } from "../model/stackIndex";
import { swapTargetFields } from "../../components/swap/swapTarget";
import { VipSwapModel, vipSwapModel } from "../model/vipSwap";
import { describe } from "./describe";

/**
 * A VipSwap resource names two load balancers and two addresses that this stack declares, in one region, and the
 * frontend it names exists on both load balancers. Otherwise the swap fails half-way or, worse, moves an address
 * that this stack does not manage; and Azure refuses references across regions ("both resources are in the same
 * region", docs/azure-behaviour.md §6). The named resources must also be what their tags say (blue is blue, production is
 * production), or the swap would put production on the wrong side.
 */
export const swapTargetsPolicy: StackValidationPolicy = {
    name: "vipswap-swap-targets",
    description:
        "A VipSwap resource names two load balancers and two public IPs that exist in the same stack, share one " +
        "region and carry the named frontend.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const stack = new StackIndex(args.resources);
        for (const resource of stack.resources) {
            const vipSwap = vipSwapModel(resource);
            if (vipSwap !== undefined) {
                checkVipSwap(vipSwap, stack, report);
            }
        }
    },
};

type Found<T> = { key: keyof PairedSwapTarget; model: T | undefined };

function checkVipSwap(vipSwap: VipSwapModel, stack: StackIndex, report: ReportViolation): void {
    const urn = vipSwap.resource.urn;
    const what = `VipSwap "${vipSwap.resource.name}"`;
    const missing = swapTargetFields.filter((key) => vipSwap.target(key) === undefined);
    if (missing.length > 0) {
        report(`${what} does not set ${missing.join(", ")}: give every SwapTarget field a name.`, urn);
        return;
    }
    const t = (key: keyof PairedSwapTarget) => vipSwap.target(key)!;
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
