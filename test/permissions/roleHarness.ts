/**
 * What the least-privilege tests share: the shipped role READ from its file (never a copy of its actions), an
 * emulator identity restricted to it (or to it minus one action), the topologies to prove it on, and what Azure has.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { NetworkManagementClient } from "@azure/arm-network";
import { createNetworkClient } from "../../components/azure/networkClient";
import type { AzureConnection } from "../../components/azure/azureConnection";
import type { AzureEmulator } from "../../emulator/azureEmulator";
import type { IssuedIdentity } from "../../emulator/authorization";
import { floatingTag } from "../../components/azure/swapResources";
import { floatingIpName } from "../../components/swap/swapTarget";
import { type BlueGreenPair, createBlueGreenPair, type EmulatorFixture, fastPolling } from "../helpers/emulatorFixture";
import { repoRoot } from "../helpers/compiledBuild";

/** The role definition exactly as shipped. */
export interface ShippedRole {
    readonly Name: string;
    readonly Actions: readonly string[];
    readonly NotActions: readonly string[];
    readonly AssignableScopes: readonly string[];
}

/** Reads roles/vipswap-swap-operator.json from the repository, as `az role definition create` would. */
export function readShippedRole(): ShippedRole {
    return JSON.parse(readFileSync(join(repoRoot, "roles", "vipswap-swap-operator.json"), "utf8")) as ShippedRole;
}

/** An identity of the emulator restricted to the shipped role, minus `without` (one action, for the minimality tests). */
export function restrictedIdentity(emulator: AzureEmulator, without?: string): { identity: IssuedIdentity; connection: AzureConnection; client: NetworkManagementClient } {
    const role = readShippedRole();
    const actions = role.Actions.filter((action) => action !== without);
    const identity = emulator.issueIdentity({
        name: without ? `role without ${without}` : role.Name,
        permissions: { actions, notActions: [...role.NotActions] },
    });
    const connection = emulator.connection(identity.accessToken);
    return { identity, connection, client: createNetworkClient(connection) };
}

/**
 * A topology the role must cover: how to build its pair (with the emulator's own, unrestricted token, as the
 * deployment would) and where production is. The shared-load-balancer topology (one load balancer, rules switched
 * between pools) becomes one more row here: its builder and its `productionOn`.
 */
export interface Topology {
    readonly name: string;
    build(fixture: EmulatorFixture): Promise<BlueGreenPair>;
    /** The colour that production serves now, read with the unrestricted client. */
    productionOn(client: NetworkManagementClient, pair: BlueGreenPair): Promise<"blue" | "green" | "none">;
    /**
     * Leaves the pair as a swap towards green that crashed half way would, with the unrestricted client; absent for
     * a topology whose swap is one write (nothing can be half done).
     */
    leaveHalfDone?(fixture: EmulatorFixture, pair: BlueGreenPair): Promise<void>;
    /** Leaves what the `VipSwap` delete must clean up (the paired topology's floating IP); absent when nothing can be left. */
    leaveLeftover?(fixture: EmulatorFixture, pair: BlueGreenPair): Promise<void>;
}

/** Creates the floating IP as the engine names and tags it, with the unrestricted client. */
async function createFloatingIp(fixture: EmulatorFixture, pair: BlueGreenPair) {
    return fixture.client.publicIPAddresses.beginCreateOrUpdateAndWait(
        pair.target.resourceGroupName,
        floatingIpName(pair.target),
        { location: pair.location, sku: { name: "Standard" }, publicIPAllocationMethod: "Static", tags: { [floatingTag.name]: floatingTag.value } },
        fastPolling,
    );
}

/** The paired topology: one load balancer per colour, addresses moved through a floating IP. */
export const pairedTopology: Topology = {
    name: "paired load balancers (floating IP)",
    build: (fixture) => createBlueGreenPair(fixture.client, fixture.emulator, { resourceGroupName: "least-privilege-rg" }),
    async productionOn(client, pair) {
        const t = pair.target;
        const holds = async (name: string) =>
            (await client.loadBalancers.get(t.resourceGroupName, name)).frontendIPConfigurations
                ?.find((f) => f.name === t.frontendName)
                ?.publicIPAddress?.id?.toLowerCase() === pair.productionIpId.toLowerCase();
        return (await holds(t.blueLoadBalancerName)) ? "blue" : (await holds(t.greenLoadBalancerName)) ? "green" : "none";
    },
    /** Step 2 done: blue's frontend on the floating IP, production free. */
    async leaveHalfDone(fixture, pair) {
        const t = pair.target;
        const floating = await createFloatingIp(fixture, pair);
        const blue = await fixture.client.loadBalancers.get(t.resourceGroupName, t.blueLoadBalancerName);
        blue.frontendIPConfigurations!.find((f) => f.name === t.frontendName)!.publicIPAddress = { id: floating.id };
        await fixture.client.loadBalancers.beginCreateOrUpdateAndWait(t.resourceGroupName, t.blueLoadBalancerName, blue, fastPolling);
    },
    /** A floating IP that a crashed swap left behind, attached to nothing. */
    async leaveLeftover(fixture, pair) {
        await createFloatingIp(fixture, pair);
    },
};

/** Every topology the role is proven on. */
export const topologies: readonly Topology[] = [pairedTopology];

/** Both addresses with their IPs, and every address name: an address lost or changed shows here. */
export async function addressesOf(client: NetworkManagementClient, pair: BlueGreenPair) {
    const t = pair.target;
    const names: string[] = [];
    for await (const pip of client.publicIPAddresses.list(t.resourceGroupName)) names.push(pip.name ?? "?");
    const production = await client.publicIPAddresses.get(t.resourceGroupName, t.productionIpName);
    const staging = await client.publicIPAddresses.get(t.resourceGroupName, t.stagingIpName);
    return { production: production.ipAddress, staging: staging.ipAddress, names: names.sort() };
}
