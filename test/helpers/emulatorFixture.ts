/**
 * Shared test fixture: a fast-profile emulator plus a real `@azure/arm-network` client pointed at it over HTTPS,
 * trusting the emulator's CA explicitly (TLS verification stays on).
 *
 * ```ts
 * let fixture: EmulatorFixture;
 * beforeAll(async () => { fixture = await startEmulatorFixture(); });
 * afterAll(() => fixture.stop());
 * beforeEach(() => fixture.emulator.reset());
 * test("...", async () => { const pair = await createBlueGreenPair(fixture.client, fixture.emulator); ... });
 * ```
 */
import type { NetworkManagementClient } from "@azure/arm-network";
import type { AzureConnection } from "../../components/azure/azureConnection";
import { createNetworkClient } from "../../components/azure/networkClient";
import { StaticTokenCredential } from "../../components/azure/staticTokenCredential";
import type { AzureEmulatorOptions } from "../../emulator/azureEmulator";
import { AzureEmulator } from "../../emulator/azureEmulator";

export { createBlueGreenPair, loadBalancerBody } from "../../emulator/blueGreenScenario";
export type { BlueGreenPair, BlueGreenPairOptions } from "../../emulator/blueGreenScenario";

/** SDK poller options for the fast profile: poll every 5 ms instead of core-lro's 2 s default. */
export const fastPolling = { updateIntervalInMs: 5 } as const;

/** A running emulator and a client for it. */
export interface EmulatorFixture {
    readonly emulator: AzureEmulator;
    /** How to reach the emulator, as the swap engine and the provider take it. */
    readonly connection: AzureConnection;
    /** A real NetworkManagementClient built by components/azure/networkClient.ts. */
    readonly client: NetworkManagementClient;
    /** Stops the emulator (servers, sockets, timers). */
    stop(): Promise<void>;
}

/** Starts an emulator (fast profile unless told otherwise) and a client for it. */
export async function startEmulatorFixture(options: AzureEmulatorOptions = {}): Promise<EmulatorFixture> {
    const emulator = await AzureEmulator.start({ profile: "fast", ...options });
    const connection: AzureConnection = {
        subscriptionId: emulator.subscriptionId,
        credential: new StaticTokenCredential(emulator.accessToken),
        endpoint: emulator.endpoint,
        caCertPem: emulator.caCertPem,
    };
    return { emulator, connection, client: createNetworkClient(connection), stop: () => emulator.stop() };
}

/** A client for the fixture's emulator with another token, to prove that a wrong token is refused. */
export function clientWithToken(fixture: EmulatorFixture, token: string): NetworkManagementClient {
    return createNetworkClient({ ...fixture.connection, credential: new StaticTokenCredential(token) });
}

/**
 * Asserts that an SDK call failed synchronously (not through a poller) the way Azure answers: a `RestError` with this
 * HTTP status and ARM error code.
 */
export async function expectArmError(call: Promise<unknown>, statusCode: number, code: string): Promise<void> {
    await expect(call).rejects.toMatchObject({ name: "RestError", statusCode, code });
}
