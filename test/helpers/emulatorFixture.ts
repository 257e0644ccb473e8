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
 *
 * Most files want a fresh pair for every test on one emulator: `const env = usePairPerTest("my-rg")`, then
 * `env.fixture` and `env.pair` inside the tests.
 */
import type { NetworkManagementClient } from "@azure/arm-network";
import type { AzureConnection } from "../../components/azure/azureConnection";
import { createNetworkClient } from "../../components/azure/networkClient";
import { StaticTokenCredential } from "../../components/azure/staticTokenCredential";
import type { AzureEmulatorOptions } from "../../emulator/azureEmulator";
import { AzureEmulator } from "../../emulator/azureEmulator";
import { createBlueGreenPair, type BlueGreenPair, type BlueGreenPairOptions } from "../../emulator/blueGreenScenario";

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
    const connection = emulator.connection();
    return { emulator, connection, client: createNetworkClient(connection), stop: () => emulator.stop() };
}

/** What `usePairPerTest` gives a test file: one emulator for the file, a fresh pair for each test. */
export interface PairPerTest {
    /** The file's emulator and client (set once its `beforeAll` has run). */
    readonly fixture: EmulatorFixture;
    /** This test's pair, created on a reset emulator. */
    readonly pair: BlueGreenPair;
}

/**
 * Registers the jest hooks that most emulator tests share: start one emulator for the file (stopped after it),
 * and before each test reset it, create a blue/green pair in `resourceGroupName` and empty the request log, so a
 * test's log holds only its own requests.
 */
export function usePairPerTest(resourceGroupName: string, pairOptions: Omit<BlueGreenPairOptions, "resourceGroupName"> = {}): PairPerTest {
    let fixture: EmulatorFixture | undefined;
    let pair: BlueGreenPair | undefined;
    beforeAll(async () => {
        fixture = await startEmulatorFixture();
    });
    afterAll(() => fixture?.stop());
    beforeEach(async () => {
        fixture!.emulator.reset();
        pair = await createBlueGreenPair(fixture!.client, fixture!.emulator, { ...pairOptions, resourceGroupName });
        fixture!.emulator.clearRequestLog();
    });
    return {
        get fixture() {
            return fixture!;
        },
        get pair() {
            return pair!;
        },
    };
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
