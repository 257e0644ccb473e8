/** What an injected fault does to a matching request. */
export type FaultAction =
    /** Answer with this status and ARM error code; nothing changes. */
    | { readonly type: "error"; readonly status: number; readonly code: string; readonly message?: string; readonly retryAfterSeconds?: number }
    /** Reset the TCP connection before any answer; nothing changes. */
    | { readonly type: "reset" }
    /** Never answer (the client's own timeout or abort ends it); nothing changes. */
    | { readonly type: "hang" }
    /** Accept the request normally, then end its long-running operation `Failed` with this code; nothing changes. */
    | { readonly type: "operationFailed"; readonly code: string; readonly message?: string }
    /** Accept the request normally, then end its long-running operation `Canceled`; nothing changes. */
    | { readonly type: "operationCanceled"; readonly code?: string; readonly message?: string }
    /**
     * Accept the request normally, then keep its long-running operation `InProgress` (the resource `Updating` or
     * `Deleting`) until it is released through the control API, or, with `until: "nextWrite"`, until the next write
     * to one of its resources arrives (that write still meets it running); it then commits once its latency has passed.
     */
    | { readonly type: "hold"; readonly until?: HoldRelease }
    /**
     * Process the request normally (a write is accepted and its operation starts), then reset the connection instead
     * of answering: the client cannot tell whether its write was applied. Used up only by a request answered 2xx.
     */
    | { readonly type: "resetAfterAccept" }
    /**
     * Process the request normally (a write is accepted and its operation starts), then answer with this status and
     * ARM error code instead of the 2xx: a gateway timeout or an internal error after ARM accepted the write, so the
     * client is told it failed although it goes ahead. Used up only by a request answered 2xx.
     */
    | {
          readonly type: "errorAfterAccept";
          readonly status: number;
          readonly code: string;
          readonly message?: string;
          readonly retryAfterSeconds?: number;
      };

/**
 * What ends a `hold`: `released`, only the control API (the default); `nextWrite`, also the next write (PUT, PATCH,
 * POST, DELETE) to one of the operation's resources, which is then answered as a write over a running operation is.
 * `nextWrite` puts a client's retry over its own first attempt for certain, whatever the load on the machine.
 */
export type HoldRelease = "released" | "nextWrite";

/** A fault rule as the control API takes it. */
export interface FaultRule {
    /** HTTP method to match (any when omitted), case-insensitive. */
    readonly method?: string;
    /** A regular expression matched case-insensitively against the request path (no query string). */
    readonly pathPattern: string;
    /** How many matching requests it applies to; 1 when omitted. */
    readonly count?: number;
    /**
     * How many matching requests to let through first; 0 when omitted. Only requests the fault could act on count:
     * for an operation fault, requests that start an operation; for `resetAfterAccept` and `errorAfterAccept`,
     * requests answered 2xx.
     */
    readonly skip?: number;
    readonly action: FaultAction;
}

/** A registered rule with its id and the number of requests it still applies to. */
export interface ActiveFault extends FaultRule {
    readonly id: number;
    readonly remaining: number;
}

/** When a fault is taken: as the request arrives, when it starts an operation, or when it is answered 2xx. */
type FaultStage = "request" | "operation" | "accepted";

const stageOf = (action: FaultAction): FaultStage =>
    action.type === "operationFailed" || action.type === "operationCanceled" || action.type === "hold"
        ? "operation"
        : action.type === "resetAfterAccept" || action.type === "errorAfterAccept"
          ? "accepted"
          : "request";

/**
 * Fault injection: for the next N requests that match a method and a path pattern, do something other than the
 * normal answer. Request faults (error, reset, hang) apply as the request arrives; operation faults (Failed,
 * Canceled, hold) are consumed only by a request that starts a long-running operation, so a GET never uses them up;
 * `resetAfterAccept` and `errorAfterAccept` only by a request that was answered 2xx.
 */
export class FaultInjector {
    #rules: { id: number; rule: FaultRule; pattern: RegExp; skip: number; remaining: number }[] = [];
    #nextId = 1;

    /** Registers a rule; throws with the reason on a bad one. */
    add(rule: FaultRule): ActiveFault {
        validateRule(rule);
        const id = this.#nextId++;
        const entry = { id, rule, pattern: new RegExp(rule.pathPattern, "i"), skip: rule.skip ?? 0, remaining: rule.count ?? 1 };
        this.#rules.push(entry);
        return { ...rule, id, remaining: entry.remaining };
    }

