import type { Colour } from "../../components/colour";
import { reconcileSwap, SwapError, type SwapOptions } from "../../components/swap/swapEngine";
import type { BlueGreenPair } from "../helpers/emulatorFixture";
import { floatingIpName } from "../../components/swap/swapTarget";
import type { FaultAction } from "../../emulator/faultInjector";
import { createBlueGreenPair, startEmulatorFixture } from "../helpers/emulatorFixture";
import { type EnginePair, expectEveryCommitKeptInvariants } from "./commitInvariants";
import { type EngineHarness, azureState, freshPair, startHarness, testPollMs, writesIn } from "./engineHarness";

/**
 * Faults injected by the emulator: what Azure marks retryable is retried within the bound (and counted); what is
 * not ends in a SwapError with Azure's code, and a rerun, towards either colour, heals it; a write whose answer is
 * lost, or is an error (5xx, 408), after Azure accepted it is re-observed, not repeated blindly. Every case also replays the emulator's
 * committed-state history: after every commit each frontend had one address and only the floating IP was deleted.
 */

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterAll(async () => {
    await harness?.stop();
});

const swap = (pair: BlueGreenPair, to: Colour, options: SwapOptions = {}) =>
    reconcileSwap(harness.connection, pair.target, to, { pollIntervalMs: testPollMs, ...options });

/** The addresses survived, `live` is live with no floating IP left, and every commit kept the invariants. */
async function expectHealthy(pair: EnginePair, live: Colour, minCommits = 5) {
    const state = await azureState(harness, pair);
    expect(state[live]).toBe("production");
    expect(state.productionIpAddress).toBe(pair.productionIpAddress);
    expect(state.stagingIpAddress).toBe(pair.stagingIpAddress);
    expect(state.addressNames).toEqual([pair.target.productionIpName, pair.target.stagingIpName].sort());
    expectEveryCommitKeptInvariants(harness.emulator, pair, minCommits);
}

/** Path patterns for the writes of a swap to green. */
const paths = {
    floating: "publicIPAddresses/.*-vipswap-floating$",
    blue: "loadBalancers/app-blue-lb$",
    green: "loadBalancers/app-green-lb$",
};

