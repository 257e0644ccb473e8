import * as pulumi from "@pulumi/pulumi";
// Sub-module imports: loading "@pulumi/azure-native" whole costs seconds on every program start.
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import type { AddressRole } from "./addressRole";
import type { BlueGreenDeploymentArgs, Topology } from "./blueGreenArgs";
import { createLoadBalancer, createSharedLoadBalancer, type LoadBalancerContext } from "./blueGreenLoadBalancer";
import type { BlueGreenNames } from "./blueGreenNames";
import { resolveArgs, resolvedTags, type ResolvedArgs, type ResolvedNetwork } from "./blueGreenResolvedArgs";
import { createScaleSet, scaleSetRevisionOf } from "./blueGreenScaleSet";
import type { Colour } from "./colour";
import type { HealthGateSettings } from "./health/healthGateSettings";
import { inboundSecurityRules } from "./networkSecurityRules";
import { serviceUrl } from "./serviceUrl";
import type { SwapTargetNames } from "./swap/swapTarget";
import type { VipSwapTargetArgs } from "./vipSwap/vipSwap";
import { newVipSwap } from "./vipSwap/vipSwapHosting";

/**
 * What the `VipSwap` resource is built from (issue 4): names and ids known before the load balancers exist,
 * so the swap can run before azure-native updates them.
 */
export interface VipSwapWiring {
    /**
     * What the swap works on: the resource group and, for the paired topology, the names of both load balancers, the
     * frontend and both addresses; for the shared topology, the load balancer, its two frontends and two pools.
     */
    readonly target: VipSwapTargetArgs;
    /** The colour that must hold production when the swap is done. */
    readonly activeColour: pulumi.Output<Colour>;
    /** The production address. */
    readonly productionIp: network.PublicIPAddress;
    /** The staging address. */
    readonly stagingIp: network.PublicIPAddress;
    /** The health gates around a swap (undefined: VipSwap's defaults). */
    readonly healthGate?: pulumi.Input<HealthGateSettings>;
    /** A fingerprint of each colour's scale set model (scaleSetRevision.ts): a flip onto a changing colour is refused. */
    readonly scaleSetRevisions: Record<Colour, pulumi.Output<string>>;
}

/** The network that the component creates, validated. */
type CreatedNetwork = Extract<ResolvedNetwork, { kind: "created" }>;

/**
 * A blue/green pair of Azure VM scale sets with a production and a staging public address; flipping `activeColour`
 * swaps which colour each address serves (docs/topologies.md).
 *
 * Creates: the production and staging public IPs (Standard, Static, IPv4, protected by default), a scale set per
 * colour, and, unless `network.subnetId` is given, a virtual network, subnet and security group. Unless
 * `resourceGroupName` is given it also creates the resource group. Then, by `topology`:
 * - `pairedLoadBalancers` (default): a blue and a green load balancer with identical rules, probe and frontend name,
 *   each scale set in its own load balancer's pool; a swap moves the addresses between them;
 * - `sharedLoadBalancer`: one load balancer with a `production` and a `staging` frontend, a pool per colour and a rule
 *   per frontend and port, plus an outbound frontend with its own address and an outbound pool holding both scale
 *   sets; a swap re-points the rules' pools and never detaches an address.
 */
export class BlueGreenDeployment extends pulumi.ComponentResource {
    /** The component's type token. */
    static readonly typeToken = "vipswap:azure:BlueGreenDeployment";

    /** The Azure names of everything the component creates; fixed by the component name. */
    public readonly names: BlueGreenNames;
    /** The resource group that holds everything. */
    public readonly resourceGroupName: pulumi.Output<string>;
    /** How the pair is wired. */
    public readonly topology: Topology;
    /** What a swap works on (the CLI's and the `VipSwap` resource's view of this pair); its `kind` follows `topology`. */
    public readonly swapTarget: pulumi.Output<SwapTargetNames>;
    /** The live colour (the one the production address serves). */
    public readonly activeColour: pulumi.Output<Colour>;
    /** The production IP address (empty until Azure has allocated it). */
    public readonly productionAddress: pulumi.Output<string>;
    /** The staging IP address (empty until Azure has allocated it). */
    public readonly stagingAddress: pulumi.Output<string>;
    /** URL of the service on the production address (first Tcp rule). */
    public readonly productionUrl: pulumi.Output<string>;
    /** URL of the service on the staging address (first Tcp rule). */
    public readonly stagingUrl: pulumi.Output<string>;
    /** Resource id of the production public IP. */
    public readonly productionIpId: pulumi.Output<string>;
    /** Resource id of the staging public IP. */
    public readonly stagingIpId: pulumi.Output<string>;
    /** Resource id of the load balancer in front of the blue scale set (shared topology: the one load balancer). */
    public readonly blueLoadBalancerId: pulumi.Output<string>;
    /** Resource id of the load balancer in front of the green scale set (shared topology: the one load balancer). */
    public readonly greenLoadBalancerId: pulumi.Output<string>;
    /** Resource id of the shared topology's one load balancer; undefined in the paired topology. */
    public readonly loadBalancerId: pulumi.Output<string | undefined>;
    /** Resource id of the shared topology's outbound address; undefined in the paired topology. */
    public readonly outboundIpId: pulumi.Output<string | undefined>;
    /**
     * The shared topology's outbound address (empty until Azure has allocated it), the instances' source address for
     * outbound traffic whichever colour is live; undefined in the paired topology (there each load balancer's own
     * address is its colour's source address).
     */
    public readonly outboundAddress: pulumi.Output<string | undefined>;
    /** Resource id of the blue scale set. */
    public readonly blueScaleSetId: pulumi.Output<string>;
    /** Resource id of the green scale set. */
    public readonly greenScaleSetId: pulumi.Output<string>;
    /** Resource id of the subnet the instances live in. */
    public readonly subnetId: pulumi.Output<string>;

