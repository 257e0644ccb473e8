import type { TokenCredential } from "@azure/core-auth";
import type { AzureConnection } from "./azureConnection";
import { StaticTokenCredential } from "./staticTokenCredential";

/**
 * Where vipswap finds its Azure connection, in order of precedence:
 * 1. explicit settings: the dynamic provider's `configure` config (`azure-native:*` and `vipswap:*` stack config;
 *    inside the vipswap plugin `vipswap:*` only, see `settingsFromConfig`) or the command line's flags;
 * 2. the `ARM_*` environment variables that azure-native (and Terraform's azurerm) users already set, including
 *    OpenID Connect (`ARM_USE_OIDC`) for pipelines that sign in with workload identity federation;
 * 3. `AZURE_ACCESS_TOKEN`, a bearer token the caller already holds;
 * 4. `@azure/identity`'s `DefaultAzureCredential` (environment, workload identity, managed identity, Azure CLI, ...).
 *
 * Nothing here is ever written to Pulumi inputs, outputs, state or logs.
 */

/** Settings that can each come from explicit configuration or from the environment. All optional. */
export interface AzureSettings {
    /** The subscription of the load balancers and addresses. */
    readonly subscriptionId?: string;
    /** The Microsoft Entra tenant of the service principal. */
    readonly tenantId?: string;
    /** The service principal's (or user-assigned managed identity's) client id. */
    readonly clientId?: string;
    /** The service principal's secret. */
    readonly clientSecret?: string;
    /** Path to a PEM certificate (with its private key) for the service principal. */
    readonly clientCertificatePath?: string;
    /** Use a managed identity (`ARM_USE_MSI=true`, `azure-native:useMsi`). */
    readonly useMsi?: boolean;
    /** The cloud: `public`, `usgovernment` or `china`. Sets the ARM endpoint and the authority host. */
    readonly environment?: string;
    /** An explicit ARM endpoint (the emulator, private clouds); wins over `environment`'s endpoint. */
    readonly endpoint?: string;
    /** A PEM file with the certificate authority to trust for `endpoint`. */
    readonly caCertFile?: string;
    /** A bearer token the caller already holds. */
    readonly accessToken?: string;
    /**
     * Sign in as the service principal with an OpenID Connect token (workload identity federation, e.g. GitHub
     * Actions), as azure-native does with `useOidc` / `ARM_USE_OIDC`. Needs the client id and the tenant, and one of
     * the token sources below.
     */
    readonly useOidc?: boolean;
    /** The OIDC token itself. */
    readonly oidcToken?: string;
    /** A file that holds the OIDC token (read at each sign-in, so a rotated token applies). */
    readonly oidcTokenFilePath?: string;
    /** The URL to ask for an OIDC token (GitHub Actions: `ACTIONS_ID_TOKEN_REQUEST_URL`). */
    readonly oidcRequestUrl?: string;
    /** The bearer token for `oidcRequestUrl` (GitHub Actions: `ACTIONS_ID_TOKEN_REQUEST_TOKEN`). */
    readonly oidcRequestToken?: string;
    /**
     * The stack-config namespace the explicit settings were read from, for messages that name a key: `azure-native`
     * when absent; `vipswap` inside the vipswap plugin, whose provider the engine gives only `vipswap:*` config.
     */
    readonly configNamespace?: string;
}

/** A setting that is missing or wrong. Callers show its message as is; it says what to set. */
export class AzureSettingsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AzureSettingsError";
    }
}

/** The ARM endpoint and Entra authority host of each Azure cloud that azure-native's `environment` names. */
export const azureClouds: Readonly<Record<string, { readonly endpoint: string; readonly authorityHost: string }>> = {
    public: { endpoint: "https://management.azure.com", authorityHost: "https://login.microsoftonline.com" },
    usgovernment: { endpoint: "https://management.usgovcloudapi.net", authorityHost: "https://login.microsoftonline.us" },
    china: { endpoint: "https://management.chinacloudapi.cn", authorityHost: "https://login.chinacloudapi.cn" },
};

