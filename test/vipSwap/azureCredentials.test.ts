/**
 * The credential chain's precedence. Pure configuration resolution: nothing here talks to Azure, so nothing is
 * mocked; the built credentials are checked by class, and the CA file by reading a real file.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential, DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import {
    AzureSettingsError,
    createAzureConnection,
    oidcAssertion,
    resolveAzureSettings,
    settingsFromConfig,
} from "../../components/azure/azureCredentials";
import { StaticTokenCredential } from "../../components/azure/staticTokenCredential";

const sp = { ARM_SUBSCRIPTION_ID: "sub-env", ARM_TENANT_ID: "tenant-env", ARM_CLIENT_ID: "client-env", ARM_CLIENT_SECRET: "secret-env" };

describe("resolveAzureSettings", () => {
    it("needs a subscription and says where to set it", () => {
        expect(() => resolveAzureSettings({}, {})).toThrow(AzureSettingsError);
        expect(() => resolveAzureSettings({}, {})).toThrow(/azure-native:subscriptionId or ARM_SUBSCRIPTION_ID/);
    });

    it("falls back to DefaultAzureCredential on the public cloud when only the subscription is known", () => {
        const r = resolveAzureSettings({}, { ARM_SUBSCRIPTION_ID: "sub-env" });
        expect(r).toMatchObject({
            subscriptionId: "sub-env",
            credentialKind: "default",
            endpoint: "https://management.azure.com",
            authorityHost: "https://login.microsoftonline.com",
        });
    });

    it("uses a service principal from the ARM_* variables", () => {
        expect(resolveAzureSettings({}, sp)).toMatchObject({
            credentialKind: "clientSecret",
            credentialSource: "ARM_* variables",
            tenantId: "tenant-env",
            clientId: "client-env",
        });
    });

    it("lets explicit settings win over the ARM_* variables, field by field", () => {
        const r = resolveAzureSettings({ subscriptionId: "sub-config", clientId: "client-config", clientSecret: "secret-config" }, sp);
        expect(r).toMatchObject({
            subscriptionId: "sub-config",
            clientId: "client-config",
            tenantId: "tenant-env",
            credentialKind: "clientSecret",
            credentialSource: "explicit settings",
        });
    });

    it("prefers the ARM_* service principal over AZURE_ACCESS_TOKEN, and the token over the default chain", () => {
        expect(resolveAzureSettings({}, { ...sp, AZURE_ACCESS_TOKEN: "tok" }).credentialKind).toBe("clientSecret");
        expect(resolveAzureSettings({}, { ARM_SUBSCRIPTION_ID: "s", AZURE_ACCESS_TOKEN: "tok" })).toMatchObject({
            credentialKind: "accessToken",
            credentialSource: "AZURE_ACCESS_TOKEN",
        });
    });

    it("prefers an explicit access token over a service principal from the environment", () => {
        expect(resolveAzureSettings({ accessToken: "tok" }, sp)).toMatchObject({
            credentialKind: "accessToken",
            credentialSource: "explicit access token",
        });
    });

    it("uses a managed identity when ARM_USE_MSI is true, with the client id of a user-assigned identity", () => {
        expect(resolveAzureSettings({}, { ARM_SUBSCRIPTION_ID: "s", ARM_USE_MSI: "true", ARM_CLIENT_ID: "uami" })).toMatchObject({
            credentialKind: "managedIdentity",
            clientId: "uami",
        });
        expect(() => resolveAzureSettings({}, { ARM_SUBSCRIPTION_ID: "s", ARM_USE_MSI: "yes please" })).toThrow(/ARM_USE_MSI/);
    });

    it("maps each cloud to its ARM endpoint and authority host", () => {
        expect(resolveAzureSettings({ environment: "usgovernment" }, { ARM_SUBSCRIPTION_ID: "s" })).toMatchObject({
            endpoint: "https://management.usgovcloudapi.net",
            authorityHost: "https://login.microsoftonline.us",
        });
        expect(resolveAzureSettings({}, { ARM_SUBSCRIPTION_ID: "s", ARM_ENVIRONMENT: "China" })).toMatchObject({
            endpoint: "https://management.chinacloudapi.cn",
            authorityHost: "https://login.chinacloudapi.cn",
        });
        expect(() => resolveAzureSettings({ environment: "mars" }, { ARM_SUBSCRIPTION_ID: "s" })).toThrow(
            /Unknown Azure environment 'mars': use one of public, usgovernment, china/,
        );
    });

    it("lets an explicit endpoint win over the cloud's, and refuses plain HTTP", () => {
        expect(resolveAzureSettings({ endpoint: "https://127.0.0.1:8443/" }, { ARM_SUBSCRIPTION_ID: "s" }).endpoint).toBe(
            "https://127.0.0.1:8443",
        );
        expect(resolveAzureSettings({}, { ARM_SUBSCRIPTION_ID: "s", VIPSWAP_ARM_ENDPOINT: "https://emu:1" }).endpoint).toBe("https://emu:1");
        expect(() => resolveAzureSettings({ endpoint: "http://127.0.0.1:8080" }, { ARM_SUBSCRIPTION_ID: "s" })).toThrow(/not an https/);
    });

    it("refuses a half-configured service principal and names the missing setting", () => {
        expect(() => resolveAzureSettings({}, { ARM_SUBSCRIPTION_ID: "s", ARM_CLIENT_SECRET: "x", ARM_TENANT_ID: "t" })).toThrow(
            /client id is not: set azure-native:clientId or ARM_CLIENT_ID/,
        );
        expect(() => resolveAzureSettings({ clientId: "c", clientSecret: "x" }, { ARM_SUBSCRIPTION_ID: "s" })).toThrow(
            /tenant id is not: set azure-native:tenantId or ARM_TENANT_ID/,
        );
    });

    it("never puts a secret or a token in the resolved settings", () => {
        const text = JSON.stringify([
            resolveAzureSettings({}, sp),
            resolveAzureSettings({ accessToken: "token-value-123" }, sp),
        ]);
        expect(text).not.toContain("secret-env");
        expect(text).not.toContain("token-value-123");
    });
});

describe("settingsFromConfig", () => {
    it("reads azure-native's and vipswap's stack config keys", () => {
        const config: Record<string, string> = {
            "azure-native:subscriptionId": "sub",
            "azure-native:tenantId": "ten",
            "azure-native:clientId": "cli",
            "azure-native:clientSecret": "sec",
            "azure-native:environment": "usgovernment",
            "azure-native:useMsi": "false",
            "vipswap:armEndpoint": "https://127.0.0.1:1",
            "vipswap:armCaCertFile": "/tmp/ca.pem",
        };
        expect(settingsFromConfig((k) => config[k])).toEqual({
            subscriptionId: "sub",
            tenantId: "ten",
            clientId: "cli",
            clientSecret: "sec",
            clientCertificatePath: undefined,
            useMsi: false,
            environment: "usgovernment",
            endpoint: "https://127.0.0.1:1",
            caCertFile: "/tmp/ca.pem",
        });
    });

    it("inside the vipswap plugin reads the azure-native settings from vipswap's own namespace, and its messages say so", () => {
        const config: Record<string, string> = {
            "azure-native:subscriptionId": "not-for-the-plugin",
            "vipswap:clientSecret": "sec",
            "vipswap:tenantId": "ten",
            "vipswap:useMsi": "maybe",
            "vipswap:armEndpoint": "https://127.0.0.1:1",
        };
        // A wrong boolean names the key it came from.
        expect(() => settingsFromConfig((k) => config[k], "vipswap")).toThrow("vipswap:useMsi is 'maybe'; use true or false.");
        delete config["vipswap:useMsi"];
        const settings = settingsFromConfig((k) => config[k], "vipswap");
        expect(settings).toMatchObject({ clientSecret: "sec", tenantId: "ten", endpoint: "https://127.0.0.1:1", configNamespace: "vipswap" });
        expect(settings.subscriptionId).toBeUndefined();
        expect(() => resolveAzureSettings(settings, {})).toThrow(
            "No Azure subscription: set vipswap:subscriptionId or ARM_SUBSCRIPTION_ID (pulumi config set vipswap:subscriptionId <id>)",
        );
        expect(() => resolveAzureSettings({ ...settings, subscriptionId: "sub" }, {})).toThrow(
            "A client secret is set (explicit settings) but the client id is not: set vipswap:clientId or ARM_CLIENT_ID.",
        );
    });
});

describe("createAzureConnection", () => {
    let dir: string;
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "vipswap-cred-"));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("builds the credential class that the resolution picked", () => {
        expect(createAzureConnection({}, sp).credential).toBeInstanceOf(ClientSecretCredential);
        expect(createAzureConnection({ accessToken: "tok" }, sp).credential).toBeInstanceOf(StaticTokenCredential);
        expect(createAzureConnection({}, { ARM_SUBSCRIPTION_ID: "s", AZURE_ACCESS_TOKEN: "tok" }).credential).toBeInstanceOf(
            StaticTokenCredential,
        );
        expect(createAzureConnection({}, { ARM_SUBSCRIPTION_ID: "s", ARM_USE_MSI: "1" }).credential).toBeInstanceOf(ManagedIdentityCredential);
        expect(createAzureConnection({}, { ARM_SUBSCRIPTION_ID: "s" }).credential).toBeInstanceOf(DefaultAzureCredential);
        const certPath = path.join(dir, "sp.pem");
        // Only its PEM markers are checked here; the key itself is not used until a token is asked for.
        fs.writeFileSync(certPath, "-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n");
        expect(
            createAzureConnection({}, { ARM_SUBSCRIPTION_ID: "s", ARM_TENANT_ID: "t", ARM_CLIENT_ID: "c", ARM_CLIENT_CERTIFICATE_PATH: certPath })
                .credential,
        ).toBeInstanceOf(ClientCertificateCredential);
    });

    it("refuses a client certificate that is not PEM (azure-native also takes a .pfx), saying how to convert it", () => {
        const pfx = path.join(dir, "sp.pfx");
        fs.writeFileSync(pfx, Buffer.from([0x30, 0x82, 0x0a, 0x1b, 0x02, 0x01, 0x03]));
        const env = { ARM_SUBSCRIPTION_ID: "s", ARM_TENANT_ID: "t", ARM_CLIENT_ID: "c", ARM_CLIENT_CERTIFICATE_PATH: pfx };
        expect(() => createAzureConnection({}, env)).toThrow(AzureSettingsError);
        expect(() => createAzureConnection({}, env)).toThrow(/is not a PEM file .*openssl pkcs12 -in cert\.pfx -out cert\.pem -nodes/);
        expect(() => createAzureConnection({}, { ...env, ARM_CLIENT_CERTIFICATE_PATH: path.join(dir, "none.pem") })).toThrow(
            /Cannot read the client certificate file/,
        );
    });

    it("hands back the token it was given, unchanged", async () => {
        const connection = createAzureConnection({}, { ARM_SUBSCRIPTION_ID: "s", AZURE_ACCESS_TOKEN: " tok-1 " });
        await expect(connection.credential.getToken("https://management.azure.com/.default")).resolves.toMatchObject({ token: "tok-1" });
    });

    it("reads the CA file, and says which file when it cannot", () => {
        const ca = path.join(dir, "ca.pem");
        fs.writeFileSync(ca, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        expect(createAzureConnection({ caCertFile: ca, accessToken: "t" }, { ARM_SUBSCRIPTION_ID: "s" }).caCertPem).toContain("BEGIN CERTIFICATE");
        const missing = path.join(dir, "missing.pem");
        expect(() => createAzureConnection({ caCertFile: missing, accessToken: "t" }, { ARM_SUBSCRIPTION_ID: "s" })).toThrow(
            new RegExp(`Cannot read the CA certificate file '${missing}'`),
        );
        const notPem = path.join(dir, "not.pem");
        fs.writeFileSync(notPem, "hello");
        expect(() => createAzureConnection({ caCertFile: notPem, accessToken: "t" }, { ARM_SUBSCRIPTION_ID: "s" })).toThrow(/holds no PEM certificate/);
    });
});

describe("OpenID Connect (workload identity federation, as azure-native's useOidc / ARM_USE_OIDC)", () => {
    const github = {
        ARM_SUBSCRIPTION_ID: "s",
        ARM_TENANT_ID: "t",
        ARM_CLIENT_ID: "c",
        ARM_USE_OIDC: "true",
        ACTIONS_ID_TOKEN_REQUEST_URL: "https://token.actions.example/request?api-version=2.0",
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh-request-token",
    };

    it("is picked from ARM_USE_OIDC with GitHub Actions' request variables, and built as a client assertion", () => {
        expect(resolveAzureSettings({}, github)).toMatchObject({ credentialKind: "oidc", credentialSource: "ARM_USE_OIDC", clientId: "c", tenantId: "t" });
        expect(createAzureConnection({}, github).credential).toBeInstanceOf(ClientAssertionCredential);
        // A client secret, when there is one, is what azure-native would use too.
        expect(resolveAzureSettings({}, { ...github, ARM_CLIENT_SECRET: "x" }).credentialKind).toBe("clientSecret");
        expect(settingsFromConfig((key) => ({ "azure-native:useOidc": "true", "azure-native:oidcToken": "tok" })[key])).toMatchObject({
            useOidc: true,
            oidcToken: "tok",
        });
    });

    it("says what is missing: the client id, or any token source", () => {
        const noClient: Record<string, string> = { ...github };
        delete noClient.ARM_CLIENT_ID;
        expect(() => resolveAzureSettings({}, noClient)).toThrow(/OpenID Connect sign-in is on \(ARM_USE_OIDC\) but the client id is not set: set azure-native:clientId or ARM_CLIENT_ID/);
        const noToken: Record<string, string> = { ...github };
        delete noToken.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
        expect(() => resolveAzureSettings({}, noToken)).toThrow(/there is no token: set ARM_OIDC_TOKEN, ARM_OIDC_TOKEN_FILE_PATH.*id-token: write/s);
    });

    it("gets the token given, from a file (read at each sign-in), or from the token service with the federation audience", async () => {
        await expect(oidcAssertion({ oidcToken: "direct" })()).resolves.toBe("direct");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vipswap-oidc-"));
        const file = path.join(dir, "token");
        fs.writeFileSync(file, "from-file-1\n");
        const fromFile = oidcAssertion({ oidcTokenFilePath: file });
        await expect(fromFile()).resolves.toBe("from-file-1");
        fs.writeFileSync(file, "from-file-2");
        await expect(fromFile()).resolves.toBe("from-file-2");
        fs.rmSync(dir, { recursive: true, force: true });

        const seen: { url?: string; auth?: string }[] = [];
        const server = http.createServer((req, res) => {
            seen.push({ url: req.url, auth: req.headers.authorization });
            const ok = req.headers.authorization === "Bearer gh-request-token";
            res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify(ok ? { value: "gh-oidc-jwt" } : {}));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/request?api-version=2.0`;
            await expect(oidcAssertion({ oidcRequestUrl: url, oidcRequestToken: "gh-request-token" })()).resolves.toBe("gh-oidc-jwt");
            expect(new URL(seen[0].url!, "http://x").searchParams.get("audience")).toBe("api://AzureADTokenExchange");
            expect(new URL(seen[0].url!, "http://x").searchParams.get("api-version")).toBe("2.0");
            const refused = oidcAssertion({ oidcRequestUrl: url, oidcRequestToken: "wrong-request-token" })();
            await expect(refused).rejects.toThrow(/OIDC token request to http:\/\/127\.0\.0\.1:\d+\/request failed \(HTTP 401\)/);
            await expect(refused).rejects.not.toThrow(/wrong-request-token/);
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
    });
});
