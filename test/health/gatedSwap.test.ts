import { HealthGateRefusedError, PostSwapVerificationError } from "../../components/health/healthGateErrors";
import { type HealthGateSettings, resolveHealthGatePlan } from "../../components/health/healthGateSettings";
import { forceWarning } from "../../components/health/preSwapGate";
import { swapWithHealthGates } from "../../components/health/swapWithHealthGates";
import { reconcileSwap, SwapError } from "../../components/swap/swapEngine";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { azureState, dataPlaneUrl, ruleHealthRequestsIn, setBackends, testPollMs, writesIn } from "./gateHarness";
import { ScriptedApp } from "./scriptedApp";

/**
 * The gates around a real swap, against the emulator through the real SDK: blue is live (version v1), green is the
 * new colour (v2). The smoke test probes the staging address and the verification the production address, both on
 * the emulator's data plane, unless a test stands in its own application for the staging URL.
 */

let fixture: EmulatorFixture;
let pair: BlueGreenPair;
let app: ScriptedApp | undefined;
let original: Awaited<ReturnType<typeof azureState>>;

beforeAll(async () => {
    fixture = await startEmulatorFixture({ throttling: false });
});
afterAll(async () => {
    await fixture?.stop();
});
beforeEach(async () => {
    fixture.emulator.reset();
    pair = await createBlueGreenPair(fixture.client, fixture.emulator); // blue: 2 healthy v1, green: 2 healthy v2
    original = await azureState(fixture.client, pair);
    fixture.emulator.clearRequestLog();
});
afterEach(async () => {
    await app?.stop();
    app = undefined;
});

const stagingUrl = (path = "/health") => dataPlaneUrl(fixture.emulator, pair.stagingIpId, path);
const productionUrl = (path = "/") => dataPlaneUrl(fixture.emulator, pair.productionIpId, path);

function gatedSwap(settings: HealthGateSettings, log: string[] = []) {
    return swapWithHealthGates(fixture.connection, pair.target, "green", resolveHealthGatePlan(settings), {
        pollIntervalMs: testPollMs,
        ruleHealthPollIntervalMs: testPollMs,
        log: (line) => log.push(line),
    });
}

