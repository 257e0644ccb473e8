import { type Colour, colours, isColour } from "../colour";
import {
    type PairedSwapTarget,
    type SharedSwapTarget,
    type SwapTarget,
    pairedSwapTargetFields,
    sharedSwapTargetFields,
    swapTargetKind,
} from "../swap/swapTarget";
import { type HealthGateSettings, HealthGateSettingsError, resolveHealthGatePlan } from "../health/healthGateSettings";

/**
 * The settings of the `VipSwap` resource beside its target. The one place that says what each input may be: the
 * resource's `check`, its other methods and the command line all validate through here (gate options go in
 * `inputFields`). Credentials are never inputs: they would be stored in the state file.
 */
export interface VipSwapSettings {
    /** The colour whose load balancer must hold the production address. */
    readonly activeColour: Colour;
    /** How often the swap polls Azure, in milliseconds (the engine's default when absent). */
    readonly pollIntervalMs?: number;
    /** How long a swap may take before it stops, in milliseconds (the engine's default when absent). */
    readonly timeoutMs?: number;
    /**
     * The health gates around the swap (docs/health-gates.md). Absent means the defaults: the rule-health check of
     * the new colour's load balancer (every backend up), no HTTP checks. Plain JSON, no credentials.
     */
    readonly healthGate?: HealthGateSettings;
    /**
     * A fingerprint of each colour's scale set model (`BlueGreenDeployment` sets it; see scaleSetRevision.ts). With it,
     * `check` refuses a flip to a colour whose scale set changes in the same update: the swap runs before the scale
     * sets are updated, so that colour would go live first and then be updated while it serves production.
     */
    readonly scaleSetRevisions?: Readonly<Record<Colour, string>>;
}

/**
 * The inputs of the `VipSwap` resource, checked: the target's fields flat beside the settings, the paired ones
 * (`kind` absent, as every existing stack and state has it) or the shared load balancer's (`kind: sharedLoadBalancer`).
 */
export type VipSwapInputs = SwapTarget & VipSwapSettings;

/** The frontend name that vipswap uses when none is given (the one `BlueGreenDeployment` gives its load balancers). */
export const defaultFrontendName = "public-frontend";

/**
 * The value that the Pulumi engine sends during preview for an input that is not known yet. It arrives as this
 * string whatever the input's type (pulumi/pulumi#6310), so checks let it through.
 */
export const unknownInputValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** One bad input, in the shape that a dynamic provider's `check` returns. */
export interface InputFailure {
    readonly property: string;
    readonly reason: string;
}

/** How one input is validated: returns a reason when the value is wrong, undefined when it is fine. */
type InputRule = (value: unknown) => string | undefined;

// Azure's naming rules for Microsoft.Network resources (1-80 characters; letters, digits, '_', '.', '-';
// starts with a letter or digit, ends with a letter, digit or '_') and for resource groups (1-90 characters,
// also '(' and ')', not ending with '.').
const networkName = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;
const resourceGroupName = /^[-\w.()]{0,89}[-\w()]$/u;

const requiredName =
    (pattern: RegExp, what: string): InputRule =>
    (value) => {
        if (value === undefined || value === null || value === "") {
            return `${what} is required.`;
        }
        if (typeof value !== "string") {
            return `${what} must be a string, not ${typeof value}.`;
        }
        return pattern.test(value) ? undefined : `'${value}' is not a valid ${what}: check the Azure naming rules for it.`;
    };

const optionalMilliseconds =
    (min: number, max: number): InputRule =>
    (value) => {
        if (value === undefined || value === null) {
            return undefined;
        }
        const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
        if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
            return `must be a whole number of milliseconds from ${min} to ${max}, not ${JSON.stringify(value)}.`;
        }
        return undefined;
    };

/** The inputs that every kind has, and their rules. */
const settingFields: Readonly<Record<string, InputRule>> = {
    activeColour: (value) =>
        isColour(value) ? undefined : `must be one of ${colours.join(" or ")}, not ${JSON.stringify(value)}.`,
    kind: (value) =>
        swapTargetKind({ kind: value }) !== undefined
            ? undefined
            : `must be "pairedLoadBalancers" (or absent) or "sharedLoadBalancer", not ${JSON.stringify(value)}.`,
    pollIntervalMs: optionalMilliseconds(10, 60_000),
    timeoutMs: optionalMilliseconds(1_000, 24 * 60 * 60 * 1000),
    healthGate: (value) => {
        // A URL built from an output is unknown during preview, deep inside the object: check it when it is known.
        if (value === undefined || value === null || JSON.stringify(value).includes(unknownInputValue)) {
            return undefined;
        }
        try {
            resolveHealthGatePlan(value, "healthGate");
            return undefined;
        } catch (err) {
            if (err instanceof HealthGateSettingsError) return err.problems.join(" ");
            throw err;
        }
    },
    scaleSetRevisions: (value) => {
        if (value === undefined || value === null || JSON.stringify(value).includes(unknownInputValue)) return undefined;
        const ok = typeof value === "object" && colours.every((c) => typeof (value as Record<string, unknown>)[c] === "string");
        return ok ? undefined : `must map ${colours.join(" and ")} to a fingerprint string, not ${JSON.stringify(value)}.`;
    },
};

