import type { ArmRequest, ArmResponse, EmulatorContext } from "./emulatorContext";
import { anotherOperationInProgress, preconditionFailed, subscriptionNotFound } from "./networkErrors";
import type { LongRunningOperation } from "./operations";
import { asyncOperationUrl, operationResultUrl } from "./operations";
import type { StoredResource } from "./resourceStore";

/**
 * Checks the request's scope as ARM does before the resource provider runs: a subscription other than the emulator's
 * gets 404 `SubscriptionNotFound`; a resource group that does not exist gets 404 `ResourceGroupNotFound`, except on
 * PUT, which creates it implicitly when its operation starts (resourceGroups.ts).
 */
export function checkScope(request: ArmRequest, context: EmulatorContext): void {
    const sub = request.params.sub;
    if (sub !== undefined && sub.toLowerCase() !== context.subscriptionId.toLowerCase()) {
        throw subscriptionNotFound(sub);
    }
    const rg = request.params.rg;
    if (rg !== undefined && request.method !== "PUT") {
        context.resourceGroups.require(rg);
    }
}

/**
 * Honours `If-Match` on writes: a stale ETag gets 412 `PreconditionFailed` / `PreconditionFailedEtagMismatch`
 * (docs/azure-behaviour.md §4). The ETag compared is the one readers see (the committed one, or the goal's with the `goal` reader view). GETs and polls ignore If-Match,
 * because arm-network 36 (HLC) resends it on every poll and on the final GET (docs/azure-behaviour.md §3, "HLC v33 differences"),
 * and whether Azure evaluates it on GET is unconfirmed (docs/azure-behaviour.md §4).
 */
export function checkIfMatch(request: ArmRequest, context: EmulatorContext, record: StoredResource | undefined, id: string): void {
    const ifMatch = request.headers["if-match"];
    if (ifMatch === undefined || ifMatch.trim() === "*") {
        return;
    }
    const current = record ? context.store.view(record).etag : undefined;
    if (current === undefined || ifMatch.trim() !== current) {
        throw preconditionFailed(ifMatch, current, record?.id ?? id);
    }
}

/**
 * A write to a resource with an operation in flight gets 429 `RetryableError` /
 * `RetryableErrorDueToAnotherOperation` with `Retry-After` (docs/azure-behaviour.md §5). A PUT (`supersedingPut`) over a running
 * create or update of this one resource is let through when the emulator supersedes instead
 * (EmulatorSettings.concurrentWrite); startPutOperation then cancels the running one.
 */
export function checkNotBusy(record: StoredResource | undefined, context: EmulatorContext, supersedingPut = false): void {
    const operation = record?.pending?.operation;
    const supersedes =
        supersedingPut && context.settings.concurrentWrite === "supersede" && record?.pending?.action !== "delete" && operation?.resourceIds.length === 1;
    if (record && operation && !supersedes) {
        throw anotherOperationInProgress(
            operation.name,
            operation.id,
            record.id,
            context.operations.secondsLeft(operation),
            context.clock.retryAfterSeconds,
        );
    }
}

/** The answer to an accepted PUT: 201/200, the body, `Azure-AsyncOperation` and `Retry-After` (docs/azure-behaviour.md §3). */
export function acceptedPut(
    request: ArmRequest,
    context: EmulatorContext,
    operation: LongRunningOperation,
    created: boolean,
    body: unknown,
): ArmResponse {
    return {
        status: created ? 201 : 200,
        body,
        headers: {
            "Azure-AsyncOperation": asyncOperationUrl(context.endpoint, context.subscriptionId, operation, request.apiVersion),
            "Retry-After": String(context.clock.retryAfterSeconds),
        },
    };
}

/** The answer to an accepted DELETE or POST action: 202 with `Location` (operationResults) and `Retry-After` (docs/azure-behaviour.md §3). */
export function acceptedWithLocation(request: ArmRequest, context: EmulatorContext, operation: LongRunningOperation): ArmResponse {
    return {
        status: 202,
        headers: {
            Location: operationResultUrl(context.endpoint, context.subscriptionId, operation, request.apiVersion),
            "Retry-After": String(context.clock.retryAfterSeconds),
        },
    };
}
