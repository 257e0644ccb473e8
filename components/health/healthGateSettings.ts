/**
 * What the health gates check, as the user writes it (component args, stack config, `VipSwap` inputs, CLI flags),
 * and its validation into a fully-defaulted {@link HealthGatePlan}.
 *
 * Everything here is plain JSON (no functions, no RegExp objects) so that the same shape travels through Pulumi
 * inputs and state unchanged; patterns are regular-expression source strings compiled when the check runs.
 */

import { withStandIns } from "./addressPlaceholders";

/**
 * How many backends of each load-balancing rule of the staging load balancer must be `Up`:
 * - `allUp`: every backend, and at least one (Cloud Services refused a swap unless all role instances were running,
 *   docs/azure-behaviour.md §8);
 * - `matchLive`: at least as many as the live colour's load balancer has `Up` on the rule of the same name;
 * - `minimumPercent`: at least `minimumHealthyPercent` of the rule's backends.
 * Whatever the requirement, a rule with no healthy backend never passes: it would serve nothing.
 */
export const BackendHealthRequirement = {
    /** Every backend of the rule is `Up`. */
    AllUp: "allUp",
    /** At least as many `Up` as the live colour has on the rule of the same name. */
    MatchLive: "matchLive",
    /** At least `minimumHealthyPercent` of the rule's backends. */
    MinimumPercent: "minimumPercent",
} as const;

/** `"allUp"`, `"matchLive"` or `"minimumPercent"` (a value as well, for the package schema's enum: docs/other-languages.md). */
export type BackendHealthRequirement = (typeof BackendHealthRequirement)[keyof typeof BackendHealthRequirement];

/** Every backend-health requirement, for validation and help text. */
export const backendHealthRequirements: readonly BackendHealthRequirement[] = ["allUp", "matchLive", "minimumPercent"];

/** The load-balancer part of the pre-swap gate, as written by the user. */
export interface LoadBalancerHealthSettings {
    /** `false` turns the rule-health check off. Default `true`. */
    readonly enabled?: boolean;
    /** Default `allUp`. */
    readonly requirement?: BackendHealthRequirement;
    /** 1-100; required with `minimumPercent`, not allowed with the other requirements. */
    readonly minimumHealthyPercent?: number;
}

/** One HTTP check, as written by the user. */
export interface HttpCheckSettings {
    /**
     * The URL to request, for example `http://20.1.2.3/health`. The placeholders `{stagingAddress}` and
     * `{productionAddress}` are filled in with the addresses' IPs when the swap runs (addressPlaceholders.ts), so
     * config can be written before Azure assigns them. The gate never guesses a path, port or TLS name: what answers
     * is the application's business.
     */
    readonly url: string;
    /** Sent as the `Host` header when the application routes by host name but the URL names an address. */
    readonly hostHeader?: string;
    /** The status the application must answer. Default 200. */
    readonly expectedStatus?: number;
    /** A regular expression (source text) that the response body must match, e.g. the version label. */
    readonly bodyPattern?: string;
    /** How long one request may take, in ms. Default 5000. */
    readonly timeoutMs?: number;
}

/** The optional HTTP smoke test against the staging address, run before the swap. */
export interface SmokeTestSettings extends HttpCheckSettings {
    /** How many times to try again after a failed attempt. Default 3. */
    readonly retries?: number;
    /** The wait before the first retry, in ms; it doubles for each further retry. Default 500. */
    readonly initialBackoffMs?: number;
    /** The longest wait between two attempts, in ms. Default 8000. */
    readonly maxBackoffMs?: number;
}

/** The optional HTTP check against the production address, run after the swap. */
export interface VerificationSettings extends HttpCheckSettings {
    /** How long the new colour has to answer as expected, in ms from the end of the swap. Default 60000. */
    readonly deadlineMs?: number;
    /** The wait between two attempts, in ms. Default 1000. */
    readonly intervalMs?: number;
}

