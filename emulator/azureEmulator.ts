/**
 * An in-process emulator of the slice of Azure Resource Manager's Microsoft.Network API that vipswap uses
 * (docs/design.md, "The emulator"): HTTPS with bearer auth, public IPs and load balancers with Azure's rules and
 * long-running operations, throttling, fault injection and a control API under `/_emulator/`.
 *
 * ```ts
 * const emulator = await AzureEmulator.start({ profile: "fast" });
 * const client = createNetworkClient(emulator.connection());
 * ...
 * await emulator.stop();
 * ```
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AzureConnection } from "../components/azure/azureConnection";
import { createNetworkClient } from "../components/azure/networkClient";
import { StaticTokenCredential } from "../components/azure/staticTokenCredential";
import type { RolePermissions } from "../components/azure/roleActions";
import { createBlueGreenPair } from "./blueGreenScenario";
import { type PairDescription, describePair, parsePairRequest } from "./pairRequest";
import { AddressPool } from "./addressPool";
import type { IdentityRequest, IdentityView, IssuedIdentity } from "./authorization";
import { Authorization } from "./authorization";
import { armRoutes } from "./armRoutes";
import type { BackendRequest, BackendState } from "./backendRegistry";
import { BackendRegistry } from "./backendRegistry";
import type { DataPlaneEntry, DataPlaneFailureMode } from "./dataPlane";
import { DataPlane } from "./dataPlane";
import type { ThrottleSettings } from "./armThrottle";
import { ArmThrottle, azureThrottleDefaults } from "./armThrottle";
import { generateEmulatorCertificates } from "./certificates";
import type { CommitListener, CommitRecord } from "./commitHistory";
import { CommitHistory } from "./commitHistory";
import type { ControlTarget } from "./controlApi";
import { createControlHandler } from "./controlApi";
import type { EmulatorContext } from "./emulatorContext";
import type { ConcurrentWrite, EmulatorSettings, PoolSwitchOpenConnections, PublicIpInUseFailure, SettingsChange } from "./emulatorSettings";
import { defaultSettings, emulatorSettingsIn, parseSettingsChange } from "./emulatorSettings";
import type { ActiveFault, FaultRule } from "./faultInjector";
import { FaultInjector } from "./faultInjector";
import type { OperationView } from "./operations";
import { OperationRegistry } from "./operations";
import type { Latencies, ProfileName } from "./profiles";
import { EmulatorClock, isProfileName, profileNamed } from "./profiles";
import type { RequestLogEntry } from "./requestLog";
import { RequestLog } from "./requestLog";
import { createRequestListener } from "./requestPipeline";
import { ResourceGroupRegistry } from "./resourceGroups";
import type { ReaderView } from "./resourceStore";
import type { LoadBalancerBody } from "./resourceBodies";
import { ResourceStore } from "./resourceStore";
import { Router } from "./router";

/** Options of {@link AzureEmulator.start}. */
export interface AzureEmulatorOptions {
    /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
    readonly port?: number;
    /** `fast` (milliseconds, the default) or `realistic` (seconds, from docs/azure-behaviour.md §7); see profiles.ts. */
    readonly profile?: ProfileName;
    /** Divides every latency and Retry-After (10 = ten times faster). Default 1. */
    readonly timeScale?: number;
    /** The one subscription the emulator serves. */
    readonly subscriptionId?: string;
    /** The emulator's own bearer token (ARM requests and the control API); a random one by default. */
    readonly accessToken?: string;
    /**
     * What the emulator's own token may do in ARM requests: one permission entry or a list (one per role
     * assignment), `{actions, notActions}` with ARM's wildcards. Default `[{actions: ["*"]}]`, everything.
     */
    readonly permissions?: RolePermissions | readonly RolePermissions[];
    /**
     * More identities, each with its own token and permissions, issued at start (see {@link AzureEmulator.issueIdentity});
     * their tokens are for ARM requests only, never the control API. Read them back from {@link AzureEmulator.startIdentities}.
     */
    readonly identities?: readonly IdentityRequest[];
    /** `Retry-After` seconds (before scaling); default 10 for `realistic`, 0 for `fast` (see profiles.ts). */
    readonly retryAfterSeconds?: number;
    /** ARM throttling buckets; Azure's figures by default (docs/azure-behaviour.md §5); `false` turns throttling off. */
    readonly throttling?: Partial<ThrottleSettings> | false;
    /**
     * Whether the one-call swap (`setLoadBalancerFrontendPublicIpAddresses`) works on plain Standard load balancers.
     * Unconfirmed on Azure (docs/azure-behaviour.md, Unconfirmed 2), so false by default: the emulator must not be kinder than Azure.
     */
    readonly swapApiEnabled?: boolean;
    /** How a load balancer PUT reports `PublicIPAddressInUse`: `synchronous` 400 (default) or a failed `operation` (see emulatorContext.ts). */
    readonly publicIpInUseFailure?: PublicIpInUseFailure;
    /** What a GET shows while a create or update runs: `committed` (default) or `goal` (see resourceStore.ts). */
    readonly readerView?: ReaderView;
    /** A PUT over a running create/update of the same resource: `retryableError` 429 (default) or `supersede` (see emulatorContext.ts). */
    readonly concurrentWrite?: ConcurrentWrite;
    /** Basic IPv4 public IPs allowed per region: 0 by default, as for new subscriptions since the Basic retirement (emulatorSettings.ts). */
    readonly basicPublicIpQuota?: number;
    /** How a request to an address that does not serve fails: `reset` (default) or `hang` (see dataPlane.ts). */
    readonly dataPlaneFailure?: DataPlaneFailureMode;
    /** Emulated ms between the commit of a rule's new pool and the data path following it; default the profile's (emulatorSettings.ts). */
    readonly poolSwitchDataPathDelayMs?: number;
    /** Connections open to a rule's old pool when the data path follows its new one: `reset` (default) or `kept` (emulatorSettings.ts). */
    readonly poolSwitchOpenConnections?: PoolSwitchOpenConnections;
}

