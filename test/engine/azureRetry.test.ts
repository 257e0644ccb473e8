import { RestError, createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import { DeadlineExceededError, type RequestContext, retryDelay, withRetries } from "../../components/azure/azureRetry";

/** The retry policy's classification and bounds, on the SDK's own error type. */

function restError(statusCode: number, code: string, headers: Record<string, string> = {}): RestError {
    const request = createPipelineRequest({ url: "https://example.invalid/" });
    return new RestError(`${code}`, { statusCode, code, request, response: { status: statusCode, headers: createHttpHeaders(headers), request } });
}

const networkError = (code: string) => Object.assign(new Error(`socket: ${code}`), { code });

describe("retryDelay", () => {
    it.each([
        ["429 with Retry-After: 3", restError(429, "TooManyRequests", { "retry-after": "3" }), 3000],
        ["429 RetryableErrorDueToAnotherOperation with Retry-After: 11", restError(429, "RetryableErrorDueToAnotherOperation", { "Retry-After": "11" }), 11000],
        ["retry-after-ms wins", restError(429, "TooManyRequests", { "retry-after-ms": "250", "retry-after": "9" }), 250],
        ["429 without Retry-After: back-off", restError(429, "RetryableError"), 100],
        ["Retry-After: 0: back-off", restError(429, "RetryableError", { "retry-after": "0" }), 100],
        ["500", restError(500, "InternalServerError"), 100],
        ["503", restError(503, "ServiceUnavailable"), 100],
        ["408", restError(408, "RequestTimeout"), 100],
        ["ECONNRESET", networkError("ECONNRESET"), 100],
        ["REQUEST_SEND_ERROR", networkError("REQUEST_SEND_ERROR"), 100],
        ["409 AnotherOperationInProgress (synchronous status unconfirmed)", restError(409, "AnotherOperationInProgress"), 100],
        ["400 AnotherOperationInProgress", restError(400, "AnotherOperationInProgress"), 100],
    ])("retries %s", (_name, error, delay) => {
        expect(retryDelay(error, 1, 100)).toBe(delay);
    });

    it.each([
        ["412 PreconditionFailed (a concurrent writer)", restError(412, "PreconditionFailed")],
        ["400 PublicIPAddressInUse", restError(400, "PublicIPAddressInUse")],
        ["401", restError(401, "InvalidAuthenticationToken")],
        ["404", restError(404, "ResourceNotFound")],
        ["409", restError(409, "Conflict")],
        ["501", restError(501, "NotImplemented")],
        ["an abort", Object.assign(new Error("aborted"), { name: "AbortError" })],
        ["a plain error", new Error("bug")],
    ])("does not retry %s", (_name, error) => {
        expect(retryDelay(error, 1, 100)).toBeUndefined();
    });

    it("backs off exponentially, capped at 8 s", () => {
        expect([1, 2, 3, 10].map((attempt) => retryDelay(restError(500, "InternalServerError"), attempt, 500))).toEqual([500, 1000, 2000, 8000]);
    });
});

describe("withRetries", () => {
    const context = (overrides: Partial<RequestContext> = {}): RequestContext & { retried: string[] } => {
        const retried: string[] = [];
        return { maxRetries: 2, retryDelayMs: 1, onRetry: (e) => retried.push(e.reason), retried, ...overrides };
    };

    it("retries up to maxRetries times, reporting each retry, then throws the last error", async () => {
        const ctx = context();
        let calls = 0;
        const failing = async () => {
            calls++;
            throw restError(503, "ServiceUnavailable");
        };
        await expect(withRetries("GET x", ctx, failing)).rejects.toMatchObject({ statusCode: 503 });
        expect(calls).toBe(3);
        expect(ctx.retried).toEqual(["ServiceUnavailable, HTTP 503", "ServiceUnavailable, HTTP 503"]);
    });

    it("returns the first success", async () => {
        let calls = 0;
        const result = await withRetries("GET x", context(), async () => {
            if (++calls < 2) throw networkError("ECONNRESET");
            return "ok";
        });
        expect(result).toBe("ok");
    });

    it("does not start a retry whose wait would pass the deadline", async () => {
        const ctx = context({ deadline: Date.now() + 1000 });
        const error = await withRetries("PUT lb", ctx, async () => {
            throw restError(429, "TooManyRequests", { "retry-after": "30" });
        }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DeadlineExceededError);
        expect((error as Error).message).toContain("TooManyRequests, HTTP 429");
        expect(ctx.retried).toEqual([]);
    });

    it("stops waiting as soon as the signal aborts", async () => {
        const controller = new AbortController();
        const pending = withRetries("PUT lb", context({ abortSignal: controller.signal }), async () => {
            throw restError(429, "TooManyRequests", { "retry-after": "60" });
        });
        controller.abort();
        await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    });
});
