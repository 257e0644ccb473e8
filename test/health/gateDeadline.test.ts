import { resolveHealthGatePlan } from "../../components/health/healthGateSettings";
import { swapWithHealthGates } from "../../components/health/swapWithHealthGates";
import { SwapError } from "../../components/swap/swapEngine";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, startEmulatorFixture } from "../helpers/emulatorFixture";
import { azureState, dataPlaneUrl, ruleHealthRequestsIn, testPollMs, writesIn } from "./gateHarness";

/**
 * The pre-swap gate is part of the swap: the swap's `timeoutMs` and its caller's abort bound it too, and the error
 * says Timeout / Aborted (not a gate refusal), with nothing written. The emulator holds the rule-health operation
 * `InProgress` (its `hold` fault), as Azure may when the load balancer is busy, so only the deadline or the abort
 * can end the gate; a gate that ignored them would never return and the test would fail on jest's timeout.
 */

let fixture: EmulatorFixture;
let pair: BlueGreenPair;
let retryAfterSeconds: number;

beforeAll(async () => {
    fixture = await startEmulatorFixture({ throttling: false });
    retryAfterSeconds = fixture.emulator.settings().retryAfterSeconds;
});
afterAll(async () => {
    fixture.emulator.releaseOperations();
    await fixture?.stop();
});
beforeEach(async () => {
    fixture.emulator.reset();
    pair = await createBlueGreenPair(fixture.client, fixture.emulator);
    fixture.emulator.clearRequestLog();
});
afterEach(() => {
    fixture.emulator.releaseOperations();
    fixture.emulator.updateSettings({ retryAfterSeconds });
});

const plan = resolveHealthGatePlan({});

async function expectStoppedBeforeWriting(run: Promise<unknown>, code: string): Promise<SwapError> {
    const before = await azureState(fixture.client, pair);
    const error = await run.then(
        () => undefined,
        (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(SwapError);
    expect(error).toMatchObject({ code, wroteAnything: false });
    const log = fixture.emulator.requestLog();
    expect(ruleHealthRequestsIn(log).length).toBeGreaterThanOrEqual(1); // the gate was asking Azure when it stopped
    expect(writesIn(log)).toEqual([]);
    expect(await azureState(fixture.client, pair)).toEqual(before);
    return error as SwapError;
}

test("the swap's timeoutMs stops a pre-swap gate whose rule-health operation does not end: Timeout, nothing written", async () => {
    // The held operation alone keeps the gate waiting; the deadline has to come after the gate's first request, and no
    // fixed deadline is sure to on a loaded machine. So the deadline grows until the gate was reached in time (the
    // first try, 1 s, almost always does): how long the swap took to get there is not what this test is about.
    for (let timeoutMs = 1000; ; timeoutMs *= 4) {
        fixture.emulator.reset();
        pair = await createBlueGreenPair(fixture.client, fixture.emulator);
        fixture.emulator.clearRequestLog();
        fixture.emulator.addFault({ method: "POST", pathPattern: "/health$", action: { type: "hold" } });
        const before = await azureState(fixture.client, pair);
        const error = await swapWithHealthGates(fixture.connection, pair.target, "green", plan, {
            pollIntervalMs: testPollMs,
            ruleHealthPollIntervalMs: testPollMs,
            timeoutMs,
        }).then(
            () => undefined,
            (err: unknown) => err,
        );
        const log = fixture.emulator.requestLog();
        fixture.emulator.releaseOperations();
        if (ruleHealthRequestsIn(log).length === 0 && timeoutMs < 64_000) continue; // the deadline came before the gate
        expect(error).toBeInstanceOf(SwapError);
        expect(error).toMatchObject({ code: "Timeout", wroteAnything: false });
        expect(ruleHealthRequestsIn(log).length).toBeGreaterThanOrEqual(1); // the gate was asking Azure when it stopped
        expect(writesIn(log)).toEqual([]);
        expect(await azureState(fixture.client, pair)).toEqual(before);
        expect((error as Error).message).toMatch(
            /^The swap to green ran out of time \(its deadline of \d+ ms passed while it waited for Azure;.* --timeout-ms \/ timeoutMs\)\. State left behind: blue -> production, green -> staging, floating IP absent\..* Nothing was written\.$/,
        );
        break;
    }
}, 180_000);

test("an abort while the rule-health poller waits out Azure's Retry-After stops the gate at once: Aborted, nothing written", async () => {
    // Azure's network polls say Retry-After: 10 (docs/azure-behaviour.md §3); 600 s here, so a wait that ignored the abort would
    // outlast the test.
    fixture.emulator.updateSettings({ retryAfterSeconds: 600 });
    fixture.emulator.addFault({ method: "POST", pathPattern: "/health$", action: { type: "hold" } });
    const abort = new AbortController();
    const run = swapWithHealthGates(fixture.connection, pair.target, "green", plan, { pollIntervalMs: testPollMs, abortSignal: abort.signal });
    // The classic client polls once in begin* and once more at the start of pollUntilDone; then it waits Retry-After.
    const polls = () => fixture.emulator.requestLog().filter((e) => e.method === "GET" && /\/operationResults\//i.test(e.path)).length;
    while (polls() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    abort.abort();
    const error = await expectStoppedBeforeWriting(run, "Aborted");
    expect(error.message).toMatch(/^The swap to green was aborted\. State left behind: blue -> production, green -> staging, floating IP absent\./);
});

test.each([
    ["while it waits between attempts", 120_000],
    ["at its last attempt (a rollback under the aborted signal could not run)", 60_000],
])("an abort during the post-swap verification (%s) says that production is on the new colour, unverified and not rolled back", async (_when, deadlineMs) => {
    // The production address answers, but never with the new version; the verification waits between attempts.
    const abort = new AbortController();
    const verificationPlan = resolveHealthGatePlan({
        loadBalancerHealth: { enabled: false },
        verification: { url: dataPlaneUrl(fixture.emulator, pair.productionIpId, "/version"), bodyPattern: '"version":"v9"', intervalMs: 60_000, deadlineMs },
    });
    const log: string[] = [];
    const error = await swapWithHealthGates(fixture.connection, pair.target, "green", verificationPlan, {
        pollIntervalMs: testPollMs,
        abortSignal: abort.signal,
        log: (line) => {
            log.push(line);
            if (line.startsWith("verification: GET ") && line.includes(" failed: ")) abort.abort(); // waiting 60 s now
        },
    }).then(
        () => undefined,
        (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(SwapError);
    expect(error).toMatchObject({ code: "Aborted", wroteAnything: true, stateLeftBehind: "green -> production, blue -> staging (unverified)" });
    expect((error as Error).message).toMatch(/aborted during its post-swap verification: production is on green, unverified and not rolled back/);
    expect(await azureState(fixture.client, pair)).toMatchObject({ green: "production", blue: "staging" });
});
