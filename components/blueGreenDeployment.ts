import * as pulumi from "@pulumi/pulumi";
// Sub-module imports: loading "@pulumi/azure-native" whole costs seconds on every program start.
import * as compute from "@pulumi/azure-native/compute";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import { addressRoleOf, type AddressRole } from "./addressRole";
import {
    defaultImage,
    defaultPorts,
    defaultProbe,
    defaults,
    isExistingNetwork,
    type BlueGreenDeploymentArgs,
    type ColourArgs,
    type CreatedNetworkArgs,
    type ImageReference,
} from "./blueGreenArgs";
import { blueGreenNames, loadBalancerNameOf, scaleSetNameOf, type BlueGreenNames } from "./blueGreenNames";
import { tagKeys, vipswapTags, type ResourceRole, type TagColour } from "./blueGreenTags";
import {
    validateAdminUsername,
    validateCapacity,
    validateColour,
    validateImage,
    validateLocation,
    validatePorts,
    validateProbe,
    validateSshPublicKey,
    validateZones,
} from "./blueGreenValidation";
import { checkedInput } from "./checkedInput";
import { colours, type Colour } from "./colour";
import type { HealthGateSettings } from "./health/healthGateSettings";
import { loadBalancerBody } from "./loadBalancerBody";
import { inboundSecurityRules } from "./networkSecurityRules";
import { scaleSetRevision } from "./scaleSetRevision";
import { virtualMachineProfile } from "./scaleSetProfile";
import { serviceUrl } from "./serviceUrl";
import type { SwapTarget } from "./swap/swapTarget";
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
    /** Region of the pair (a floating address must be created there). */
    readonly location: pulumi.Output<string>;
    /** Zones of the pair's addresses. */
    readonly zones: pulumi.Output<string[]>;
    /** The production address. */
    readonly productionIp: network.PublicIPAddress;
    /** The staging address. */
    readonly stagingIp: network.PublicIPAddress;
    /** The user's tags, for anything the swap creates. */
    readonly tags: pulumi.Output<Record<string, string>>;
    /** The health gates around a swap (undefined: VipSwap's defaults). */
    readonly healthGate?: pulumi.Input<HealthGateSettings>;
    /** A fingerprint of each colour's scale set model (scaleSetRevision.ts): a flip onto a changing colour is refused. */
    readonly scaleSetRevisions: Record<Colour, pulumi.Output<string>>;
}

/** The resolved, validated arguments the children are built from. */
interface Resolved {
    readonly name: string;
    readonly names: BlueGreenNames;
    readonly activeColour: pulumi.Output<Colour>;
    readonly ports: pulumi.Output<ReturnType<typeof validatePorts>>;
    readonly probe: pulumi.Output<ReturnType<typeof validateProbe>>;
    readonly location: pulumi.Output<string>;
    readonly zones: pulumi.Output<string[]>;
    readonly userTags: pulumi.Output<Record<string, string>>;
    readonly protectAddresses: boolean;
    readonly colours: Record<Colour, ResolvedColour>;
}

interface ResolvedColour {
    readonly args: ColourArgs;
    readonly capacity: pulumi.Output<number>;
    readonly sshPublicKey: pulumi.Output<string>;
    readonly adminUsername: pulumi.Output<string>;
    readonly image: pulumi.Output<ImageReference>;
}

