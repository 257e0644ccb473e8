/** The polling endpoints of long-running operations (docs/azure-behaviour.md §3). */
import type { ArmHandler, ArmRequest, EmulatorContext } from "./emulatorContext";
import { ArmError } from "./armError";
import type { LongRunningOperation } from "./operations";
import { operationResultUrl } from "./operations";
import { checkScope } from "./writeGuards";

function findOperation(request: ArmRequest, context: EmulatorContext): LongRunningOperation {
    checkScope(request, context);
    const operation = context.operations.get(request.params.operationId);
    if (!operation) {
        throw new ArmError(404, "NotFound", `Operation ${request.params.operationId} was not found. Operations are forgotten on reset.`);
    }
    return operation;
}

/**
 * `Azure-AsyncOperation` status: `{status: InProgress|Succeeded|Failed|Canceled, error?}` with 200
 * (docs/azure-behaviour.md §3, `AzureAsyncOperationResult`; `Canceled` per ARM's async-operations.md). `Retry-After` while it runs.
 */
export const getOperationStatus: ArmHandler = (request, context) => {
    const operation = findOperation(request, context);
    const body = {
        id: request.path,
        name: operation.id,
        status: operation.status,
        startTime: operation.startTime.toISOString(),
        ...(operation.endTime ? { endTime: operation.endTime.toISOString() } : {}),
        ...(operation.error ? { error: operation.error } : {}),
    };
    const headers: Record<string, string> = {};
    if (operation.status === "InProgress") {
        headers["Retry-After"] = String(context.clock.retryAfterSeconds);
    }
    return { status: 200, body, headers };
};

/**
 * `Location` polling (operationResults): 202 with `Location` and `Retry-After` while it runs (core-lro polls until the
 * answer is not 202, docs/azure-behaviour.md §3 "Mode"); then 200 with the result (rule health), 204 without one; a Failed or
 * Canceled operation answers 400 with its error, which core-lro raises as a RestError.
 */
export const getOperationResult: ArmHandler = (request, context) => {
    const operation = findOperation(request, context);
    if (operation.status === "InProgress") {
        return {
            status: 202,
            headers: {
                Location: operationResultUrl(context.endpoint, context.subscriptionId, operation, request.apiVersion),
                "Retry-After": String(context.clock.retryAfterSeconds),
            },
        };
    }
    if (operation.error) {
        throw new ArmError(400, operation.error.code, operation.error.message, operation.error.details);
    }
    return operation.result === undefined ? { status: 204 } : { status: 200, body: operation.result };
};