/** The paired target's names and their rules. */
const pairedTargetFields: Readonly<Record<keyof Omit<PairedSwapTarget, "kind">, InputRule>> = {
    resourceGroupName: requiredName(resourceGroupName, "resource group name"),
    blueLoadBalancerName: requiredName(networkName, "load balancer name"),
    greenLoadBalancerName: requiredName(networkName, "load balancer name"),
    frontendName: requiredName(networkName, "frontend name"),
    productionIpName: requiredName(networkName, "public IP address name"),
    stagingIpName: requiredName(networkName, "public IP address name"),
};

/** The shared load balancer's names and their rules. */
const sharedTargetFields: Readonly<Record<keyof Omit<SharedSwapTarget, "kind">, InputRule>> = {
    resourceGroupName: requiredName(resourceGroupName, "resource group name"),
    loadBalancerName: requiredName(networkName, "load balancer name"),
    productionFrontendName: requiredName(networkName, "frontend name"),
    stagingFrontendName: requiredName(networkName, "frontend name"),
    bluePoolName: requiredName(networkName, "backend pool name"),
    greenPoolName: requiredName(networkName, "backend pool name"),
};

/**
 * Every input of the paired kind and its rule (the shared kind's are in `inputFieldsFor`). To add an input (for
 * example a health gate option), add it to `settingFields` and to `VipSwapSettings`; `check`, the resource and the
 * command line pick it up.
 */
export const inputFields: Readonly<Record<string, InputRule>> = { ...settingFields, ...pairedTargetFields };

/** The inputs of one kind and their rules; an unknown kind gets the settings only (its `kind` fails on its own). */
export function inputFieldsFor(kind: unknown): Readonly<Record<string, InputRule>> {
    const known = swapTargetKind({ kind });
    return known === "sharedLoadBalancer" ? { ...settingFields, ...sharedTargetFields } : known === undefined ? settingFields : inputFields;
}

/** Every input name of either kind: what `diff` compares. */
export const allInputNames: readonly string[] = [...new Set([...Object.keys(settingFields), ...Object.keys(pairedTargetFields), ...Object.keys(sharedTargetFields)])];

/** True when any input is still unknown (preview before the values it depends on exist). */
export function hasUnknownInputs(props: Record<string, unknown>): boolean {
    return allInputNames.some((key) => props[key] === unknownInputValue) || JSON.stringify(props.healthGate ?? null).includes(unknownInputValue);
}

/**
 * Checks raw inputs property by property, tolerating unknown values. Returns the failures (empty when fine) and
 * the inputs to use (numbers given as strings are made numbers; everything else is kept as given).
 *
 * @param olds the previous inputs (Pulumi's `check` has them): with them, a flip to a colour whose scale set changes
 *   in the same update is refused (see `scaleSetRevisions`).
 */
export function checkVipSwapInputs(
    news: Record<string, unknown>,
    olds: Record<string, unknown> = {},
): { inputs: Record<string, unknown>; failures: InputFailure[] } {
    const failures: InputFailure[] = [];
    const inputs: Record<string, unknown> = { ...news };
    for (const [property, rule] of Object.entries(inputFieldsFor(news.kind))) {
        const value = news[property];
        if (value === unknownInputValue) {
            continue;
        }
        const reason = rule(value);
        if (reason) {
            failures.push({ property, reason });
        } else if (typeof value === "string" && (property === "pollIntervalMs" || property === "timeoutMs")) {
            inputs[property] = Number(value);
        }
    }
    const pairs: [string, string, string][] =
        swapTargetKind({ kind: news.kind }) === "sharedLoadBalancer"
            ? [
                  ["productionFrontendName", "stagingFrontendName", "the production and staging frontends"],
                  ["bluePoolName", "greenPoolName", "the blue and green pools"],
              ]
            : [
                  ["blueLoadBalancerName", "greenLoadBalancerName", "the blue and green load balancers"],
                  ["productionIpName", "stagingIpName", "the production and staging addresses"],
              ];
    for (const [a, b, what] of pairs) {
        if (typeof news[a] === "string" && news[a] !== unknownInputValue && news[a] === news[b]) {
            failures.push({ property: b, reason: `${what} must be different resources; both are named '${String(news[a])}'.` });
        }
    }
    const flipFailure = failures.length === 0 ? flipOntoChangingScaleSet(olds, news) : undefined;
    if (flipFailure) failures.push(flipFailure);
    const kindFailure = failures.length === 0 ? topologyChange(olds, news) : undefined;
    if (kindFailure) failures.push(kindFailure);
    return { inputs, failures };
}

