import type { NetworkManagementClient } from "@azure/arm-network";
import type { AzureConnection } from "../components/azure/azureConnection";
import type { PairedSwapTarget, SharedSwapTarget } from "../components/swap/swapTarget";
import type { AddressRole } from "./trafficSample";

/** Everything a demo run swaps and measures against: a blue/green pair behind a live ARM endpoint. */
export interface DemoEnvironment {
    /** How the swap engine connects (endpoint, CA, credential). */
    readonly connection: AzureConnection;
    /** The arm-network client, for the naive sequence and the floor measurement. */
    readonly client: NetworkManagementClient;
    /** The pair, by name. */
    readonly target: PairedSwapTarget;
    /** The data-plane URL of each address: it answers only while the address is attached. */
    readonly dataPlaneUrls: Readonly<Record<AddressRole, string>>;
    /** The shared-load-balancer pair, when the run needs it (`--topology shared`, `--compare`). */
    readonly shared?: {
        readonly target: SharedSwapTarget;
        readonly dataPlaneUrls: Readonly<Record<AddressRole, string>>;
        /** How long the data path takes to follow a pool switch (wall ms). */
        readonly dataPathLagMs: number;
    };
    /** Emulated seconds per wall second of this environment. */
    readonly timeScale: number;
    /** Shuts everything down (servers, timers). Safe to call twice. */
    stop(): Promise<void>;
}