/** Every setting of the health gates, as written by the user. Every field is optional. */
export interface HealthGateSettings {
    /** The rule-health check of the staging load balancer. On by default. */
    readonly loadBalancerHealth?: LoadBalancerHealthSettings;
    /** The HTTP smoke test against the staging address. Off unless given. */
    readonly smokeTest?: SmokeTestSettings;
    /** The HTTP check against the production address after the swap. Off unless given. */
    readonly verification?: VerificationSettings;
    /** Swap back when the verification fails. Default `true` (it only matters when `verification` is given). */
    readonly rollback?: boolean;
    /** Skip the pre-swap gate, for an emergency. Logged loudly. Default `false`. Verification still runs. */
    readonly force?: boolean;
}

/** A validated HTTP check with every default filled in. */
export interface HttpCheckPlan {
    readonly url: string;
    readonly hostHeader?: string;
    readonly expectedStatus: number;
    readonly bodyPattern?: string;
    readonly timeoutMs: number;
}

/** A validated smoke test. */
export interface SmokeTestPlan extends HttpCheckPlan {
    readonly retries: number;
    readonly initialBackoffMs: number;
    readonly maxBackoffMs: number;
}

/** A validated post-swap verification. */
export interface VerificationPlan extends HttpCheckPlan {
    readonly deadlineMs: number;
    readonly intervalMs: number;
}

/** A validated load-balancer health requirement. */
export type LoadBalancerHealthPlan =
    | { readonly requirement: "allUp" }
    | { readonly requirement: "matchLive" }
    | { readonly requirement: "minimumPercent"; readonly minimumHealthyPercent: number };

/** Validated health-gate settings with every default filled in: what the gates run. */
export interface HealthGatePlan {
    /** `undefined` when the rule-health check is off. */
    readonly loadBalancerHealth?: LoadBalancerHealthPlan;
    readonly smokeTest?: SmokeTestPlan;
    readonly verification?: VerificationPlan;
    readonly rollback: boolean;
    readonly force: boolean;
}

/** The defaults, in one place so the docs, the CLI help and the code agree. */
export const healthGateDefaults = {
    requirement: "allUp" as BackendHealthRequirement,
    expectedStatus: 200,
    timeoutMs: 5000,
    retries: 3,
    initialBackoffMs: 500,
    maxBackoffMs: 8000,
    deadlineMs: 60000,
    intervalMs: 1000,
    rollback: true,
    force: false,
} as const;

/** Thrown for settings that cannot be used; it lists every problem, and nothing has been changed. */
export class HealthGateSettingsError extends Error {
    /** One line per problem, each naming the setting. */
    readonly problems: readonly string[];

    constructor(source: string, problems: readonly string[]) {
        super(`Invalid health-gate settings in ${source}:\n  - ${problems.join("\n  - ")}`);
        this.name = "HealthGateSettingsError";
        this.problems = problems;
    }
}

/**
 * Validates user-written settings and fills in the defaults.
 *
 * @param raw the settings as they arrived (stack config object, dynamic-provider inputs, parsed flags); `undefined`
 *   means "all defaults" (the rule-health check only)
 * @param source where they came from, for the error message (e.g. `stack config vipswap:healthGate`)
 * @throws HealthGateSettingsError listing every problem
 */
export function resolveHealthGatePlan(raw: unknown, source = "the health-gate settings"): HealthGatePlan {
    const problems: string[] = [];
    const root = asObject(raw ?? {}, "healthGate", problems);
    if (!root) throw new HealthGateSettingsError(source, problems);
    rejectUnknown(root, ["loadBalancerHealth", "smokeTest", "verification", "rollback", "force"], "healthGate", problems);

    const loadBalancerHealth = resolveLoadBalancerHealth(root.loadBalancerHealth, problems);
    const smokeTest = root.smokeTest === undefined ? undefined : resolveSmokeTest(root.smokeTest, problems);
    const verification = root.verification === undefined ? undefined : resolveVerification(root.verification, problems);
    const rollback = optionalBoolean(root.rollback, "healthGate.rollback", problems) ?? healthGateDefaults.rollback;
    const force = optionalBoolean(root.force, "healthGate.force", problems) ?? healthGateDefaults.force;

    if (problems.length > 0) throw new HealthGateSettingsError(source, problems);
    return { loadBalancerHealth, smokeTest, verification, rollback, force };
}

