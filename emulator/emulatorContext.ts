import type { IncomingHttpHeaders } from "node:http";
import type { AddressPool } from "./addressPool";
import type { IdentityView } from "./authorization";
import type { BackendRegistry } from "./backendRegistry";
import type { CommitHistory } from "./commitHistory";
import type { FaultInjector } from "./faultInjector";
import type { OperationRegistry } from "./operations";
import type { EmulatorClock } from "./profiles";
import type { ResourceGroupRegistry } from "./resourceGroups";
import type { EmulatorSettings } from "./emulatorSettings";
import type { ResourceStore } from "./resourceStore";

/** An ARM request after transport checks (auth, api-version), as handlers get it. */
export interface ArmRequest {
    readonly method: string;
    /** The decoded path, without the query string. */
    readonly path: string;
    /** Path parameters by name (`sub`, `rg`, `name`, ...), as written by the client. */
    readonly params: Readonly<Record<string, string>>;
    readonly query: URLSearchParams;
    readonly headers: IncomingHttpHeaders;
    /** The parsed JSON body (undefined when there was none). */
    readonly body: unknown;
    readonly apiVersion: string;
    /** The identity whose token the request carried (authorization.ts); already authorized for the route's action. */
    readonly caller?: IdentityView;
}

/** What a handler answers. */
export interface ArmResponse {
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Readonly<Record<string, string>>;
}

/** Everything the handlers share: the state, the clock and the emulator's identity. */
export interface EmulatorContext {
    readonly subscriptionId: string;
    /** `https://127.0.0.1:<port>`, for the absolute polling URLs. */
    readonly endpoint: string;
    readonly store: ResourceStore;
    /** The resource groups that exist (created implicitly by the first PUT into them). */
    readonly resourceGroups: ResourceGroupRegistry;
    readonly operations: OperationRegistry;
    readonly clock: EmulatorClock;
    readonly faults: FaultInjector;
    readonly addresses: AddressPool;
    readonly settings: EmulatorSettings;
    readonly backends: BackendRegistry;
    /** Every commit, in order: each commit site records the resources it changed, after applying the change. */
    readonly history: CommitHistory;
    /** Called after every change of the resources (a create accepted, a commit): the data plane follows it. */
    readonly onChange: () => void;
}

/** The handler of one route. */
export type ArmHandler = (request: ArmRequest, context: EmulatorContext) => ArmResponse;
