import { type HealthGateSettings, HealthGateSettingsError, healthGateDefaults, resolveHealthGatePlan } from "./healthGateSettings";

/**
 * The health gates as flat stack config keys (namespace `vipswap`), because a project can declare only `string`,
 * `integer`, `boolean` and `array` config types in Pulumi.yaml (pulumi/docs
 * content/docs/iac/concepts/projects/project-file.md, "Schemas"). Each key maps onto one setting of
 * `HealthGateSettings`; these defaults are the ones Pulumi.yaml declares, where "" and 0 mean "not set".
 */
export const healthGateConfigDefaults = {
    /** `allUp`, `matchLive`, `minimumPercent`, or `off` (no rule-health check). */
    healthGateRequirement: healthGateDefaults.requirement as string,
    healthGateMinimumHealthyPercent: 0,
    smokeTestUrl: "",
    smokeTestHostHeader: "",
    smokeTestExpectedStatus: healthGateDefaults.expectedStatus as number,
    smokeTestBodyPattern: "",
    smokeTestTimeoutMs: healthGateDefaults.timeoutMs as number,
    smokeTestRetries: healthGateDefaults.retries as number,
    smokeTestInitialBackoffMs: healthGateDefaults.initialBackoffMs as number,
    smokeTestMaxBackoffMs: healthGateDefaults.maxBackoffMs as number,
    verificationUrl: "",
    verificationHostHeader: "",
    verificationExpectedStatus: healthGateDefaults.expectedStatus as number,
    verificationBodyPattern: "",
    verificationTimeoutMs: healthGateDefaults.timeoutMs as number,
    verificationDeadlineMs: healthGateDefaults.deadlineMs as number,
    verificationIntervalMs: healthGateDefaults.intervalMs as number,
    healthGateRollback: healthGateDefaults.rollback as boolean,
    healthGateForce: healthGateDefaults.force as boolean,
};

/** One config key of the health gates. */
export type HealthGateConfigKey = keyof typeof healthGateConfigDefaults;

/** Which setting each key sets, for messages (`smokeTestRetries` -> `healthGate.smokeTest.retries`). */
export function settingOfConfigKey(key: HealthGateConfigKey): string {
    if (key === "healthGateRequirement") return "healthGate.loadBalancerHealth.requirement";
    if (key === "healthGateMinimumHealthyPercent") return "healthGate.loadBalancerHealth.minimumHealthyPercent";
    const [, group, field] = /^(healthGate|smokeTest|verification)(.*)$/.exec(key)!;
    const setting = field.charAt(0).toLowerCase() + field.slice(1);
    return group === "healthGate" ? `healthGate.${setting}` : `healthGate.${group}.${setting}`;
}

/**
 * Reads the keys into health-gate settings, not yet validated (pass them to `resolveHealthGatePlan`). A check is on
 * when its URL is set; its other keys then apply. Whole numbers and booleans arrive as text (config is text at run
 * time); text that is not one is passed on as is, so that validation names the value.
 *
 * @param get reads one key of the project's namespace, undefined when it is not set
 */
export function healthGateSettingsFromConfig(get: (key: HealthGateConfigKey) => string | undefined): Record<string, unknown> {
    const text = (key: HealthGateConfigKey): string => get(key) ?? String(healthGateConfigDefaults[key]);
    const integer = (key: HealthGateConfigKey): number | string => (/^\d+$/.test(text(key)) ? Number(text(key)) : text(key));
    const boolean = (key: HealthGateConfigKey): boolean | string => (text(key) === "true" ? true : text(key) === "false" ? false : text(key));
    const optionalText = (key: HealthGateConfigKey) => (text(key) === "" ? {} : { [settingName(key)]: text(key) });
    const check = (prefix: "smokeTest" | "verification", numberKeys: HealthGateConfigKey[]) => ({
        url: text(`${prefix}Url`),
        ...optionalText(`${prefix}HostHeader`),
        ...optionalText(`${prefix}BodyPattern`),
        ...Object.fromEntries(numberKeys.map((key) => [settingName(key), integer(key)])),
    });

    const requirement = text("healthGateRequirement");
    const percent = integer("healthGateMinimumHealthyPercent");
    return {
        loadBalancerHealth:
            requirement === "off" ? { enabled: false } : { requirement, ...(percent === 0 ? {} : { minimumHealthyPercent: percent }) },
        ...(text("smokeTestUrl") === ""
            ? {}
            : {
                  smokeTest: check("smokeTest", [
                      "smokeTestExpectedStatus",
                      "smokeTestTimeoutMs",
                      "smokeTestRetries",
                      "smokeTestInitialBackoffMs",
                      "smokeTestMaxBackoffMs",
                  ]),
              }),
        ...(text("verificationUrl") === ""
            ? {}
            : {
                  verification: check("verification", [
                      "verificationExpectedStatus",
                      "verificationTimeoutMs",
                      "verificationDeadlineMs",
                      "verificationIntervalMs",
                  ]),
              }),
        rollback: boolean("healthGateRollback"),
        force: boolean("healthGateForce"),
    };
}

/**
 * Reads and validates the keys (see {@link healthGateSettingsFromConfig}).
 * @throws HealthGateSettingsError whose problems name the config keys (`vipswap:smokeTestRetries ...`)
 */
export function readHealthGateConfig(get: (key: HealthGateConfigKey) => string | undefined): HealthGateSettings {
    const settings = healthGateSettingsFromConfig(get);
    try {
        resolveHealthGatePlan(settings);
    } catch (err) {
        if (!(err instanceof HealthGateSettingsError)) throw err;
        // Longest setting first, so that no setting's name is replaced inside a longer one's.
        const keys = (Object.keys(healthGateConfigDefaults) as HealthGateConfigKey[]).sort(
            (a, b) => settingOfConfigKey(b).length - settingOfConfigKey(a).length,
        );
        const renamed = err.problems.map((problem) =>
            keys.reduce((text, key) => text.split(settingOfConfigKey(key)).join(`vipswap:${key}`), problem),
        );
        throw new HealthGateSettingsError("the stack config", renamed);
    }
    return settings as HealthGateSettings;
}

/** The last part of the setting a key sets (`smokeTestRetries` -> `retries`). */
function settingName(key: HealthGateConfigKey): string {
    return settingOfConfigKey(key).split(".").pop()!;
}
