/**
 * Test stacks: one blue/green pair built the way BlueGreenDeployment builds it (azure-native, under the component),
 * and one built by hand with the classic @pulumi/azure provider (top-level resources found by their tags, rules and
 * probes as separate resources). Both pass every vipswap-guard policy; tests break them one property at a time.
 */
import { ResourceSpec } from "./policyHarness";

/** Fixture properties as tests edit them: free-form JSON, reached into without casts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EditableProps = Record<string, any>;

const subscription = "/subscriptions/00000000-0000-0000-0000-000000000000";

/** The ARM id of a network resource, as the providers would output it. */
export function networkId(resourceGroup: string, collection: string, name: string): string {
    return `${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/${collection}/${name}`;
}

/** A copy of `specs` with the spec called `name` replaced by `change(copy of it)`. */
export function modify(
    specs: readonly ResourceSpec[],
    name: string,
    change: (spec: ResourceSpec & { props: EditableProps }) => ResourceSpec,
): ResourceSpec[] {
    if (!specs.some((s) => s.name === name)) {
        throw new Error(`fixture has no resource "${name}"`);
    }
    return specs.map((spec) => (spec.name === name ? change(deepCopy(spec) as ResourceSpec & { props: EditableProps }) : spec));
}

/**
 * A deep copy made in this realm. Not `structuredClone`: under jest it returns objects of Node's outer realm, which
 * fail `instanceof Object` here, so @pulumi/policy's unknownCheckingProxy would leave them unwrapped.
 */
function deepCopy<T>(value: T): T {
    return JSON.parse(JSON.stringify(value)) as T;
}

/** A copy of `specs` with the props of `name` changed in place by `edit` (on a deep copy). */
export function editProps(specs: readonly ResourceSpec[], name: string, edit: (props: EditableProps) => void): ResourceSpec[] {
    return modify(specs, name, (spec) => {
        edit(spec.props);
        return spec;
    });
}

/** A copy of `specs` without the spec called `name`. */
export function without(specs: readonly ResourceSpec[], name: string): ResourceSpec[] {
    return specs.filter((spec) => spec.name !== name);
}

const componentType = "vipswap:azure:BlueGreenDeployment";

