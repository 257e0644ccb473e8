/**
 * Failures below HTTP: the request never got an answer from Azure Resource Manager (refused, unresolvable name, no
 * answer in time, connection reset, a certificate not trusted, a proxy in the way). They are not Azure's answers,
 * so they get their own cause and fix instead of "Azure answered ECONNREFUSED". core-rest-pipeline passes Node's
 * `err.code` through on its `RestError` (`@typespec/ts-http-runtime` nodeHttpClient.js: `code: err.code ??
 * REQUEST_SEND_ERROR`), with no `statusCode`; that is what is matched here.
 */

/** What kind of transport failure it was. */
export type TransportFailureKind =
    | "EndpointUnreachable"
    | "NameNotResolved"
    | "NoAnswer"
    | "ConnectionReset"
    | "CertificateNotTrusted"
    | "CertificateExpired"
    | "CertificateNameMismatch"
    | "NotTls"
    | "ProxyFailed";

/** A transport failure, named and explained. */
export interface TransportDiagnosis {
    readonly kind: TransportFailureKind;
    /** Node's error code, e.g. `ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN`. */
    readonly nodeCode: string;
    /** What happened, e.g. "nothing accepts connections at the endpoint (connect ECONNREFUSED 127.0.0.1:1)". */
    readonly cause: string;
    /** What to do about it. */
    readonly fix: string;
}

const endpointHint = "Check the ARM endpoint (the CLI's --endpoint, the stack's armEndpoint; default https://management.azure.com)";
const caHint =
    "Trust the endpoint's CA explicitly: --ca-cert <file> on the command line, armCaCertFile in the stack config, " +
    "caCertPem in code, or NODE_EXTRA_CA_CERTS=<file> for the whole process (a proxy that inspects TLS needs its CA " +
    "there too). TLS verification stays on; never turn it off";

const untrusted = new Set([
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "CERT_SIGNATURE_FAILURE",
    "CERT_UNTRUSTED",
    "CERT_REJECTED",
]);
const expired = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
const unreachable = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "EHOSTDOWN"]);
const unresolved = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NONAME"]);
const noAnswer = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "UND_ERR_CONNECT_TIMEOUT"]);
const reset = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED"]);
const notTls = new Set(["EPROTO", "ERR_SSL_WRONG_VERSION_NUMBER", "ERR_SSL_PACKET_LENGTH_TOO_LONG"]);

/** The proxy the SDK uses for HTTPS (core-rest-pipeline's proxyPolicy reads these), without any credentials in it. */
export function configuredProxy(env: NodeJS.ProcessEnv = process.env): { variable: string; hostPort: string } | undefined {
    for (const variable of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"]) {
        const value = env[variable];
        if (!value) continue;
        try {
            const url = new URL(value);
            return { variable, hostPort: url.port ? `${url.hostname}:${url.port}` : url.hostname };
        } catch {
            return { variable, hostPort: "(not a URL)" };
        }
    }
    return undefined;
}

/**
 * Names a transport failure, or returns undefined for anything else (an Azure answer has a `statusCode`; an abort
 * is the caller's). `env` decides whether a proxy is in the way.
 */
export function diagnoseTransportError(error: unknown, env: NodeJS.ProcessEnv = process.env): TransportDiagnosis | undefined {
    const e = (error ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown; name?: unknown; cause?: unknown };
    if (e.statusCode !== undefined || e.name === "AbortError") return undefined;
    const nodeCode = typeof e.code === "string" ? e.code : undefined;
    if (!nodeCode) return e.cause !== undefined && e.cause !== error ? diagnoseTransportError(e.cause, env) : undefined;
    const said = typeof e.message === "string" && e.message !== "" ? ` (${e.message})` : ` (${nodeCode})`;
    const proxy = configuredProxy(env);
    // Node names the address it could not reach; when that is the proxy's, the proxy is the problem.
    if (proxy && (unreachable.has(nodeCode) || unresolved.has(nodeCode) || noAnswer.has(nodeCode) || reset.has(nodeCode))) {
        const host = proxy.hostPort.split(":")[0];
        const message = typeof e.message === "string" ? e.message : "";
        if (message.includes(proxy.hostPort) || (unresolved.has(nodeCode) && message.includes(host))) {
            return {
                kind: "ProxyFailed",
                nodeCode,
                cause: `the proxy set by ${proxy.variable} (${proxy.hostPort}) could not be used${said}`,
                fix: `Check ${proxy.variable}, or list the endpoint's host in NO_PROXY if it must be reached directly.`,
            };
        }
    }
    const viaProxy = proxy ? ` Requests go through the proxy set by ${proxy.variable} (${proxy.hostPort}): check it too, or list the host in NO_PROXY.` : "";
    if (untrusted.has(nodeCode)) {
        // With a proxy, core-rest-pipeline drops the client's own TLS settings, so a CA given explicitly is not used
        // (@typespec/ts-http-runtime policies/proxyPolicy.js warns "certificates provided to the client will be ignored").
        const proxyDropsCa = proxy
            ? ` Requests go through the proxy set by ${proxy.variable} (${proxy.hostPort}), and through a proxy the SDK ignores a CA given with --ca-cert, armCaCertFile or caCertPem: list the endpoint's host in NO_PROXY, or use NODE_EXTRA_CA_CERTS.`
            : "";
        return { kind: "CertificateNotTrusted", nodeCode, cause: `the endpoint's TLS certificate is not signed by a CA this process trusts${said}`, fix: `${caHint}.${proxyDropsCa}` };
    }
    if (expired.has(nodeCode)) {
        return { kind: "CertificateExpired", nodeCode, cause: `the endpoint's TLS certificate is outside its validity period${said}`, fix: `Renew the endpoint's certificate, or check this machine's clock.${viaProxy}` };
    }
    if (nodeCode === "ERR_TLS_CERT_ALTNAME_INVALID") {
        return { kind: "CertificateNameMismatch", nodeCode, cause: `the endpoint's TLS certificate is for another host name${said}`, fix: `${endpointHint}: use the host name the certificate names (for the emulator, 127.0.0.1).${viaProxy}` };
    }
    if (notTls.has(nodeCode)) {
        return { kind: "NotTls", nodeCode, cause: `the endpoint did not answer with TLS${said}`, fix: `${endpointHint}: it must be the https:// port of an ARM endpoint.${viaProxy}` };
    }
    if (unreachable.has(nodeCode)) {
        return { kind: "EndpointUnreachable", nodeCode, cause: `nothing accepted the connection to the endpoint${said}`, fix: `${endpointHint}, and that it is running and reachable from here.${viaProxy}` };
    }
    if (unresolved.has(nodeCode)) {
        return { kind: "NameNotResolved", nodeCode, cause: `the endpoint's host name does not resolve${said}`, fix: `${endpointHint} for a typo, and this machine's DNS.${viaProxy}` };
    }
    if (noAnswer.has(nodeCode)) {
        return { kind: "NoAnswer", nodeCode, cause: `the connection to the endpoint timed out${said}`, fix: `${endpointHint}; a firewall may drop the packets.${viaProxy}` };
    }
    if (reset.has(nodeCode)) {
        return { kind: "ConnectionReset", nodeCode, cause: `the connection was closed before Azure answered${said}`, fix: `Run the swap again; if it keeps happening, ${endpointHint.charAt(0).toLowerCase()}${endpointHint.slice(1)} and the network in between.${viaProxy}` };
    }
    return undefined;
}
