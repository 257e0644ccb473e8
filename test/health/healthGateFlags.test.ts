import { Command } from "commander";
import { addHealthGateFlags, type HealthGateFlags, healthGateSettingsFromFlags } from "../../cli/healthGateFlags";
import { HealthGateSettingsError, resolveHealthGatePlan } from "../../components/health/healthGateSettings";

function planFrom(args: string[]) {
    const command = addHealthGateFlags(new Command("swap").exitOverride());
    command.parse(args, { from: "user" });
    return resolveHealthGatePlan(healthGateSettingsFromFlags(command.opts<HealthGateFlags>()), "the command line");
}

describe("health-gate flags", () => {
    test("no flags: the defaults (rule health allUp, no HTTP checks, rollback on, no force)", () => {
        expect(planFrom([])).toEqual(resolveHealthGatePlan(undefined));
    });

    test("every flag reaches its setting", () => {
        const plan = planFrom([
            "--lb-health", "minimumPercent", "--min-healthy-percent", "60",
            "--smoke-url", "http://10.0.0.9/health", "--smoke-host", "shop.example.com", "--smoke-status", "204",
            "--smoke-body", "ok", "--smoke-timeout", "900", "--smoke-retries", "6", "--smoke-backoff", "100", "--smoke-max-backoff", "400",
            "--verify-url", "http://10.0.0.8/version", "--verify-host", "shop.example.com", "--verify-status", "200",
            "--verify-body", "v2", "--verify-timeout", "800", "--verify-deadline", "9000", "--verify-interval", "250",
            "--no-rollback", "--force",
        ]);
        expect(plan).toEqual({
            loadBalancerHealth: { requirement: "minimumPercent", minimumHealthyPercent: 60 },
            smokeTest: {
                url: "http://10.0.0.9/health", hostHeader: "shop.example.com", expectedStatus: 204, bodyPattern: "ok",
                timeoutMs: 900, retries: 6, initialBackoffMs: 100, maxBackoffMs: 400,
            },
            verification: {
                url: "http://10.0.0.8/version", hostHeader: "shop.example.com", expectedStatus: 200, bodyPattern: "v2",
                timeoutMs: 800, deadlineMs: 9000, intervalMs: 250,
            },
            rollback: false,
            force: true,
        });
    });

    test("--no-lb-health turns the rule-health check off", () => {
        expect(planFrom(["--no-lb-health"]).loadBalancerHealth).toBeUndefined();
    });

    test("a bad number or a smoke flag without its URL is reported, not ignored", () => {
        expect(() => planFrom(["--smoke-url", "http://a/", "--smoke-retries", "lots"])).toThrow(/healthGate.smokeTest.retries must be a whole number from 0 to 100; got "lots"/);
        expect(() => planFrom(["--verify-body", "v2"])).toThrow(HealthGateSettingsError);
        expect(() => planFrom(["--verify-body", "v2"])).toThrow(/healthGate.verification.url must be an absolute/);
    });
});