/**
 * A blue/green pair of Azure VM scale sets behind two Standard load balancers, with a production and a staging
 * public address that swap between the load balancers when `activeColour` flips (DESIGN.md).
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
            args.resourceGroupName === undefined
                ? new resources.ResourceGroup(
                      `${name}-rg`,
                      {
                          resourceGroupName: names.resourceGroup,
                          location: resolved.location,
                          tags: this.tags(resolved, "shared", "resource-group"),
                      },
                      { parent: this },
                  )
                : undefined;
        this.resourceGroupName = resourceGroup ? resourceGroup.name : pulumi.output(args.resourceGroupName!);

        this.subnetId = isExistingNetwork(args.network)
            ? pulumi.output(args.network.subnetId)
            : this.createNetwork(name, resolved, args.network ?? {});

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
            location: resolved.location,
            zones: resolved.zones,
            productionIp,
            stagingIp,
            tags: resolved.userTags,
            healthGate: args.healthGate,
            scaleSetRevisions: { blue: scaleSetRevisionOf(resolved, "blue"), green: scaleSetRevisionOf(resolved, "green") },
        });

        const addressIds: Record<AddressRole, pulumi.Output<string>> = {
            production: productionIp.id,
            staging: stagingIp.id,
        };
        const loadBalancers = {
            blue: this.createLoadBalancer(name, resolved, "blue", addressIds, swapDependencies),
            green: this.createLoadBalancer(name, resolved, "green", addressIds, swapDependencies),
        };
        this.blueLoadBalancerId = loadBalancers.blue.id;
        this.greenLoadBalancerId = loadBalancers.green.id;

        this.blueScaleSetId = this.createScaleSet(name, resolved, "blue", loadBalancers.blue).id;
        this.greenScaleSetId = this.createScaleSet(name, resolved, "green", loadBalancers.green).id;

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
        const swap = new VipSwap(
            `${name}-swap`,
            {
                activeColour: inputs.activeColour,
                resourceGroupName: inputs.target.resourceGroupName,
                blueLoadBalancerName: inputs.target.blueLoadBalancerName,
                greenLoadBalancerName: inputs.target.greenLoadBalancerName,
                frontendName: inputs.target.frontendName,
                productionIpName: inputs.target.productionIpName,
                stagingIpName: inputs.target.stagingIpName,
                ...(inputs.healthGate !== undefined ? { healthGate: inputs.healthGate } : {}),
                scaleSetRevisions: inputs.scaleSetRevisions,
            },
            // The addresses exist before the swap looks at them; the load balancers come after it (dependsOn it).
            { parent: this, dependsOn: [inputs.productionIp, inputs.stagingIp] },
        );
        return [swap];
    }

    private tags(resolved: Resolved, colour: TagColour, role: ResourceRole): pulumi.Output<Record<string, string>> {
        return resolved.userTags.apply((userTags) => vipswapTags(userTags, resolved.name, colour, role));
    }

    /** A virtual network, a subnet and the security group that admits the rule ports and the probe. */
    private createNetwork(name: string, resolved: Resolved, args: CreatedNetworkArgs): pulumi.Output<string> {
        const { names } = resolved;
        const sourceRange = pulumi.output(args.allowedSourceRange ?? defaults.allowedSourceRange);
        const securityGroup = new network.NetworkSecurityGroup(
            `${name}-nsg`,
            {
                networkSecurityGroupName: names.networkSecurityGroup,
                resourceGroupName: this.resourceGroupName,
                location: resolved.location,
                securityRules: pulumi
                    .all([resolved.ports, resolved.probe, sourceRange])
                    .apply(([ports, probe, source]) => inboundSecurityRules(ports, probe, source)),
                tags: this.tags(resolved, "shared", "network-security-group"),
            },
            { parent: this },
        );
        const virtualNetwork = new network.VirtualNetwork(
            `${name}-vnet`,
            {
                virtualNetworkName: names.virtualNetwork,
                resourceGroupName: this.resourceGroupName,
                location: resolved.location,
                addressSpace: { addressPrefixes: [args.addressSpace ?? defaults.addressSpace] },
                tags: this.tags(resolved, "shared", "virtual-network"),
            },
            // The subnet is its own resource below. azure-native keeps live subnets that the VNet body leaves unset
            // (MaintainSubResourceIfUnset, pulumi-facts.md §5), so a later VNet update does not drop it.
            { parent: this },
        );
        const subnet = new network.Subnet(
            `${name}-subnet`,
            {
                subnetName: names.subnet,
                resourceGroupName: this.resourceGroupName,
                virtualNetworkName: virtualNetwork.name,
                addressPrefix: args.subnetPrefix ?? defaults.subnetPrefix,
                networkSecurityGroup: { id: securityGroup.id },
                // Outbound goes through the load balancers' outbound rules, never through Azure's implicit default.
                defaultOutboundAccess: false,
            },
            { parent: this },
        );
        return subnet.id;
    }

    /** The production or staging address: Standard, Static, IPv4, zone-redundant by default, named by role. */
    private createAddress(name: string, resolved: Resolved, role: AddressRole): network.PublicIPAddress {
        return new network.PublicIPAddress(
            `${name}-${role}-ip`,
            {
                publicIpAddressName: role === "production" ? resolved.names.productionIp : resolved.names.stagingIp,
                resourceGroupName: this.resourceGroupName,
                location: resolved.location,
                // A Standard load balancer takes only Standard addresses, and Standard is Static only
                // (azure-facts.md §1 PublicIPAndLBSkuDoNotMatch, StandardSkuPublicIPAddressesMustBeStatic).
                sku: { name: "Standard", tier: "Regional" },
                publicIPAllocationMethod: "Static",
                publicIPAddressVersion: "IPv4",
                zones: resolved.zones,
                tags: this.tags(resolved, "shared", `${role}-address`),
            },
            { parent: this, protect: resolved.protectAddresses },
        );
    }

    /** The load balancer of `colour`; its one frontend declares the address that `activeColour` gives it. */
    private createLoadBalancer(
        name: string,
        resolved: Resolved,
        colour: Colour,
        addressIds: Record<AddressRole, pulumi.Output<string>>,
        swapDependencies: pulumi.Resource[],
    ): network.LoadBalancer {
        const { names } = resolved;
        const body = pulumi.all([resolved.ports, resolved.probe]).apply(([ports, probe]) => loadBalancerBody(names, ports, probe));
        const declaredAddressId = pulumi
            .all([resolved.activeColour, addressIds.production, addressIds.staging])
            .apply(([active, production, staging]) =>
                addressRoleOf(colour, active) === "production" ? production : staging,
            );
        return new network.LoadBalancer(
            `${name}-${colour}-lb`,
            {
                loadBalancerName: loadBalancerNameOf(names, colour),
                resourceGroupName: this.resourceGroupName,
                location: resolved.location,
                sku: { name: "Standard", tier: "Regional" },
                frontendIPConfigurations: [{ name: names.frontend, publicIPAddress: { id: declaredAddressId } }],
                backendAddressPools: body.backendAddressPools,
                probes: body.probes,
                loadBalancingRules: body.loadBalancingRules,
                outboundRules: body.outboundRules,
                tags: this.tags(resolved, colour, "load-balancer"),
            },
            // No ignoreChanges on the frontend: azure-native would PUT the stale address on the next unrelated
            // change (pulumi-facts §5). The swap runs first instead, so this declaration is always what Azure has.
            { parent: this, dependsOn: swapDependencies },
        );
    }

    /** The scale set of `colour`, its instances in that colour's backend pool. */
    private createScaleSet(
        name: string,
        resolved: Resolved,
        colour: Colour,
        loadBalancer: network.LoadBalancer,
    ): compute.VirtualMachineScaleSet {
        const settings = resolved.colours[colour];
        const colourArgs = settings.args;
        const backendPoolId = pulumi.interpolate`${loadBalancer.id}/backendAddressPools/${resolved.names.backendPool}`;
        const profile = virtualMachineProfile({
            colour,
            image: settings.image,
            adminUsername: settings.adminUsername,
            sshPublicKey: settings.sshPublicKey,
            customData: colourArgs.customData,
            subnetId: this.subnetId,
            backendPoolId,
        });
        const tags = pulumi
            .all([this.tags(resolved, colour, "scale-set"), pulumi.output(colourArgs.appVersion)])
            .apply(([base, appVersion]) => (appVersion === undefined ? base : { ...base, [tagKeys.appVersion]: appVersion }));
        return new compute.VirtualMachineScaleSet(
            `${name}-${colour}-vmss`,
            {
                vmScaleSetName: scaleSetNameOf(resolved.names, colour),
                resourceGroupName: this.resourceGroupName,
                location: resolved.location,
                sku: { name: colourArgs.vmSize ?? defaults.vmSize, tier: "Standard", capacity: settings.capacity },
                orchestrationMode: "Uniform",
                // A colour is changed while it is staging, so its instances may all take the new model at once.
                upgradePolicy: { mode: "Automatic" },
                overprovision: false,
                zones: resolved.zones,
                virtualMachineProfile: profile,
                tags,
            },
            { parent: this },
        );
    }
}

