import { probeHttp } from "../../components/health/httpProbe";
import { verifyAfterSwap } from "../../components/health/postSwapVerification";
import { backoffDelays } from "../../components/health/retryBackoff";
import { runSmokeTest } from "../../components/health/smokeTest";
import { resolveHealthGatePlan } from "../../components/health/healthGateSettings";
import { ScriptedApp } from "./scriptedApp";

const ok = { status: 200, body: '{"colour":"green","version":"v2"}' };

let app: ScriptedApp | undefined;
afterEach(async () => {
    await app?.stop();
    app = undefined;
});

function smokePlan(url: string, settings: Record<string, unknown> = {}) {
    return resolveHealthGatePlan({ smokeTest: { url, initialBackoffMs: 10, maxBackoffMs: 40, ...settings } }).smokeTest!;
}

describe("backoffDelays", () => {
    test("doubles from the first wait up to the ceiling, one wait per retry", () => {
        expect(backoffDelays(5, 500, 3000)).toEqual([500, 1000, 2000, 3000, 3000]);
        expect(backoffDelays(0, 500, 3000)).toEqual([]);
    });
});

describe("probeHttp", () => {
    test("a matching status and body is ok; the Host header is sent as configured", async () => {
        app = await ScriptedApp.start([ok]);
        const observation = await probeHttp({ ...smokePlan(app.url(), { bodyPattern: '"version":"v2"', hostHeader: "shop.example.com" }) });
        expect(observation).toMatchObject({ ok: true, status: 200, bodyExcerpt: ok.body });
        expect(app.hosts).toEqual(["shop.example.com"]);
    });

    test("a wrong status and a wrong body are failures that say what came back", async () => {
        app = await ScriptedApp.start([{ status: 503, body: "warming up" }, { status: 200, body: '{"version":"v1"}' }]);
        const plan = smokePlan(app.url(), { bodyPattern: '"version":"v2"' });
        expect(await probeHttp(plan)).toMatchObject({ ok: false, status: 503, failure: "answered status 503, expected 200", bodyExcerpt: "warming up" });
        expect(await probeHttp(plan)).toMatchObject({ ok: false, status: 200, failure: 'body does not match /"version":"v2"/' });
    });

    test("no answer within the timeout is a failure that says so", async () => {
        app = await ScriptedApp.start([{ ...ok, delayMs: 2000 }]);
        const observation = await probeHttp(smokePlan(app.url(), { timeoutMs: 100 }));
        expect(observation.ok).toBe(false);
        expect(observation.status).toBeUndefined();
        expect(observation.failure).toMatch(/no complete answer within 100 ms \(timeout\)/);
    });

    test("a refused connection is a failure with the error code", async () => {
        app = await ScriptedApp.start([ok]);
        const url = app.url();
        await app.stop();
        app = undefined;
        expect((await probeHttp(smokePlan(url))).failure).toMatch(/ECONNREFUSED/);
    });
});

describe("runSmokeTest", () => {
    test("retries until the application answers, then passes", async () => {
        app = await ScriptedApp.start([{ status: 503, body: "" }, { status: 502, body: "" }, ok]);
        const result = await runSmokeTest(smokePlan(app.url(), { retries: 3 }));
        expect(result.passed).toBe(true);
        expect(result.attempts.map((a) => a.status)).toEqual([503, 502, 200]);
        expect(app.requests).toBe(3);
    });

    test("gives up after the configured retries and keeps every attempt", async () => {
        app = await ScriptedApp.start([{ status: 500, body: "boom" }]);
        const result = await runSmokeTest(smokePlan(app.url(), { retries: 2 }));
        expect(result.passed).toBe(false);
        expect(result.attempts).toHaveLength(3);
        expect(app.requests).toBe(3);
    });

    test("stops at once when aborted", async () => {
        app = await ScriptedApp.start([{ status: 500, body: "" }]);
        const controller = new AbortController();
        const running = runSmokeTest(smokePlan(app.url(), { retries: 5, initialBackoffMs: 10_000, maxBackoffMs: 10_000 }), {
            abortSignal: controller.signal,
            onAttempt: () => controller.abort(new Error("stopped by the user")),
        });
        await expect(running).rejects.toThrow("stopped by the user");
        expect(app.requests).toBe(1);
    });
});

describe("verifyAfterSwap", () => {
    test("passes as soon as production answers with the expected body", async () => {
        app = await ScriptedApp.start([{ status: 200, body: '{"version":"v1"}' }, ok]);
        const plan = resolveHealthGatePlan({ verification: { url: app.url(), bodyPattern: '"version":"v2"', intervalMs: 10 } }).verification!;
        const result = await verifyAfterSwap(plan);
        expect(result.passed).toBe(true);
        expect(result.attempts).toHaveLength(2);
    });

    test("fails once the deadline passes, with at least one attempt, reporting the last answer", async () => {
        app = await ScriptedApp.start([{ status: 200, body: '{"version":"v1"}' }]);
        const plan = resolveHealthGatePlan({
            verification: { url: app.url(), bodyPattern: '"version":"v2"', deadlineMs: 200, intervalMs: 50 },
        }).verification!;
        const result = await verifyAfterSwap(plan);
        expect(result.passed).toBe(false);
        expect(result.attempts.length).toBeGreaterThanOrEqual(1);
        expect(result.attempts[result.attempts.length - 1]).toMatchObject({ status: 200, bodyExcerpt: '{"version":"v1"}' });
    });
});
