import type { PortRule } from "./blueGreenArgs";

/**
 * The URL a client uses to reach the service on `address` through the first Tcp rule: `https` when that rule's
 * frontend port is 443, `http` otherwise, and the port only when it is not the scheme's default.
 * Empty while the address is not known yet (before the first deployment, or during preview) or when no rule is Tcp.
 */
export function serviceUrl(address: string | undefined, ports: readonly PortRule[]): string {
    const rule = ports.find((candidate) => candidate.protocol === "Tcp");
    if (!address || rule === undefined) {
        return "";
    }
    const port = rule.frontendPort;
    const scheme = port === 443 ? "https" : "http";
    const defaultPort = scheme === "https" ? 443 : 80;
    return port === defaultPort ? `${scheme}://${address}/` : `${scheme}://${address}:${port}/`;
}
