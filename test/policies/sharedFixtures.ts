/**
 * Test stacks of the shared topology: one built the way BlueGreenDeployment builds it (azure-native, under the
 * component, with a VipSwap of the shared kind), and one built by hand with the classic @pulumi/azure provider (rules,
 * probe and pools as separate resources, no VipSwap). Both pass every vipswap-guard policy, blue live.
 */
import { networkId } from "./pairFixtures";
import { ResourceSpec } from "./policyHarness";

const componentType = "vipswap:azure:BlueGreenDeployment";

/** An azure-native shared pair under a BlueGreenDeployment "app": load balancer "app-lb", blue live. */
export function nativeSharedPair(): ResourceSpec[] {
    const rg = "app-rg";
    const location = "westeurope";
    const tags = (colour: string, role: string) => ({ "vipswap:deployment": "app", "vipswap:colour": colour, "vipswap:role": role });
    const address = (role: "production" | "staging" | "outbound"): ResourceSpec => ({
        type: "azure-native:network:PublicIPAddress",
        name: `app-${role}-ip`,
        parent: "app",
        protect: role !== "outbound",
        props: {
            publicIpAddressName: `app-${role}-ip`,
            resourceGroupName: rg,
            location,
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: "IPv4",
            zones: ["1", "2", "3"],
            tags: tags("shared", `${role}-address`),
        },
    });
    const rule = (port: string, frontendPort: number, backendPort: number, role: string, pool: string) => ({
        name: `${port}-${role}`,
        protocol: "Tcp",
        frontendPort,
        backendPort,
        frontendIPConfiguration: { id: `$self/frontendIPConfigurations/${role}` },
        backendAddressPool: { id: `$self/backendAddressPools/${pool}` },
        probe: { id: "$self/probes/health" },
        enableFloatingIP: false,
        disableOutboundSnat: true,
    });
    const scaleSet = (colour: "blue" | "green"): ResourceSpec => ({
        type: "azure-native:compute:VirtualMachineScaleSet",
        name: `app-${colour}-vmss`,
        parent: "app",
        props: {
            vmScaleSetName: `app-${colour}-vmss`,
            resourceGroupName: rg,
            location,
            sku: { name: "Standard_B2s", tier: "Standard", capacity: 2 },
            tags: tags(colour, "scale-set"),
        },
    });
    return [
        { type: componentType, name: "app", props: { activeColour: "blue" } },
        {
            type: "azure-native:resources:ResourceGroup",
            name: "app-rg",
            parent: "app",
            props: { resourceGroupName: rg, location, tags: tags("shared", "resource-group") },
        },
        address("production"),
        address("staging"),
        {
            type: "pulumi-nodejs:dynamic/vipswap:VipSwap",
            name: "app-swap",
            parent: "app",
            props: {
                kind: "sharedLoadBalancer",
                resourceGroupName: rg,
                loadBalancerName: "app-lb",
                productionFrontendName: "production",
                stagingFrontendName: "staging",
                bluePoolName: "blue",
                greenPoolName: "green",
                activeColour: "blue",
            },
        },
        address("outbound"),
        {
            type: "azure-native:network:LoadBalancer",
            name: "app-lb",
            parent: "app",
            dependencies: ["app-swap"],
            props: {
                loadBalancerName: "app-lb",
                resourceGroupName: rg,
                location,
                sku: { name: "Standard", tier: "Regional" },
                frontendIPConfigurations: ["production", "staging", "outbound"].map((role) => ({
                    name: role,
                    publicIPAddress: { id: networkId(rg, "publicIPAddresses", `app-${role}-ip`) },
                })),
                backendAddressPools: [{ name: "blue" }, { name: "green" }, { name: "outbound" }],
                probes: [{ name: "health", protocol: "Http", port: 80, requestPath: "/" }],
                loadBalancingRules: [
                    rule("http", 80, 80, "production", "blue"),
                    rule("https", 443, 8443, "production", "blue"),
                    rule("http", 80, 80, "staging", "green"),
                    rule("https", 443, 8443, "staging", "green"),
                ],
                outboundRules: [
                    {
                        name: "outbound",
                        protocol: "All",
                        frontendIPConfigurations: [{ id: "$self/frontendIPConfigurations/outbound" }],
                        backendAddressPool: { id: "$self/backendAddressPools/outbound" },
                    },
                ],
                tags: tags("shared", "load-balancer"),
            },
        },
        scaleSet("blue"),
        scaleSet("green"),
    ];
}