/** The kind of credential a resolution picked, and why (for messages and tests; never holds a secret). */
export type CredentialKind = "clientSecret" | "clientCertificate" | "accessToken" | "managedIdentity" | "oidc" | "default";

/** The merged settings and the credential that they select, before anything is built. Pure data. */
export interface ResolvedAzureSettings {
    readonly subscriptionId: string;
    readonly tenantId?: string;
    readonly clientId?: string;
    readonly endpoint: string;
    readonly authorityHost: string;
    readonly caCertFile?: string;
    readonly credentialKind: CredentialKind;
    /** Where the credential came from: "explicit settings", "ARM_* variables", "AZURE_ACCESS_TOKEN", ... */
    readonly credentialSource: string;
}

/**
 * Reads a key/value config (a Pulumi `configure` request's `config.get`) into settings.
 * @param namespace where the azure-native settings are: `azure-native` (the dynamic provider gets the whole stack
 *   config), or `vipswap` inside the vipswap plugin (`vipswap:subscriptionId`, ...). `vipswap:armEndpoint` and
 *   `vipswap:armCaCertFile` are vipswap's own either way.
 */
export function settingsFromConfig(get: (key: string) => string | undefined, namespace = "azure-native"): AzureSettings {
    const key = (name: string) => `${namespace}:${name}`;
    return {
        subscriptionId: blankToUndefined(get(key("subscriptionId"))),
        tenantId: blankToUndefined(get(key("tenantId"))),
        clientId: blankToUndefined(get(key("clientId"))),
        clientSecret: blankToUndefined(get(key("clientSecret"))),
        clientCertificatePath: blankToUndefined(get(key("clientCertificatePath"))),
        useMsi: parseBoolean(get(key("useMsi")), key("useMsi")),
        environment: blankToUndefined(get(key("environment"))),
        endpoint: blankToUndefined(get("vipswap:armEndpoint")),
        caCertFile: blankToUndefined(get("vipswap:armCaCertFile")),
        useOidc: parseBoolean(get(key("useOidc")), key("useOidc")),
        oidcToken: blankToUndefined(get(key("oidcToken"))),
        oidcTokenFilePath: blankToUndefined(get(key("oidcTokenFilePath"))),
        oidcRequestUrl: blankToUndefined(get(key("oidcRequestUrl"))),
        oidcRequestToken: blankToUndefined(get(key("oidcRequestToken"))),
        ...(namespace !== "azure-native" ? { configNamespace: namespace } : {}),
    };
}

/** Reads the `ARM_*` variables (azure-native's and azurerm's names) and vipswap's own `VIPSWAP_ARM_*`. */
export function settingsFromArmEnvironment(env: NodeJS.ProcessEnv): AzureSettings {
    return {
        subscriptionId: blankToUndefined(env.ARM_SUBSCRIPTION_ID),
        tenantId: blankToUndefined(env.ARM_TENANT_ID),
        clientId: blankToUndefined(env.ARM_CLIENT_ID),
        clientSecret: blankToUndefined(env.ARM_CLIENT_SECRET),
        clientCertificatePath: blankToUndefined(env.ARM_CLIENT_CERTIFICATE_PATH),
        useMsi: parseBoolean(env.ARM_USE_MSI, "ARM_USE_MSI"),
        environment: blankToUndefined(env.ARM_ENVIRONMENT),
        endpoint: blankToUndefined(env.VIPSWAP_ARM_ENDPOINT),
        caCertFile: blankToUndefined(env.VIPSWAP_ARM_CA_CERT_FILE),
        useOidc: parseBoolean(env.ARM_USE_OIDC, "ARM_USE_OIDC"),
        oidcToken: blankToUndefined(env.ARM_OIDC_TOKEN),
        oidcTokenFilePath: blankToUndefined(env.ARM_OIDC_TOKEN_FILE_PATH),
        // GitHub Actions' own names, which azure-native and azurerm fall back to as well.
        oidcRequestUrl: blankToUndefined(env.ARM_OIDC_REQUEST_URL) ?? blankToUndefined(env.ACTIONS_ID_TOKEN_REQUEST_URL),
        oidcRequestToken: blankToUndefined(env.ARM_OIDC_REQUEST_TOKEN) ?? blankToUndefined(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN),
    };
}

