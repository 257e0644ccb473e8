/**
 * What the least-privilege tests share: the shipped role READ from its file (never a copy of its actions), an
 * emulator identity restricted to it (or to it minus some actions), the topologies to prove it on (paired load
 * balancers and the shared load balancer, docs/topologies.md), and what Azure has.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { NetworkManagementClient } from "@azure/arm-network";
import { createNetworkClient } from "../../components/azure/networkClient";
import type { AzureConnection } from "../../components/azure/azureConnection";
import type { Colour } from "../../components/colour";
import { floatingTag } from "../../components/azure/swapResources";
import { poolSwitchBody } from "../../components/swap/sharedLoadBalancer/poolSwitchBody";
import { floatingIpName, type SwapTargetKind } from "../../components/swap/swapTarget";
import type { AzureEmulator } from "../../emulator/azureEmulator";
import type { IssuedIdentity } from "../../emulator/authorization";
import { createSharedPair, type SharedPair } from "../../emulator/sharedLoadBalancerScenario";
import { sharedState } from "../engine/sharedHarness";
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

/**
 * An identity of the emulator restricted to the shipped role, minus `without` (one action, for the minimality tests,
 * or several, to show that a topology does not need them).
 */
export function restrictedIdentity(emulator: AzureEmulator, without: string | readonly string[] = []): { identity: IssuedIdentity; connection: AzureConnection; client: NetworkManagementClient } {
    const role = readShippedRole();
    const dropped = typeof without === "string" ? [without] : without;
    const actions = role.Actions.filter((action) => !dropped.includes(action));
    const identity = emulator.issueIdentity({
        name: dropped.length > 0 ? `role without ${dropped.join(", ")}` : role.Name,
        permissions: { actions, notActions: [...role.NotActions] },
    });
    const connection = emulator.connection(identity.accessToken);
    return { identity, connection, client: createNetworkClient(connection) };
}

/** A pair of either topology, as the emulator's scenario builders return it; `target.kind` tells them apart. */
export type RolePair = BlueGreenPair | SharedPair;

/**
 * A topology the role must cover: how to build its pair (with the emulator's own, unrestricted token, as the
 * deployment would) and where production is. Every table of the role tests runs once per topology.
 */
export interface Topology {
    readonly name: string;
    /** The `kind` of its swap target (components/swap/swapTarget.ts). */
    readonly kind: SwapTargetKind;
    build(fixture: EmulatorFixture): Promise<RolePair>;
    /** The colour that production serves now, read with the unrestricted client. */
    productionOn(fixture: EmulatorFixture, pair: RolePair): Promise<Colour | "none">;
    /**
     * Leaves the pair as a swap towards green that was interrupted would, with the unrestricted client: the rerun
     * must finish it. An operation this leaves held (in flight) is released by the caller once the rerun has read.
     */
    leaveHalfDone(fixture: EmulatorFixture, pair: RolePair): Promise<void>;
    /** Leaves what the `VipSwap` delete must clean up (the paired topology's floating IP); absent when nothing can be left. */
    leaveLeftover?(fixture: EmulatorFixture, pair: RolePair): Promise<void>;
}

function pairedOf(pair: RolePair): BlueGreenPair {
    if (pair.target.kind === "sharedLoadBalancer") throw new Error("the paired topology was given a shared pair");
    return pair as BlueGreenPair;
}

function sharedOf(pair: RolePair): SharedPair {
    if (pair.target.kind !== "sharedLoadBalancer") throw new Error("the shared topology was given a paired pair");
    return pair as SharedPair;
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
    kind: "pairedLoadBalancers",
    build: (fixture) => createBlueGreenPair(fixture.client, fixture.emulator, { resourceGroupName: "least-privilege-rg" }),
    async productionOn(fixture, rolePair) {
        const pair = pairedOf(rolePair);
        const t = pair.target;
        const holds = async (name: string) =>
            (await fixture.client.loadBalancers.get(t.resourceGroupName, name)).frontendIPConfigurations
                ?.find((f) => f.name === t.frontendName)
                ?.publicIPAddress?.id?.toLowerCase() === pair.productionIpId.toLowerCase();
        return (await holds(t.blueLoadBalancerName)) ? "blue" : (await holds(t.greenLoadBalancerName)) ? "green" : "none";
    },
    /** Step 2 done: blue's frontend on the floating IP, production free. */
    async leaveHalfDone(fixture, rolePair) {
        const pair = pairedOf(rolePair);
        const t = pair.target;
        const floating = await createFloatingIp(fixture, pair);
        const blue = await fixture.client.loadBalancers.get(t.resourceGroupName, t.blueLoadBalancerName);
        blue.frontendIPConfigurations!.find((f) => f.name === t.frontendName)!.publicIPAddress = { id: floating.id };
        await fixture.client.loadBalancers.beginCreateOrUpdateAndWait(t.resourceGroupName, t.blueLoadBalancerName, blue, fastPolling);
    },
    /** A floating IP that a crashed swap left behind, attached to nothing. */
    async leaveLeftover(fixture, pair) {
        await createFloatingIp(fixture, pairedOf(pair));
    },
};

/** The shared topology: one load balancer, production's and staging's rules switched between the colours' pools. */
export const sharedTopology: Topology = {
    name: "shared load balancer (pool switch)",
    kind: "sharedLoadBalancer",
    build: (fixture) => createSharedPair(fixture.client, fixture.emulator, { resourceGroupName: "least-privilege-shared-rg" }),
    async productionOn(fixture, pair) {
        const production = (await sharedState(fixture, sharedOf(pair))).production;
        return production === "blue" || production === "green" ? production : "none";
    },
    /** The switch to green accepted, its operation held in flight (the load balancer `Updating`): a rerun must wait for it. */
    async leaveHalfDone(fixture, rolePair) {
        const pair = sharedOf(rolePair);
        const t = pair.target;
        fixture.emulator.addFault({ method: "PUT", pathPattern: `/loadBalancers/${t.loadBalancerName}$`, count: 1, action: { type: "hold" } });
        const body = poolSwitchBody(await fixture.client.loadBalancers.get(t.resourceGroupName, t.loadBalancerName), t, "green", "blue")!;
        await fixture.client.loadBalancers.beginCreateOrUpdate(t.resourceGroupName, t.loadBalancerName, body, fastPolling);
        if (fixture.emulator.operations().filter((o) => o.held).length !== 1) throw new Error("the interrupted switch's operation is not held");
    },
};

/** Every topology the role is proven on. */
export const topologies: readonly Topology[] = [pairedTopology, sharedTopology];

/**
 * What must survive any swap, failed or not: both addresses with their IPs, every address name, and every load
 * balancer's backend pools (`lb/pool`). An address or a pool lost or changed shows here.
 */
export async function addressesOf(client: NetworkManagementClient, pair: RolePair) {
    const rg = pair.target.resourceGroupName;
    const names: string[] = [];
    for await (const pip of client.publicIPAddresses.list(rg)) names.push(pip.name ?? "?");
    const pools: string[] = [];
    for await (const lb of client.loadBalancers.list(rg)) pools.push(...(lb.backendAddressPools ?? []).map((p) => `${lb.name}/${p.name}`));
    const ipOf = async (id: string) => (await client.publicIPAddresses.get(rg, id.split("/").pop()!)).ipAddress;
    return { production: await ipOf(pair.productionIpId), staging: await ipOf(pair.stagingIpId), names: names.sort(), pools: pools.sort() };
}
