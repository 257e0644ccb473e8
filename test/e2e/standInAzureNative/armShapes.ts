/**
 * Between azure-native's flat inputs and ARM bodies, both ways (standInTypes.ts has each type's shape):
 * - {@link armBodyOf}: the PUT body, path inputs left out, `$self/...` references expanded to the resource's own id
 *   (azure-native's `SubResource` convention, components/loadBalancerBody.ts);
 * - {@link outputsOf}: the outputs azure-native derives from a response, `properties` flattened back (camelCase as ARM
 *   writes it: `id`, `name`, `etag`, `provisioningState`, `ipAddress`, `frontendIPConfigurations[].id`, ...);
 * - {@link liveInputs}: for a refresh, the inputs that would produce what Azure has now, limited to what the program
 *   set, so Azure's defaults and read-only values are no drift.
 */
import type { Shape, StandInType } from "./standInTypes";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** What a flattened model keeps outside `properties`. */
const modelTopLevel = new Set(["id", "name", "etag", "type", "zones"]);

function nest(value: unknown, shape: Shape | undefined, self: string): unknown {
    if (typeof value === "string") {
        return value.startsWith("$self/") ? `${self}/${value.slice("$self/".length)}` : value;
    }
    if (Array.isArray(value)) {
        return value.map((item) => nest(item, shape?.items, self));
    }
    if (!isObject(value)) {
        return value;
    }
    const mapped = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nest(v, shape?.fields?.[k], self)]));
    if (!shape?.flatten) {
        return mapped;
    }
    const top = Object.fromEntries(Object.entries(mapped).filter(([k]) => modelTopLevel.has(k)));
    const properties = Object.fromEntries(Object.entries(mapped).filter(([k]) => !modelTopLevel.has(k)));
    return Object.keys(properties).length > 0 ? { ...top, properties } : top;
}

/** The ARM PUT body for plain (revealed) inputs. */
export function armBodyOf(type: StandInType, inputs: Json, resourceId: string): Json {
    const body: Json = {};
    const properties: Json = {};
    for (const [key, value] of Object.entries(inputs)) {
        if (type.pathInputs.includes(key) || value === undefined) {
            continue;
        }
        const nested = nest(value, type.shape.fields?.[key], resourceId);
        if (type.topLevel.includes(key) || !type.hasProperties) {
            body[key] = nested;
        } else {
            properties[key] = nested;
        }
    }
    return type.hasProperties ? { ...body, properties } : body;
}

function flattenBack(value: unknown, shape: Shape | undefined): unknown {
    if (Array.isArray(value)) {
        return value.map((item) => flattenBack(item, shape?.items));
    }
    if (!isObject(value)) {
        return value;
    }
    let source = value;
    if (shape?.flatten && isObject(value.properties)) {
        const { properties, ...rest } = value;
        source = { ...rest, ...(properties as Json) };
    }
    return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, flattenBack(v, shape?.fields?.[k])]));
}

/**
 * The outputs for an ARM response body, with the api-version azure-native reports as `azureApiVersion`. A resource
 * group's `properties` stay nested (its spec does not flatten them: azure-native's `properties.provisioningState`).
 */
export function outputsOf(type: StandInType, response: Json): Json {
    if (!type.hasProperties) {
        return { ...response, azureApiVersion: type.apiVersion };
    }
    const { properties, ...rest } = response;
    const flatProperties = isObject(properties) ? (flattenBack(properties, { fields: type.shape.fields }) as Json) : {};
    return { ...rest, ...flatProperties, azureApiVersion: type.apiVersion };
}

/** True when an input string and a live one mean the same (a `$self` reference, a region's display form, an id's case). */
function sameString(input: string, live: string, self: string): boolean {
    const expanded = input.startsWith("$self/") ? `${self}/${input.slice("$self/".length)}` : input;
    if (expanded.toLowerCase() === live.toLowerCase() && (expanded.startsWith("/") || input !== expanded)) {
        return true;
    }
    return expanded === live;
}

function merge(input: unknown, live: unknown, self: string): unknown {
    if (live === undefined || live === null) {
        return input; // write-only (customData) or not returned: the program's value stands
    }
    if (typeof input === "string" && typeof live === "string") {
        return sameString(input, live, self) ? input : live;
    }
    if (Array.isArray(input) && Array.isArray(live)) {
        const byName = input.every((i) => isObject(i) && typeof i.name === "string");
        return live.map((item, index) => {
            const counterpart = byName && isObject(item) ? input.find((i) => (i as Json).name === item.name) : input[index];
            return counterpart === undefined ? item : merge(counterpart, item, self);
        });
    }
    if (isObject(input) && isObject(live)) {
        return Object.fromEntries(Object.entries(input).map(([k, v]) => [k, merge(v, live[k], self)]));
    }
    return live;
}

/**
 * The inputs matching live outputs: every input the program set, with the live value where Azure returns one (path
 * inputs and write-only values stay as they were; `tags` are taken whole, so an added tag is drift too).
 */
export function liveInputs(type: StandInType, oldInputs: Json, live: Json, resourceId: string): Json {
    const result: Json = {};
    for (const [key, value] of Object.entries(oldInputs)) {
        if (type.pathInputs.includes(key)) {
            result[key] = value;
        } else if (key === "tags") {
            result[key] = live.tags ?? {};
        } else if (key === "location" && typeof value === "string" && typeof live.location === "string") {
            result[key] = normalizeLocation(value) === normalizeLocation(live.location) ? value : live.location;
        } else {
            result[key] = merge(value, live[key], resourceId);
        }
    }
    return result;
}

/** A region as ARM compares it: `West Europe` and `westeurope` are one. */
export function normalizeLocation(location: string): string {
    return location.replace(/\s+/g, "").toLowerCase();
}
