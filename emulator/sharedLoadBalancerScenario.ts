/**
 * Builds the shared-load-balancer pair that vipswap's pool switch swaps, through the real `@azure/arm-network` client,
 * in the shape the component creates (docs/azure-behaviour.md §11): one Standard load balancer with a `production` and
 * a `staging` public frontend, each with its own Standard static address, pools `blue` and `green`, an Http probe, one
 * rule per frontend and port (`http-production` -> blue, `http-staging` -> green, blue live), and outbound
 * connectivity that does not clash with them: frontend `outbound` with its own address and an outbound rule on pool
 * `outbound`, the load-balancing rules with `disableOutboundSnat`. Beside blueGreenScenario.ts; imports no test code.
 */
import type { LoadBalancer, NetworkManagementClient, PublicIPAddress } from "@azure/arm-network";
import type { Colour } from "../components/colour";
import type { SharedSwapTarget } from "../components/swap/swapTarget";
import type { AzureEmulator } from "./azureEmulator";

/** Options of {@link createSharedPair}. */
export interface SharedPairOptions {
    /** Resource group. Default `vipswap-rg`. */
    readonly resourceGroupName?: string;
    /** Region. Default `westeurope`. */
    readonly location?: string;
    /** Prefix of every name. Default `app`. */
    readonly prefix?: string;
    /** The colour whose pool production's rules send to. Default blue. */
    readonly live?: Colour;
    /** SDK poll interval while creating. Default 10 ms. */
    readonly updateIntervalInMs?: number;
    /** Give each pool healthy backends (blue `v1`, green `v2`), so the data plane answers. Default true. */
    readonly withBackends?: boolean;
    /** Backends per pool when `withBackends`. Default 2. */
    readonly backendCount?: number;
}

/** What {@link createSharedPair} built. */
export interface SharedPair {
    /** The names, as the swap engine takes them. */
    readonly target: SharedSwapTarget;
    readonly location: string;
    readonly loadBalancerId: string;
    readonly productionIpId: string;
    readonly stagingIpId: string;
    readonly outboundIpId: string;
    /** The addresses Azure assigned; they must survive every swap. */
    readonly productionIpAddress: string;
    readonly stagingIpAddress: string;
    readonly poolIds: Readonly<Record<Colour, string>>;
}

/** Creates the pair (see the file comment) and waits until every operation has committed. */
export async function createSharedPair(client: NetworkManagementClient, emulator: AzureEmulator, options: SharedPairOptions = {}): Promise<SharedPair> {
    const resourceGroupName = options.resourceGroupName ?? "vipswap-rg";
    const location = options.location ?? "westeurope";
    const prefix = options.prefix ?? "app";
    const poll = { updateIntervalInMs: options.updateIntervalInMs ?? 10 };
    const target: SharedSwapTarget = {
        kind: "sharedLoadBalancer",
        resourceGroupName,
        loadBalancerName: `${prefix}-lb`,
        productionFrontendName: "production",
        stagingFrontendName: "staging",
        bluePoolName: "blue",
        greenPoolName: "green",
    };
    const address = (role: string): PublicIPAddress => ({
        location,
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
        tags: { "vipswap:role": role },
    });
    const [production, staging, outbound] = await Promise.all(
        ["production", "staging", "outbound"].map((role) =>
            client.publicIPAddresses.beginCreateOrUpdateAndWait(resourceGroupName, `${prefix}-${role}-ip`, address(role), poll),
        ),
    );
    const body = sharedLoadBalancerBody(emulator.subscriptionId, target, location, { production: production.id!, staging: staging.id!, outbound: outbound.id! }, options.live ?? "blue");
    const lb = await client.loadBalancers.beginCreateOrUpdateAndWait(resourceGroupName, target.loadBalancerName, body, poll);
    const poolId = (name: string) => lb.backendAddressPools!.find((p) => p.name === name)!.id!;
    const pair: SharedPair = {
        target,
        location,
        loadBalancerId: lb.id!,
        productionIpId: production.id!,
        stagingIpId: staging.id!,
        outboundIpId: outbound.id!,
        productionIpAddress: production.ipAddress!,
        stagingIpAddress: staging.ipAddress!,
        poolIds: { blue: poolId("blue"), green: poolId("green") },
    };
    if (options.withBackends ?? true) {
        const count = options.backendCount ?? 2;
        emulator.setBackends({ loadBalancerId: pair.loadBalancerId, backendPoolName: "blue", colour: "blue", count, healthy: count, version: "v1" });
        emulator.setBackends({ loadBalancerId: pair.loadBalancerId, backendPoolName: "green", colour: "green", count, healthy: count, version: "v2" });
    }
    return pair;
}

/** The shared load balancer's body, as a user would write it, with production's rules on `live`'s pool. */
export function sharedLoadBalancerBody(
    subscriptionId: string,
    target: SharedSwapTarget,
    location: string,
    addresses: Readonly<Record<"production" | "staging" | "outbound", string>>,
    live: Colour,
): LoadBalancer {
    const lbId = `/subscriptions/${subscriptionId}/resourceGroups/${target.resourceGroupName}/providers/Microsoft.Network/loadBalancers/${target.loadBalancerName}`;
    const ref = (collection: string, name: string) => ({ id: `${lbId}/${collection}/${name}` });
    const idle: Colour = live === "blue" ? "green" : "blue";
    const rule = (frontend: string, pool: Colour) => ({
        name: `http-${frontend}`,
        frontendIPConfiguration: ref("frontendIPConfigurations", frontend),
        backendAddressPool: ref("backendAddressPools", pool === "blue" ? target.bluePoolName : target.greenPoolName),
        probe: ref("probes", "http"),
        protocol: "Tcp",
        frontendPort: 80,
        backendPort: 80,
        idleTimeoutInMinutes: 4,
        // The two rules share protocol and backend port on different pools, which Azure allows with Floating IP off.
        enableFloatingIP: false,
        // The outbound rule has its own frontend; SNAT is off on the rules as the component sets it.
        disableOutboundSnat: true,
    });
    return {
        location,
        sku: { name: "Standard", tier: "Regional" },
        tags: { "vipswap:topology": "sharedLoadBalancer" },
        frontendIPConfigurations: [
            { name: target.productionFrontendName, publicIPAddress: { id: addresses.production } },
            { name: target.stagingFrontendName, publicIPAddress: { id: addresses.staging } },
            { name: "outbound", publicIPAddress: { id: addresses.outbound } },
        ],
        backendAddressPools: [{ name: target.bluePoolName }, { name: target.greenPoolName }, { name: "outbound" }],
        probes: [{ name: "http", protocol: "Http", port: 80, requestPath: "/health", intervalInSeconds: 5, probeThreshold: 1 }],
        loadBalancingRules: [rule(target.productionFrontendName, live), rule(target.stagingFrontendName, idle)],
        outboundRules: [
            {
                name: "outbound",
                frontendIPConfigurations: [ref("frontendIPConfigurations", "outbound")],
                backendAddressPool: ref("backendAddressPools", "outbound"),
                protocol: "All",
                allocatedOutboundPorts: 1024,
            },
        ],
    };
}