function resolveLoadBalancerHealth(raw: unknown, problems: string[]): LoadBalancerHealthPlan | undefined {
    const path = "healthGate.loadBalancerHealth";
    const settings = asObject(raw ?? {}, path, problems);
    if (!settings) return undefined;
    rejectUnknown(settings, ["enabled", "requirement", "minimumHealthyPercent"], path, problems);
    const enabled = optionalBoolean(settings.enabled, `${path}.enabled`, problems) ?? true;
    const requirement = settings.requirement ?? healthGateDefaults.requirement;
    if (!backendHealthRequirements.includes(requirement as BackendHealthRequirement)) {
        problems.push(`${path}.requirement must be one of ${backendHealthRequirements.join(", ")}; got ${show(requirement)}.`);
        return undefined;
    }
    const percent = settings.minimumHealthyPercent;
    if (requirement === "minimumPercent") {
        if (typeof percent !== "number" || !Number.isFinite(percent) || percent <= 0 || percent > 100) {
            problems.push(`${path}.minimumHealthyPercent must be a number above 0 and at most 100 with requirement minimumPercent; got ${show(percent)}.`);
            return undefined;
        }
        return enabled ? { requirement, minimumHealthyPercent: percent } : undefined;
    }
    if (percent !== undefined) {
        problems.push(`${path}.minimumHealthyPercent is only used with requirement minimumPercent (requirement is ${requirement}); remove it or set the requirement.`);
    }
    return enabled ? { requirement: requirement as "allUp" | "matchLive" } : undefined;
}

function resolveHttpCheck(settings: Record<string, unknown>, path: string, problems: string[]): HttpCheckPlan {
    const url = settings.url;
    if (typeof url !== "string" || !isHttpUrl(withStandIns(url))) {
        problems.push(`${path}.url must be an absolute http:// or https:// URL (e.g. http://<address>/health); got ${show(url)}.`);
    } else if (hasUserInfo(withStandIns(url))) {
        // Settings end up in Pulumi state and in logs; credentials must never go there.
        problems.push(`${path}.url must not contain a user name or password (settings are stored in Pulumi state and logged); use an endpoint that needs no credentials.`);
    }
    const hostHeader = settings.hostHeader;
    if (hostHeader !== undefined && (typeof hostHeader !== "string" || !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(withStandIns(hostHeader)))) {
        problems.push(`${path}.hostHeader must be a host name, optionally with :port; got ${show(hostHeader)}.`);
    }
    const expectedStatus = optionalInteger(settings.expectedStatus, `${path}.expectedStatus`, 100, 599, problems);
    const bodyPattern = settings.bodyPattern;
    if (bodyPattern !== undefined) {
        if (typeof bodyPattern !== "string" || bodyPattern === "") {
            problems.push(`${path}.bodyPattern must be a non-empty regular expression; got ${show(bodyPattern)}.`);
        } else {
            try {
                new RegExp(bodyPattern);
            } catch (err) {
                problems.push(`${path}.bodyPattern is not a valid regular expression: ${(err as Error).message}.`);
            }
        }
    }
    const timeoutMs = optionalInteger(settings.timeoutMs, `${path}.timeoutMs`, 1, 300_000, problems);
    return {
        url: url as string,
        ...(hostHeader !== undefined ? { hostHeader: hostHeader as string } : {}),
        expectedStatus: expectedStatus ?? healthGateDefaults.expectedStatus,
        ...(bodyPattern !== undefined ? { bodyPattern: bodyPattern as string } : {}),
        timeoutMs: timeoutMs ?? healthGateDefaults.timeoutMs,
    };
}

