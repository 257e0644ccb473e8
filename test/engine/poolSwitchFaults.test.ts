import type { Colour } from "../../components/colour";
import { reconcileSwap, SwapError, type SwapOptions } from "../../components/swap/swapEngine";
import type { FaultAction } from "../../emulator/faultInjector";
import { type EngineHarness, startHarness, testPollMs } from "./engineHarness";
import { type SharedEnginePair, checkSharedHistory, freshSharedPair, sharedState } from "./sharedHarness";

/**
 * The pool switch under the faults the floating-IP method's suite injects (swapFaults.test.ts): what Azure marks
 * retryable is retried within the bound and counted; an accepted write whose answer is lost or an error is re-observed,
 * not repeated blindly (exactly one switch commits); what is not retryable stops with Azure's code and a rerun heals
 * it. Every case replays the committed history: production's and staging's rules never shared a pool, no address moved.
 */

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterEach(() => harness.emulator.clearFaults());
afterAll(() => harness.stop());

const swap = (pair: SharedEnginePair, to: Colour, options: SwapOptions = {}) =>
    reconcileSwap(harness.connection, pair.target, to, { pollIntervalMs: testPollMs, ...options });

const lbPath = "loadBalancers/app-lb$";

async function expectHealthy(pair: SharedEnginePair, live: Colour, switches: number) {
    expect(await sharedState(harness, pair)).toMatchObject({
        production: live,
        staging: live === "blue" ? "green" : "blue",
        productionAddress: pair.productionIpAddress,
        stagingAddress: pair.stagingIpAddress,
        addressNames: ["app-outbound-ip", "app-production-ip", "app-staging-ip"],
    });
    const history = checkSharedHistory(harness.emulator, pair);
    expect(history.violations).toEqual([]);
    expect(history.changes).toEqual(Array(switches).fill("update app-lb"));
}

describe("retryable faults on the pool switch are retried within the bound", () => {
    const retryable: [string, string, FaultAction, number][] = [
        ["429 RetryableErrorDueToAnotherOperation on the PUT", "PUT", { type: "error", status: 429, code: "RetryableErrorDueToAnotherOperation", retryAfterSeconds: 0 }, 2],
        ["429 throttling on the reads", "GET", { type: "error", status: 429, code: "TooManyRequests", retryAfterSeconds: 0 }, 3],
        ["503 on the reads", "GET", { type: "error", status: 503, code: "ServiceUnavailable" }, 2],
        ["409 AnotherOperationInProgress on the PUT", "PUT", { type: "error", status: 409, code: "AnotherOperationInProgress" }, 1],
        ["a connection reset on the PUT", "PUT", { type: "reset" }, 2],
        ["a connection reset on a read", "GET", { type: "reset" }, 1],
    ];
    it.each(retryable)("%s", async (_name, method, action, count) => {
        const pair = await freshSharedPair(harness);
        harness.emulator.addFault({ method, pathPattern: lbPath, count, action });
        const report = await swap(pair, "green", { maxRetries: 3 });
        expect(report.retries).toBe(count);
        expect(harness.emulator.faults()).toEqual([]);
        await expectHealthy(pair, "green", 1);
    });

    it.each([
        ["Canceled", { type: "operationCanceled" }],
        ["AnotherOperationInProgress", { type: "operationFailed", code: "AnotherOperationInProgress" }],
    ] as [string, FaultAction][])("an accepted switch whose operation ends %s is sent again, once", async (_name, action) => {
        const pair = await freshSharedPair(harness);
        harness.emulator.addFault({ method: "PUT", pathPattern: lbPath, action });
        const report = await swap(pair, "green");
        expect(report.retries).toBe(1);
        expect(report.steps).toHaveLength(2);
        await expectHealthy(pair, "green", 1);
    });
});

describe("a switch that Azure accepted but whose answer is lost or an error is re-observed, not repeated", () => {
    it.each([
        ["a reset", { type: "resetAfterAccept" }],
        ["504 GatewayTimeout", { type: "errorAfterAccept", status: 504, code: "GatewayTimeout" }],
        ["500 InternalServerError", { type: "errorAfterAccept", status: 500, code: "InternalServerError" }],
    ] as [string, FaultAction][])("answered with %s after acceptance: one switch commits, in both directions", async (_name, action) => {
        const pair = await freshSharedPair(harness);
        for (const [to, switches] of [["green", 1], ["blue", 2]] as [Colour, number][]) {
            harness.emulator.addFault({ method: "PUT", pathPattern: lbPath, action });
            const report = await swap(pair, to);
            expect(report.to).toBe(to);
            await expectHealthy(pair, to, switches);
        }
    });
});

describe("faults that are not retryable stop the switch with Azure's code; a rerun heals", () => {
    it.each([
        ["403 AuthorizationFailed on the PUT", "PUT", { type: "error", status: 403, code: "AuthorizationFailed" }, "AuthorizationFailed", 403],
        ["an operation that fails with InternalServerError", "PUT", { type: "operationFailed", code: "InternalServerError" }, "InternalServerError", undefined],
    ] as [string, string, FaultAction, string, number | undefined][])("%s", async (_name, method, action, code, statusCode) => {
        const pair = await freshSharedPair(harness);
        harness.emulator.addFault({ method, pathPattern: lbPath, action });
        const error = await swap(pair, "green").catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SwapError);
        expect(error).toMatchObject({ code, ...(statusCode ? { statusCode } : {}) });
        expect(await sharedState(harness, pair)).toMatchObject({ production: "blue", staging: "green" });
        await swap(pair, "green");
        await expectHealthy(pair, "green", 1);
    });
});