/** Runs a swap that the gate must refuse; returns the error after proving that Azure was not written to. */
async function expectRefused(settings: HealthGateSettings): Promise<HealthGateRefusedError> {
    const error = await gatedSwap(settings).then(
        () => undefined,
        (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(HealthGateRefusedError);
    const log = fixture.emulator.requestLog();
    expect(writesIn(log)).toEqual([]);
    expect(await azureState(fixture.client, pair)).toEqual(original);
    return error as HealthGateRefusedError;
}

describe("a healthy new colour", () => {
    test("passes the rule-health gate, the smoke test and the verification; production moves to green with both addresses kept", async () => {
        const report = await gatedSwap({
            smokeTest: { url: stagingUrl(), bodyPattern: '"colour":"green"' },
            verification: { url: productionUrl("/version"), bodyPattern: '"version":"v2"', intervalMs: 20 },
        });
        expect(report.preSwapGate?.skipped).toBe(false);
        expect(report.preSwapGate?.loadBalancer?.rules).toEqual([
            expect.objectContaining({ ruleName: "http", up: 2, down: 0, required: 2, healthy: true }),
        ]);
        expect(report.preSwapGate?.smokeTest?.passed).toBe(true);
        expect(report.verification?.passed).toBe(true);
        expect(JSON.parse(report.verification!.attempts.at(-1)!.bodyExcerpt!)).toMatchObject({ colour: "green", version: "v2" });

        const log = fixture.emulator.requestLog();
        expect(ruleHealthRequestsIn(log).length).toBeGreaterThanOrEqual(1);
        // The gate read before the swap wrote: the first write comes after the last rule-health request.
        expect(log.indexOf(writesIn(log)[0])).toBeGreaterThan(log.indexOf(ruleHealthRequestsIn(log).at(-1)!));
        expect(await azureState(fixture.client, pair)).toEqual({ ...original, blue: "staging", green: "production" });
    });

    test("minimumPercent lets a partly healthy colour through when enough backends are up", async () => {
        setBackends(fixture.emulator, pair, "green", 3, 2, "v2");
        const report = await gatedSwap({ loadBalancerHealth: { requirement: "minimumPercent", minimumHealthyPercent: 60 } });
        expect(report.preSwapGate?.loadBalancer?.rules[0]).toMatchObject({ up: 2, down: 1, required: 2, healthy: true });
        expect((await azureState(fixture.client, pair)).green).toBe("production");
    });

    test("{stagingAddress} in a check is filled in with the staging address that Azure assigned", async () => {
        app = await ScriptedApp.start([{ status: 200, body: "ok" }]);
        await gatedSwap({ smokeTest: { url: app.url(), hostHeader: "{stagingAddress}" } });
        expect(app.hosts).toEqual([pair.stagingIpAddress]);
    });

    test("when production is already on green the pre-swap gate does not run (nothing to write), but the verification does", async () => {
        await gatedSwap({});
        fixture.emulator.clearRequestLog();
        setBackends(fixture.emulator, pair, "green", 3, 2, "v2"); // fails allUp, so the pre-swap gate would refuse if it ran
        const report = await gatedSwap({ verification: { url: productionUrl(), bodyPattern: '"version":"v2"' } });
        expect(report.preSwapGate).toBeUndefined();
        expect(report.swap.alreadyLive).toBe(true);
        expect(report.verification?.passed).toBe(true);
        expect(writesIn(fixture.emulator.requestLog())).toEqual([]);
        expect(ruleHealthRequestsIn(fixture.emulator.requestLog())).toEqual([]);
    });
});

describe("an unhealthy new colour is refused with nothing written", () => {
    test("all backends down: the error names the rule and every backend, and the smoke test's failure", async () => {
        setBackends(fixture.emulator, pair, "green", 2, 0, "v2");
        const error = await expectRefused({ smokeTest: { url: stagingUrl(), retries: 1, initialBackoffMs: 10, timeoutMs: 500 } });
        expect(error.loadBalancer?.rules[0]).toMatchObject({ ruleName: "http", up: 0, down: 2, healthy: false });
        expect(error.loadBalancer?.rules[0].unhealthyBackends).toHaveLength(2);
        expect(error.findings[0]).toMatch(/^rule http on app-green-lb: 0 up, 2 down; needs at least 2 up \(all backends up\); not up: 10\.0\.\d+\.4 .*, 10\.0\.\d+\.5 /);
        expect(error.findings[1]).toMatch(/^smoke test against the staging address failed after 2 attempts: GET http:\/\/127\.0\.0\.1:\d+\/health failed: /);
        expect(error.message).toMatch(/^The swap to green was refused by the pre-swap health gate; nothing was changed\./);
        // It says how to skip the gate on purpose, in the words of each way in (CLI, stack config, settings).
        expect(error.message).toContain("--force (CLI), `pulumi config set healthGateForce true` (example stack)");
    });

    test("fewer backends up than all of them (allUp)", async () => {
        setBackends(fixture.emulator, pair, "green", 3, 2, "v2");
        const error = await expectRefused({});
        expect(error.findings).toEqual([expect.stringMatching(/^rule http on app-green-lb: 2 up, 1 down; needs at least 3 up \(all backends up\); not up: 10\.0\.\d+\.6 /)]);
    });

    test("fewer backends up than the live colour has (matchLive)", async () => {
        setBackends(fixture.emulator, pair, "blue", 4, 4, "v1");
        setBackends(fixture.emulator, pair, "green", 2, 2, "v2");
        const error = await expectRefused({ loadBalancerHealth: { requirement: "matchLive" } });
        expect(error.findings).toEqual(["rule http on app-green-lb: 2 up, 0 down; needs at least 4 up (the live colour has 4 up)"]);
    });

    test("fewer backends up than the minimum percentage", async () => {
        setBackends(fixture.emulator, pair, "green", 4, 1, "v2");
        const error = await expectRefused({ loadBalancerHealth: { requirement: "minimumPercent", minimumHealthyPercent: 50 } });
        expect(error.findings[0]).toMatch(/^rule http on app-green-lb: 1 up, 3 down; needs at least 2 up \(50% of 4 backends\)/);
    });

    test("smoke test: the application answers the wrong status", async () => {
        app = await ScriptedApp.start([{ status: 503, body: '{"status":"starting"}' }]);
        const error = await expectRefused({ smokeTest: { url: app.url("/api/ready"), retries: 2, initialBackoffMs: 10 } });
        expect(app.requests).toBe(3);
        expect(error.findings).toEqual([
            `smoke test against the staging address failed after 3 attempts: GET ${app.url("/api/ready")} failed: answered status 503, expected 200; body: "{\\"status\\":\\"starting\\"}"`,
        ]);
    });

    test("smoke test: the staging address answers with the wrong body (the old version label)", async () => {
        const error = await expectRefused({ smokeTest: { url: stagingUrl(), bodyPattern: '"version":"v3"', retries: 1, initialBackoffMs: 10 } });
        expect(error.findings).toHaveLength(1);
        expect(error.findings[0]).toMatch(/failed after 2 attempts: .*failed: body does not match \/"version":"v3"\/; body: .*\\"version\\":\\"v2\\"/);
    });

    test("smoke test: no answer within the timeout", async () => {
        app = await ScriptedApp.start([{ status: 200, body: "ok", delayMs: 5000 }]);
        const error = await expectRefused({ smokeTest: { url: app.url(), timeoutMs: 100, retries: 1, initialBackoffMs: 10 } });
        expect(error.findings).toEqual([expect.stringMatching(/failed after 2 attempts: GET .* failed: no complete answer within 100 ms \(timeout\)$/)]);
    });

    test("a gate that cannot read the rule health refuses too (the caller may not read it: 403 AuthorizationFailed)", async () => {
        fixture.emulator.addFault({ method: "POST", pathPattern: "/health$", action: { type: "error", status: 403, code: "AuthorizationFailed" } });
        const error = await expectRefused({});
        expect(error.findings).toEqual([expect.stringMatching(/^could not read the rule health of app-green-lb: .*\(AuthorizationFailed, HTTP 403\)$/)]);
    });
});

describe("finishing an interrupted swap", () => {
    test("skips the smoke test when the staging address no longer reaches the new colour, and says so; rule health still decides", async () => {
        // A swap to green stopped after "green <- production": green holds production, blue the floating IP.
        const abort = new AbortController();
        let finished = 0;
        const interrupted = await reconcileSwap(fixture.connection, pair.target, "green", {
            pollIntervalMs: testPollMs,
            abortSignal: abort.signal,
            onProgress: (event) => {
                if (event.type === "stepFinished" && ++finished === 3) abort.abort();
            },
        }).catch((err: unknown) => err);
        expect(interrupted).toBeInstanceOf(SwapError);
        expect(await azureState(fixture.client, pair)).toMatchObject({ green: "production", blue: expect.stringMatching(/floating$/) });

        app = await ScriptedApp.start([{ status: 500, body: "would fail" }]);
        const log: string[] = [];
        const report = await gatedSwap({ smokeTest: { url: app.url() } }, log);
        expect(app.requests).toBe(0);
        expect(report.preSwapGate?.smokeTest).toBeUndefined();
        expect(report.preSwapGate?.loadBalancer?.healthy).toBe(true);
        expect(report.preSwapGate?.notes).toEqual([expect.stringMatching(/^smoke test skipped: the staging address is not on app-green-lb \(its frontend holds production/)]);
        expect(log).toContain(`health gate: ${report.preSwapGate!.notes[0]}`);
        expect(await azureState(fixture.client, pair)).toEqual({ ...original, blue: "staging", green: "production" });
    });

    test("still refuses to finish it onto a colour whose backends are down", async () => {
        const abort = new AbortController();
        let finished = 0;
        await reconcileSwap(fixture.connection, pair.target, "green", {
            pollIntervalMs: testPollMs,
            abortSignal: abort.signal,
            onProgress: (event) => {
                if (event.type === "stepFinished" && ++finished === 2) abort.abort();
            },
        }).catch(() => undefined);
        setBackends(fixture.emulator, pair, "green", 2, 0, "v2");
        const before = await azureState(fixture.client, pair);
        fixture.emulator.clearRequestLog();
        await expect(gatedSwap({})).rejects.toBeInstanceOf(HealthGateRefusedError);
        expect(writesIn(fixture.emulator.requestLog())).toEqual([]);
        expect(await azureState(fixture.client, pair)).toEqual(before);
    });
});

describe("force", () => {
    test("skips the gate, says so loudly, and swaps onto an unhealthy colour", async () => {
        setBackends(fixture.emulator, pair, "green", 2, 0, "v2");
        const log: string[] = [];
        const report = await gatedSwap({ force: true, smokeTest: { url: stagingUrl() } }, log);
        expect(report.preSwapGate?.skipped).toBe(true);
        expect(log).toContain(forceWarning("green"));
        expect(ruleHealthRequestsIn(fixture.emulator.requestLog())).toEqual([]);
        expect(await azureState(fixture.client, pair)).toEqual({ ...original, blue: "staging", green: "production" });
    });
});

describe("a failed verification after the swap", () => {
    test("a rerun that finds the new colour already live still verifies it, and rolls back when it fails (a crash between swap and verification)", async () => {
        await gatedSwap({}); // the swap of a run that died before it could verify
        const error = await gatedSwap({ verification: { url: productionUrl("/version"), bodyPattern: '"version":"v3"', deadlineMs: 200, intervalMs: 20 } }).catch(
            (err: unknown) => err,
        );
        expect(error).toBeInstanceOf(PostSwapVerificationError);
        expect((error as PostSwapVerificationError).rollback).toEqual({ kind: "restored" });
        expect(await azureState(fixture.client, pair)).toEqual(original);
    });

    test("an already-live colour that an earlier run completed (acceptedColour) is neither verified nor rolled back", async () => {
        await gatedSwap({});
        const report = await swapWithHealthGates(
            fixture.connection,
            pair.target,
            "green",
            resolveHealthGatePlan({ verification: { url: productionUrl("/version"), bodyPattern: '"version":"v3"', deadlineMs: 200 } }),
            { pollIntervalMs: testPollMs, acceptedColour: "green" },
        );
        expect(report.swap.alreadyLive).toBe(true);
        expect(report.verification).toBeUndefined();
        expect((await azureState(fixture.client, pair)).green).toBe("production");
    });

    const failingVerification = () => ({ url: productionUrl("/version"), bodyPattern: '"version":"v3"', deadlineMs: 300, intervalMs: 20 });

    test("rolls back at once: production ends on blue with both addresses intact, and the error says so", async () => {
        const error = await gatedSwap({ verification: failingVerification() }).then(
            () => undefined,
            (err: unknown) => err,
        );
        expect(error).toBeInstanceOf(PostSwapVerificationError);
        const failure = error as PostSwapVerificationError;
        expect(failure.rollback).toEqual({ kind: "restored" });
        expect(failure.message).toMatch(/^Post-swap verification failed: the green colour did not answer on the production address as expected/);
        expect(failure.message).toContain("Rolled back: production was restored to the old colour blue.");
        // The verification saw green answer on production (v2), which is not the version it waited for.
        const answers = failure.verification.attempts.filter((a) => a.status === 200).map((a) => JSON.parse(a.bodyExcerpt!));
        expect(answers.length).toBeGreaterThan(0);
        answers.forEach((answer) => expect(answer).toMatchObject({ colour: "green", version: "v2" }));
        expect(failure.rollbackReport).toMatchObject({ to: "blue" });
        expect(failure.swapReport).toMatchObject({ from: "blue", to: "green" });

        const after = await azureState(fixture.client, pair);
        expect(after).toEqual(original); // blue -> production, green -> staging, same ipAddress values, no floating IP
        expect(writesIn(fixture.emulator.requestLog()).length).toBeGreaterThan(0);
    });

    test("a rollback that Azure refuses is reported FAILED with Azure's code and the state left behind; a rerun towards blue finishes it", async () => {
        // The swap to green PUTs green once; the rollback's first green PUT (green <- floating) is refused.
        fixture.emulator.addFault({ method: "PUT", pathPattern: "loadBalancers/app-green-lb$", skip: 1, action: { type: "error", status: 403, code: "LinkedAuthorizationFailed" } });
        const error = await gatedSwap({ verification: failingVerification() }).catch((err: unknown) => err);
        expect(error).toBeInstanceOf(PostSwapVerificationError);
        const failure = error as PostSwapVerificationError;
        if (failure.rollback.kind !== "failed") throw new Error(`expected a failed rollback, got ${failure.rollback.kind}`);
        const cause = failure.rollback.error as SwapError;
        expect(cause).toBeInstanceOf(SwapError);
        expect(cause).toMatchObject({ code: "LinkedAuthorizationFailed", statusCode: 403, wroteAnything: true });
        expect(cause.stateLeftBehind).toMatch(/^blue -> staging, green -> production, floating IP present/);
        expect(failure.message).toContain("The rollback to blue FAILED");
        expect(failure.message).toContain("Run the swap towards blue again: it finishes from any state.");
        expect(failure.rollbackReport).toBeUndefined();
        expect(failure.swapReport).toMatchObject({ from: "blue", to: "green", alreadyLive: false });
        expect(failure.swapReport!.steps).toHaveLength(5);
        // Production stayed attached (on green); the floating IP the rollback created is free.
        expect(await azureState(fixture.client, pair)).toMatchObject({ blue: "staging", green: "production", productionIpAddress: original.productionIpAddress });

        await reconcileSwap(fixture.connection, pair.target, "blue", { pollIntervalMs: testPollMs });
        expect(await azureState(fixture.client, pair)).toEqual(original);
    });

    test("with rollback off, production stays on green and the error says how to swap back", async () => {
        const error = await gatedSwap({ verification: failingVerification(), rollback: false }).catch((err: unknown) => err);
        expect(error).toBeInstanceOf(PostSwapVerificationError);
        expect((error as PostSwapVerificationError).rollback).toEqual({ kind: "disabled" });
        expect((error as Error).message).toContain("Automatic rollback is off: production stays on green");
        expect(await azureState(fixture.client, pair)).toEqual({ ...original, blue: "staging", green: "production" });
    });
});