/** The refusal of a flip to a colour whose scale set model changes in the same update, or undefined. */
function flipOntoChangingScaleSet(olds: Record<string, unknown>, news: Record<string, unknown>): InputFailure | undefined {
    const [was, now] = [olds.activeColour, news.activeColour];
    if (!isColour(was) || !isColour(now) || was === now) return undefined;
    const revisionOf = (revisions: unknown): unknown =>
        typeof revisions === "object" && revisions !== null ? (revisions as Record<string, unknown>)[now] : undefined;
    const [before, after] = [revisionOf(olds.scaleSetRevisions), revisionOf(news.scaleSetRevisions)];
    if (typeof before !== "string" || typeof after !== "string" || after === unknownInputValue || before === after) return undefined;
    return {
        property: "activeColour",
        reason:
            `the flip to ${now} comes with a change to ${now}'s scale set (image, size, capacity, cloud-init, admin user, ` +
            `SSH key or app version). The swap runs before the scale sets are updated, so ${now} would go live first and ` +
            `then be updated while it serves production. Deploy ${now} with activeColour still ${was} (pulumi up), ` +
            "then flip in a second pulumi up. Nothing was changed.",
    };
}

/**
 * The refusal of a change of topology on a live resource: the paired and the shared pair are different Azure resources
 * (two load balancers and their addresses, or one load balancer with two frontends), so no swap can move between
 * them; the component would replace the load balancers. Refused in `check`, before anything is written.
 */
function topologyChange(olds: Record<string, unknown>, news: Record<string, unknown>): InputFailure | undefined {
    if (Object.keys(olds).length === 0 || olds.activeColour === undefined) return undefined;
    const [was, now] = [swapTargetKind({ kind: olds.kind }), swapTargetKind({ kind: news.kind })];
    if (was === undefined || now === undefined || was === now) return undefined;
    return {
        property: "kind",
        reason:
            `changes the topology from ${was} to ${now} on a live pair. A swap cannot move between the two: they are ` +
            "different load balancers. Keep the topology, or migrate by deploying the new topology as a second " +
            "deployment (new addresses), moving DNS to it, and then removing the old one. Nothing was changed.",
    };
}

/** A bad input found outside `check` (the command line, a direct call). Its message lists every failure. */
export class VipSwapInputError extends Error {
    /** The failures, one per property. */
    readonly failures: readonly InputFailure[];
    constructor(failures: readonly InputFailure[]) {
        super(`Invalid VipSwap inputs: ${failures.map((f) => `${f.property} ${f.reason}`).join(" ")}`);
        this.name = "VipSwapInputError";
        this.failures = failures;
    }
}

/**
 * Validates raw inputs that must be fully known (create, update, read, delete, the command line).
 * @throws VipSwapInputError listing every bad property.
 */
export function parseVipSwapInputs(props: Record<string, unknown>): VipSwapInputs {
    const { inputs, failures } = checkVipSwapInputs(props);
    const unknown = Object.keys(inputFieldsFor(props.kind)).filter((key) => props[key] === unknownInputValue);
    const all = [...failures, ...unknown.map((property) => ({ property, reason: "is not known yet." }))];
    if (all.length > 0) {
        throw new VipSwapInputError(all);
    }
    const settings: VipSwapSettings = {
        activeColour: inputs.activeColour as Colour,
        ...(inputs.pollIntervalMs !== undefined && inputs.pollIntervalMs !== null ? { pollIntervalMs: inputs.pollIntervalMs as number } : {}),
        ...(inputs.timeoutMs !== undefined && inputs.timeoutMs !== null ? { timeoutMs: inputs.timeoutMs as number } : {}),
        ...(inputs.healthGate !== undefined && inputs.healthGate !== null ? { healthGate: inputs.healthGate as HealthGateSettings } : {}),
        ...(inputs.scaleSetRevisions !== undefined && inputs.scaleSetRevisions !== null
            ? { scaleSetRevisions: inputs.scaleSetRevisions as Record<Colour, string> }
            : {}),
    };
    return { ...swapTargetOf(inputs as unknown as VipSwapInputs), ...settings } as VipSwapInputs;
}

/** The Azure resources that the inputs name (only the target's fields, `kind` only when shared). */
export function swapTargetOf(inputs: VipSwapInputs): SwapTarget {
    const pick = (fields: readonly string[]) =>
        Object.fromEntries(fields.map((field) => [field, (inputs as unknown as Record<string, unknown>)[field] as string]));
    if (inputs.kind === "sharedLoadBalancer") {
        return { kind: "sharedLoadBalancer", ...pick(sharedSwapTargetFields) } as SharedSwapTarget;
    }
    return pick(pairedSwapTargetFields) as unknown as PairedSwapTarget;
}

/** True when two input sets name different Azure resources (a change that the next swap must follow). */
export function targetChanged(olds: Record<string, unknown>, news: Record<string, unknown>): boolean {
    return ["kind", ...pairedSwapTargetFields, ...sharedSwapTargetFields].some((key) => olds[key] !== news[key]);
}
