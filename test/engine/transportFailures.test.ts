/**
 * Failures below HTTP are not Azure's answers: each gets its cause and its fix (components/azure/transportError.ts).
 * The emulator produces what it can (stopped = refused, another CA = untrusted, a hang fault + the swap's deadline,
 * resets); a closed local port, a proxy on it and a name under `.invalid` (RFC 6761: never resolves) do the rest.
 * Every case writes nothing and says so.
 */
import https from "node:https";
import { connect, createServer, type Server } from "node:net";
import { generate } from "selfsigned";
import type { AzureConnection } from "../../components/azure/azureConnection";
import { diagnoseTransportError } from "../../components/azure/transportError";
import { inspectSwap, reconcileSwap, SwapError } from "../../components/swap/swapEngine";
import { AzureEmulator } from "../../emulator/azureEmulator";
import { type EngineHarness, freshPair, startHarness, testPollMs, writesIn } from "./engineHarness";

let harness: EngineHarness;
beforeAll(async () => {
    harness = await startHarness();
});
afterEach(() => {
    harness.emulator.clearFaults();
});
afterAll(async () => {
    await harness?.stop();
});

/** The SwapError a swap to green over `connection` stops with. */
async function swapError(
    connection: AzureConnection,
    options: { timeoutMs?: number; maxRetries?: number } = {},
    arrange: () => void = () => undefined,
): Promise<SwapError> {
    const pair = await freshPair(harness);
    arrange(); // after freshPair, which resets the emulator (faults too)
    const error = await reconcileSwap(connection, pair.target, "green", { pollIntervalMs: testPollMs, maxRetries: 0, ...options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SwapError);
    expect(writesIn(harness.emulator.requestLog())).toEqual([]);
    return error as SwapError;
}

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}

