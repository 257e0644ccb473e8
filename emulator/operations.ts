import { randomUUID } from "node:crypto";
import type { ArmErrorDetail } from "./armError";
import { ArmError } from "./armError";
import type { FaultAction } from "./faultInjector";
import type { EmulatorClock, OperationKind } from "./profiles";

/** The states an operation resource reports (docs/azure-behaviour.md §3: `AzureAsyncOperationResult`, plus ARM's `Canceled`). */
export type OperationStatus = "InProgress" | "Succeeded" | "Failed" | "Canceled";

/** The `error` of a failed or canceled operation. */
export interface OperationError {
    readonly code: string;
    readonly message: string;
    readonly details: readonly ArmErrorDetail[];
}

/** What an operation does to its resources (`action`: a POST action such as rule health or the one-call swap). */
export type OperationAction = "create" | "update" | "delete" | "action";

/** A long-running operation as the emulator tracks it. */
export interface LongRunningOperation {
    /** The operation's guid, in its status URLs. */
    readonly id: string;
    /** Azure's operation name, used in RetryableError texts (e.g. `PutLoadBalancerOperation`). */
    readonly name: string;
    readonly kind: OperationKind;
    /** The region in its status URLs. */
    readonly location: string;
    readonly startTime: Date;
    /** When it commits (epoch ms). */
    readonly commitAt: number;
    status: OperationStatus;
    /** True while a `hold` fault keeps it InProgress (until {@link OperationRegistry.release}). */
    held: boolean;
    /** The resources it writes, and how. */
    readonly resourceIds: readonly string[];
    readonly action: OperationAction;
    endTime?: Date;
    error?: OperationError;
    /** What the operation produced (the rule-health body), for `Location` polls. */
    result?: unknown;
}

/** What a caller gives to start an operation. */
export interface OperationStart {
    readonly kind: OperationKind;
    readonly name: string;
    readonly location: string;
    /** The resources it writes (for the control API's listing). */
    readonly resourceIds: readonly string[];
    /** What it does to them. */
    readonly action: OperationAction;
    /** An operation fault taken from the fault injector for the request that started it. */
    readonly fault?: FaultAction;
    /** Applies the change; runs once, at commit. What it returns becomes `result`; an ArmError it throws fails the operation. */
    readonly commit: () => unknown;
    /** Drops the change when the operation fails or is canceled (the old state stays, as Azure leaves it). */
    readonly abandon: (status: "Failed" | "Canceled") => void;
}

/** An operation as the control API lists it. */
export interface OperationView {
    readonly id: string;
    readonly name: string;
    readonly kind: OperationKind;
    readonly action: OperationAction;
    readonly resourceIds: readonly string[];
    readonly status: OperationStatus;
    readonly held: boolean;
    readonly startTime: string;
    readonly endTime?: string;
}

/**
 * Long-running operations: each change commits after the clock's latency for its kind. Until then readers see the
 * old state (docs/azure-behaviour.md §3; the emulator's store keeps the pending change apart). A `hold` fault keeps one
 * InProgress until released. Timers are tracked so that `clear()` stops everything and jest can exit.
 */
export class OperationRegistry {
    readonly #operations = new Map<string, LongRunningOperation>();
    /** The commit timer of each scheduled operation, by id. */
    readonly #timers = new Map<string, { timer: NodeJS.Timeout; start: OperationStart }>();
    /** Held operations and what finishing them takes. */
    readonly #held = new Map<string, { operation: LongRunningOperation; start: OperationStart }>();
    /** Set by `close()`: a request still in flight when the emulator stops must not start a commit timer. */
    #closed = false;

    constructor(private readonly clock: EmulatorClock) {}

    /** Starts an operation; it commits (or fails, per `fault`) after the latency of its kind. */
    start(start: OperationStart, id: string = randomUUID()): LongRunningOperation {
        const delay = this.clock.delayMs(start.kind);
        const operation: LongRunningOperation = {
            id,
            name: start.name,
            kind: start.kind,
            location: start.location,
            startTime: new Date(),
            commitAt: Date.now() + delay,
            status: "InProgress",
            held: start.fault?.type === "hold",
            resourceIds: start.resourceIds,
            action: start.action,
        };
        this.#operations.set(operation.id, operation);
        if (operation.held) {
            this.#held.set(operation.id, { operation, start });
        } else {
            this.#schedule(operation, start, delay);
        }
        return operation;
    }

    /**
     * A write to `path` (a resource id, or an action under one) has arrived: releases the operations held with
     * `until: "nextWrite"` on that resource, before the write is handled, so that it still meets them running.
     * Returns the ids released.
     */
    writeArrived(path: string): string[] {
        const key = path.toLowerCase();
        const onResource = (id: string) => key === id.toLowerCase() || key.startsWith(`${id.toLowerCase()}/`);
        const waiting = [...this.#held.values()].filter(
            ({ operation, start }) => start.fault?.type === "hold" && start.fault.until === "nextWrite" && operation.resourceIds.some(onResource),
        );
        return waiting.map(({ operation }) => this.release(operation.id)[0]);
    }

