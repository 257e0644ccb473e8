import type { NetworkManagementClient, PublicIPAddress } from "@azure/arm-network";
import type { Colour } from "../../components/colour";
import type { AzureEmulator } from "../../emulator/azureEmulator";
import type { BlueGreenPair } from "../../emulator/blueGreenScenario";
import type { RequestLogEntry } from "../../emulator/requestLog";

/** Poll interval of the swap and of the rule-health operation against the fast profile. */
export const testPollMs = 10;

/**
 * The requests that change something in Azure: PUT, PATCH, DELETE, and POSTs other than the rule-health operation
 * (`…/loadBalancingRules/{rule}/health` reads health; Azure models it as a POST long-running operation).
 */
export function writesIn(log: readonly RequestLogEntry[]): RequestLogEntry[] {
    return log.filter((entry) => !entry.control && entry.method !== "GET" && !(entry.method === "POST" && /\/health$/i.test(entry.path)));
}

/** The rule-health requests in the log: proof that the gate asked Azure. */
export function ruleHealthRequestsIn(log: readonly RequestLogEntry[]): RequestLogEntry[] {
    return log.filter((entry) => !entry.control && entry.method === "POST" && /\/loadBalancingRules\/[^/]+\/health$/i.test(entry.path));
}

/** The loopback URL where the emulator's data plane serves a public IP (`path` appended). */
export function dataPlaneUrl(emulator: AzureEmulator, publicIpId: string, path = ""): string {
    const map = emulator.dataPlane() as Record<string, { url: string }>;
    const entry = Object.entries(map).find(([id]) => id.toLowerCase() === publicIpId.toLowerCase());
    if (!entry) throw new Error(`the emulator's data plane has no entry for ${publicIpId}`);
    return new URL(path.replace(/^\//, ""), entry[1].url).toString();
}

/** Sets a colour's backends through the emulator's control API. */
export function setBackends(emulator: AzureEmulator, pair: BlueGreenPair, colour: Colour, count: number, healthy: number, version: string): void {
    emulator.setBackends({ loadBalancerId: pair.loadBalancerIds[colour], count, healthy, version });
}

/** What Azure has: which role each frontend holds, both addresses' ipAddress values, and every address name. */
export async function azureState(client: NetworkManagementClient, pair: BlueGreenPair) {
    const t = pair.target;
    const frontendAddress = async (name: string) => {
        const lb = await client.loadBalancers.get(t.resourceGroupName, name);
        return lb.frontendIPConfigurations?.find((f) => f.name === t.frontendName)?.publicIPAddress?.id?.toLowerCase();
    };
    const addresses: PublicIPAddress[] = [];
    for await (const pip of client.publicIPAddresses.list(t.resourceGroupName)) addresses.push(pip);
    const role = (id: string | undefined) =>
        id === pair.productionIpId.toLowerCase() ? "production" : id === pair.stagingIpId.toLowerCase() ? "staging" : (id ?? "none");
    const byId = (id: string) => addresses.find((p) => p.id?.toLowerCase() === id.toLowerCase());
    return {
        blue: role(await frontendAddress(t.blueLoadBalancerName)),
        green: role(await frontendAddress(t.greenLoadBalancerName)),
        productionIpAddress: byId(pair.productionIpId)?.ipAddress,
        stagingIpAddress: byId(pair.stagingIpId)?.ipAddress,
        addressNames: addresses.map((p) => p.name).sort(),
    };
}
