/**
 * Turns a load balancer PUT body into the body Azure stores: every child gets its id, name, etag, type and
 * provisioningState, references are reduced to `{id}` and resolved within the load balancer, and the read-only
 * back-references (a frontend's `loadBalancingRules`, a pool's `outboundRules`, ...) are filled in, as Azure does
 * (`examples/LoadBalancerGet.json`, api-version 2025-05-01 shape).
 */
import { randomUUID } from "node:crypto";
import { invalidRequestFormat, invalidResourceReference } from "./networkErrors";
import type { JsonObject } from "./requestBody";
import { arrayAt, locationOf, objectAt, optionalObjectAt, optionalStringAt, referenceAt, tagsOf } from "./requestBody";
import type { ChildResource, LoadBalancerBody, LoadBalancerCollection } from "./resourceBodies";
import { loadBalancerCollections, newEtag } from "./resourceBodies";
import { childId, sameId } from "./resourceId";

/** Read-only properties that Azure computes; a client that GETs, edits and PUTs sends them back, and they are ignored. */
const computedProperties: Record<LoadBalancerCollection, readonly string[]> = {
    frontendIPConfigurations: ["provisioningState", "loadBalancingRules", "outboundRules", "inboundNatRules", "inboundNatPools"],
    backendAddressPools: ["provisioningState", "loadBalancingRules", "outboundRules", "outboundRule", "inboundNatRules", "backendIPConfigurations"],
    probes: ["provisioningState", "loadBalancingRules"],
    loadBalancingRules: ["provisioningState"],
    outboundRules: ["provisioningState"],
    inboundNatRules: ["provisioningState", "backendIPConfiguration"],
    inboundNatPools: ["provisioningState"],
};

/** Single references: (collection, property) -> the collection they must point into (null: outside the load balancer). */
const singleReferences: [LoadBalancerCollection, string, LoadBalancerCollection | null][] = [
    ["frontendIPConfigurations", "publicIPAddress", null],
    ["frontendIPConfigurations", "subnet", null],
    ["frontendIPConfigurations", "publicIPPrefix", null],
    ["loadBalancingRules", "frontendIPConfiguration", "frontendIPConfigurations"],
    ["loadBalancingRules", "backendAddressPool", "backendAddressPools"],
    ["loadBalancingRules", "probe", "probes"],
    ["outboundRules", "backendAddressPool", "backendAddressPools"],
    ["inboundNatRules", "frontendIPConfiguration", "frontendIPConfigurations"],
    ["inboundNatRules", "backendAddressPool", "backendAddressPools"],
    ["inboundNatPools", "frontendIPConfiguration", "frontendIPConfigurations"],
];

/** Reference lists: (collection, property) -> the collection they point into. */
const listReferences: [LoadBalancerCollection, string, LoadBalancerCollection][] = [
    ["loadBalancingRules", "backendAddressPools", "backendAddressPools"],
    ["outboundRules", "frontendIPConfigurations", "frontendIPConfigurations"],
];

/** Back-references Azure fills in: (collection that points, property, target collection, back-reference property). */
const backReferences: [LoadBalancerCollection, string, LoadBalancerCollection, string][] = [
    ["loadBalancingRules", "frontendIPConfiguration", "frontendIPConfigurations", "loadBalancingRules"],
    ["outboundRules", "frontendIPConfigurations", "frontendIPConfigurations", "outboundRules"],
    ["inboundNatRules", "frontendIPConfiguration", "frontendIPConfigurations", "inboundNatRules"],
    ["inboundNatPools", "frontendIPConfiguration", "frontendIPConfigurations", "inboundNatPools"],
    ["loadBalancingRules", "backendAddressPool", "backendAddressPools", "loadBalancingRules"],
    ["outboundRules", "backendAddressPool", "backendAddressPools", "outboundRules"],
    ["loadBalancingRules", "probe", "probes", "loadBalancingRules"],
];

