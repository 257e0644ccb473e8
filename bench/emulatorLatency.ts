import https from "node:https";
import type { AzureConnection } from "../components/azure/azureConnection";

/**
 * Sets how long one kind of long-running operation takes in a running emulator (emulated ms), through its control
 * API (`PUT /_emulator/latency`, docs/emulator.md), the way a user's CI would; the benchmark does not reach into
 * the emulator's internals. Same HTTPS endpoint and bearer token as ARM; the emulator's CA is trusted explicitly
 * (TLS stays verified). Returns the latencies the emulator reports afterwards. Throws with the emulator's answer
 * when it refuses (an unknown kind, a negative value).
 */
export async function setEmulatorLatency(connection: AzureConnection, kind: string, emulatedMs: number, abortSignal?: AbortSignal): Promise<Record<string, number>> {
    if (!connection.endpoint) throw new Error("Setting an emulator latency needs the emulator's endpoint; this connection has none.");
    const { token } = (await connection.credential.getToken("https://management.azure.com/.default")) ?? { token: "" };
    const url = new URL("/_emulator/latency", connection.endpoint);
    const body = JSON.stringify({ [kind]: emulatedMs });
    return new Promise((resolve, reject) => {
        const request = https.request(
            url,
            {
                method: "PUT",
                headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
                ...(connection.caCertPem ? { ca: connection.caCertPem } : {}),
                ...(abortSignal ? { signal: abortSignal } : {}),
            },
            (response) => {
                const chunks: Buffer[] = [];
                response.on("data", (chunk: Buffer) => chunks.push(chunk));
                response.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    if (response.statusCode !== 200) {
                        reject(new Error(`The emulator refused latency ${kind}=${emulatedMs} ms: HTTP ${response.statusCode} ${text}`));
                        return;
                    }
                    try {
                        resolve((JSON.parse(text) as { latencies: Record<string, number> }).latencies);
                    } catch {
                        reject(new Error(`The emulator's answer to setting a latency is not the JSON expected: ${text.slice(0, 200)}`));
                    }
                });
                response.on("error", reject);
            },
        );
        request.on("error", reject);
        request.end(body);
    });
}