/** An azure-native pair under a BlueGreenDeployment "app", blue live. */
export function nativePair(): ResourceSpec[] {
    const rg = "app-rg";
    const location = "westeurope";
    const tags = (colour: string, role: string) => ({
        "vipswap:deployment": "app",
        "vipswap:colour": colour,
        "vipswap:role": role,
    });
    const address = (role: "production" | "staging"): ResourceSpec => ({
        type: "azure-native:network:PublicIPAddress",
        name: `app-${role}-ip`,
        parent: "app",
        protect: true,
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
    const loadBalancer = (colour: "blue" | "green", role: "production" | "staging"): ResourceSpec => ({
        type: "azure-native:network:LoadBalancer",
        name: `app-${colour}-lb`,
        parent: "app",
        dependencies: ["app-swap"],
        props: {
            loadBalancerName: `app-${colour}-lb`,
            resourceGroupName: rg,
            location,
            sku: { name: "Standard", tier: "Regional" },
            frontendIPConfigurations: [
                { name: "public-frontend", publicIPAddress: { id: networkId(rg, "publicIPAddresses", `app-${role}-ip`) } },
            ],
            backendAddressPools: [{ name: "backend" }],
            probes: [{ name: "health", protocol: "Http", port: 80, requestPath: "/" }],
            loadBalancingRules: [
                { name: "http", protocol: "Tcp", frontendPort: 80, backendPort: 80, probe: { id: "$self/probes/health" } },
                { name: "https", protocol: "Tcp", frontendPort: 443, backendPort: 8443, probe: { id: "$self/probes/health" } },
            ],
            tags: tags(colour, "load-balancer"),
        },
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
                resourceGroupName: rg,
                blueLoadBalancerName: "app-blue-lb",
                greenLoadBalancerName: "app-green-lb",
                frontendName: "public-frontend",
                productionIpName: "app-production-ip",
                stagingIpName: "app-staging-ip",
                activeColour: "blue",
            },
        },
        loadBalancer("blue", "production"),
        loadBalancer("green", "staging"),
        scaleSet("blue"),
        scaleSet("green"),
    ];
}

/** A classic @pulumi/azure pair "shop" declared at the top level of the stack, tagged by hand, blue live. */
export function classicPair(): ResourceSpec[] {
    const rg = "shop-rg";
    const location = "northeurope";
    const lbId = (colour: string) => networkId(rg, "loadBalancers", `shop-${colour}-lb`);
    const specs: ResourceSpec[] = [
        { type: "azure:core/resourceGroup:ResourceGroup", name: "shop-rg", props: { name: rg, location } },
    ];
    for (const role of ["production", "staging"] as const) {
        specs.push({
            type: "azure:network/publicIp:PublicIp",
            name: `shop-${role}-ip`,
            protect: true,
            propertyDependencies: { resourceGroupName: ["shop-rg"] },
            props: {
                name: `shop-${role}-ip`,
                resourceGroupName: rg,
                location,
                allocationMethod: "Static",
                sku: "Standard",
                zones: ["1"],
                tags: { "vipswap:role": role },
            },
        });
    }
    for (const [colour, role] of [["blue", "production"], ["green", "staging"]] as const) {
        specs.push({
            type: "azure:lb/loadBalancer:LoadBalancer",
            name: `shop-${colour}-lb`,
            propertyDependencies: { frontendIpConfigurations: [`shop-${role}-ip`] },
            props: {
                name: `shop-${colour}-lb`,
                resourceGroupName: rg,
                location,
                sku: "Standard",
                frontendIpConfigurations: [
                    { name: "public", publicIpAddressId: networkId(rg, "publicIPAddresses", `shop-${role}-ip`) },
                ],
                tags: { "vipswap:colour": colour },
            },
        });
        specs.push({
            type: "azure:lb/probe:Probe",
            name: `shop-${colour}-probe`,
            propertyDependencies: { loadbalancerId: [`shop-${colour}-lb`] },
            props: { loadbalancerId: lbId(colour), name: "health", protocol: "Http", port: 8080, requestPath: "/" },
        });
        for (const [rule, protocol, frontendPort, backendPort] of [
            ["web", "Tcp", 80, 8080],
            ["dns", "Udp", 53, 5353],
        ] as const) {
            specs.push({
                type: "azure:lb/rule:Rule",
                name: `shop-${colour}-${rule}`,
                propertyDependencies: { loadbalancerId: [`shop-${colour}-lb`], probeId: [`shop-${colour}-probe`] },
                props: {
                    loadbalancerId: lbId(colour),
                    name: rule,
                    protocol,
                    frontendPort,
                    backendPort,
                    frontendIpConfigurationName: "public",
                    probeId: `${lbId(colour)}/probes/health`,
                },
            });
        }
        specs.push({
            type: "azure:compute/linuxVirtualMachineScaleSet:LinuxVirtualMachineScaleSet",
            name: `shop-${colour}-vmss`,
            props: { name: `shop-${colour}-vmss`, resourceGroupName: rg, location, sku: "Standard_B2s", instances: 3, tags: { "vipswap:colour": colour } },
        });
    }
    specs.push({
        type: "pulumi-nodejs:dynamic/vipswap:VipSwap",
        name: "shop-swap",
        props: {
            resourceGroupName: rg,
            blueLoadBalancerName: "shop-blue-lb",
            greenLoadBalancerName: "shop-green-lb",
            frontendName: "public",
            productionIpName: "shop-production-ip",
            stagingIpName: "shop-staging-ip",
            activeColour: "blue",
        },
    });
    return specs;
}