describe("retryable faults are retried within the bound", () => {
    const retryable: [string, string, string, FaultAction, number][] = [
        ["429 RetryableErrorDueToAnotherOperation on a load balancer PUT", "PUT", paths.green, { type: "error", status: 429, code: "RetryableErrorDueToAnotherOperation", retryAfterSeconds: 0 }, 2],
        ["429 throttling on reads", "GET", paths.blue, { type: "error", status: 429, code: "TooManyRequests", retryAfterSeconds: 0 }, 3],
        ["500 on the floating IP's creation", "PUT", paths.floating, { type: "error", status: 500, code: "InternalServerError" }, 2],
        ["503 on reads", "GET", paths.green, { type: "error", status: 503, code: "ServiceUnavailable" }, 2],
        // Seen as a failed LRO; its synchronous status is unconfirmed (docs/azure-behaviour.md §5), so it is retried by code.
        ["409 AnotherOperationInProgress on a load balancer PUT", "PUT", paths.blue, { type: "error", status: 409, code: "AnotherOperationInProgress" }, 1],
        ["a connection reset on a load balancer PUT", "PUT", paths.blue, { type: "reset" }, 2],
        ["a connection reset on a read", "GET", paths.floating, { type: "reset" }, 1],
        ["a connection reset on the floating IP's deletion", "DELETE", paths.floating, { type: "reset" }, 1],
    ];
    it.each(retryable)("%s", async (_name, method, pathPattern, action, count) => {
        const pair = await freshPair(harness);
        harness.emulator.addFault({ method, pathPattern, count, action });
        const report = await swap(pair, "green", { maxRetries: 3 });
        expect(report.retries).toBe(count);
        expect(harness.emulator.faults()).toEqual([]);
        await expectHealthy(pair, "green");
    });

    it("honours Retry-After on a 429: the retry waits at least that long", async () => {
        const pair = await freshPair(harness);
        harness.emulator.addFault({ method: "PUT", pathPattern: paths.green, action: { type: "error", status: 429, code: "RetryableErrorDueToAnotherOperation", retryAfterSeconds: 1 } });
        const retries: number[] = [];
        await swap(pair, "green", { onProgress: (e) => e.type === "retry" && retries.push(e.delayMs) });
        expect(retries).toEqual([1000]);
        const greenPuts = harness.emulator.requestLog().filter((e) => e.method === "PUT" && /app-green-lb$/.test(e.path));
        expect(greenPuts.map((e) => e.status)).toEqual([429, 200]);
        expect(Date.parse(greenPuts[1].time) - Date.parse(greenPuts[0].time)).toBeGreaterThanOrEqual(1000);
    });

    it("keeps to ARM's token bucket: 429 SubscriptionRequestsThrottled is retried after its Retry-After", async () => {
        const throttled = await startEmulatorFixture({ throttling: { reads: { capacity: 8, refillPerSecond: 10 } } });
        try {
            const pair = await createBlueGreenPair(throttled.client, throttled.emulator, { withBackends: false });
            throttled.emulator.setThrottling({ reads: { capacity: 8, refillPerSecond: 10 } }); // full again
            throttled.emulator.clearRequestLog();
            const retries: string[] = [];
            const report = await reconcileSwap(throttled.connection, pair.target, "green", {
                pollIntervalMs: 50,
                maxRetries: 10,
                onProgress: (e) => e.type === "retry" && retries.push(`${e.reason} after ${e.delayMs} ms`),
            });
            expect(report.retries).toBe(retries.length);
            expect(retries.length).toBeGreaterThan(0);
            for (const retry of retries) expect(retry).toBe("SubscriptionRequestsThrottled, HTTP 429 after 1000 ms");
            const throttledAnswers = throttled.emulator.requestLog().filter((e) => e.status === 429);
            expect(throttledAnswers.length).toBe(retries.length);
        } finally {
            await throttled.stop();
        }
    });

    it.each([
        ["the release of production", paths.blue],
        ["the attach of production", paths.green],
    ])("retries %s when its operation ends Failed with AnotherOperationInProgress (how Azure reports it, docs/azure-behaviour.md §5)", async (_name, pathPattern) => {
        const pair = await freshPair(harness);
        harness.emulator.addFault({ method: "PUT", pathPattern, action: { type: "operationFailed", code: "AnotherOperationInProgress" } });
        const retried: string[] = [];
        const report = await swap(pair, "green", { onProgress: (e) => e.type === "retry" && retried.push(e.reason) });
        expect(retried).toEqual(["its operation ended Failed (AnotherOperationInProgress)"]);
        expect(report.retries).toBe(1);
        await expectHealthy(pair, "green");
    });

    it("retries an operation that Azure canceled (superseded) by sending the step again", async () => {
        const pair = await freshPair(harness);
        harness.emulator.addFault({ method: "PUT", pathPattern: paths.green, action: { type: "operationCanceled" } });
        const report = await swap(pair, "green");
        expect(report.retries).toBe(1);
        expect(report.steps.map((s) => s.description)).toContain("green <- production");
        await expectHealthy(pair, "green");
    });
});