/** The settings the control API can read and change. */
export interface EmulatorSettingsView extends EmulatorSettings {
    readonly dataPlaneFailure: DataPlaneFailureMode;
    /** The data-path delay of a pool switch in effect, in emulated ms (the setting, else the profile's figure). */
    readonly poolSwitchDataPathDelayMs: number;
    readonly profile: ProfileName;
    readonly timeScale: number;
    /** `Retry-After` as sent (after scaling). */
    readonly retryAfterSeconds: number;
}

/** The default subscription id: fixed, so command-line users can write it into config once. */
export const defaultSubscriptionId = "00000000-0000-4000-8000-000000000000";

/** A running emulator. Start it with {@link AzureEmulator.start}; always {@link AzureEmulator.stop} it. */
export class AzureEmulator implements ControlTarget {
    readonly #server: https.Server;
    readonly #context: EmulatorContext;
    readonly #log = new RequestLog();
    readonly #throttle: ArmThrottle | undefined;
    readonly #dataPlane: DataPlane;
    readonly #initialSettings: Readonly<EmulatorSettings> & { readonly dataPlaneFailure: DataPlaneFailureMode };
    readonly #caDirectory: string;
    readonly #authorization: Authorization;
    /** The identities issued from the start options, with their tokens, in the order given. */
    readonly startIdentities: readonly IssuedIdentity[];
    #stopped = false;

    private constructor(
        server: https.Server,
        context: EmulatorContext,
        throttle: ArmThrottle | undefined,
        dataPlane: DataPlane,
        caDirectory: string,
        authorization: Authorization,
        startIdentities: readonly IssuedIdentity[],
        /** `https://127.0.0.1:<port>`: the ARM endpoint to give the SDK. */
        readonly endpoint: string,
        /** PEM of the CA that signed the server certificate: trust it explicitly (`tlsOptions.ca`). */
        readonly caCertPem: string,
        /** A temporary file holding {@link caCertPem}, for other processes; removed by stop(). */
        readonly caCertFile: string,
        /** The bearer token the emulator accepts. */
        readonly accessToken: string,
    ) {
        this.#server = server;
        this.#context = context;
        this.#throttle = throttle;
        this.#dataPlane = dataPlane;
        this.#initialSettings = { ...context.settings, dataPlaneFailure: dataPlane.failureMode };
        this.#caDirectory = caDirectory;
        this.#authorization = authorization;
        this.startIdentities = startIdentities;
    }

    /** The subscription the emulator serves. */
    get subscriptionId(): string {
        return this.#context.subscriptionId;
    }

    /**
     * How vipswap and the SDK reach this emulator: its endpoint and token (the emulator's own, or `accessToken`, say an
     * issued identity's), its CA trusted explicitly.
     */
    connection(accessToken: string = this.accessToken): AzureConnection {
        return {
            subscriptionId: this.subscriptionId,
            credential: new StaticTokenCredential(accessToken),
            endpoint: this.endpoint,
            caCertPem: this.caCertPem,
        };
    }