    /**
     * @param name the component name; it prefixes every Azure name, so it must make valid Azure names.
     * @param args see {@link BlueGreenDeploymentArgs}.
     * @param opts component options (providers, aliases, ...), passed on to every child.
     * @throws BlueGreenArgsError for a bad argument, before anything is registered.
     */
    constructor(name: string, args: BlueGreenDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before registering anything: a bad argument must not leave a half-made component in the stack.
        const resolved = resolveArgs(name, args);
        super(BlueGreenDeployment.typeToken, name, {}, opts);
        const { names } = resolved;
        this.names = names;
        this.activeColour = resolved.activeColour;

        const resourceGroup =
            resolved.resourceGroupName === undefined
                ? new resources.ResourceGroup(
                      `${name}-rg`,
                      {
                          resourceGroupName: names.resourceGroup,
                          location: resolved.location,
                          tags: resolvedTags(resolved, "shared", "resource-group"),
                      },
                      { parent: this },
                  )
                : undefined;
        this.resourceGroupName = resourceGroup ? resourceGroup.name : resolved.resourceGroupName!;

        this.subnetId =
            resolved.network.kind === "existing" ? resolved.network.subnetId : this.createNetwork(name, resolved, resolved.network);

        const productionIp = this.createAddress(name, resolved, "production");
        const stagingIp = this.createAddress(name, resolved, "staging");
        this.productionIpId = productionIp.id;
        this.stagingIpId = stagingIp.id;

        this.topology = resolved.topology;
        const target = swapTargetOf(resolved, this.resourceGroupName);
        this.swapTarget = pulumi.output(target) as pulumi.Output<SwapTargetNames>;

        const swapDependencies = this.createSwap(name, {
            target,
            activeColour: resolved.activeColour,
            productionIp,
            stagingIp,
            healthGate: args.healthGate,
            scaleSetRevisions: { blue: scaleSetRevisionOf(resolved, "blue"), green: scaleSetRevisionOf(resolved, "green") },
        });

        const addressIds: Record<AddressRole, pulumi.Output<string>> = {
            production: productionIp.id,
            staging: stagingIp.id,
        };
        const lbContext: LoadBalancerContext = { parent: this, resourceGroupName: this.resourceGroupName, addressIds, swapDependencies };
        // The one place that branches on the topology: everything after it works on the FrontEnd it returns.
        const frontEnd =
            resolved.topology === "sharedLoadBalancer"
                ? this.createSharedFrontEnd(name, resolved, lbContext)
                : createPairedFrontEnd(resolved, lbContext);
        this.blueLoadBalancerId = frontEnd.loadBalancerIds.blue;
        this.greenLoadBalancerId = frontEnd.loadBalancerIds.green;
        this.loadBalancerId = frontEnd.sharedLoadBalancerId ?? pulumi.output(undefined);
        this.outboundIpId = frontEnd.outboundIp?.id ?? pulumi.output(undefined);
        const address = (ip: network.PublicIPAddress) => ip.ipAddress.apply((value) => value ?? "");
        this.outboundAddress = frontEnd.outboundIp ? address(frontEnd.outboundIp) : pulumi.output(undefined);

        const scaleSetContext = { parent: this, resourceGroupName: this.resourceGroupName, subnetId: this.subnetId };
        this.blueScaleSetId = createScaleSet(resolved, "blue", { ...scaleSetContext, backendPoolIds: frontEnd.backendPoolIds.blue }).id;
        this.greenScaleSetId = createScaleSet(resolved, "green", { ...scaleSetContext, backendPoolIds: frontEnd.backendPoolIds.green }).id;

        this.productionAddress = address(productionIp);
        this.stagingAddress = address(stagingIp);
        this.productionUrl = pulumi.all([this.productionAddress, resolved.ports]).apply(([a, p]) => serviceUrl(a, p));
        this.stagingUrl = pulumi.all([this.stagingAddress, resolved.ports]).apply(([a, p]) => serviceUrl(a, p));

        this.registerOutputs({
            names: this.names,
            topology: this.topology,
            resourceGroupName: this.resourceGroupName,
            swapTarget: this.swapTarget,
            activeColour: this.activeColour,
            productionAddress: this.productionAddress,
            stagingAddress: this.stagingAddress,
            productionUrl: this.productionUrl,
            stagingUrl: this.stagingUrl,
            productionIpId: this.productionIpId,
            stagingIpId: this.stagingIpId,
            blueLoadBalancerId: this.blueLoadBalancerId,
            greenLoadBalancerId: this.greenLoadBalancerId,
            loadBalancerId: this.loadBalancerId,
            outboundIpId: this.outboundIpId,
            outboundAddress: this.outboundAddress,
            blueScaleSetId: this.blueScaleSetId,
            greenScaleSetId: this.greenScaleSetId,
            subnetId: this.subnetId,
        });
    }