/** A classic @pulumi/azure shared pair "shop" at the top level of the stack, tagged by hand, blue live, no VipSwap. */
export function classicSharedPair(): ResourceSpec[] {
    const rg = "shop-rg";
    const location = "northeurope";
    const lbId = networkId(rg, "loadBalancers", "shop-lb");
    const specs: ResourceSpec[] = [{ type: "azure:core/resourceGroup:ResourceGroup", name: "shop-rg", props: { name: rg, location } }];
    for (const role of ["production", "staging"] as const) {
        specs.push({
            type: "azure:network/publicIp:PublicIp",
            name: `shop-${role}-ip`,
            protect: true,
            props: { name: `shop-${role}-ip`, resourceGroupName: rg, location, allocationMethod: "Static", sku: "Standard", zones: ["1"], tags: { "vipswap:role": role } },
        });
    }
    specs.push({
        type: "azure:lb/loadBalancer:LoadBalancer",
        name: "shop-lb",
        propertyDependencies: { frontendIpConfigurations: ["shop-production-ip", "shop-staging-ip"] },
        props: {
            name: "shop-lb",
            resourceGroupName: rg,
            location,
            sku: "Standard",
            frontendIpConfigurations: ["production", "staging"].map((role) => ({
                name: role,
                publicIpAddressId: networkId(rg, "publicIPAddresses", `shop-${role}-ip`),
            })),
            tags: { "vipswap:colour": "shared" },
        },
    });
    for (const colour of ["blue", "green"]) {
        specs.push({
            type: "azure:lb/backendAddressPool:BackendAddressPool",
            name: `shop-${colour}-pool`,
            propertyDependencies: { loadbalancerId: ["shop-lb"] },
            props: { loadbalancerId: lbId, name: colour },
        });
    }
    specs.push({
        type: "azure:lb/probe:Probe",
        name: "shop-probe",
        propertyDependencies: { loadbalancerId: ["shop-lb"] },
        props: { loadbalancerId: lbId, name: "health", protocol: "Http", port: 8080, requestPath: "/" },
    });
    for (const [role, colour] of [["production", "blue"], ["staging", "green"]] as const) {
        for (const [rule, protocol, frontendPort, backendPort] of [
            ["web", "Tcp", 80, 8080],
            ["dns", "Udp", 53, 5353],
        ] as const) {
            specs.push({
                type: "azure:lb/rule:Rule",
                name: `shop-${rule}-${role}`,
                propertyDependencies: { loadbalancerId: ["shop-lb"], probeId: ["shop-probe"], backendAddressPoolIds: [`shop-${colour}-pool`] },
                props: {
                    loadbalancerId: lbId,
                    name: `${rule}-${role}`,
                    protocol,
                    frontendPort,
                    backendPort,
                    frontendIpConfigurationName: role,
                    backendAddressPoolIds: [`${lbId}/backendAddressPools/${colour}`],
                    probeId: `${lbId}/probes/health`,
                    disableOutboundSnat: true,
                },
            });
        }
    }
    for (const colour of ["blue", "green"]) {
        specs.push({
            type: "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet",
            name: `shop-${colour}-vmss`,
            props: { name: `shop-${colour}-vmss`, resourceGroupName: rg, location, sku: "Standard_B2s", instances: 3, tags: { "vipswap:colour": colour } },
        });
    }
    return specs;
}
