/**
 * Builds the blue/green pair that vipswap swaps, through the real `@azure/arm-network` client: two Standard static
 * public IPs (production, staging) and two Standard load balancers (blue on production, green on staging), each
 * with one frontend of the same name, one backend pool, an Http probe, one rule 80->80 and an outbound rule.
 * Tests, the demo and the benchmarks share it, so it imports no test code.
 */
import type { LoadBalancer, NetworkManagementClient, PublicIPAddress } from "@azure/arm-network";
import type { Colour } from "../components/colour";
import type { PairedSwapTarget } from "../components/swap/swapTarget";
import { defaultFrontendName } from "../components/vipSwap/vipSwapInputs";
import type { BackendRequest } from "./backendRegistry";

/** What the pair helper needs of the emulator (an `AzureEmulator`): its subscription, and setting backends. */
export interface PairEmulator {
    readonly subscriptionId: string;
    setBackends(request: BackendRequest): unknown;
}

/** Options of {@link createBlueGreenPair}. */
export interface BlueGreenPairOptions {
    /** Resource group (implicit in the emulator: any name works). Default `vipswap-rg`. */
    readonly resourceGroupName?: string;
    /** Region. Default `westeurope`. */
    readonly location?: string;
    /** Prefix of every name. Default `app`. */
    readonly prefix?: string;
    /** The frontend name both load balancers use. Default `public-frontend`, the CLI's and the component's. */
    readonly frontendName?: string;
    /** SDK poll interval while creating. Default 10 ms (the fast profile commits in milliseconds). */
    readonly updateIntervalInMs?: number;
    /** Give each load balancer healthy backends (blue `v1`, green `v2`), so the data plane answers. Default true. */
    readonly withBackends?: boolean;
    /** Backends per load balancer when `withBackends`. Default 2. */
    readonly backendCount?: number;
}

/** What {@link createBlueGreenPair} built. */
export interface BlueGreenPair {
    /** The names, as the swap engine takes them. */
    readonly target: PairedSwapTarget;
    readonly location: string;
    readonly productionIpId: string;
    readonly stagingIpId: string;
    /** The addresses Azure assigned; they must survive every swap. */
    readonly productionIpAddress: string;
    readonly stagingIpAddress: string;
    readonly loadBalancerIds: Readonly<Record<Colour, string>>;
    readonly frontendIds: Readonly<Record<Colour, string>>;
}

/** Creates the pair (see the file comment) and waits until every operation has committed. */
export async function createBlueGreenPair(
    client: NetworkManagementClient,
    emulator: PairEmulator,
    options: BlueGreenPairOptions = {},
): Promise<BlueGreenPair> {
    const resourceGroupName = options.resourceGroupName ?? "vipswap-rg";
    const location = options.location ?? "westeurope";
    const prefix = options.prefix ?? "app";
    const frontendName = options.frontendName ?? defaultFrontendName;
    const poll = { updateIntervalInMs: options.updateIntervalInMs ?? 10 };
    const target: PairedSwapTarget = {
        resourceGroupName,
        blueLoadBalancerName: `${prefix}-blue-lb`,
        greenLoadBalancerName: `${prefix}-green-lb`,
        frontendName,
        productionIpName: `${prefix}-production-ip`,
        stagingIpName: `${prefix}-staging-ip`,
    };
    const address = (role: "production" | "staging"): PublicIPAddress => ({
        location,
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
        tags: { "vipswap:role": role },
    });
    const [production, staging] = await Promise.all([
        client.publicIPAddresses.beginCreateOrUpdateAndWait(resourceGroupName, target.productionIpName, address("production"), poll),
        client.publicIPAddresses.beginCreateOrUpdateAndWait(resourceGroupName, target.stagingIpName, address("staging"), poll),
    ]);
    const [blue, green] = await Promise.all([
        client.loadBalancers.beginCreateOrUpdateAndWait(
            resourceGroupName,
            target.blueLoadBalancerName,
            loadBalancerBody(emulator.subscriptionId, resourceGroupName, target.blueLoadBalancerName, location, frontendName, "blue", production.id!),
            poll,
        ),
        client.loadBalancers.beginCreateOrUpdateAndWait(
            resourceGroupName,
            target.greenLoadBalancerName,
            loadBalancerBody(emulator.subscriptionId, resourceGroupName, target.greenLoadBalancerName, location, frontendName, "green", staging.id!),
            poll,
        ),
    ]);
    const pair: BlueGreenPair = {
        target,
        location,
        productionIpId: production.id!,
        stagingIpId: staging.id!,
        productionIpAddress: production.ipAddress!,
        stagingIpAddress: staging.ipAddress!,
        loadBalancerIds: { blue: blue.id!, green: green.id! },
        frontendIds: { blue: blue.frontendIPConfigurations![0].id!, green: green.frontendIPConfigurations![0].id! },
    };
    if (options.withBackends ?? true) {
        const count = options.backendCount ?? 2;
        emulator.setBackends({ loadBalancerId: pair.loadBalancerIds.blue, count, healthy: count, version: "v1" });
        emulator.setBackends({ loadBalancerId: pair.loadBalancerIds.green, count, healthy: count, version: "v2" });
    }
    return pair;
}

/** The body of one colour's load balancer, as a user would write it (child ids built from the names). */
export function loadBalancerBody(
    subscriptionId: string,
    resourceGroupName: string,
    name: string,
    location: string,
    frontendName: string,
    colour: Colour,
    publicIpId: string,
): LoadBalancer {
    const lbId = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/loadBalancers/${name}`;
    const frontend = { id: `${lbId}/frontendIPConfigurations/${frontendName}` };
    const pool = { id: `${lbId}/backendAddressPools/backend` };
    const probe = { id: `${lbId}/probes/http` };
    return {
        location,
        sku: { name: "Standard", tier: "Regional" },
        tags: { "vipswap:colour": colour },
        frontendIPConfigurations: [{ name: frontendName, publicIPAddress: { id: publicIpId } }],
        backendAddressPools: [{ name: "backend" }],
        probes: [{ name: "http", protocol: "Http", port: 80, requestPath: "/health", intervalInSeconds: 5, probeThreshold: 1 }],
        loadBalancingRules: [
            {
                name: "http",
                frontendIPConfiguration: frontend,
                backendAddressPool: pool,
                probe,
                protocol: "Tcp",
                frontendPort: 80,
                backendPort: 80,
                idleTimeoutInMinutes: 4,
                enableFloatingIP: false,
                // A rule must not SNAT when an outbound rule uses the same frontend.
                disableOutboundSnat: true,
            },
        ],
        outboundRules: [
            { name: "outbound", frontendIPConfigurations: [frontend], backendAddressPool: pool, protocol: "All", allocatedOutboundPorts: 1024 },
        ],
    };
}