    /** Starts an emulator on 127.0.0.1. Throws with the reason on bad options or when the port is taken. */
    static async start(options: AzureEmulatorOptions = {}): Promise<AzureEmulator> {
        const port = options.port ?? 0;
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
            throw new Error(`port must be a whole number from 0 to 65535 (0 = any free port); got ${port}.`);
        }
        const profileName = options.profile ?? "fast";
        if (!isProfileName(profileName)) {
            throw new Error(`profile must be 'fast' or 'realistic'; got '${String(profileName)}'.`);
        }
        const clock = new EmulatorClock(profileNamed(profileName), options.timeScale ?? 1, options.retryAfterSeconds);
        const accessToken = options.accessToken ?? `vipswap-emulator-${randomBytes(24).toString("hex")}`;
        if (/\s/.test(accessToken) || accessToken === "") {
            throw new Error("accessToken must be a non-empty string without white space.");
        }
        // Checked before anything is started, so a bad permission list leaves nothing behind.
        const authorization = new Authorization(accessToken, options.permissions);
        const startIdentities = (options.identities ?? []).map((request) => authorization.issue(request));
        authorization.keepCurrentOnReset();
        const subscriptionId = options.subscriptionId ?? defaultSubscriptionId;
        if (!/^[0-9a-f-]{36}$/i.test(subscriptionId)) {
            throw new Error(`subscriptionId must be a GUID; got '${subscriptionId}'.`);
        }
        const throttle =
            options.throttling === false ? undefined : new ArmThrottle(subscriptionId, { ...azureThrottleDefaults, ...(options.throttling ?? {}) });
        const { dataPlaneFailure, ...chosen } = parseSettingsChange({
            swapApiEnabled: options.swapApiEnabled,
            publicIpInUseFailure: options.publicIpInUseFailure,
            readerView: options.readerView,
            concurrentWrite: options.concurrentWrite,
            basicPublicIpQuota: options.basicPublicIpQuota,
            dataPlaneFailure: options.dataPlaneFailure,
            poolSwitchDataPathDelayMs: options.poolSwitchDataPathDelayMs,
            poolSwitchOpenConnections: options.poolSwitchOpenConnections,
        });
        const failureMode = dataPlaneFailure ?? "reset";
        const settings: EmulatorSettings = { ...defaultSettings, ...emulatorSettingsIn(chosen) };
        const certificates = await generateEmulatorCertificates();
        const caDirectory = await mkdtemp(join(tmpdir(), "vipswap-emulator-"));
        const caCertFile = join(caDirectory, "ca.pem");
        await writeFile(caCertFile, certificates.caCertPem, { mode: 0o600 });

