/**
 * Turns the PUT body of a virtual network, a network security group or a scale set into the body Azure stores:
 * writable properties kept as sent, read-only ones dropped (a client that GETs, edits and PUTs sends them back), and
 * each child (`subnets`, `securityRules`) given its id, name, etag, type and provisioning state, as Azure returns
 * children of any resource (compare loadBalancerModel.ts).
 */
import { randomUUID } from "node:crypto";
import { invalidRequestFormat } from "./networkErrors";
import { arrayAt, locationOf, objectAt, optionalObjectAt, optionalStringAt, tagsOf } from "./requestBody";
import type { ChildResource, TrackedResourceBody } from "./resourceBodies";
import { cloneJson, newEtag } from "./resourceBodies";
import { childId } from "./resourceId";

/** One child collection of a resource: its property name, the children's type and their read-only properties. */
export interface ChildCollectionSpec {
    readonly collection: string;
    readonly childType: string;
    readonly computed: readonly string[];
}

/** How to read one resource type's PUT body. */
export interface TrackedResourceSpec<T extends string> {
    readonly type: T;
    readonly children: readonly ChildCollectionSpec[];
    /** Read-only top-level `properties` that Azure computes. */
    readonly computed: readonly string[];
}

/** Parses a PUT body (see the file comment); `existing` keeps the id's casing, the name and the resource guid. */
export function parseTrackedResource<T extends string>(
    raw: unknown,
    id: string,
    name: string,
    spec: TrackedResourceSpec<T>,
    existing: TrackedResourceBody<T> | undefined,
): TrackedResourceBody<T> {
    const body = objectAt(raw, "body");
    const properties: Record<string, unknown> = cloneJson(optionalObjectAt(body.properties, "properties") ?? {});
    for (const computed of [...spec.computed, "provisioningState", "resourceGuid"]) {
        delete properties[computed];
    }
    const etag = newEtag(randomUUID());
    const resourceId = existing?.id ?? id;
    for (const child of spec.children) {
        if (properties[child.collection] !== undefined) {
            properties[child.collection] = parseChildren(properties[child.collection], child, resourceId, etag);
        }
    }
    const tags = tagsOf(body);
    const zones = arrayAt(body.zones, "zones").map(String);
    const sku = optionalObjectAt(body.sku, "sku");
    const guid = (existing?.properties.resourceGuid as string | undefined) ?? randomUUID();
    return {
        id: resourceId,
        name: existing?.name ?? name,
        type: spec.type,
        location: locationOf(body),
        ...(tags ? { tags } : {}),
        etag,
        ...(sku ? { sku: sku as TrackedResourceBody<T>["sku"] } : {}),
        ...(zones.length > 0 ? { zones } : {}),
        properties: { ...properties, resourceGuid: guid, provisioningState: "Updating" },
    };
}

/** Normalizes one child collection: names required and unique, ids under the parent. */
export function parseChildren(raw: unknown, spec: ChildCollectionSpec, parentId: string, etag: string): ChildResource[] {
    const seen = new Set<string>();
    return arrayAt(raw, `properties.${spec.collection}`).map((item, index) => parseChild(item, spec, parentId, etag, index, seen));
}

/** Normalizes one child (also the body of a child's own PUT, `index` then undefined). */
export function parseChild(item: unknown, spec: ChildCollectionSpec, parentId: string, etag: string, index?: number, seen = new Set<string>()): ChildResource {
    const field = index === undefined ? "body" : `properties.${spec.collection}[${index}]`;
    const child = objectAt(item, field);
    const name = optionalStringAt(child.name, `${field}.name`);
    if (!name) {
        throw invalidRequestFormat(`'${field}.name' is required.`);
    }
    if (seen.has(name.toLowerCase())) {
        throw invalidRequestFormat(`Two entries of '${spec.collection}' are named '${name}'; names must be unique.`);
    }
    seen.add(name.toLowerCase());
    const properties: Record<string, unknown> = { ...(optionalObjectAt(child.properties, `${field}.properties`) ?? {}) };
    for (const computed of [...spec.computed, "provisioningState"]) {
        delete properties[computed];
    }
    return {
        id: childId(parentId, spec.collection, name),
        name,
        etag,
        type: spec.childType,
        properties: { ...properties, provisioningState: "Updating" },
    };
}