    /** The rules that still apply. */
    list(): ActiveFault[] {
        return this.#rules.map((r) => ({ ...r.rule, id: r.id, remaining: r.remaining, ...(r.rule.skip !== undefined ? { skip: r.skip } : {}) }));
    }

    /** Removes every rule. */
    clear(): void {
        this.#rules = [];
    }

    /** Takes (consumes one use of) the first request fault that matches, if any. */
    takeRequestFault(method: string, path: string): FaultAction | undefined {
        return this.#take(method, path, "request");
    }

    /** Takes the first operation fault (Failed/Canceled/hold) that matches the request that starts an operation. */
    takeOperationFault(method: string, path: string): FaultAction | undefined {
        return this.#take(method, path, "operation");
    }

    /** Takes the first `resetAfterAccept` or `errorAfterAccept` fault that matches a request just answered 2xx. */
    takeAcceptedFault(method: string, path: string): FaultAction | undefined {
        return this.#take(method, path, "accepted");
    }

    #take(method: string, path: string, stage: FaultStage): FaultAction | undefined {
        const entry = this.#rules.find(
            (r) =>
                stageOf(r.rule.action) === stage &&
                (r.rule.method === undefined || r.rule.method.toUpperCase() === method.toUpperCase()) &&
                r.pattern.test(path),
        );
        if (!entry) {
            return undefined;
        }
        if (entry.skip > 0) {
            entry.skip -= 1;
            return undefined;
        }
        entry.remaining -= 1;
        if (entry.remaining <= 0) {
            this.#rules = this.#rules.filter((r) => r !== entry);
        }
        return entry.rule.action;
    }
}

function validateRule(rule: FaultRule): void {
    if (typeof rule !== "object" || rule === null) {
        throw new Error("A fault rule must be an object {method?, pathPattern, count?, action}.");
    }
    if (typeof rule.pathPattern !== "string" || rule.pathPattern === "") {
        throw new Error("A fault rule needs 'pathPattern', a regular expression matched against the request path.");
    }
    try {
        new RegExp(rule.pathPattern, "i");
    } catch (err) {
        throw new Error(`'pathPattern' is not a valid regular expression: ${(err as Error).message}`);
    }
    if (rule.method !== undefined && (typeof rule.method !== "string" || !/^[A-Za-z]+$/.test(rule.method))) {
        throw new Error(`'method' must be an HTTP method such as PUT; got ${JSON.stringify(rule.method)}.`);
    }
    if (rule.count !== undefined && (!Number.isInteger(rule.count) || rule.count < 1)) {
        throw new Error(`'count' must be a whole number >= 1; got ${JSON.stringify(rule.count)}.`);
    }
    if (rule.skip !== undefined && (!Number.isInteger(rule.skip) || rule.skip < 0)) {
        throw new Error(`'skip' must be a whole number >= 0; got ${JSON.stringify(rule.skip)}.`);
    }
    const action = rule.action as FaultAction | undefined;
    switch (action?.type) {
        case "error":
        case "errorAfterAccept":
            if (!Number.isInteger(action.status) || action.status < 400 || action.status > 599) {
                throw new Error(`An '${action.type}' fault needs 'status' between 400 and 599; got ${JSON.stringify(action.status)}.`);
            }
            if (typeof action.code !== "string" || action.code === "") {
                throw new Error(`An '${action.type}' fault needs 'code', the ARM error code to answer with.`);
            }
            return;
        case "operationFailed":
            if (typeof action.code !== "string" || action.code === "") {
                throw new Error("An 'operationFailed' fault needs 'code', the error code the operation ends with.");
            }
            return;
        case "hold":
            if (action.until !== undefined && action.until !== "released" && action.until !== "nextWrite") {
                throw new Error(`A 'hold' fault's 'until' must be "released" or "nextWrite"; got ${JSON.stringify(action.until)}.`);
            }
            return;
        case "reset":
        case "hang":
        case "operationCanceled":
        case "resetAfterAccept":
            return;
        default:
            throw new Error(
                "'action.type' must be one of error, reset, hang, resetAfterAccept, operationFailed, operationCanceled, hold, errorAfterAccept.",
            );
    }
}