/**
 * Merges explicit settings over the environment and picks the credential. Pure: reads no file, builds nothing.
 * @throws AzureSettingsError when the subscription is missing, the cloud is unknown, or a service principal is
 *   half configured (a secret without a client id, ...).
 */
export function resolveAzureSettings(explicit: AzureSettings, env: NodeJS.ProcessEnv): ResolvedAzureSettings {
    const fromArm = settingsFromArmEnvironment(env);
    // The config key a message names: azure-native's, or the vipswap plugin's own (settingsFromConfig).
    const configKey = (name: string) => `${explicit.configNamespace ?? "azure-native"}:${name}`;
    const pick = <K extends keyof AzureSettings>(key: K): AzureSettings[K] => explicit[key] ?? fromArm[key];

    const subscriptionId = pick("subscriptionId");
    if (!subscriptionId) {
        throw new AzureSettingsError(
            `No Azure subscription: set ${configKey("subscriptionId")} or ARM_SUBSCRIPTION_ID ` +
                `(pulumi config set ${configKey("subscriptionId")} <id>), or pass --subscription on the command line.`,
        );
    }
    const environment = (pick("environment") ?? "public").toLowerCase();
    const cloud = azureClouds[environment];
    if (!cloud) {
        throw new AzureSettingsError(
            `Unknown Azure environment '${environment}': use one of ${Object.keys(azureClouds).join(", ")} ` +
                `(${configKey("environment")} or ARM_ENVIRONMENT), or set vipswap:armEndpoint for a private cloud.`,
        );
    }
    const tenantId = pick("tenantId");
    const clientId = pick("clientId");
    const endpoint = (pick("endpoint") ?? cloud.endpoint).replace(/\/+$/, "");
    if (!/^https:\/\//i.test(endpoint)) {
        throw new AzureSettingsError(
            `The ARM endpoint '${endpoint}' is not an https:// URL; Azure Resource Manager and the emulator only speak HTTPS.`,
        );
    }
    const common = { subscriptionId, tenantId, clientId, endpoint, authorityHost: cloud.authorityHost, caCertFile: pick("caCertFile") };

    const servicePrincipal = (source: AzureSettings, sourceName: string): ResolvedAzureSettings | undefined => {
        if (!source.clientSecret && !source.clientCertificatePath) {
            return undefined;
        }
        const kind: CredentialKind = source.clientSecret ? "clientSecret" : "clientCertificate";
        const what = kind === "clientSecret" ? "client secret" : "client certificate";
        if (!clientId || !tenantId) {
            throw new AzureSettingsError(
                `A ${what} is set (${sourceName}) but the ${!clientId ? "client id" : "tenant id"} is not: set ` +
                    (!clientId ? `${configKey("clientId")} or ARM_CLIENT_ID` : `${configKey("tenantId")} or ARM_TENANT_ID`) + ".",
            );
        }
        return { ...common, credentialKind: kind, credentialSource: sourceName };
    };

    const oidc = (useOidc: boolean | undefined, sourceName: string): ResolvedAzureSettings | undefined => {
        if (!useOidc) {
            return undefined;
        }
        if (!clientId || !tenantId) {
            throw new AzureSettingsError(
                `OpenID Connect sign-in is on (${sourceName}) but the ${!clientId ? "client id" : "tenant id"} is not set: set ` +
                    (!clientId ? `${configKey("clientId")} or ARM_CLIENT_ID` : `${configKey("tenantId")} or ARM_TENANT_ID`) + ".",
            );
        }
        if (!pick("oidcToken") && !pick("oidcTokenFilePath") && !(pick("oidcRequestUrl") && pick("oidcRequestToken"))) {
            throw new AzureSettingsError(
                `OpenID Connect sign-in is on (${sourceName}) but there is no token: set ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH, ` +
                    "or ARM_OIDC_REQUEST_URL and ARM_OIDC_REQUEST_TOKEN (GitHub Actions sets ACTIONS_ID_TOKEN_REQUEST_* " +
                    `when the job has \`permissions: id-token: write\`), or the ${configKey("oidc")}* config.`,
            );
        }
        return { ...common, credentialKind: "oidc", credentialSource: sourceName };
    };

    // Explicit settings first, then the ARM_* variables, then a token from the environment, then the default chain.
    const chosen =
        servicePrincipal(explicit, "explicit settings") ??
        (explicit.accessToken ? { ...common, credentialKind: "accessToken" as const, credentialSource: "explicit access token" } : undefined) ??
        (explicit.useMsi ? { ...common, credentialKind: "managedIdentity" as const, credentialSource: "explicit settings" } : undefined) ??
        oidc(explicit.useOidc, configKey("useOidc")) ??
        servicePrincipal(fromArm, "ARM_* variables") ??
        oidc(fromArm.useOidc, "ARM_USE_OIDC") ??
        (blankToUndefined(env.AZURE_ACCESS_TOKEN)
            ? { ...common, credentialKind: "accessToken" as const, credentialSource: "AZURE_ACCESS_TOKEN" }
            : undefined) ??
        (fromArm.useMsi ? { ...common, credentialKind: "managedIdentity" as const, credentialSource: "ARM_USE_MSI" } : undefined) ??
        { ...common, credentialKind: "default" as const, credentialSource: "DefaultAzureCredential" };
    return chosen;
}

