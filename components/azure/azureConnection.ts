import type { TokenCredential } from "@azure/core-auth";

/** The public Azure Resource Manager endpoint. */
export const azurePublicCloudEndpoint = "https://management.azure.com";

/**
 * Where and as whom the swap talks to Azure Resource Manager.
 * Built by the caller (the dynamic provider, the CLI, a test) and never stored in Pulumi state.
 */
export interface AzureConnection {
    /** The subscription that holds the load balancers and the addresses. */
    readonly subscriptionId: string;
    /** An `@azure/identity` credential (or any `TokenCredential`). */
    readonly credential: TokenCredential;
    /** The ARM endpoint; defaults to the public cloud. Sovereign clouds and the emulator set their own. */
    readonly endpoint?: string;
    /**
     * PEM text of the certificate authority to trust for `endpoint`, for endpoints whose certificate
     * is not publicly trusted (the emulator, private clouds). TLS stays verified: this CA is trusted explicitly.
     */
    readonly caCertPem?: string;
}
