/**
 * The special values the engine puts into property structs (`@pulumi/pulumi` runtime rpc.ts): secrets as
 * `{[sig]: secretSig, value}`, output values as `{[sig]: outputSig, value?, secret?}`, and, during preview, unknowns as
 * one sentinel string. The stand-in for azure-native accepts secrets (the SDK's provider server says so in
 * `configure`), so it unwraps them before building an ARM body and wraps what it returns again.
 */

/** The key that marks a special value. */
export const specialSigKey = "4dabf18193072939515e22adb298388d";
/** The signature of a secret. */
export const secretSig = "1b47061264138c4ac30d75fd1eb44270";
/** The signature of an output value. */
export const outputValueSig = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** What an unknown value (a preview's not-yet-computed input) is sent as. */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** True for a secret-wrapped value (or an output value marked secret). */
export function isSecret(value: unknown): boolean {
    return isObject(value) && (value[specialSigKey] === secretSig || (value[specialSigKey] === outputValueSig && value.secret === true));
}

/** True when the value is, or contains, an unknown. */
export function containsUnknown(value: unknown): boolean {
    if (value === unknownValue) {
        return true;
    }
    if (isObject(value) && value[specialSigKey] === outputValueSig && !("value" in value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    return isObject(value) && Object.values(value).some(containsUnknown);
}

/** True when the value is, or contains, a secret. */
export function containsSecret(value: unknown): boolean {
    if (isSecret(value)) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsSecret);
    }
    return isObject(value) && Object.values(value).some(containsSecret);
}

/** The plain value: secrets and output values unwrapped, deeply. */
export function reveal(value: unknown): unknown {
    if (isObject(value) && (value[specialSigKey] === secretSig || value[specialSigKey] === outputValueSig)) {
        return reveal(value.value);
    }
    if (Array.isArray(value)) {
        return value.map(reveal);
    }
    if (isObject(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
    }
    return value;
}

/** `value` as a secret. */
export function asSecret(value: unknown): unknown {
    return { [specialSigKey]: secretSig, value };
}
