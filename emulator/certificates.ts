import { generate } from "selfsigned";

/** The PEM material that the emulator serves HTTPS with. */
export interface EmulatorCertificates {
    /** The certificate authority that clients trust explicitly (never the system store, never TLS off). */
    readonly caCertPem: string;
    /** The server certificate, signed by the CA, for 127.0.0.1 and localhost. */
    readonly serverCertPem: string;
    /** The server certificate's private key; it stays in memory. */
    readonly serverKeyPem: string;
}

/**
 * Generates a fresh CA and a server certificate signed by it, with `selfsigned` (built on @peculiar/x509), so no
 * ASN.1 is written by hand. A new pair per emulator start means no key material is ever written to the repository.
 * EC P-256 keys keep start-up in milliseconds.
 */
export async function generateEmulatorCertificates(): Promise<EmulatorCertificates> {
    const notBeforeDate = new Date(Date.now() - 60_000); // tolerate small clock skew between processes
    const notAfterDate = new Date(Date.now() + 7 * 24 * 3600_000);
    const ca = await generate([{ name: "commonName", value: "vipswap Azure emulator CA" }], {
        keyType: "ec",
        algorithm: "sha256",
        notBeforeDate,
        notAfterDate,
        extensions: [
            { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
            { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        ],
    });
    const server = await generate([{ name: "commonName", value: "localhost" }], {
        keyType: "ec",
        algorithm: "sha256",
        notBeforeDate,
        notAfterDate,
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
            { name: "basicConstraints", cA: false },
            { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
            { name: "extKeyUsage", serverAuth: true },
            {
                name: "subjectAltName",
                altNames: [
                    { type: 2, value: "localhost" },
                    { type: 7, ip: "127.0.0.1" },
                ],
            },
        ],
    });
    return { caCertPem: ca.cert, serverCertPem: server.cert, serverKeyPem: server.private };
}