describe("a write that Azure accepted but whose answer is lost or an error (reset, 5xx, 408) is re-observed, not repeated", () => {
    const stepNames = ["create floating IP", "blue <- floating", "green <- production", "blue <- staging", "delete floating IP"];
    const reset: FaultAction = { type: "resetAfterAccept" };
    const gatewayTimeout: FaultAction = { type: "errorAfterAccept", status: 504, code: "GatewayTimeout" };
    const internalError: FaultAction = { type: "errorAfterAccept", status: 500, code: "InternalServerError" };
    const requestTimeout: FaultAction = { type: "errorAfterAccept", status: 408, code: "RequestTimeout" };
    // [step, method, path, how many earlier accepted writes to that path pass first, whether it carries If-Match]
    const writes: [string, string, string, number, boolean][] = [
        ["create floating IP", "PUT", paths.floating, 0, false],
        ["blue <- floating", "PUT", paths.blue, 0, true],
        ["green <- production", "PUT", paths.green, 0, true],
        ["blue <- staging", "PUT", paths.blue, 1, true],
        ["delete floating IP", "DELETE", paths.floating, 0, true],
    ];
    const cases: [string, string, string, string, number, boolean, FaultAction][] = [
        ...writes.map(([step, ...rest]) => ["connection reset", step, ...rest, reset] as [string, string, string, string, number, boolean, FaultAction]),
        ...writes.map(([step, ...rest]) => ["504 GatewayTimeout", step, ...rest, gatewayTimeout] as [string, string, string, string, number, boolean, FaultAction]),
        ["500 InternalServerError", ...writes[1], internalError],
        ["500 InternalServerError", ...writes[4], internalError],
        ["408 RequestTimeout", ...writes[2], requestTimeout],
    ];
    // Azure answers a PUT over a running operation of the same resource with 429 or by superseding it (docs/azure-behaviour.md
    // §5 and §3); the emulator's `concurrentWrite` setting picks one, and the swap must converge under both.
    const modes = ["retryableError", "supersede"] as const;
    const withModes = modes.flatMap((mode) => cases.map(([fault, step, ...rest]) => [fault, step, mode, ...rest] as const));
    it.each(withModes)("%s after %s was accepted (concurrentWrite %s): the swap converges, both addresses kept, the write applied once", async (_fault, step, mode, method, pathPattern, skip, ifMatch, action) => {
        const pair = await freshPair(harness);
        harness.emulator.updateSettings({ concurrentWrite: mode });
        harness.emulator.addFault({ method, pathPattern, skip, action });
        // The first attempt's operation runs until its retry arrives, however late the retry is on a loaded machine:
        // the retry always meets it running (429, or superseding it), never a commit it could have raced.
        harness.emulator.addFault({ method, pathPattern, skip, action: { type: "hold", until: "nextWrite" } });
        const report = await swap(pair, "green");
        expect(harness.emulator.faults()).toEqual([]);
        expect(report.steps.map((s) => s.description)).toEqual(stepNames);
        expect(report.retries).toBeGreaterThanOrEqual(1);

        const toPath = writesIn(harness.emulator.requestLog()).filter((e) => e.method === method && new RegExp(pathPattern, "i").test(e.path));
        const faulted = toPath.findIndex((e) => e.fault === action.type);
        const acceptedStatus = method === "DELETE" ? 202 : step === "create floating IP" ? 201 : 200;
        expect(toPath[faulted]).toMatchObject({ status: action.type === "errorAfterAccept" ? action.status : 0, acceptedStatus });
        // The retries of that write: 429s while its operation runs, then one other answer (later steps follow).
        const retries: number[] = [];
        for (const { status } of toPath.slice(faulted + 1)) {
            retries.push(status);
            if (status !== 429) break;
        }
        const history = expectEveryCommitKeptInvariants(harness.emulator, pair, 5);
        // Operations of that resource that Azure canceled: a first attempt superseded by its own retry.
        const resourceName = new RegExp(`/${pathPattern}`, "i");
        const superseded = harness.emulator.operations().filter((o) => o.status === "Canceled" && o.resourceIds.some((id) => resourceName.test(id)));
        // With `supersede`, the retried PUT is accepted and replaces its first attempt, which never commits. A DELETE
        // is never superseded, and with `retryableError` the retry gets 429 until the first attempt has committed.
        const supersedes = mode === "supersede" && method === "PUT";
        if (supersedes) {
            expect(retries).toEqual([acceptedStatus]);
            expect(superseded).toHaveLength(1);
        } else {
            expect(retries.length).toBeGreaterThanOrEqual(2);
            expect(retries.slice(0, -1).every((status) => status === 429)).toBe(true);
            expect(superseded).toEqual([]);
        }
        if (ifMatch) {
            if (!supersedes) {
                // The retry carries the ETag read before the first attempt, which has committed meanwhile: 412 (after
                // 429 RetryableError / RetryableErrorDueToAnotherOperation while it ran, docs/azure-behaviour.md §4 and §5). The engine takes that as "maybe applied",
                // observes Azure, finds the step done and goes on: the write was applied once, never sent again.
                expect(retries.at(-1)).toBe(412);
            }
            expect(history.changes).toEqual([
                `create ${floatingIpName(pair.target)}`,
                `update ${pair.target.blueLoadBalancerName}`,
                `update ${pair.target.greenLoadBalancerName}`,
                `update ${pair.target.blueLoadBalancerName}`,
                `delete ${floatingIpName(pair.target)}`,
            ]);
        } else {
            // A PUT without If-Match is idempotent. The retry is accepted as an update of the same address after the
            // create committed (after 429s while it ran), which keeps its ipAddress (docs/azure-behaviour.md §2); or, superseding
            // the create still running, as the create itself (201), which alone commits.
            const floating = harness.emulator.commits().filter((c) => c.resourceId.endsWith(floatingIpName(pair.target)) && c.kind !== "delete");
            if (supersedes) {
                expect(floating.map((c) => c.kind)).toEqual(["create"]);
            } else {
                expect(retries.at(-1)).toBe(200);
                expect(floating.map((c) => c.kind)).toEqual(["create", "update"]);
                expect(floating[1].ipAddress).toBe(floating[0].ipAddress);
            }
        }
        await expectHealthy(pair, "green");
    });
});