/**
 * Builds the connection: resolves the settings, reads the CA file, builds the credential.
 * `@azure/identity` is `require`d here, not at module scope, so nothing that Pulumi serializes captures it.
 * @throws AzureSettingsError for missing or wrong settings and an unreadable CA file.
 */
export function createAzureConnection(explicit: AzureSettings, env: NodeJS.ProcessEnv = process.env): AzureConnection {
    const resolved = resolveAzureSettings(explicit, env);
    const fromArm = settingsFromArmEnvironment(env);
    return {
        subscriptionId: resolved.subscriptionId,
        endpoint: resolved.endpoint,
        caCertPem: resolved.caCertFile ? readCaCertificate(resolved.caCertFile) : undefined,
        credential: buildCredential(resolved, explicit, fromArm, env),
    };
}

/** Reads and sanity-checks a PEM CA file. */
export function readCaCertificate(file: string): string {
    const fs = require("node:fs") as typeof import("node:fs");
    let pem: string;
    try {
        pem = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new AzureSettingsError(`Cannot read the CA certificate file '${file}': ${(err as Error).message}`);
    }
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
        throw new AzureSettingsError(`The CA certificate file '${file}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
    }
    return pem;
}

function buildCredential(
    resolved: ResolvedAzureSettings,
    explicit: AzureSettings,
    fromArm: AzureSettings,
    env: NodeJS.ProcessEnv,
): TokenCredential {
    const identity = require("@azure/identity") as typeof import("@azure/identity");
    const options = { authorityHost: resolved.authorityHost };
    const source = resolved.credentialSource === "explicit settings" ? explicit : fromArm;
    switch (resolved.credentialKind) {
        case "clientSecret":
            return new identity.ClientSecretCredential(resolved.tenantId!, resolved.clientId!, source.clientSecret!, options);
        case "clientCertificate":
            return new identity.ClientCertificateCredential(resolved.tenantId!, resolved.clientId!, pemCertificatePath(source.clientCertificatePath!, `${explicit.configNamespace ?? "azure-native"}:clientCertificatePath`), options);
        case "accessToken":
            return new StaticTokenCredential((explicit.accessToken ?? env.AZURE_ACCESS_TOKEN ?? "").trim());
        case "oidc":
            return new identity.ClientAssertionCredential(
                resolved.tenantId!,
                resolved.clientId!,
                oidcAssertion({ ...fromArm, ...withoutUndefined(explicit) }),
                options,
            );
        case "managedIdentity":
            return resolved.clientId
                ? new identity.ManagedIdentityCredential({ clientId: resolved.clientId })
                : new identity.ManagedIdentityCredential();
        case "default":
            return new identity.DefaultAzureCredential({
                ...options,
                ...(resolved.tenantId ? { tenantId: resolved.tenantId } : {}),
                ...(resolved.clientId ? { managedIdentityClientId: resolved.clientId } : {}),
            });
    }
}

/**
 * Where a federated sign-in gets its OIDC token, asked again at each sign-in (the tokens are short-lived): the token
 * itself, a file that holds it, or a token service such as GitHub Actions' (audience `api://AzureADTokenExchange`,
 * Microsoft's for workload identity federation). Neither token ever appears in an error message.
 */
export function oidcAssertion(settings: AzureSettings): () => Promise<string> {
    return async () => {
        if (settings.oidcToken) {
            return settings.oidcToken;
        }
        if (settings.oidcTokenFilePath) {
            const fs = require("node:fs") as typeof import("node:fs");
            try {
                return fs.readFileSync(settings.oidcTokenFilePath, "utf8").trim();
            } catch (err) {
                throw new AzureSettingsError(`Cannot read the OIDC token file '${settings.oidcTokenFilePath}': ${(err as Error).message}`);
            }
        }
        const url = new URL(settings.oidcRequestUrl!);
        url.searchParams.set("audience", "api://AzureADTokenExchange");
        const response = await fetch(url, { headers: { Authorization: `Bearer ${settings.oidcRequestToken}`, Accept: "application/json" } });
        const body = (await response.json().catch(() => ({}))) as { value?: unknown };
        if (!response.ok || typeof body.value !== "string" || body.value === "") {
            throw new AzureSettingsError(`The OIDC token request to ${url.origin}${url.pathname} failed (HTTP ${response.status}): no token in the answer.`);
        }
        return body.value;
    };
}

/**
 * The client certificate's path, once it is known to hold PEM. azure-native (and azurerm) also take a PKCS#12 (.pfx)
 * file there, which `@azure/identity`'s `ClientCertificateCredential` cannot read: say so now, with the conversion,
 * instead of failing later at sign-in with a message about the file's format.
 */
function pemCertificatePath(file: string, configKey: string): string {
    const fs = require("node:fs") as typeof import("node:fs");
    let text: string;
    try {
        text = fs.readFileSync(file, "latin1");
    } catch (err) {
        throw new AzureSettingsError(`Cannot read the client certificate file '${file}': ${(err as Error).message}`);
    }
    if (!text.includes("-----BEGIN CERTIFICATE-----") || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
        throw new AzureSettingsError(
            `The client certificate file '${file}' is not a PEM file with the certificate and its private key (a .pfx?). ` +
                `vipswap's sign-in reads PEM only: convert it with \`openssl pkcs12 -in cert.pfx -out cert.pem -nodes\` ` +
                `and point ARM_CLIENT_CERTIFICATE_PATH (or ${configKey}) at cert.pem.`,
        );
    }
    return file;
}

function withoutUndefined(settings: AzureSettings): AzureSettings {
    return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as AzureSettings;
}

function blankToUndefined(value: string | undefined): string | undefined {
    const trimmed = value?.trim();
    return trimmed ? trimmed : undefined;
}

function parseBoolean(value: string | undefined, name: string): boolean | undefined {
    const v = blankToUndefined(value)?.toLowerCase();
    if (v === undefined) {
        return undefined;
    }
    if (v === "true" || v === "1") {
        return true;
    }
    if (v === "false" || v === "0") {
        return false;
    }
    throw new AzureSettingsError(`${name} is '${value}'; use true or false.`);
}
