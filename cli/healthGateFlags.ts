import type { Command } from "commander";
import { backendHealthRequirements, healthGateDefaults } from "../components/health/healthGateSettings";

/** The parsed health-gate flags, as commander returns them. */
export interface HealthGateFlags {
    force?: boolean;
    /** A requirement name, or `false` from `--no-lb-health`. */
    lbHealth?: string | false;
    minHealthyPercent?: number | string;
    smokeUrl?: string;
    smokeHost?: string;
    smokeStatus?: number | string;
    smokeBody?: string;
    smokeTimeout?: number | string;
    smokeRetries?: number | string;
    smokeBackoff?: number | string;
    smokeMaxBackoff?: number | string;
    verifyUrl?: string;
    verifyHost?: string;
    verifyStatus?: number | string;
    verifyBody?: string;
    verifyTimeout?: number | string;
    verifyDeadline?: number | string;
    verifyInterval?: number | string;
    /** `false` from `--no-rollback`. */
    rollback?: boolean;
}

/**
 * Numbers stay strings when they are not whole numbers, so that validation (`resolveHealthGatePlan`) reports the
 * flag's value as written instead of commander failing with a generic message.
 */
function wholeNumber(value: string): number | string {
    return /^\d+$/.test(value) ? Number(value) : value;
}

/** Adds the health-gate flags to a swap command (see docs/health-gates.md). */
export function addHealthGateFlags(command: Command): Command {
    const d = healthGateDefaults;
    return command
        .option("--force", "skip the pre-swap health gate (emergencies only; logged loudly)")
        .option("--lb-health <requirement>", `backends that must be up per rule: ${backendHealthRequirements.join(", ")} (default ${d.requirement})`)
        .option("--no-lb-health", "do not check the load balancer's rule health")
        .option("--min-healthy-percent <percent>", "with --lb-health minimumPercent: the share of backends that must be up", wholeNumber)
        .option("--smoke-url <url>", "smoke test before the swap: the URL to GET, e.g. http://<staging address>/health")
        .option("--smoke-host <host>", "smoke test: Host header to send")
        .option("--smoke-status <code>", `smoke test: expected status (default ${d.expectedStatus})`, wholeNumber)
        .option("--smoke-body <regex>", "smoke test: regular expression the body must match")
        .option("--smoke-timeout <ms>", `smoke test: timeout per attempt (default ${d.timeoutMs})`, wholeNumber)
        .option("--smoke-retries <n>", `smoke test: retries after a failed attempt (default ${d.retries})`, wholeNumber)
        .option("--smoke-backoff <ms>", `smoke test: wait before the first retry, doubling (default ${d.initialBackoffMs})`, wholeNumber)
        .option("--smoke-max-backoff <ms>", `smoke test: longest wait between attempts (default ${d.maxBackoffMs})`, wholeNumber)
        .option("--verify-url <url>", "verification after the swap: the URL to GET, e.g. http://<production address>/version")
        .option("--verify-host <host>", "verification: Host header to send")
        .option("--verify-status <code>", `verification: expected status (default ${d.expectedStatus})`, wholeNumber)
        .option("--verify-body <regex>", "verification: regular expression the body must match, e.g. the new version label")
        .option("--verify-timeout <ms>", `verification: timeout per attempt (default ${d.timeoutMs})`, wholeNumber)
        .option("--verify-deadline <ms>", `verification: how long the new colour has to answer (default ${d.deadlineMs})`, wholeNumber)
        .option("--verify-interval <ms>", `verification: wait between attempts (default ${d.intervalMs})`, wholeNumber)
        .option("--no-rollback", "when the verification fails, leave production on the new colour instead of swapping back");
}

/**
 * The flags in the shape of `HealthGateSettings`, not yet validated (a number flag that was not a whole number is
 * still its string): pass the result to `resolveHealthGatePlan`. Flags that were not
 * given are left out, so the defaults apply. Smoke-test and verification flags without their URL are kept, so that
 * validation says the URL is missing instead of silently ignoring them.
 */
export function healthGateSettingsFromFlags(flags: HealthGateFlags): Record<string, unknown> {
    const pick = <T extends object>(fields: T): T | undefined => {
        const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
        return Object.keys(defined).length > 0 ? defined : undefined;
    };
    const loadBalancerHealth =
        flags.lbHealth === false
            ? { enabled: false }
            : pick({ requirement: flags.lbHealth, minimumHealthyPercent: flags.minHealthyPercent });
    const smokeTest = pick({
        url: flags.smokeUrl,
        hostHeader: flags.smokeHost,
        expectedStatus: flags.smokeStatus,
        bodyPattern: flags.smokeBody,
        timeoutMs: flags.smokeTimeout,
        retries: flags.smokeRetries,
        initialBackoffMs: flags.smokeBackoff,
        maxBackoffMs: flags.smokeMaxBackoff,
    });
    const verification = pick({
        url: flags.verifyUrl,
        hostHeader: flags.verifyHost,
        expectedStatus: flags.verifyStatus,
        bodyPattern: flags.verifyBody,
        timeoutMs: flags.verifyTimeout,
        deadlineMs: flags.verifyDeadline,
        intervalMs: flags.verifyInterval,
    });
    return {
        ...(loadBalancerHealth ? { loadBalancerHealth } : {}),
        ...(smokeTest ? { smokeTest } : {}),
        ...(verification ? { verification } : {}),
        ...(flags.rollback === false ? { rollback: false } : {}),
        ...(flags.force ? { force: true } : {}),
    };
}