describe("faults beyond the bound, or not retryable, stop with Azure's code; a rerun heals", () => {
    const fatal: [string, string, string, FaultAction, number, string][] = [
        ["500 more often than maxRetries", "PUT", paths.blue, { type: "error", status: 500, code: "InternalServerError" }, 5, "InternalServerError"],
        ["an operation that ends Failed (release of production)", "PUT", paths.blue, { type: "operationFailed", code: "InternalOperationError" }, 1, "InternalOperationError"],
        ["an operation that ends Failed (attach of production)", "PUT", paths.green, { type: "operationFailed", code: "InternalOperationError" }, 1, "InternalOperationError"],
        ["an operation that ends Failed (floating IP creation)", "PUT", paths.floating, { type: "operationFailed", code: "AllocationFailed" }, 1, "AllocationFailed"],
        ["an operation that ends Failed (floating IP deletion)", "DELETE", paths.floating, { type: "operationFailed", code: "InternalOperationError" }, 1, "InternalOperationError"],
        ["a 400 that is not retryable", "PUT", paths.green, { type: "error", status: 400, code: "InvalidRequestFormat" }, 1, "InvalidRequestFormat"],
    ];
    it.each(fatal)("%s", async (_name, method, pathPattern, action, count, code) => {
        for (const rerunTo of ["green", "blue"] as Colour[]) {
            const pair = await freshPair(harness);
            harness.emulator.addFault({ method, pathPattern, count, action });
            const error = await swap(pair, "green", { maxRetries: 2 }).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(SwapError);
            expect(error).toMatchObject({ code, wroteAnything: true });
            expect((error as SwapError).stateLeftBehind).toMatch(/blue -> /);
            harness.emulator.clearFaults();
            await swap(pair, rerunTo);
            // Back to blue may need no commit at all (when the failed write was the floating IP's creation).
            await expectHealthy(pair, rerunTo, rerunTo === "green" ? 5 : 0);
        }
    });

    it.each([
        ["the attach of production fails: production is left free, and the error says so first", paths.green, true],
        ["the release of production fails: production is still attached, no alarm", paths.blue, false],
    ])("%s", async (_name, pathPattern, productionFree) => {
        const pair = await freshPair(harness);
        harness.emulator.addFault({ method: "PUT", pathPattern, action: { type: "error", status: 403, code: "LinkedAuthorizationFailed" } });
        const error = (await swap(pair, "green").catch((e: unknown) => e)) as SwapError;
        expect(error).toMatchObject({ code: "LinkedAuthorizationFailed", statusCode: 403 });
        const state = await azureState(harness, pair);
        expect([state.blue, state.green].includes("production")).toBe(!productionFree);
        const alarm = "PRODUCTION WAS ATTACHED TO NEITHER LOAD BALANCER at the last read, so its address may not be serving: run the swap again now";
        if (productionFree) expect(error.stateLeftBehind).toContain(alarm);
        else expect(error.stateLeftBehind).not.toContain("PRODUCTION");
        harness.emulator.clearFaults();
        await swap(pair, "green");
        await expectHealthy(pair, "green");
    });

    it("gives the HTTP status with Azure's code for a synchronous error", async () => {
        const pair = await freshPair(harness);
        harness.emulator.addFault({ method: "PUT", pathPattern: paths.green, action: { type: "error", status: 400, code: "InvalidRequestFormat", message: "bad body" } });
        await expect(swap(pair, "green")).rejects.toMatchObject({ code: "InvalidRequestFormat", statusCode: 400 });
    });

    it("an abort while a write is being sent names that write in the state left behind", async () => {
        const pair = await freshPair(harness);
        harness.emulator.addFault({ method: "PUT", pathPattern: paths.floating, action: { type: "hang" } });
        const abort = new AbortController();
        const error = (await swap(pair, "green", {
            abortSignal: abort.signal,
            onProgress: (e) => e.type === "stepStarted" && setTimeout(() => abort.abort(), 50),
        }).catch((e: unknown) => e)) as SwapError;
        expect(error).toMatchObject({ code: "Aborted", wroteAnything: true });
        expect(error.stateLeftBehind).toBe(
            'blue -> production, green -> staging, floating IP absent; "create floating IP" was being sent (Azure may or may not have accepted it; a rerun reads what it did)',
        );
        harness.emulator.clearFaults();
        await swap(pair, "green");
        await expectHealthy(pair, "green");
    });

    it("stops at its deadline when Azure hangs, then a rerun heals", async () => {
        // The deadline must come after the first two steps, which no fixed deadline is sure of on a loaded machine: it
        // grows until the swap reached the hanging write in time (the first try, 1.5 s, almost always does).
        let pair: EnginePair;
        let error: unknown;
        for (let timeoutMs = 1500; ; timeoutMs *= 4) {
            pair = await freshPair(harness);
            harness.emulator.addFault({ method: "PUT", pathPattern: paths.green, action: { type: "hang" } });
            error = await swap(pair, "green", { timeoutMs }).catch((e: unknown) => e);
            const reachedHang = harness.emulator.requestLog().some((e) => e.fault === "hang");
            harness.emulator.clearFaults();
            if (reachedHang || timeoutMs >= 24_000) break;
        }
        expect(error).toMatchObject({ code: "Timeout", wroteAnything: true });
        expect((error as SwapError).stateLeftBehind).toContain("blue -> floating");
        await swap(pair, "green");
        await expectHealthy(pair, "green");
    });

    it("stops when the caller aborts, then a rerun towards the old colour undoes the half swap", async () => {
        const pair = await freshPair(harness);
        const controller = new AbortController();
        const error = await swap(pair, "green", {
            abortSignal: controller.signal,
            onProgress: (e) => e.type === "stepFinished" && e.description === "blue <- floating" && controller.abort(),
        }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "Aborted" });
        await swap(pair, "blue");
        await expectHealthy(pair, "blue", 4); // create, blue <- floating; then blue <- production, delete
    });
});
