import { invalidRequestFormat, locationRequired } from "./networkErrors";

/** A JSON object from a request body. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object. */
export function isJsonObject(value: unknown): value is JsonObject {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as an object, or 400 `InvalidRequestFormat` naming the field. */
export function objectAt(value: unknown, field: string): JsonObject {
    if (!isJsonObject(value)) {
        throw invalidRequestFormat(`'${field}' must be a JSON object.`);
    }
    return value;
}

/** An optional object (undefined stays undefined). */
export function optionalObjectAt(value: unknown, field: string): JsonObject | undefined {
    return value === undefined || value === null ? undefined : objectAt(value, field);
}

/** An optional array (undefined becomes empty). */
export function arrayAt(value: unknown, field: string): unknown[] {
    if (value === undefined || value === null) {
        return [];
    }
    if (!Array.isArray(value)) {
        throw invalidRequestFormat(`'${field}' must be a JSON array.`);
    }
    return value;
}

/** An optional string. */
export function optionalStringAt(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== "string") {
        throw invalidRequestFormat(`'${field}' must be a string.`);
    }
    return value;
}

/**
 * The `location` of a create, or 400 `LocationRequired`, normalized as ARM stores it: a display name such as
 * `West Europe` becomes the region name `westeurope`, so resources written either way are in the same region and
 * polling URLs carry no spaces.
 */
export function locationOf(body: JsonObject): string {
    const location = optionalStringAt(body.location, "location");
    if (!location) {
        throw locationRequired();
    }
    return normalizeLocation(location);
}

/** A region as ARM writes it in bodies and URLs: lower case, no spaces (`West Europe` -> `westeurope`). */
export function normalizeLocation(location: string): string {
    return location.replace(/\s+/g, "").toLowerCase();
}

/** Validated `tags`: string values only, as ARM requires. */
export function tagsOf(body: JsonObject): Record<string, string> | undefined {
    const tags = optionalObjectAt(body.tags, "tags");
    if (!tags) {
        return undefined;
    }
    for (const [key, value] of Object.entries(tags)) {
        if (typeof value !== "string") {
            throw invalidRequestFormat(`Tag '${key}' must have a string value.`);
        }
    }
    return tags as Record<string, string>;
}

/** A `{id}` reference at a field, if present. */
export function referenceAt(value: unknown, field: string): { id: string } | undefined {
    const ref = optionalObjectAt(value, field);
    if (!ref) {
        return undefined;
    }
    if (typeof ref.id !== "string" || ref.id === "") {
        throw invalidRequestFormat(`'${field}.id' must be a resource id.`);
    }
    return { id: ref.id };
}