    /**
     * Where `VipSwap` plugs in (issue 4): every load balancer `dependsOn` what this returns, so on a flip the swap
     * runs first and azure-native's PUT of the load balancer(s) then restates what Azure already has. On the first
     * deployment the load balancers do not exist yet and the swap only records the colour.
     */
    private createSwap(name: string, inputs: VipSwapWiring): pulumi.Resource[] {
        // The dynamic resource in a TypeScript program, the plugin's own resource inside the plugin (vipSwapHosting.ts).
        const swap = newVipSwap(
            `${name}-swap`,
            {
                activeColour: inputs.activeColour,
                ...inputs.target,
                ...(inputs.healthGate !== undefined ? { healthGate: inputs.healthGate } : {}),
                scaleSetRevisions: inputs.scaleSetRevisions,
            },
            // The addresses exist before the swap looks at them; the load balancers come after it (dependsOn it).
            { parent: this, dependsOn: [inputs.productionIp, inputs.stagingIp] },
        );
        return [swap];
    }

    /**
     * The shared topology's outbound address and its one load balancer. The outbound address is created after the
     * swap too (`dependsOn`), so when `VipSwap` refuses an update (its check runs first) nothing has been written.
     */
    private createSharedFrontEnd(name: string, resolved: ResolvedArgs, context: LoadBalancerContext): FrontEnd {
        const outboundIp = this.createAddress(name, resolved, "outbound", context.swapDependencies);
        const loadBalancer = createSharedLoadBalancer(resolved, { ...context, outboundAddressId: outboundIp.id });
        const pool = (poolName: string) => pulumi.interpolate`${loadBalancer.id}/backendAddressPools/${poolName}`;
        const { sharedPools } = resolved.names;
        return {
            loadBalancerIds: { blue: loadBalancer.id, green: loadBalancer.id },
            backendPoolIds: {
                blue: [pool(sharedPools.blue), pool(sharedPools.outbound)],
                green: [pool(sharedPools.green), pool(sharedPools.outbound)],
            },
            sharedLoadBalancerId: loadBalancer.id,
            outboundIp,
        };
    }

    /** A virtual network, a subnet and the security group that admits the rule ports and the probe. */
    private createNetwork(name: string, resolved: ResolvedArgs, args: CreatedNetwork): pulumi.Output<string> {
        const { names } = resolved;
        const sourceRange = args.allowedSourceRange;
        const securityGroup = new network.NetworkSecurityGroup(
            `${name}-nsg`,
            {
                networkSecurityGroupName: names.networkSecurityGroup,
                resourceGroupName: this.resourceGroupName,
                location: resolved.location,
                securityRules: pulumi
                    .all([resolved.ports, resolved.probe, sourceRange])
                    .apply(([ports, probe, source]) => inboundSecurityRules(ports, probe, source)),
                tags: resolvedTags(resolved, "shared", "network-security-group"),
            },
            { parent: this },
        );
        const virtualNetwork = new network.VirtualNetwork(
            `${name}-vnet`,
            {
                virtualNetworkName: names.virtualNetwork,
                resourceGroupName: this.resourceGroupName,
                location: resolved.location,
                addressSpace: { addressPrefixes: [args.addressSpace] },
                tags: resolvedTags(resolved, "shared", "virtual-network"),
            },
            // The subnet is its own resource below. azure-native keeps live subnets that the VNet body leaves unset
            // (MaintainSubResourceIfUnset, docs/pulumi-behaviour.md §5), so a later VNet update does not drop it.
            { parent: this },
        );
        const subnet = new network.Subnet(
            `${name}-subnet`,
            {
                subnetName: names.subnet,
                resourceGroupName: this.resourceGroupName,
                virtualNetworkName: virtualNetwork.name,
                addressPrefix: args.subnetPrefix,
                networkSecurityGroup: { id: securityGroup.id },
                // Outbound goes through the load balancers' outbound rules, never through Azure's implicit default.
                defaultOutboundAccess: false,
            },
            { parent: this },
        );
        return subnet.id;
    }