/** Parses and normalizes a load balancer PUT body (see the file comment). */
export function parseLoadBalancer(raw: unknown, id: string, name: string, existing: LoadBalancerBody | undefined): LoadBalancerBody {
    const body = objectAt(raw, "body");
    const properties = optionalObjectAt(body.properties, "properties") ?? {};
    const sku = optionalObjectAt(body.sku, "sku");
    // Basic load balancers were retired on 2025-09-30 (docs/azure-behaviour.md §2), so an omitted SKU means Standard here.
    const skuName = optionalStringAt(sku?.name, "sku.name") ?? "Standard";
    if (!["basic", "standard", "gateway"].includes(skuName.toLowerCase())) {
        throw invalidRequestFormat(`'sku.name' must be Basic, Standard or Gateway; got '${skuName}'.`);
    }
    const etag = newEtag(randomUUID());
    const lbId = existing?.id ?? id;
    const children = {} as Record<LoadBalancerCollection, ChildResource[]>;
    for (const collection of loadBalancerCollections) {
        children[collection] = parseChildren(properties[collection], collection, lbId, etag);
    }
    resolveReferences(children);
    fillBackReferences(children);
    const tags = tagsOf(body);
    return {
        id: lbId,
        name: existing?.name ?? name,
        type: "Microsoft.Network/loadBalancers",
        location: locationOf(body),
        ...(tags ? { tags } : {}),
        etag,
        sku: { name: skuName, tier: optionalStringAt(sku?.tier, "sku.tier") ?? "Regional" },
        properties: {
            ...children,
            resourceGuid: existing?.properties.resourceGuid ?? randomUUID(),
            provisioningState: "Updating",
        },
    };
}

function parseChildren(raw: unknown, collection: LoadBalancerCollection, lbId: string, etag: string): ChildResource[] {
    const seen = new Set<string>();
    return arrayAt(raw, `properties.${collection}`).map((item, index) => {
        const child = objectAt(item, `properties.${collection}[${index}]`);
        const name = optionalStringAt(child.name, `properties.${collection}[${index}].name`);
        if (!name) {
            throw invalidRequestFormat(`'properties.${collection}[${index}].name' is required.`);
        }
        if (seen.has(name.toLowerCase())) {
            throw invalidRequestFormat(`Two entries of '${collection}' are named '${name}'; names must be unique.`);
        }
        seen.add(name.toLowerCase());
        const properties: JsonObject = { ...(optionalObjectAt(child.properties, `${collection}[${index}].properties`) ?? {}) };
        for (const computed of computedProperties[collection]) {
            delete properties[computed];
        }
        const zones = arrayAt(child.zones, `${collection}[${index}].zones`).map(String);
        return {
            id: childId(lbId, collection, name),
            name,
            etag,
            type: `Microsoft.Network/loadBalancers/${collection}`,
            ...(zones.length > 0 ? { zones } : {}),
            properties: { ...properties, provisioningState: "Updating" },
        };
    });
}

/** Reduces references to `{id}` and checks that internal ones resolve (docs/azure-behaviour.md §6, `InvalidResourceReference`). */
function resolveReferences(children: Record<LoadBalancerCollection, ChildResource[]>): void {
    const resolve = (ref: { id: string }, target: LoadBalancerCollection | null, by: ChildResource): { id: string } => {
        if (target === null) {
            return ref;
        }
        const found = children[target].find((c) => sameId(c.id, ref.id));
        if (!found) {
            throw invalidResourceReference(ref.id, by.id);
        }
        return { id: found.id };
    };
    for (const [collection, property, target] of singleReferences) {
        for (const child of children[collection]) {
            const ref = referenceAt(child.properties[property], `${child.name}.properties.${property}`);
            if (ref) {
                child.properties[property] = resolve(ref, target, child);
            } else {
                delete child.properties[property];
            }
        }
    }
    for (const [collection, property, target] of listReferences) {
        for (const child of children[collection]) {
            const refs = arrayAt(child.properties[property], `${child.name}.properties.${property}`);
            if (refs.length === 0) {
                delete child.properties[property];
                continue;
            }
            child.properties[property] = refs.map((r, i) => {
                const ref = referenceAt(r, `${child.name}.properties.${property}[${i}]`);
                if (!ref) {
                    throw invalidRequestFormat(`'${child.name}.properties.${property}[${i}]' must be {id}.`);
                }
                return resolve(ref, target, child);
            });
        }
    }
}

function fillBackReferences(children: Record<LoadBalancerCollection, ChildResource[]>): void {
    for (const [from, property, to, backProperty] of backReferences) {
        for (const source of children[from]) {
            const value = source.properties[property];
            const refs = (Array.isArray(value) ? value : value ? [value] : []) as { id: string }[];
            for (const ref of refs) {
                const target = children[to].find((c) => sameId(c.id, ref.id));
                if (target) {
                    const list = (target.properties[backProperty] as { id: string }[] | undefined) ?? [];
                    list.push({ id: source.id });
                    target.properties[backProperty] = list;
                }
            }
        }
    }
}