        const server = https.createServer({ cert: certificates.serverCertPem, key: certificates.serverKeyPem });
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(port, "127.0.0.1", () => {
                server.off("error", reject);
                resolve();
            });
        }).catch(async (err: unknown) => {
            await rm(caDirectory, { recursive: true, force: true });
            throw new Error(`The emulator could not listen on 127.0.0.1:${port}: ${(err as Error).message}`);
        });
        const endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const faults = new FaultInjector();
        const store = new ResourceStore(settings);
        const backends = new BackendRegistry();
        const dataPlane = new DataPlane(store, backends, settings, clock);
        dataPlane.failureMode = failureMode;
        const context: EmulatorContext = {
            subscriptionId,
            endpoint,
            store,
            resourceGroups: new ResourceGroupRegistry(),
            operations: new OperationRegistry(clock),
            clock,
            faults,
            addresses: new AddressPool(),
            backends,
            history: new CommitHistory(store),
            settings,
            onChange: () => dataPlane.sync(),
        };
        const emulator = new AzureEmulator(
            server,
            context,
            throttle,
            dataPlane,
            caDirectory,
            authorization,
            startIdentities,
            endpoint,
            certificates.caCertPem,
            caCertFile,
            accessToken,
        );
        server.on(
            "request",
            createRequestListener({
                context,
                router: new Router(armRoutes),
                log: emulator.#log,
                faults,
                authorization,
                control: createControlHandler(emulator),
                throttle,
            }),
        );
        return emulator;
    }

    /**
     * Forgets every resource, resource group, pending operation, backend, fault, commit and log entry; latencies, settings and
     * throttle tokens go back to what the emulator started with, and so do identities: those issued since start are
     * revoked, the others get their start permissions back. The endpoint, token, certificate and commit listeners stay.
     */
    reset(): void {
        this.#context.operations.clear();
        this.#context.store.clear();
        this.#context.resourceGroups.clear();
        this.#context.history.clear();
        this.#context.faults.clear();
        this.#context.addresses.reset();
        this.#context.backends.clear();
        this.#dataPlane.sync();
        this.#context.clock.reset();
        Object.assign(this.#context.settings, emulatorSettingsIn(this.#initialSettings));
        if (this.#initialSettings.poolSwitchDataPathDelayMs === undefined) delete this.#context.settings.poolSwitchDataPathDelayMs;
        this.#dataPlane.failureMode = this.#initialSettings.dataPlaneFailure;
        this.#throttle?.refillAll();
        this.#authorization.reset();
        this.#log.clear();
    }

    /** Stops the server, closes every connection (also hung ones), clears every timer and removes the CA file. */
    async stop(): Promise<void> {
        if (this.#stopped) {
            return;
        }
        this.#stopped = true;
        // Closed first, so that a write still being handled cannot start a commit timer after stop.
        this.#context.operations.close();
        await this.#dataPlane.close();
        await new Promise<void>((resolve) => {
            this.#server.close(() => resolve());
            this.#server.closeAllConnections();
        });
        await rm(this.#caDirectory, { recursive: true, force: true });
    }

    /**
     * Issues an identity with its own bearer token and permissions (`*` unless given): one entry or a list of
     * `{actions, notActions}`, ARM's wildcards allowed. Its token works for ARM requests only, never the control API.
     * Throws, saying what was wrong, on a bad request.
     */
    issueIdentity(request: IdentityRequest | Record<string, unknown> = {}): IssuedIdentity {
        return this.#authorization.issue(request);
    }

    /** Every identity (the emulator's own first), with its permissions; never a token. */
    identities(): IdentityView[] {
        return this.#authorization.list();
    }

    /** Replaces an identity's permissions; takes effect at its next request. Throws on an unknown id or bad permissions. */
    setPermissions(objectId: string, permissions: RolePermissions | readonly RolePermissions[] | unknown): IdentityView {
        return this.#authorization.setPermissions(objectId, permissions);
    }

    /** Revokes an issued identity: its token gets 401 from then on. */
    revokeIdentity(objectId: string): void {
        this.#authorization.revoke(objectId);
    }

    /** Every request so far, oldest first. */
    requestLog(): RequestLogEntry[] {
        return this.#log.entries();
    }

    /** Empties the request log. */
    clearRequestLog(): void {
        this.#log.clear();
    }

    /**
     * The committed-state history, oldest first: one record per resource changed by each commit (see
     * commitHistory.ts), only commits after `afterCommit` when given. Exact: readers never see a state not in it.
     */
    commits(afterCommit?: number): CommitRecord[] {
        return this.#context.history.list(afterCommit);
    }

    /** The number of the last commit so far (0 before any): pass it to {@link commits} later to see what followed. */
    lastCommit(): number {
        return this.#context.history.lastCommit;
    }

    /** Empties the commit history (numbering starts at 1 again). */
    clearCommits(): void {
        this.#context.history.clear();
    }

    /** Calls `listener` synchronously after every commit, with that commit's records; returns the unsubscribe function. */
    onCommit(listener: CommitListener): () => void {
        return this.#context.history.subscribe(listener);
    }

    /** Every long-running operation since the last reset: status, whether it is held, the resources it writes. */
    operations(): OperationView[] {
        return this.#context.operations.list();
    }

    /**
     * Releases operations kept InProgress by a `hold` fault: the one with that id, or every held one. Each then
     * commits once its latency has passed since it started. Returns the ids released; throws on an id not held.
     */
    releaseOperations(id?: string): string[] {
        return this.#context.operations.release(id);
    }

    /** Latencies per operation kind: emulated ms and the real ms after the time scale. */
    latencies(): { profile: ProfileName; timeScale: number; latencies: Latencies } {
        return { profile: this.#context.clock.profile.name, timeScale: this.#context.clock.timeScale, latencies: this.#context.clock.latencies };
    }

    /** Sets the latency (emulated ms) of some operation kinds. */
    setLatencies(latencies: Partial<Latencies> | Record<string, unknown>): void {
        this.#context.clock.setLatencies(latencies);
    }

    /** The fault rules still active. */
    faults(): ActiveFault[] {
        return this.#context.faults.list();
    }

    /** Adds a fault rule (see {@link FaultRule}); throws with the reason on a bad rule. */
    addFault(rule: FaultRule | unknown): ActiveFault {
        return this.#context.faults.add(rule as FaultRule);
    }

    /** Removes every fault rule. */
    clearFaults(): void {
        this.#context.faults.clear();
    }

    /** The switchable behaviours and the Retry-After sent. */
    settings(): EmulatorSettingsView {
        const clock = this.#context.clock;
        return {
            ...this.#context.settings,
            poolSwitchDataPathDelayMs: this.#context.settings.poolSwitchDataPathDelayMs ?? clock.profile.dataPathDelayMs,
            dataPlaneFailure: this.#dataPlane.failureMode,
            profile: clock.profile.name,
            timeScale: clock.timeScale,
            retryAfterSeconds: clock.retryAfterSeconds,
        };
    }

    /**
     * Changes `swapApiEnabled`, `publicIpInUseFailure`, `readerView`, `concurrentWrite`, `basicPublicIpQuota`,
     * `poolSwitchDataPathDelayMs`, `poolSwitchOpenConnections`, `dataPlaneFailure` and/or `retryAfterSeconds` (unscaled);
     * all checked before any applies (emulatorSettings.ts).
     */
    updateSettings(settings: SettingsChange | Record<string, unknown>): void {
        const change = parseSettingsChange(settings);
        if (change.retryAfterSeconds !== undefined) {
            this.#context.clock.setRetryAfterSeconds(change.retryAfterSeconds);
        }
        if (change.dataPlaneFailure !== undefined) {
            this.#dataPlane.failureMode = change.dataPlaneFailure;
        }
        Object.assign(this.#context.settings, emulatorSettingsIn(change));
    }

    /** The throttle's settings and tokens left (`{enabled: false}` when throttling is off). */
    throttling(): unknown {
        return this.#throttle ? { enabled: true, ...this.#throttle.state } : { enabled: false };
    }

    /** Changes some throttle buckets (`{reads: {capacity, refillPerSecond}}`); they start full. */
    setThrottling(settings: Partial<ThrottleSettings> | Record<string, unknown>): void {
        if (!this.#throttle) {
            throw new Error("Throttling was turned off when this emulator started (throttling: false).");
        }
        this.#throttle.configure(settings);
    }

    /**
     * Creates a ready blue/green pair through this emulator's own ARM API (blue live, healthy backends on both,
     * the frontend named as the CLI's default) and says how to swap it. Throws with the reason on a bad request.
     */
    async createPair(request: { name: string; resourceGroupName?: string; location?: string; backendCount?: number } | Record<string, unknown>): Promise<PairDescription> {
        const { name, options } = parsePairRequest(request as Record<string, unknown>);
        const client = createNetworkClient(this.connection());
        if (await client.loadBalancers.get(options.resourceGroupName!, `${name}-blue-lb`).then(() => true, () => false)) {
            throw new Error(`A pair named '${name}' already exists in resource group '${options.resourceGroupName}'; pick another name, or reset the emulator.`);
        }
        const pair = await createBlueGreenPair(client, this, options);
        return describePair(name, pair, this);
    }

    /** Backends per load balancer. */
    backends(): BackendState[] {
        return this.#context.backends.list();
    }

    /**
     * Sets a load balancer's backends, or one backend pool's (`backendPoolName`: count, healthy count, version label,
     * colour label); the data plane and rule health follow.
     * Throws with the reason when the load balancer does not exist or a value is bad.
     */
    setBackends(request: BackendRequest | Record<string, unknown>): BackendState {
        const { loadBalancerId: id, backendPoolName: pool } = request as BackendRequest;
        const lb = typeof id === "string" ? (this.#context.store.get(id)?.committed as LoadBalancerBody | undefined) : undefined;
        if (typeof id === "string" && !this.#context.store.get(id)) {
            throw new Error(`Load balancer ${id} does not exist in the emulator; create it before setting its backends.`);
        }
        if (lb && typeof pool === "string" && !lb.properties.backendAddressPools.some((p) => p.name.toLowerCase() === pool.toLowerCase())) {
            throw new Error(`Load balancer ${id} has no backend pool '${pool}'; its pools are ${lb.properties.backendAddressPools.map((p) => p.name).join(", ") || "none"}.`);
        }
        const state = this.#context.backends.set(request as BackendRequest);
        this.#context.onChange();
        return state;
    }

    /**
     * Makes every committed change of a rule's backend pool that the data path has not followed yet take effect now,
     * as if `poolSwitchDataPathDelayMs` had passed (for tests that must not race the delay). Returns how many load
     * balancers followed.
     */
    followDataPathNow(): number {
        return this.#dataPlane.followNow();
    }

    /** The data-plane map: public IP id -> address, loopback URL, attachment, whether it serves now. */
    dataPlane(): Record<string, DataPlaneEntry> {
        return this.#dataPlane.map();
    }
}
