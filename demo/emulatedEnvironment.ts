import { createNetworkClient } from "../components/azure/networkClient";
import { azureThrottleDefaults, type BucketSettings, type ThrottleSettings } from "../emulator/armThrottle";
import { AzureEmulator } from "../emulator/azureEmulator";
import { createBlueGreenPair } from "../emulator/blueGreenScenario";
import { createSharedPair } from "../emulator/sharedLoadBalancerScenario";
import type { DemoEnvironment } from "./demoEnvironment";
import { toWallMs } from "./emulatedTime";

/** Options of {@link createEmulatedEnvironment}. */
export interface EmulatedEnvironmentOptions {
    /** Emulated seconds per wall second (1 = real time). */
    readonly timeScale: number;
    /** Aborts the setup; the emulator is stopped before the error is thrown. */
    readonly abortSignal?: AbortSignal;
    /** Narration ("starting the emulator"). */
    readonly onNote?: (text: string) => void;
    /** Also create the shared-load-balancer pair (blue v1 on production, green v2 on staging). */
    readonly withShared?: boolean;
}

/**
 * Starts the emulator in-process in its realistic profile compressed by `timeScale`, and creates the blue/green
 * pair through the real `@azure/arm-network` client (blue v1 on production, green v2 on staging), trusting the
 * emulator's CA explicitly (TLS stays verified). If anything fails on the way, the emulator is stopped again.
 */
export async function createEmulatedEnvironment(options: EmulatedEnvironmentOptions): Promise<DemoEnvironment> {
    const { timeScale } = options;
    options.onNote?.(`starting the Azure emulator in-process (realistic profile, time scale ${timeScale})`);
    const emulator = await AzureEmulator.start({ profile: "realistic", timeScale, throttling: scaledThrottling(timeScale) });
    try {
        const connection = emulator.connection();
        const client = createNetworkClient(connection);
        options.onNote?.(`emulator at ${emulator.endpoint}; creating the blue/green pair through @azure/arm-network (blue v1 on production, green v2 on staging)`);
        // The SDK's default poll interval (2 s), scaled like everything else.
        const pair = await createBlueGreenPair(client, emulator, { updateIntervalInMs: toWallMs(2000, timeScale) });
        options.abortSignal?.throwIfAborted();
        const dataPlane = emulator.dataPlane();
        const dataPlaneUrls = { production: dataPlaneUrl(dataPlane, pair.productionIpId), staging: dataPlaneUrl(dataPlane, pair.stagingIpId) };
        options.onNote?.(
            `pair ready: production ${pair.productionIpAddress} -> ${dataPlaneUrls.production}, staging ${pair.stagingIpAddress} -> ${dataPlaneUrls.staging}`,
        );
        let shared: DemoEnvironment["shared"];
        if (options.withShared) {
            const sharedPair = await createSharedPair(client, emulator, { prefix: "shared", updateIntervalInMs: toWallMs(2000, timeScale) });
            options.abortSignal?.throwIfAborted();
            const map = emulator.dataPlane();
            shared = {
                target: sharedPair.target,
                dataPlaneUrls: { production: dataPlaneUrl(map, sharedPair.productionIpId), staging: dataPlaneUrl(map, sharedPair.stagingIpId) },
                dataPathLagMs: toWallMs(emulator.settings().poolSwitchDataPathDelayMs, timeScale),
            };
            options.onNote?.(
                `shared load balancer ready: production ${sharedPair.productionIpAddress} -> ${shared.dataPlaneUrls.production}, staging ${sharedPair.stagingIpAddress} -> ${shared.dataPlaneUrls.staging} ` +
                    `(the data path follows a pool switch ${emulator.settings().poolSwitchDataPathDelayMs} ms after its commit; open connections to the old pool are ${emulator.settings().poolSwitchOpenConnections})`,
            );
        }
        return { connection, client, target: pair.target, dataPlaneUrls, ...(shared ? { shared } : {}), timeScale, stop: () => emulator.stop() };
    } catch (err) {
        await emulator.stop();
        throw err;
    }
}

/**
 * ARM's throttling buckets (docs/azure-behaviour.md §5) with their refill rates multiplied by the time scale. A client in a
 * time-scaled run polls `timeScale` times as often per wall second as it would against Azure (its intervals are
 * scaled like every latency), so Azure's limits per emulated second mean refill x scale per wall second.
 * Unscaled, the engine's 500 ms polling at 10x would drain the read bucket within seconds and be throttled where
 * Azure would not throttle it.
 */
export function scaledThrottling(timeScale: number): ThrottleSettings {
    const scale = (bucket: BucketSettings): BucketSettings => ({ capacity: bucket.capacity, refillPerSecond: bucket.refillPerSecond * timeScale });
    return { reads: scale(azureThrottleDefaults.reads), writes: scale(azureThrottleDefaults.writes), deletes: scale(azureThrottleDefaults.deletes) };
}

/**
 * The loopback URL where the emulator serves one public IP's data plane, from its data-plane map
 * (public IP id -> `{publicIpId, url, ...}`). Ids compare case-insensitively, as Azure's do.
 */
export function dataPlaneUrl(map: unknown, publicIpId: string): string {
    for (const entry of Object.values((map ?? {}) as Record<string, { publicIpId?: unknown; url?: unknown }>)) {
        if (typeof entry?.publicIpId === "string" && entry.publicIpId.toLowerCase() === publicIpId.toLowerCase() && typeof entry.url === "string") {
            return entry.url;
        }
    }
    throw new Error(`The emulator serves no data plane for public IP '${publicIpId}'; the demo needs the emulator's data plane to measure what clients see.`);
}