/** The fingerprint of `colour`'s scale set model, from the same settings that `createScaleSet` uses. */
function scaleSetRevisionOf(resolved: Resolved, colour: Colour): pulumi.Output<string> {
    const settings = resolved.colours[colour];
    return scaleSetRevision({
        vmSize: settings.args.vmSize ?? defaults.vmSize,
        capacity: settings.capacity,
        image: settings.image,
        adminUsername: settings.adminUsername,
        sshPublicKey: settings.sshPublicKey,
        customData: settings.args.customData,
        appVersion: settings.args.appVersion,
    });
}

/** Validates what can be validated now and applies the defaults. */
function resolveArgs(name: string, args: BlueGreenDeploymentArgs): Resolved {
    const names = blueGreenNames(name);
    const colourSettings = (colour: Colour): ResolvedColour => {
        const colourArgs = args[colour];
        if (colourArgs === undefined) {
            throw new Error(
                `BlueGreenDeployment argument ${colour}: missing. Give the ${colour} colour's settings, at least { sshPublicKey }.`,
            );
        }
        return {
            args: colourArgs,
            capacity: checkedInput(colourArgs.capacity ?? defaults.capacity, (v) => validateCapacity(v, `${colour}.capacity`)),
            sshPublicKey: checkedInput(colourArgs.sshPublicKey, (v) => validateSshPublicKey(v, `${colour}.sshPublicKey`)),
            adminUsername: checkedInput(colourArgs.adminUsername ?? defaults.adminUsername, (v) =>
                validateAdminUsername(v, `${colour}.adminUsername`),
            ),
            image: checkedInput(colourArgs.image ?? defaultImage, (v) => validateImage(v, `${colour}.image`)),
        };
    };
    const [blue, green] = colours.map(colourSettings);
    return {
        name,
        names,
        activeColour: checkedInput(args.activeColour, (v) => validateColour(v)),
        ports: checkedInput(args.ports ?? defaultPorts, (v) => validatePorts(v)),
        probe: checkedInput(args.probe ?? defaultProbe, (v) => validateProbe(v)),
        location: checkedInput(args.location, (v) => validateLocation(v)),
        zones: checkedInput(args.zones ?? [...defaults.zones], (v) => validateZones(v)),
        userTags: pulumi.output(args.tags ?? {}) as pulumi.Output<Record<string, string>>,
        protectAddresses: args.protectAddresses ?? defaults.protectAddresses,
        colours: { blue, green },
    };
}