    /**
     * Releases held operations (one by id, or all when no id is given): each commits once its latency has passed
     * since it started, at once if it already has. Returns the ids released; throws on an id that is not held.
     */
    release(id?: string): string[] {
        const entries = id === undefined ? [...this.#held.values()] : [this.#held.get(id.toLowerCase())];
        if (entries.some((e) => e === undefined)) {
            const known = this.get(id!);
            throw new Error(
                known ? `Operation ${id} is not held (it is ${known.status}).` : `No operation ${id}; GET /_emulator/operations lists them.`,
            );
        }
        return entries.map((entry) => {
            const { operation, start } = entry!;
            this.#held.delete(operation.id);
            operation.held = false;
            this.#schedule(operation, start, Math.max(0, operation.commitAt - Date.now()));
            return operation.id;
        });
    }

    /** Every operation so far (running, held and ended), oldest first. */
    list(): OperationView[] {
        return [...this.#operations.values()].map((o) => ({
            id: o.id,
            name: o.name,
            kind: o.kind,
            action: o.action,
            resourceIds: [...o.resourceIds],
            status: o.status,
            held: o.held,
            startTime: o.startTime.toISOString(),
            ...(o.endTime ? { endTime: o.endTime.toISOString() } : {}),
        }));
    }

    #schedule(operation: LongRunningOperation, start: OperationStart, delay: number): void {
        if (this.#closed) {
            return;
        }
        const timer = setTimeout(() => {
            this.#timers.delete(operation.id);
            this.#finish(operation, start);
        }, delay);
        this.#timers.set(operation.id, { timer, start });
    }

    /** The operation with that id (case-insensitive guid). */
    get(id: string): LongRunningOperation | undefined {
        return this.#operations.get(id.toLowerCase());
    }

    /** Whole seconds until the operation commits, at least 1 while it runs (for RetryableError texts). */
    secondsLeft(operation: LongRunningOperation): number {
        return Math.max(1, Math.ceil((operation.commitAt - Date.now()) / 1000));
    }

    /**
     * Ends a running operation `Canceled` because another one replaces it, as Azure reports it (docs/azure-behaviour.md §3:
     * `Canceled` / "Operation was canceled." with the detail `CanceledAndSupersededDueToAnotherOperation`,
     * terraform-provider-azurerm#10178). Its change is dropped (`abandon`); it never commits.
     */
    supersede(operation: LongRunningOperation, byName: string, byId: string): void {
        const entry = this.#timers.get(operation.id) ?? this.#held.get(operation.id);
        if (!entry || operation.status !== "InProgress") {
            return;
        }
        const scheduled = this.#timers.get(operation.id);
        if (scheduled) {
            clearTimeout(scheduled.timer);
        }
        this.#timers.delete(operation.id);
        this.#held.delete(operation.id);
        operation.held = false;
        this.#cancel(operation, entry.start, {
            code: "CanceledAndSupersededDueToAnotherOperation",
            message: `Operation ${operation.name} (${operation.id}) was canceled and superseded by operation ${byName} (${byId}).`,
        });
    }

    /** Stops every timer and forgets every operation; pending changes never commit. */
    clear(): void {
        for (const { timer } of this.#timers.values()) {
            clearTimeout(timer);
        }
        this.#timers.clear();
        this.#operations.clear();
        this.#held.clear();
    }

    /** Like `clear()`, for good: operations started afterwards (by requests still in flight) never commit. */
    close(): void {
        this.#closed = true;
        this.clear();
    }

    /** docs/azure-behaviour.md §3: Code="Canceled" Message="Operation was canceled." with the detail given. */
    #cancel(operation: LongRunningOperation, start: OperationStart, detail: ArmErrorDetail): void {
        operation.endTime ??= new Date();
        operation.status = "Canceled";
        operation.error = { code: "Canceled", message: "Operation was canceled.", details: [detail] };
        start.abandon("Canceled");
    }

    #finish(operation: LongRunningOperation, start: OperationStart): void {
        operation.endTime = new Date();
        const fault = start.fault;
        if (fault?.type === "operationFailed") {
            operation.status = "Failed";
            operation.error = { code: fault.code, message: fault.message ?? `The operation failed with ${fault.code} (injected).`, details: [] };
            start.abandon("Failed");
            return;
        }
        if (fault?.type === "operationCanceled") {
            this.#cancel(operation, start, {
                code: fault.code ?? "CanceledAndSupersededDueToAnotherOperation",
                message: fault.message ?? `Operation ${operation.name} (${operation.id}) was canceled and superseded by another operation.`,
            });
            return;
        }
        try {
            operation.result = start.commit();
            operation.status = "Succeeded";
        } catch (err) {
            const armError = err instanceof ArmError ? err : undefined;
            operation.status = "Failed";
            operation.error = {
                code: armError?.code ?? "InternalServerError",
                message: err instanceof Error ? err.message : String(err),
                details: armError?.details ?? [],
            };
            start.abandon("Failed");
        }
    }
}

/** The `Azure-AsyncOperation` URL of an operation: absolute, on the emulator (docs/azure-behaviour.md §3, "Polling URLs are used verbatim"). */
export function asyncOperationUrl(endpoint: string, subscriptionId: string, operation: LongRunningOperation, apiVersion: string): string {
    return `${endpoint}/subscriptions/${subscriptionId}/providers/Microsoft.Network/locations/${operation.location}/operations/${operation.id}?api-version=${encodeURIComponent(apiVersion)}`;
}

/** The `Location` URL of an operation (`operationResults`, as in `examples/PublicIpAddressDelete.json`; docs/azure-behaviour.md §3). */
export function operationResultUrl(endpoint: string, subscriptionId: string, operation: LongRunningOperation, apiVersion: string): string {
    return `${endpoint}/subscriptions/${subscriptionId}/providers/Microsoft.Network/locations/${operation.location}/operationResults/${operation.id}?api-version=${encodeURIComponent(apiVersion)}`;
}