/** An HTTPS server on 127.0.0.1 with a self-signed certificate (trusted by the test as its own CA). */
async function tlsServer(options: { host?: string; expired?: boolean }) {
    const day = 24 * 3600_000;
    const cert = await generate([{ name: "commonName", value: options.host ?? "127.0.0.1" }], {
        keyType: "ec",
        algorithm: "sha256",
        notBeforeDate: new Date(Date.now() - (options.expired ? 3 * day : 60_000)),
        notAfterDate: new Date(Date.now() + (options.expired ? -day : day)),
        extensions: [{ name: "subjectAltName", altNames: options.host ? [{ type: 2, value: options.host }] : [{ type: 7, ip: "127.0.0.1" }] }],
    });
    const server = https.createServer({ cert: cert.cert, key: cert.private }, (_req, res) => res.end("{}"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        endpoint: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
        certPem: cert.cert,
        close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
    };
}

/** A minimal HTTP CONNECT proxy on 127.0.0.1 that tunnels to whatever is asked; counts its tunnels. */
async function connectProxy() {
    let tunnels = 0;
    const sockets = new Set<import("node:net").Socket>();
    const server = createServer((client) => {
        sockets.add(client);
        client.once("data", (head) => {
            const [, host, port] = /^CONNECT ([^:\s]+):(\d+)/.exec(head.toString()) ?? [];
            if (!host) {
                client.destroy();
                return;
            }
            tunnels++;
            const upstream = connect(Number(port), host, () => {
                client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
                upstream.pipe(client).pipe(upstream);
            });
            sockets.add(upstream);
            upstream.on("error", () => client.destroy());
            client.on("error", () => upstream.destroy());
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        port: (server.address() as { port: number }).port,
        tunnels: () => tunnels,
        close: () => new Promise<void>((resolve) => { sockets.forEach((s) => s.destroy()); server.close(() => resolve()); }),
    };
}

describe("a transport failure names its cause and its fix, not an Azure answer", () => {
    it("a stopped emulator: EndpointUnreachable (ECONNREFUSED), check --endpoint / armEndpoint", async () => {
        const stopped = await AzureEmulator.start({ profile: "fast" });
        const connection = stopped.connection();
        await stopped.stop();
        const error = await swapError(connection);
        expect(error).toMatchObject({ code: "EndpointUnreachable", transportCode: "ECONNREFUSED", wroteAnything: false });
        expect(error.statusCode).toBeUndefined();
        expect(error.message).toContain("could not reach Azure Resource Manager");
        expect(error.message).toContain(new URL(connection.endpoint!).host);
        expect(error.message).toMatch(/--endpoint.*armEndpoint/);
        expect(error.message).not.toMatch(/Azure answered/);
    });

    it("another emulator's CA: CertificateNotTrusted, pointing at --ca-cert, armCaCertFile and NODE_EXTRA_CA_CERTS", async () => {
        const other = await AzureEmulator.start({ profile: "fast" });
        const wrongCa = { ...harness.connection, caCertPem: other.caCertPem };
        await other.stop();
        const error = await swapError(wrongCa);
        expect(error.code).toBe("CertificateNotTrusted");
        expect(["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "SELF_SIGNED_CERT_IN_CHAIN", "CERT_SIGNATURE_FAILURE"]).toContain(error.transportCode);
        expect(error.message).toMatch(/--ca-cert.*armCaCertFile.*NODE_EXTRA_CA_CERTS/s);
        expect(error.message).toMatch(/never turn it off/);
    });

    it.each([
        ["for another host name", "CertificateNameMismatch", "ERR_TLS_CERT_ALTNAME_INVALID", { host: "wrong.invalid" }, /host name the certificate names/],
        ["expired", "CertificateExpired", "CERT_HAS_EXPIRED", { expired: true }, /Renew the endpoint's certificate, or check this machine's clock/],
    ] as const)("a trusted certificate %s: %s (%s)", async (_what, code, nodeCode, certificate, fix) => {
        const server = await tlsServer(certificate);
        try {
            const error = await swapError({ ...harness.connection, endpoint: server.endpoint, caCertPem: server.certPem });
            expect(error).toMatchObject({ code, transportCode: nodeCode });
            expect(error.message).toMatch(fix);
        } finally {
            await server.close();
        }
    });

    it("a hang and the swap's deadline: Timeout that says no answer came and what to check", async () => {
        const error = await swapError(harness.connection, { timeoutMs: 300 }, () =>
            harness.emulator.addFault({ method: "GET", pathPattern: "/loadBalancers/", count: 100, action: { type: "hang" } }),
        );
        expect(error.code).toBe("Timeout");
        expect(error.message).toMatch(/deadline of 300 ms passed/);
        expect(error.message).toMatch(/--endpoint \/ armEndpoint/);
        expect(error.message).toMatch(/--timeout-ms/);
    });

    it("resets on every attempt: ConnectionReset, after the retries", async () => {
        const error = await swapError(harness.connection, { maxRetries: 1 }, () =>
            harness.emulator.addFault({ method: "GET", pathPattern: "/loadBalancers/", count: 100, action: { type: "reset" } }),
        );
        expect(error).toMatchObject({ code: "ConnectionReset", transportCode: "ECONNRESET" });
        expect(error.message).toMatch(/closed before Azure answered/);
    });

    it("a closed local port: EndpointUnreachable naming the address", async () => {
        const port = await closedPort();
        const error = await swapError({ ...harness.connection, endpoint: `https://127.0.0.1:${port}` });
        expect(error).toMatchObject({ code: "EndpointUnreachable", transportCode: "ECONNREFUSED" });
        expect(error.message).toContain(`127.0.0.1:${port}`);
    });

    it("a name that cannot resolve: NameNotResolved", async () => {
        const pair = await freshPair(harness);
        const error = await inspectSwap({ ...harness.connection, endpoint: "https://nonexistent.invalid" }, pair.target).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SwapError);
        // ENOTFOUND where a resolver answers; EAI_AGAIN where none can be asked (an offline sandbox).
        expect(error).toMatchObject({ code: "NameNotResolved" });
        expect(["ENOTFOUND", "EAI_AGAIN"]).toContain((error as SwapError).transportCode);
        expect((error as SwapError).message).toMatch(/does not resolve.*nonexistent\.invalid/s);
    });

    it("HTTPS_PROXY pointing at nothing: ProxyFailed naming the variable and NO_PROXY, without the proxy's password", async () => {
        const port = await closedPort();
        const saved = process.env.HTTPS_PROXY;
        process.env.HTTPS_PROXY = `http://user:s3cret@127.0.0.1:${port}`;
        try {
            // The SDK reads the proxy when the client is built, which the swap does on each call.
            const error = await swapError(harness.connection);
            expect(error).toMatchObject({ code: "ProxyFailed", transportCode: "ECONNREFUSED" });
            expect(error.message).toMatch(new RegExp(`HTTPS_PROXY \\(127\\.0\\.0\\.1:${port}\\)`));
            expect(error.message).toMatch(/NO_PROXY/);
            expect(error.message).not.toContain("s3cret");
        } finally {
            if (saved === undefined) delete process.env.HTTPS_PROXY;
            else process.env.HTTPS_PROXY = saved;
        }
    });

    it("through a working HTTPS_PROXY the SDK drops the explicit CA: CertificateNotTrusted says so and points at NO_PROXY", async () => {
        const proxy = await connectProxy();
        const saved = process.env.HTTPS_PROXY;
        process.env.HTTPS_PROXY = `http://127.0.0.1:${proxy.port}`;
        try {
            const error = await swapError(harness.connection); // the right CA, given as caCertPem
            expect(proxy.tunnels()).toBeGreaterThan(0); // the requests did go through the proxy
            expect(error.code).toBe("CertificateNotTrusted");
            expect(error.message).toMatch(/through a proxy the SDK ignores a CA given with --ca-cert, armCaCertFile or caCertPem: list the endpoint's host in NO_PROXY, or use NODE_EXTRA_CA_CERTS/);
        } finally {
            if (saved === undefined) delete process.env.HTTPS_PROXY;
            else process.env.HTTPS_PROXY = saved;
            await proxy.close();
        }
    });

    it("an Azure answer is not a transport failure", () => {
        expect(diagnoseTransportError(Object.assign(new Error("no"), { code: "AuthorizationFailed", statusCode: 403 }))).toBeUndefined();
        expect(diagnoseTransportError(Object.assign(new Error("aborted"), { name: "AbortError" }))).toBeUndefined();
    });
});
