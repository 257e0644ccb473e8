/**
 * The stand-in for azure-native: a Pulumi resource provider (`@pulumi/pulumi/provider`'s `Provider`) for the seven
 * azure-native types that the vipswap component and the example stack create (standInTypes.ts), sending the ARM
 * requests that azure-native sends for them to the vipswap emulator. It exists because the real azure-native plugin
 * cannot be built or downloaded on this project's machines; docs/e2e-stand-ins.md lists what it does and does not do.
 *
 * - check: auto-names a resource whose name input is unset (`<resource name><8 hex>`, azure-native's auto-naming)
 *   and reports missing path inputs.
 * - diff: compares the stored inputs with the new ones; a change of a path input (names, resource group) or of
 *   `location` is a replacement, every other change an update. An unknown value (preview) counts as a change.
 * - create/update: PUT of the ARM body, the long-running operation followed to its end, then a GET; outputs shaped
 *   like azure-native's, with the inputs kept under `__inputs` as azure-native keeps them for its diff.
 * - read: GET; a 404 means the resource is gone. Returns the inputs matching what Azure has (armShapes.ts).
 * - delete: DELETE, followed to its end.
 */
import { randomBytes } from "node:crypto";
import type * as provider from "@pulumi/pulumi/provider";
import { armBodyOf, liveInputs, normalizeLocation, outputsOf } from "./armShapes";
import { asSecret, containsSecret, containsUnknown, isSecret, reveal } from "./pulumiValues";
import type { StandInSettings } from "./standInArmClient";
import { StandInArmClient, standInSettingsFrom } from "./standInArmClient";
import type { StandInType } from "./standInTypes";
import { standInTypeOfUrn, urnName } from "./standInTypes";

/** The azure-native version the stand-in reports (the one `@pulumi/azure-native` in package.json asks for). */
export const standInVersion = "3.28.0";

type Json = Record<string, unknown>;

/** A copy without `undefined` (protobuf Structs refuse it). */
const plain = (value: Json): Json => JSON.parse(JSON.stringify(value)) as Json;

/** The inputs as stored: `__inputs` of the state, or the state itself when it has none. */
function storedInputs(olds: Json | undefined): Json {
    const inputs = olds?.__inputs;
    return typeof inputs === "object" && inputs !== null ? (inputs as Json) : (olds ?? {});
}

function equalInputs(key: string, old: unknown, next: unknown): boolean {
    const a = reveal(old);
    const b = reveal(next);
    if (key === "location" && typeof a === "string" && typeof b === "string") {
        return normalizeLocation(a) === normalizeLocation(b);
    }
    return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value as Json)
                .filter(([, v]) => v !== undefined)
                .sort(([a], [b]) => a.localeCompare(b))
                .map(([k, v]) => [k, sortKeys(v)]),
        );
    }
    return value;
}

/** The properties whose change replaces a resource of this type. */
export function replacingProperties(type: StandInType): readonly string[] {
    return [...type.pathInputs, ...type.forceNew];
}

/** Outputs for a response: secret where the same-named input held a secret, and the inputs under `__inputs`. */
function outputsFor(type: StandInType, response: Json, inputs: Json): Json {
    const outs = outputsOf(type, response);
    for (const [key, value] of Object.entries(inputs)) {
        if (containsSecret(value) && outs[key] !== undefined) {
            outs[key] = asSecret(outs[key]);
        }
    }
    return plain({ ...outs, __inputs: inputs });
}

/** Builds the stand-in; `settings` is read at each call, so nothing is needed to load it (tests, schema). */
export function createStandInProvider(settings: () => StandInSettings = () => standInSettingsFrom(process.env)): provider.Provider {
    const client = () => new StandInArmClient(settings());
    return {
        version: standInVersion,
        schema: JSON.stringify({ name: "azure-native", version: standInVersion, description: "stand-in for azure-native (vipswap e2e tests)" }),

        async check(urn, olds: Json, news: Json) {
            const type = standInTypeOfUrn(urn);
            const inputs: Json = { ...news };
            if (inputs[type.nameInput] === undefined) {
                inputs[type.nameInput] = olds?.[type.nameInput] ?? `${urnName(urn)}${randomBytes(4).toString("hex")}`;
            }
            const failures = type.pathInputs
                .filter((input) => input !== type.nameInput && inputs[input] === undefined)
                .map((input) => ({ property: input, reason: `missing required property '${input}' (${type.token})` }));
            const location = inputs.location;
            if (location !== undefined && typeof location !== "string" && !isSecret(location)) {
                failures.push({ property: "location", reason: `'location' must be a string; got ${JSON.stringify(location)}` });
            }
            return { inputs, failures };
        },

        async diff(_id, urn, olds: Json, news: Json) {
            const type = standInTypeOfUrn(urn);
            const old = storedInputs(olds);
            const keys = new Set([...Object.keys(old), ...Object.keys(news)].filter((k) => k !== "__inputs"));
            const changed = [...keys].filter((key) => containsUnknown(news[key]) || !equalInputs(key, old[key], news[key]));
            const replacing = replacingProperties(type);
            return { changes: changed.length > 0, replaces: changed.filter((key) => replacing.includes(key)) };
        },

        async create(urn, inputs: Json) {
            const type = standInTypeOfUrn(urn);
            const id = type.idOf(settings().subscriptionId, reveal(inputs) as Json);
            const response = await client().put(id, type.apiVersion, armBodyOf(type, reveal(inputs) as Json, id));
            return { id: typeof response.id === "string" ? response.id : id, outs: outputsFor(type, response, inputs) };
        },

        async update(id, urn, _olds: Json, news: Json) {
            const type = standInTypeOfUrn(urn);
            const arm = client();
            const body = armBodyOf(type, reveal(news) as Json, id);
            for (const key of type.maintainIfUnset) {
                if (news[key] === undefined) {
                    const live = await arm.get(id, type.apiVersion);
                    const value = (live?.properties as Json | undefined)?.[key];
                    if (value !== undefined) {
                        (body.properties as Json)[key] = value;
                    }
                }
            }
            const response = await arm.put(id, type.apiVersion, body);
            return { outs: outputsFor(type, response, news) };
        },

        async read(id, urn, props: Json) {
            const type = standInTypeOfUrn(urn);
            const live = await client().get(id, type.apiVersion);
            if (!live) {
                return { id: "", props: {} };
            }
            const old = storedInputs(props);
            const revealed = liveInputs(type, reveal(old) as Json, outputsOf(type, live), id);
            const inputs = Object.fromEntries(Object.entries(revealed).map(([k, v]) => [k, isSecret(old[k]) ? asSecret(v) : v]));
            return { id, props: outputsFor(type, live, inputs), inputs: plain(inputs) };
        },

        async delete(id, urn) {
            const type = standInTypeOfUrn(urn);
            await client().delete(id, type.apiVersion);
        },
    };
}
