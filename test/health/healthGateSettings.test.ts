import { HealthGateSettingsError, healthGateDefaults, resolveHealthGatePlan } from "../../components/health/healthGateSettings";

function problemsOf(raw: unknown): readonly string[] {
    try {
        resolveHealthGatePlan(raw, "test");
    } catch (err) {
        expect(err).toBeInstanceOf(HealthGateSettingsError);
        return (err as HealthGateSettingsError).problems;
    }
    throw new Error("expected the settings to be refused");
}

describe("resolveHealthGatePlan", () => {
    test("nothing configured means the rule-health check with allUp, no HTTP checks, rollback on, no force", () => {
        expect(resolveHealthGatePlan(undefined)).toEqual({
            loadBalancerHealth: { requirement: "allUp" },
            smokeTest: undefined,
            verification: undefined,
            rollback: true,
            force: false,
        });
    });

    test("fills every default of the smoke test and the verification", () => {
        const plan = resolveHealthGatePlan({
            smokeTest: { url: "http://10.0.0.1/health" },
            verification: { url: "https://example.com/version", bodyPattern: "v2" },
        });
        expect(plan.smokeTest).toEqual({
            url: "http://10.0.0.1/health",
            expectedStatus: 200,
            timeoutMs: healthGateDefaults.timeoutMs,
            retries: 3,
            initialBackoffMs: 500,
            maxBackoffMs: 8000,
        });
        expect(plan.verification).toEqual({
            url: "https://example.com/version",
            bodyPattern: "v2",
            expectedStatus: 200,
            timeoutMs: 5000,
            deadlineMs: 60000,
            intervalMs: 1000,
        });
    });

    test("keeps explicit values: minimum percentage, host header, rollback off, force", () => {
        const plan = resolveHealthGatePlan({
            loadBalancerHealth: { requirement: "minimumPercent", minimumHealthyPercent: 75 },
            smokeTest: { url: "http://1.2.3.4:8080/", hostHeader: "app.example.com", expectedStatus: 204, retries: 0 },
            rollback: false,
            force: true,
        });
        expect(plan.loadBalancerHealth).toEqual({ requirement: "minimumPercent", minimumHealthyPercent: 75 });
        expect(plan.smokeTest).toMatchObject({ hostHeader: "app.example.com", expectedStatus: 204, retries: 0 });
        expect(plan.rollback).toBe(false);
        expect(plan.force).toBe(true);
    });

    test("enabled: false turns the rule-health check off", () => {
        expect(resolveHealthGatePlan({ loadBalancerHealth: { enabled: false } }).loadBalancerHealth).toBeUndefined();
    });

    test("lists every problem at once, each naming the setting", () => {
        const problems = problemsOf({
            loadBalancerHealth: { requirement: "most" },
            smokeTest: { url: "ftp://x/", expectedStatus: 99, bodyPattern: "(", timeoutMs: -1 },
            verification: { deadlineMs: "soon" },
            rollback: "yes",
            colour: "blue",
        });
        expect(problems).toEqual(
            expect.arrayContaining([
                expect.stringContaining("healthGate.loadBalancerHealth.requirement must be one of allUp, matchLive, minimumPercent"),
                expect.stringContaining("healthGate.smokeTest.url must be an absolute http:// or https:// URL"),
                expect.stringContaining("healthGate.smokeTest.expectedStatus must be a whole number from 100 to 599"),
                expect.stringContaining("healthGate.smokeTest.bodyPattern is not a valid regular expression"),
                expect.stringContaining("healthGate.smokeTest.timeoutMs must be a whole number"),
                expect.stringContaining("healthGate.verification.url must be an absolute"),
                expect.stringContaining("healthGate.verification.deadlineMs must be a whole number"),
                expect.stringContaining("healthGate.rollback must be true or false"),
                expect.stringContaining("healthGate.colour is not a setting"),
            ]),
        );
        expect(problems).toHaveLength(9);
    });

    test("minimumPercent needs a percentage in (0, 100], and only minimumPercent takes one", () => {
        expect(problemsOf({ loadBalancerHealth: { requirement: "minimumPercent" } })[0]).toMatch(/minimumHealthyPercent must be a number above 0/);
        expect(problemsOf({ loadBalancerHealth: { requirement: "minimumPercent", minimumHealthyPercent: 101 } })).toHaveLength(1);
        expect(problemsOf({ loadBalancerHealth: { minimumHealthyPercent: 50 } })[0]).toMatch(/only used with requirement minimumPercent/);
    });

    test("refuses a backoff ceiling below the first backoff, a non-object and a bad host header", () => {
        expect(problemsOf({ smokeTest: { url: "http://a/", initialBackoffMs: 1000, maxBackoffMs: 10 } })[0]).toMatch(
            /maxBackoffMs \(10\) must not be less than initialBackoffMs \(1000\)/,
        );
        expect(problemsOf("allUp")[0]).toMatch(/healthGate must be an object; got "allUp"/);
        expect(problemsOf({ smokeTest: { url: "http://a/", hostHeader: "a b" } })[0]).toMatch(/hostHeader must be a host name/);
    });

    test("refuses credentials in a URL, without repeating them", () => {
        const problems = problemsOf({ verification: { url: "https://ops:s3cret@shop.example.com/version" } });
        expect(problems).toEqual([expect.stringMatching(/^healthGate.verification.url must not contain a user name or password/)]);
        expect(problems.join()).not.toContain("s3cret");
    });

    test("the error message names the source and says nothing was accepted", () => {
        expect(() => resolveHealthGatePlan({ force: 1 }, "stack config vipswap:healthGate")).toThrow(
            /Invalid health-gate settings in stack config vipswap:healthGate:\n {2}- healthGate.force must be true or false; got 1/,
        );
    });
});