const httpCheckKeys = ["url", "hostHeader", "expectedStatus", "bodyPattern", "timeoutMs"];

function resolveSmokeTest(raw: unknown, problems: string[]): SmokeTestPlan | undefined {
    const path = "healthGate.smokeTest";
    const settings = asObject(raw, path, problems);
    if (!settings) return undefined;
    rejectUnknown(settings, [...httpCheckKeys, "retries", "initialBackoffMs", "maxBackoffMs"], path, problems);
    const check = resolveHttpCheck(settings, path, problems);
    const retries = optionalInteger(settings.retries, `${path}.retries`, 0, 100, problems) ?? healthGateDefaults.retries;
    const initialBackoffMs =
        optionalInteger(settings.initialBackoffMs, `${path}.initialBackoffMs`, 0, 600_000, problems) ?? healthGateDefaults.initialBackoffMs;
    const maxBackoffMs =
        optionalInteger(settings.maxBackoffMs, `${path}.maxBackoffMs`, 0, 600_000, problems) ??
        Math.max(healthGateDefaults.maxBackoffMs, initialBackoffMs);
    if (maxBackoffMs < initialBackoffMs) {
        problems.push(`${path}.maxBackoffMs (${maxBackoffMs}) must not be less than initialBackoffMs (${initialBackoffMs}).`);
    }
    return { ...check, retries, initialBackoffMs, maxBackoffMs };
}

function resolveVerification(raw: unknown, problems: string[]): VerificationPlan | undefined {
    const path = "healthGate.verification";
    const settings = asObject(raw, path, problems);
    if (!settings) return undefined;
    rejectUnknown(settings, [...httpCheckKeys, "deadlineMs", "intervalMs"], path, problems);
    const check = resolveHttpCheck(settings, path, problems);
    const deadlineMs = optionalInteger(settings.deadlineMs, `${path}.deadlineMs`, 1, 3_600_000, problems) ?? healthGateDefaults.deadlineMs;
    const intervalMs = optionalInteger(settings.intervalMs, `${path}.intervalMs`, 0, 600_000, problems) ?? healthGateDefaults.intervalMs;
    return { ...check, deadlineMs, intervalMs };
}

function isHttpUrl(text: string): boolean {
    try {
        const url = new URL(text);
        // WHATWG URL parsing lets through host names such as "{greenAddress}"; a host must be a DNS name or an IP.
        return (url.protocol === "http:" || url.protocol === "https:") && /^([A-Za-z0-9-]+\.)*[A-Za-z0-9-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(url.hostname);
    } catch {
        return false;
    }
}

function hasUserInfo(text: string): boolean {
    const url = new URL(text);
    return url.username !== "" || url.password !== "";
}

function asObject(value: unknown, path: string, problems: string[]): Record<string, unknown> | undefined {
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    problems.push(`${path} must be an object; got ${show(value)}.`);
    return undefined;
}

function rejectUnknown(settings: Record<string, unknown>, known: readonly string[], path: string, problems: string[]): void {
    for (const key of Object.keys(settings)) {
        if (!known.includes(key)) problems.push(`${path}.${key} is not a setting; the settings are ${known.join(", ")}.`);
    }
}

function optionalBoolean(value: unknown, path: string, problems: string[]): boolean | undefined {
    if (value === undefined || typeof value === "boolean") return value;
    problems.push(`${path} must be true or false; got ${show(value)}.`);
    return undefined;
}

function optionalInteger(value: unknown, path: string, min: number, max: number, problems: string[]): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${path} must be a whole number from ${min} to ${max}; got ${show(value)}.`);
    return undefined;
}

function show(value: unknown): string {
    return value === undefined ? "nothing" : JSON.stringify(value);
}
