import { describeUnhealthyRules, evaluateRuleHealth, type RuleHealth } from "../../components/health/ruleHealthEvaluation";

function rule(ruleName: string, states: string[]): RuleHealth {
    return {
        ruleName,
        up: states.filter((state) => state === "Up").length,
        down: states.filter((state) => state !== "Up").length,
        backends: states.map((state, index) => ({
            ipAddress: `10.1.0.${index + 4}`,
            state,
            ...(state === "Down" ? { reason: "Probe failed" } : {}),
        })),
    };
}

describe("evaluateRuleHealth", () => {
    test("allUp passes when every backend of every rule is up", () => {
        const verdict = evaluateRuleHealth("lb-green", [rule("http", ["Up", "Up"]), rule("https", ["Up", "Up"])], [], { requirement: "allUp" });
        expect(verdict.healthy).toBe(true);
        expect(verdict.rules.map((r) => r.required)).toEqual([2, 2]);
    });

    test("allUp fails on one down backend and names the rule and the backend", () => {
        const verdict = evaluateRuleHealth("lb-green", [rule("http", ["Up", "Up"]), rule("https", ["Up", "Down"])], [], { requirement: "allUp" });
        expect(verdict.healthy).toBe(false);
        expect(verdict.rules.map((r) => r.healthy)).toEqual([true, false]);
        expect(describeUnhealthyRules(verdict)).toEqual([
            "rule https on lb-green: 1 up, 1 down; needs at least 2 up (all backends up); not up: 10.1.0.5 (Down: Probe failed)",
        ]);
    });

    test("matchLive compares with the live colour's rule of the same name", () => {
        const live = [rule("http", ["Up", "Up", "Up"]), rule("https", ["Up", "Down", "Down"])];
        const verdict = evaluateRuleHealth("lb-green", [rule("http", ["Up", "Up", "Down"]), rule("https", ["Up", "Down"])], live, {
            requirement: "matchLive",
        });
        expect(verdict.rules.map((r) => [r.ruleName, r.required, r.healthy])).toEqual([
            ["http", 3, false],
            ["https", 1, true],
        ]);
    });

    test("matchLive still needs one healthy backend when the live colour has none or lacks the rule", () => {
        const verdict = evaluateRuleHealth("lb-green", [rule("http", ["Down"]), rule("extra", ["Down"])], [rule("http", ["Down"])], {
            requirement: "matchLive",
        });
        expect(verdict.healthy).toBe(false);
        expect(verdict.rules.map((r) => r.required)).toEqual([1, 1]);
    });

    test("minimumPercent rounds the required count up", () => {
        const plan = { requirement: "minimumPercent" as const, minimumHealthyPercent: 50 };
        expect(evaluateRuleHealth("lb", [rule("http", ["Up", "Down", "Down"])], [], plan).healthy).toBe(false); // needs 2 of 3
        expect(evaluateRuleHealth("lb", [rule("http", ["Up", "Up", "Down"])], [], plan).healthy).toBe(true);
        expect(evaluateRuleHealth("lb", [rule("http", ["Up", "Down"])], [], plan).healthy).toBe(true); // 1 of 2
    });

    test("a load balancer without rules, or a rule without backends, is never healthy", () => {
        const empty = evaluateRuleHealth("lb-green", [], [], { requirement: "allUp" });
        expect(empty.healthy).toBe(false);
        expect(describeUnhealthyRules(empty)[0]).toMatch(/lb-green has no load-balancing rules/);
        const noBackends = evaluateRuleHealth("lb-green", [rule("http", [])], [], { requirement: "allUp" });
        expect(noBackends.healthy).toBe(false);
        expect(describeUnhealthyRules(noBackends)).toEqual(["rule http on lb-green: 0 up, 0 down; needs at least 1 up (all backends up)"]);
    });

    test("backends that are Up only because every backend is down (Up_Probe_AllDownIsUp) count as down", () => {
        const verdict = evaluateRuleHealth(
            "lb-green",
            [{ ruleName: "http", up: 2, down: 0, backends: [{ ipAddress: "10.1.0.4", state: "Up", reason: "Up_Probe_AllDownIsUp" }, { ipAddress: "10.1.0.5", state: "Up", reason: "Up_Probe_AllDownIsUp" }] }],
            [],
            { requirement: "minimumPercent", minimumHealthyPercent: 50 },
        );
        expect(verdict.rules[0]).toMatchObject({ up: 0, down: 2, healthy: false });
        expect(describeUnhealthyRules(verdict)[0]).toContain("not up: 10.1.0.4 (Up: Up_Probe_AllDownIsUp), 10.1.0.5 (Up: Up_Probe_AllDownIsUp)");
    });

    test("matchLive counts the live colour by the same rule: a live fleet that is Up only through Up_Probe_AllDownIsUp does not block the swap away from it", () => {
        const allDownIsUp = (ip: string) => ({ ipAddress: ip, state: "Up", reason: "Up_Probe_AllDownIsUp" });
        // Azure's own counts for the broken live colour say 3 up; none of them answers its probe.
        const live = [{ ruleName: "http", up: 3, down: 0, backends: [allDownIsUp("10.0.1.4"), allDownIsUp("10.0.1.5"), allDownIsUp("10.0.1.6")] }];
        const verdict = evaluateRuleHealth("lb-green", [rule("http", ["Up", "Up"])], live, { requirement: "matchLive" });
        expect(verdict.rules[0]).toMatchObject({ up: 2, required: 1, healthy: true });
        expect(verdict.rules[0].explanation).toBe("2 up, 0 down; needs at least 1 up (the live colour has 0 up)");
    });

    test("Up_Admin and Up_Probe_ApproachingUnhealthyThreshold are not proof that a backend answers its probe", () => {
        const verdict = evaluateRuleHealth(
            "lb-green",
            [
                {
                    ruleName: "http",
                    up: 3,
                    down: 0,
                    backends: [
                        { ipAddress: "10.1.0.4", state: "Up", reason: "Up_Probe_Success" },
                        { ipAddress: "10.1.0.5", state: "Up", reason: "Up_Admin" },
                        { ipAddress: "10.1.0.6", state: "Up", reason: "Up_Probe_ApproachingUnhealthyThreshold" },
                    ],
                },
            ],
            [],
            { requirement: "allUp" },
        );
        expect(verdict.rules[0]).toMatchObject({ up: 1, down: 2, required: 3, healthy: false });
        expect(describeUnhealthyRules(verdict)[0]).toContain("not up: 10.1.0.5 (Up: Up_Admin), 10.1.0.6 (Up: Up_Probe_ApproachingUnhealthyThreshold)");
    });

    test("without per-backend detail, Azure's own counts decide", () => {
        const plan = { requirement: "allUp" as const };
        expect(evaluateRuleHealth("lb", [{ ruleName: "r", up: 3, down: 0, backends: [] }], [], plan).healthy).toBe(true);
        expect(evaluateRuleHealth("lb", [{ ruleName: "r", up: 2, down: 1, backends: [] }], [], plan).healthy).toBe(false);
    });

    test("a backend state is compared without regard to case", () => {
        expect(evaluateRuleHealth("lb", [{ ruleName: "r", up: 1, down: 0, backends: [{ state: "up" }] }], [], { requirement: "allUp" }).healthy).toBe(true);
    });
});
