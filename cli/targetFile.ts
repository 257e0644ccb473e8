import { readFileSync } from "node:fs";
import { UsageError } from "./usageErrors";

/**
 * `--target-json <file|->`: the pair as the example stack exports it, `pulumi stack output swapTarget --json`, so a
 * pipeline need not repeat six names. Either kind: its `kind` (`sharedLoadBalancer`) picks `--topology shared`. The object is passed on as it is (a `kind` and other fields included) to the
 * same validation as the name flags; a name flag given as well is a conflict, not an override, so that nobody swaps
 * a pair other than the one they think.
 */

/** The name flags, by the `SwapTarget` field they set (both kinds). */
export const nameFlagOfField: Readonly<Record<string, string>> = {
    resourceGroupName: "--resource-group",
    blueLoadBalancerName: "--blue-lb",
    greenLoadBalancerName: "--green-lb",
    frontendName: "--frontend",
    productionIpName: "--production-ip",
    stagingIpName: "--staging-ip",
    loadBalancerName: "--lb",
    productionFrontendName: "--production-frontend",
    stagingFrontendName: "--staging-frontend",
    bluePoolName: "--blue-pool",
    greenPoolName: "--green-pool",
};

/** The fields each kind needs from the flags when there is no `--target-json` (the others have defaults). */
const requiredFields: Readonly<Record<"pairedLoadBalancers" | "sharedLoadBalancer", readonly string[]>> = {
    pairedLoadBalancers: ["resourceGroupName", "blueLoadBalancerName", "greenLoadBalancerName", "productionIpName", "stagingIpName"],
    sharedLoadBalancer: ["resourceGroupName", "loadBalancerName"],
};

/**
 * Reads and parses the target JSON: a file, or stdin for `-`. Accepts the `swapTarget` object itself, or
 * `pulumi stack output --json` (every output) holding it under `swapTarget`.
 * @throws UsageError when it cannot be read, is not JSON, or is not an object
 */
export function readTargetJson(spec: string, readStdin: () => string = () => readFileSync(0, "utf8")): Record<string, unknown> {
    const source = spec === "-" ? "stdin" : `'${spec}'`;
    let text: string;
    try {
        text = spec === "-" ? readStdin() : readFileSync(spec, "utf8");
    } catch (err) {
        throw new UsageError(`--target-json: cannot read ${source}: ${(err as Error).message}. Give a file written by 'pulumi stack output swapTarget --json', or '-' for stdin.`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new UsageError(`--target-json: ${source} is not JSON (${(err as Error).message}); give the output of 'pulumi stack output swapTarget --json'.`);
    }
    const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
    if (isObject(parsed) && isObject(parsed.swapTarget)) parsed = parsed.swapTarget;
    if (!isObject(parsed)) {
        throw new UsageError(`--target-json: ${source} holds ${Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)}, not an object; give the output of 'pulumi stack output swapTarget --json'.`);
    }
    return parsed;
}

/**
 * The target's fields from `--target-json` and the name flags together.
 * @param fromFlags each `SwapTarget` field of the kind as its flag gave it (undefined when not given)
 * @param kind the target's kind, which says which names are required
 * @throws UsageError when a field comes from both, or when neither gives the required names
 */
export function mergeTarget(
    fromJson: Record<string, unknown> | undefined,
    fromFlags: Readonly<Record<string, string | undefined>>,
    kind: "pairedLoadBalancers" | "sharedLoadBalancer" = "pairedLoadBalancers",
): Record<string, unknown> {
    const given = Object.entries(fromFlags).filter(([, value]) => value !== undefined);
    if (fromJson) {
        const both = given.filter(([field]) => fromJson[field] !== undefined).map(([field]) => nameFlagOfField[field] ?? field);
        if (both.length > 0) {
            throw new UsageError(`${both.join(", ")} and --target-json both name the ${both.length > 1 ? "resources" : "resource"}; give each name once.`);
        }
        return { ...fromJson, ...Object.fromEntries(given) };
    }
    const missing = requiredFields[kind].filter((field) => fromFlags[field] === undefined).map((field) => nameFlagOfField[field]);
    if (missing.length > 0) {
        throw new UsageError(`missing ${missing.join(", ")}: name the pair with these flags, or give them all at once with --target-json <file|-> (pulumi stack output swapTarget --json).`);
    }
    return Object.fromEntries(given);
}
