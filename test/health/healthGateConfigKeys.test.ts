import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
    type HealthGateConfigKey,
    healthGateConfigDefaults,
    readHealthGateConfig,
    settingOfConfigKey,
} from "../../components/health/healthGateConfigKeys";
import { resolveHealthGatePlan } from "../../components/health/healthGateSettings";
import { mockPulumi } from "../helpers/pulumiMocks";

// js-yaml ships with @pulumi/pulumi (it reads Pulumi.yaml itself); no typings are installed for it.
const yaml = require("js-yaml") as { load(text: string): unknown };
const root = path.join(__dirname, "..", "..");

const read = (values: Partial<Record<HealthGateConfigKey, string>>) => readHealthGateConfig((key) => values[key]);

describe("health-gate stack config keys", () => {
    test("with every key at its default: the rule-health check only, rollback on, no force", () => {
        expect(resolveHealthGatePlan(read({}))).toEqual(resolveHealthGatePlan(undefined));
    });

    test("every key reaches its setting (config values arrive as text)", () => {
        const settings = read({
            healthGateRequirement: "minimumPercent",
            healthGateMinimumHealthyPercent: "75",
            smokeTestUrl: "http://{stagingAddress}/health",
            smokeTestHostHeader: "shop.example.com",
            smokeTestExpectedStatus: "204",
            smokeTestBodyPattern: "ok",
            smokeTestTimeoutMs: "900",
            smokeTestRetries: "5",
            smokeTestInitialBackoffMs: "100",
            smokeTestMaxBackoffMs: "400",
            verificationUrl: "http://{productionAddress}/version",
            verificationHostHeader: "shop.example.com",
            verificationExpectedStatus: "200",
            verificationBodyPattern: "2\\.0\\.1",
            verificationTimeoutMs: "800",
            verificationDeadlineMs: "30000",
            verificationIntervalMs: "250",
            healthGateRollback: "false",
            healthGateForce: "true",
        });
        expect(settings).toEqual({
            loadBalancerHealth: { requirement: "minimumPercent", minimumHealthyPercent: 75 },
            smokeTest: {
                url: "http://{stagingAddress}/health", hostHeader: "shop.example.com", bodyPattern: "ok",
                expectedStatus: 204, timeoutMs: 900, retries: 5, initialBackoffMs: 100, maxBackoffMs: 400,
            },
            verification: {
                url: "http://{productionAddress}/version", hostHeader: "shop.example.com", bodyPattern: "2\\.0\\.1",
                expectedStatus: 200, timeoutMs: 800, deadlineMs: 30000, intervalMs: 250,
            },
            rollback: false,
            force: true,
        });
    });

    test("healthGateRequirement off turns the rule-health check off", () => {
        expect(resolveHealthGatePlan(read({ healthGateRequirement: "off" })).loadBalancerHealth).toBeUndefined();
    });

    test("a bad value is reported under its config key", () => {
        expect(() => read({ smokeTestUrl: "http://a/", smokeTestRetries: "lots", healthGateForce: "yes" })).toThrow(
            'Invalid health-gate settings in the stack config:\n  - vipswap:smokeTestRetries must be a whole number from 0 to 100; got "lots".\n  - vipswap:healthGateForce must be true or false; got "yes".',
        );
        expect(() => read({ healthGateRequirement: "minimumPercent" })).toThrow(/vipswap:healthGateMinimumHealthyPercent must be a number above 0/);
    });

    test("each key names a setting that exists", () => {
        expect(settingOfConfigKey("smokeTestInitialBackoffMs")).toBe("healthGate.smokeTest.initialBackoffMs");
        expect(settingOfConfigKey("healthGateRollback")).toBe("healthGate.rollback");
        expect(settingOfConfigKey("healthGateMinimumHealthyPercent")).toBe("healthGate.loadBalancerHealth.minimumHealthyPercent");
    });

    test("Pulumi.yaml declares every key, with the type of its default and the same default", () => {
        const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { config: Record<string, { type: string; default: unknown }> };
        for (const [key, value] of Object.entries(healthGateConfigDefaults)) {
            const type = typeof value === "number" ? "integer" : typeof value;
            expect({ key, ...project.config[key] }).toMatchObject({ key, type, default: value });
        }
    });

    test("the example stack passes them to the VipSwap resource", async () => {
        const mocked = await mockPulumi({ stack: "dev" });
        pulumi.runtime.setAllConfig({
            "vipswap:activeColour": "blue",
            "vipswap:sshPublicKey": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHealthHealthHealthHealthHealthHealth00 ops@ci",
            "vipswap:healthGateRequirement": "matchLive",
            "vipswap:verificationUrl": "http://{productionAddress}/version",
            "vipswap:verificationBodyPattern": "v2",
        });
        await jest.isolateModulesAsync(async () => {
            await import("../../index");
        });
        await mocked.settled();
        const [swap] = mocked.ofType("pulumi-nodejs:dynamic/vipswap:VipSwap");
        expect(swap.inputs.healthGate).toEqual({
            loadBalancerHealth: { requirement: "matchLive" },
            verification: {
                url: "http://{productionAddress}/version", bodyPattern: "v2",
                expectedStatus: 200, timeoutMs: 5000, deadlineMs: 60000, intervalMs: 1000,
            },
            rollback: true,
            force: false,
        });
    });
});
