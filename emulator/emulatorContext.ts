import type { IncomingHttpHeaders } from "node:http";
import type { AddressPool } from "./addressPool";
import type { BackendRegistry } from "./backendRegistry";
import type { CommitHistory } from "./commitHistory";
import type { FaultInjector } from "./faultInjector";
import type { OperationRegistry } from "./operations";
import type { EmulatorClock } from "./profiles";
import type { ResourceGroupRegistry } from "./resourceGroups";
import type { ReaderView, ResourceStore } from "./resourceStore";

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
}

/** What a handler answers. */
export interface ArmResponse {
    readonly status: number;
    readonly body?: unknown;
    readonly headers?: Readonly<Record<string, string>>;
}

/** Behaviours that Azure has not confirmed, so the emulator makes them switchable (azure-facts "Unconfirmed"). */
export interface EmulatorSettings {
    /** Whether `setLoadBalancerFrontendPublicIpAddresses` works on plain Standard load balancers (azure-facts Unconfirmed 2). */
    swapApiEnabled: boolean;
    /**
     * How a load balancer PUT learns that an address is attached elsewhere (azure-facts Unconfirmed 1): `synchronous`,
     * a 400 `PublicIPAddressInUse` answer (the status seen for NIC->NIC), or `operation`, the PUT is accepted and its
     * long-running operation ends `Failed` with that code ("may also come back as the final LRO error", azure-facts §1).
     */
    publicIpInUseFailure: PublicIpInUseFailure;
    /** What a GET shows while a create or update runs: the `committed` configuration or the `goal` (resourceStore.ts). */
    readerView: ReaderView;
    /**
     * A PUT to a resource whose own create or update is still running: `retryableError`, 429 `RetryableError` /
     * `RetryableErrorDueToAnotherOperation` (azure-facts §5), or `supersede`, accepted, the running operation ending
     * `Canceled` / `CanceledAndSupersededDueToAnotherOperation` (§3, terraform-provider-azurerm#10178). Azure does both;
     * when it does which is not documented.
     */
    concurrentWrite: ConcurrentWrite;
}

/** See {@link EmulatorSettings.concurrentWrite}. */
export type ConcurrentWrite = "retryableError" | "supersede";

/** See {@link EmulatorSettings.publicIpInUseFailure}. */
export type PublicIpInUseFailure = "synchronous" | "operation";

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
