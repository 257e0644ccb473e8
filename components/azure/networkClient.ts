import type { NetworkManagementClient } from "@azure/arm-network";
import { type AzureConnection, azurePublicCloudEndpoint } from "./azureConnection";

/** Options for `createNetworkClient`. */
export interface NetworkClientOptions {
    /**
     * How many times the SDK pipeline itself retries 408/429/5xx and connection errors (docs/azure-behaviour.md §3
     * "Pipeline retry"; the SDK default is 3, with 1 s exponential back-off). The swap engine sets 0 and retries
     * in its own layer, so that every retry is counted, bounded by its deadline and paced by its poll interval.
     */
    readonly pipelineRetries?: number;
}

/**
 * Builds the `@azure/arm-network` client for a connection.
 *
 * The SDK is `require`d here rather than imported at module scope so that the dynamic provider, which Pulumi
 * serializes into state, never captures it (docs/pulumi-behaviour.md §1.3, "Closure serialization").
 */
export function createNetworkClient(connection: AzureConnection, options: NetworkClientOptions = {}): NetworkManagementClient {
    const { NetworkManagementClient: Client } = require("@azure/arm-network") as typeof import("@azure/arm-network");
    const endpoint = (connection.endpoint ?? azurePublicCloudEndpoint).replace(/\/+$/, "");
    return new Client(connection.credential, connection.subscriptionId, {
        // arm-network 36 (the classic client) builds every URL from `$host`, not from `endpoint`
        // (dist/commonjs/networkManagementClient.js); both must point at the same place.
        endpoint,
        $host: endpoint,
        credentialScopes: [`${endpoint}/.default`],
        // Trust an explicit CA for this endpoint (the emulator, private clouds); verification stays on.
        ...(connection.caCertPem ? { tlsOptions: { ca: connection.caCertPem } } : {}),
        ...(options.pipelineRetries !== undefined ? { retryOptions: { maxRetries: options.pipelineRetries } } : {}),
    });
}