    /**
     * A public address: Standard, Static, IPv4, zone-redundant by default, named by role. Production and staging are
     * protected (`protectAddresses`); the shared topology's outbound address is not, since no client connects to it
     * (changing the topology, or destroying the stack, must be able to remove it).
     */
    private createAddress(
        name: string,
        resolved: ResolvedArgs,
        role: AddressRole | "outbound",
        dependsOn: pulumi.Resource[] = [],
    ): network.PublicIPAddress {
        const names = resolved.names;
        const azureName = { production: names.productionIp, staging: names.stagingIp, outbound: names.outboundIp }[role];
        return new network.PublicIPAddress(
            `${name}-${role}-ip`,
            {
                publicIpAddressName: azureName,
                resourceGroupName: this.resourceGroupName,
                location: resolved.location,
                // A Standard load balancer takes only Standard addresses, and Standard is Static only
                // (docs/azure-behaviour.md §1 PublicIPAndLBSkuDoNotMatch, StandardSkuPublicIPAddressesMustBeStatic).
                sku: { name: "Standard", tier: "Regional" },
                publicIPAllocationMethod: "Static",
                publicIPAddressVersion: "IPv4",
                zones: resolved.zones,
                tags: resolvedTags(resolved, "shared", `${role}-address`),
            },
            { parent: this, protect: role !== "outbound" && resolved.protectAddresses, dependsOn },
        );
    }
}

/** The load balancer side of a pair: what the scale sets join, and the ids the component reports. */
interface FrontEnd {
    /** The load balancer in front of each colour's scale set. */
    readonly loadBalancerIds: Record<Colour, pulumi.Output<string>>;
    /** The backend pools each colour's instances join. */
    readonly backendPoolIds: Record<Colour, pulumi.Output<string>[]>;
    /** The shared topology's one load balancer. */
    readonly sharedLoadBalancerId?: pulumi.Output<string>;
    /** The shared topology's outbound address. */
    readonly outboundIp?: network.PublicIPAddress;
}

/** The paired topology's two load balancers, each colour's scale set in its own load balancer's one pool. */
function createPairedFrontEnd(resolved: ResolvedArgs, context: LoadBalancerContext): FrontEnd {
    const loadBalancers = {
        blue: createLoadBalancer(resolved, "blue", context),
        green: createLoadBalancer(resolved, "green", context),
    };
    const pool = (lb: network.LoadBalancer) => [pulumi.interpolate`${lb.id}/backendAddressPools/${resolved.names.backendPool}`];
    return {
        loadBalancerIds: { blue: loadBalancers.blue.id, green: loadBalancers.green.id },
        backendPoolIds: { blue: pool(loadBalancers.blue), green: pool(loadBalancers.green) },
    };
}

/**
 * What a swap of this pair works on, each name known at construction (explicit Azure names), so `VipSwap` can be
 * given them before any load balancer exists. The paired target has no `kind`: absent means paired, so the `VipSwap`
 * inputs of existing stacks stay exactly as they were.
 */
function swapTargetOf(resolved: ResolvedArgs, resourceGroupName: pulumi.Output<string>): VipSwapTargetArgs {
    const { names } = resolved;
    if (resolved.topology === "sharedLoadBalancer") {
        return {
            kind: "sharedLoadBalancer",
            resourceGroupName,
            loadBalancerName: names.sharedLoadBalancer,
            productionFrontendName: names.sharedFrontends.production,
            stagingFrontendName: names.sharedFrontends.staging,
            bluePoolName: names.sharedPools.blue,
            greenPoolName: names.sharedPools.green,
        };
    }
    return {
        resourceGroupName,
        blueLoadBalancerName: names.blueLoadBalancer,
        greenLoadBalancerName: names.greenLoadBalancer,
        frontendName: names.frontend,
        productionIpName: names.productionIp,
        stagingIpName: names.stagingIp,
    };
}
