import * as pulumi from "@pulumi/pulumi";
// Sub-module imports: loading "@pulumi/azure-native" whole costs seconds on every program start.
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import type { AddressRole } from "./addressRole";
import type { BlueGreenDeploymentArgs } from "./blueGreenArgs";
import { createLoadBalancer } from "./blueGreenLoadBalancer";
import type { BlueGreenNames } from "./blueGreenNames";
import { resolveArgs, resolvedTags, type ResolvedArgs, type ResolvedNetwork } from "./blueGreenResolvedArgs";
import { createScaleSet, scaleSetRevisionOf } from "./blueGreenScaleSet";
import type { Colour } from "./colour";
import type { HealthGateSettings } from "./health/healthGateSettings";
import { inboundSecurityRules } from "./networkSecurityRules";
import { serviceUrl } from "./serviceUrl";
import type { PairedSwapTarget, SwapTarget } from "./swap/swapTarget";
import { VipSwap } from "./vipSwap/vipSwap";

/**
 * What the `VipSwap` resource is built from (issue 4): names and ids known before the load balancers exist,
 * so the swap can run before azure-native updates them.
 */
export interface VipSwapWiring {
    /** The resource group and the names of both load balancers, the shared frontend and both addresses. */
    readonly target: pulumi.Output<SwapTarget>;
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
 * A blue/green pair of Azure VM scale sets behind two Standard load balancers, with a production and a staging
 * public address that swap between the load balancers when `activeColour` flips (docs/design.md).
 *
 * Creates: the production and staging public IPs (Standard, Static, IPv4, protected by default), a blue and a
 * green load balancer with identical rules, probe and frontend name, a scale set per colour in its load balancer's
 * backend pool, and, unless `network.subnetId` is given, a virtual network, subnet and security group. Unless
 * `resourceGroupName` is given it also creates the resource group.
 */
export class BlueGreenDeployment extends pulumi.ComponentResource {
    /** The component's type token. */
    static readonly typeToken = "vipswap:azure:BlueGreenDeployment";

    /** The Azure names of everything the component creates; fixed by the component name. */
    public readonly names: BlueGreenNames;
    /** The resource group that holds everything. */
    public readonly resourceGroupName: pulumi.Output<string>;
    /** What a swap works on (the CLI's and the `VipSwap` resource's view of this pair). */
    public readonly swapTarget: pulumi.Output<SwapTarget>;
    /** The live colour (its load balancer declares the production address). */
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
    /** Resource id of the blue load balancer. */
    public readonly blueLoadBalancerId: pulumi.Output<string>;
    /** Resource id of the green load balancer. */
    public readonly greenLoadBalancerId: pulumi.Output<string>;
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

        this.swapTarget = this.resourceGroupName.apply(
            (resourceGroupName): SwapTarget => ({
                resourceGroupName,
                blueLoadBalancerName: names.blueLoadBalancer,
                greenLoadBalancerName: names.greenLoadBalancer,
                frontendName: names.frontend,
                productionIpName: names.productionIp,
                stagingIpName: names.stagingIp,
            }),
        );

        const swapDependencies = this.createSwap(name, {
            target: this.swapTarget,
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
        const lbContext = { parent: this, resourceGroupName: this.resourceGroupName, addressIds, swapDependencies };
        const loadBalancers = {
            blue: createLoadBalancer(resolved, "blue", lbContext),
            green: createLoadBalancer(resolved, "green", lbContext),
        };
        this.blueLoadBalancerId = loadBalancers.blue.id;
        this.greenLoadBalancerId = loadBalancers.green.id;

        const scaleSetContext = { parent: this, resourceGroupName: this.resourceGroupName, subnetId: this.subnetId };
        this.blueScaleSetId = createScaleSet(resolved, "blue", { ...scaleSetContext, loadBalancer: loadBalancers.blue }).id;
        this.greenScaleSetId = createScaleSet(resolved, "green", { ...scaleSetContext, loadBalancer: loadBalancers.green }).id;

        const address = (ip: network.PublicIPAddress) => ip.ipAddress.apply((value) => value ?? "");
        this.productionAddress = address(productionIp);
        this.stagingAddress = address(stagingIp);
        this.productionUrl = pulumi.all([this.productionAddress, resolved.ports]).apply(([a, p]) => serviceUrl(a, p));
        this.stagingUrl = pulumi.all([this.stagingAddress, resolved.ports]).apply(([a, p]) => serviceUrl(a, p));

        this.registerOutputs({
            names: this.names,
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
            blueScaleSetId: this.blueScaleSetId,
            greenScaleSetId: this.greenScaleSetId,
            subnetId: this.subnetId,
        });
    }

    /**
     * Where `VipSwap` plugs in (issue 4): both load balancers `dependsOn` what this returns, so on a flip the swap
     * runs first and azure-native's PUT of each load balancer then restates what Azure already has. On the first
     * deployment the load balancers do not exist yet and the swap only records the colour.
     */
    private createSwap(name: string, inputs: VipSwapWiring): pulumi.Resource[] {
        // This component builds the paired topology (two load balancers); its target is a PairedSwapTarget.
        const target = inputs.target as pulumi.Output<PairedSwapTarget>;
        const swap = new VipSwap(
            `${name}-swap`,
            {
                activeColour: inputs.activeColour,
                resourceGroupName: target.resourceGroupName,
                blueLoadBalancerName: target.blueLoadBalancerName,
                greenLoadBalancerName: target.greenLoadBalancerName,
                frontendName: target.frontendName,
                productionIpName: target.productionIpName,
                stagingIpName: target.stagingIpName,
                ...(inputs.healthGate !== undefined ? { healthGate: inputs.healthGate } : {}),
                scaleSetRevisions: inputs.scaleSetRevisions,
            },
            // The addresses exist before the swap looks at them; the load balancers come after it (dependsOn it).
            { parent: this, dependsOn: [inputs.productionIp, inputs.stagingIp] },
        );
        return [swap];
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

    /** The production or staging address: Standard, Static, IPv4, zone-redundant by default, named by role. */
    private createAddress(name: string, resolved: ResolvedArgs, role: AddressRole): network.PublicIPAddress {
        return new network.PublicIPAddress(
            `${name}-${role}-ip`,
            {
                publicIpAddressName: role === "production" ? resolved.names.productionIp : resolved.names.stagingIp,
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
            { parent: this, protect: resolved.protectAddresses },
        );
    }
}
