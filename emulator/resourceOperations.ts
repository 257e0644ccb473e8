/**
 * The long-running PUT and DELETE of a stored resource, shared by public IPs and load balancers: the change is kept
 * apart as `pending` until its operation commits, and readers see the old state until then (docs/azure-behaviour.md §3).
 */
import { randomUUID } from "node:crypto";
import type { ArmError } from "./armError";
import type { ArmRequest, EmulatorContext } from "./emulatorContext";
import type { LongRunningOperation } from "./operations";
import type { OperationKind } from "./profiles";
import type { NetworkResourceBody } from "./resourceBodies";
import type { NetworkResourceType } from "./resourceId";
import type { StoredResource } from "./resourceStore";

/** What a PUT or DELETE is called in Azure's operation names and which latency it takes. */
export interface OperationNaming {
    /** Azure's operation name, e.g. `PutLoadBalancerOperation` (it shows in RetryableError texts). */
    readonly name: string;
    /** The latency kind when the PUT creates the resource (PUTs only). */
    readonly createKind?: OperationKind;
    /** The latency kind when the PUT updates it, or of the DELETE. */
    readonly kind: OperationKind;
    /** An error found at acceptance that the operation reports when it ends (it then ends `Failed`, changing nothing). */
    readonly failWith?: ArmError;
}

/** A started PUT: the operation, and whether it creates the resource (201) or updates it (200). */
export interface StartedPut {
    readonly operation: LongRunningOperation;
    readonly created: boolean;
}

/**
 * Starts the PUT that turns `record` (undefined when the resource does not exist yet) into `next`. A new resource
 * is stored at once, without a committed body, so that it is busy for other writers; a failed or canceled creation
 * removes it again, a failed update marks it Failed and keeps the old body, as Azure does. `onCommit` runs at commit,
 * after the body is stored and before the data plane follows, with the body it replaced (a scale set's backends).
 */
export function startPutOperation<B extends NetworkResourceBody>(
    request: ArmRequest,
    context: EmulatorContext,
    type: NetworkResourceType,
    found: StoredResource<B> | undefined,
    next: B,
    naming: OperationNaming,
    onCommit: (previous: B | undefined) => void = () => undefined,
): StartedPut {
    const operationId = randomUUID();
    const running = found?.pending?.operation;
    if (running) {
        // Only reachable when checkNotBusy let a superseding PUT through (EmulatorSettings.concurrentWrite).
        context.operations.supersede(running, naming.name, operationId);
    }
    // A superseded create has removed its record: this PUT creates the resource afresh.
    const record = running ? (context.store.get(next.id) as StoredResource<B> | undefined) : found;
    const created = !record?.committed;
    const target: StoredResource<B> = record ?? { id: next.id, type, failed: false };
    const operation = context.operations.start({
        kind: created ? (naming.createKind ?? naming.kind) : naming.kind,
        name: naming.name,
        resourceIds: [next.id],
        action: created ? "create" : "update",
        location: next.location,
        fault: naming.failWith
            ? { type: "operationFailed", code: naming.failWith.code, message: naming.failWith.message }
            : context.faults.takeOperationFault(request.method, request.path),
        commit: () => {
            const previous = target.committed;
            target.committed = next;
            target.failed = false;
            target.pending = undefined;
            onCommit(previous);
            context.history.record({ resourceId: target.id, kind: created ? "create" : "update", operationId: operation.id });
            context.onChange();
        },
        abandon: (status) => {
            target.pending = undefined;
            if (created) {
                context.store.remove(target.id);
                context.onChange();
            } else {
                target.failed = status === "Failed";
            }
        },
    }, operationId);
    target.pending = { operation, action: created ? "create" : "update", next };
    context.resourceGroups.ensure(request.params.rg, next.location); // ARM would have refused the PUT; see resourceGroups.ts
    if (!record) {
        context.store.add(target);
        context.onChange(); // a new address gets its data-plane port now; it serves only once attached
    }
    return { operation, created };
}

/** Starts the DELETE of `record`; `onCommit` releases what the resource held (backends, data-plane ports). */
export function startDeleteOperation(
    request: ArmRequest,
    context: EmulatorContext,
    record: StoredResource,
    naming: OperationNaming,
    onCommit: () => void = () => undefined,
): LongRunningOperation {
    const operation = context.operations.start({
        kind: naming.kind,
        name: naming.name,
        resourceIds: [record.id],
        action: "delete",
        location: (record.committed as NetworkResourceBody).location,
        fault: context.faults.takeOperationFault(request.method, request.path),
        commit: () => {
            context.store.remove(record.id);
            onCommit();
            context.history.record({ resourceId: record.id, kind: "delete", operationId: operation.id });
            context.onChange();
        },
        abandon: (status) => {
            record.pending = undefined;
            record.failed = status === "Failed";
        },
    });
    record.pending = { operation, action: "delete" };
    return operation;
}
