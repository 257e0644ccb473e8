/**
 * Tolerant readers for resource properties. Policies get properties as plain data that a user wrote (or that a
 * provider returned), so any field may be missing or of an unexpected type; these readers return `undefined` or an
 * empty list instead of throwing a TypeError.
 *
 * They deliberately do NOT catch `UnknownValueError` (only {@link ifKnown} does, for one optional check): during `pulumi preview` @pulumi/policy wraps properties in a
 * proxy that throws it when a rule touches a value that is not known yet, and turns it into an advisory
 * "can't run policy during preview" (docs/pulumi-behaviour.md §4). Rules read the fields they need, in order of how likely
 * they are to be known, so that what can be checked is checked before an unknown stops the rule.
 */

import { UnknownValueError } from "@pulumi/policy";

/** A property bag as policies see it. */
export type Props = Record<string, unknown>;

/** `obj[key]` when `obj` is an object, else undefined. `key in obj` does not trip the unknown-checking proxy. */
export function field(obj: unknown, key: string): unknown {
    if (obj === null || typeof obj !== "object" || !(key in obj)) {
        return undefined;
    }
    return (obj as Props)[key];
}

/** A non-empty string field, else undefined. */
export function stringField(obj: unknown, key: string): string | undefined {
    const value = field(obj, key);
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** The first of `keys` that holds a non-empty string (e.g. azure-native's `loadBalancerName`, then `name`). */
export function firstStringField(obj: unknown, keys: readonly string[]): string | undefined {
    for (const key of keys) {
        const value = stringField(obj, key);
        if (value !== undefined) {
            return value;
        }
    }
    return undefined;
}

/** A finite number field (numeric strings are accepted: some providers return ports as strings), else undefined. */
export function numberField(obj: unknown, key: string): number | undefined {
    const value = field(obj, key);
    if (typeof value === "number" && Number.isFinite(value)) {
        return value;
    }
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
        return Number(value);
    }
    return undefined;
}

/** An array field as a plain array of its elements, else an empty array. */
export function listField(obj: unknown, key: string): unknown[] {
    const value = field(obj, key);
    if (!Array.isArray(value)) {
        return [];
    }
    const items: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
        items.push(value[i]);
    }
    return items;
}

/** An array field of strings (non-strings dropped), else an empty array. */
export function stringListField(obj: unknown, key: string): string[] {
    return listField(obj, key).filter((item): item is string => typeof item === "string");
}

/** One tag of a resource (both providers use `tags: {[key]: string}`). Only that tag is read, so an unrelated
 * tag whose value is unknown during preview does not stop the rule. */
export function tagValue(props: unknown, key: string): string | undefined {
    return stringField(field(props, "tags"), key);
}

/** Case-insensitive equality for Azure enum-like strings ("Static" vs "static"); undefined equals only undefined. */
export function sameAzureValue(a: string | undefined, b: string | undefined): boolean {
    return (a ?? "").toLowerCase() === (b ?? "").toLowerCase() && (a === undefined) === (b === undefined);
}

/** The last segment after `/<collection>/` in an ARM id (e.g. the probe name in `.../probes/http`), if any. */
export function childNameFromId(id: string | undefined, collection: string): string | undefined {
    if (id === undefined) {
        return undefined;
    }
    const match = new RegExp(`/${collection}/([^/]+)$`, "i").exec(id);
    return match ? match[1] : undefined;
}

/**
 * The resource group of a resource: its `resourceGroupName` input, else the group in its ARM `id`. Stack policies
 * see outputs, and azure-native outputs carry neither `resourceGroupName` nor the `<type>Name` inputs, only `name`
 * (e.g. @pulumi/azure-native network/loadBalancer.d.ts), so the id is the only other place it can come from.
 */
export function resourceGroupOf(props: unknown): string | undefined {
    const declared = stringField(props, "resourceGroupName");
    if (declared !== undefined) {
        return declared;
    }
    const match = /\/resourceGroups\/([^/]+)\//i.exec(stringField(props, "id") ?? "");
    return match ? match[1] : undefined;
}

/**
 * `read()`, or undefined while it needs a value that is unknown during preview. Only for a check that adds to what is
 * checked without it and can wait: the ids of addresses that a first preview has not created yet are unknown, and
 * the rest of the rule must still run then (every later preview and update has the ids and runs the check).
 */
export function ifKnown<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (err) {
        if (err instanceof UnknownValueError) {
            return undefined;
        }
        throw err;
    }
}
