import type * as pulumi from "@pulumi/pulumi";
import type { Colour } from "./colour";
import type { HealthGateSettings } from "./health/healthGateSettings";

/**
 * Transport protocol of a load-balancing rule (the values Azure accepts for a Standard load balancer rule). A value
 * as well as a type, so that the schema of the component package has an enum (docs/other-languages.md).
 */
export const PortProtocol = {
    /** TCP. */
    Tcp: "Tcp",
    /** UDP. */
    Udp: "Udp",
} as const;

/** Transport protocol of a load-balancing rule: `"Tcp"` or `"Udp"`. */
export type PortProtocol = (typeof PortProtocol)[keyof typeof PortProtocol];

/** Every {@link PortProtocol}, for validation messages. */
export const portProtocols: readonly PortProtocol[] = ["Tcp", "Udp"];

/** Protocol of the health probe (a value as well as a type, for the package schema's enum). */
export const ProbeProtocol = {
    /** An HTTP GET of `path`; healthy on 200. */
    Http: "Http",
    /** An HTTPS GET of `path`; healthy on 200. */
    Https: "Https",
    /** A TCP connection to `port`. */
    Tcp: "Tcp",
} as const;

/** Protocol of the health probe: `"Http"`, `"Https"` or `"Tcp"`. */
export type ProbeProtocol = (typeof ProbeProtocol)[keyof typeof ProbeProtocol];

/** Every {@link ProbeProtocol}, for validation messages. */
export const probeProtocols: readonly ProbeProtocol[] = ["Http", "Https", "Tcp"];

/**
 * How a pair is wired (docs/topologies.md compares them):
 * - `pairedLoadBalancers`: a load balancer per colour; the swap moves the two addresses between them with a floating
 *   address, and production is unattached for one load balancer update;
 * - `sharedLoadBalancer`: one load balancer with a production and a staging frontend that keep their addresses, and a
 *   pool per colour; the swap re-points the rules' pools in one update and never detaches an address
 *   (docs/azure-behaviour.md §11).
 */
export const Topology = {
    /** A load balancer per colour; the floating-IP swap (the default). */
    PairedLoadBalancers: "pairedLoadBalancers",
    /** One load balancer, a pool per colour; the rule-to-pool switch. */
    SharedLoadBalancer: "sharedLoadBalancer",
} as const;
/** One of {@link Topology}'s values (an `as const` object, so that other languages' SDKs get an enum). */
export type Topology = (typeof Topology)[keyof typeof Topology];

/** Every {@link Topology}, for validation messages. */
export const topologies: readonly Topology[] = ["pairedLoadBalancers", "sharedLoadBalancer"];

/** One load-balancing rule; both colours get exactly the same list, so a swap changes nothing but which colour serves. */
export interface PortRule {
    /** The rule's name (letters, digits, '-', '_', '.'), unique in the list. Also names the security rule. */
    readonly name: string;
    /** `Tcp` or `Udp`. */
    readonly protocol: PortProtocol;
    /** The port clients connect to on the public address, 1-65534, unique per protocol. */
    readonly frontendPort: number;
    /** The port the instances listen on, 1-65535. */
    readonly backendPort: number;
}

/** The health probe that both load balancers use to decide which instances receive traffic. */
export interface HealthProbe {
    /** `Http`, `Https` or `Tcp`. */
    readonly protocol: ProbeProtocol;
    /** The instance port to probe, 1-65535. */
    readonly port: number;
    /** The request path for `Http`/`Https` probes (must start with '/'); not allowed for `Tcp`. */
    readonly path?: string;
}

/** A marketplace or gallery image for the scale set instances. */
export interface ImageReference {
    /** Image publisher, e.g. `Canonical`. */
    readonly publisher?: string;
    /** Image offer, e.g. `ubuntu-24_04-lts`. */
    readonly offer?: string;
    /** Image SKU, e.g. `server`. */
    readonly sku?: string;
    /** Image version, e.g. `latest`. */
    readonly version?: string;
    /** Full resource id of a custom or gallery image, instead of publisher/offer/sku/version. */
    readonly id?: string;
}

/** What runs behind one colour's load balancer. */
export interface ColourArgs {
    /** VM size of the instances. Default `Standard_B2s`. */
    readonly vmSize?: pulumi.Input<string>;
    /** Number of instances, 0 or more (0 parks an idle colour). Default 2. */
    readonly capacity?: pulumi.Input<number>;
    /** The OS image. Default: Ubuntu 24.04 LTS (`Canonical:ubuntu-24_04-lts:server:latest`). */
    readonly image?: pulumi.Input<ImageReference>;
    /** The administrator's user name. Default `azureuser`. Password login is always off. */
    readonly adminUsername?: pulumi.Input<string>;
    /** The administrator's SSH public key (OpenSSH format, e.g. `ssh-rsa AAAA...`). Required. */
    readonly sshPublicKey: pulumi.Input<string>;
    /** cloud-init (or any custom data) as plain text; the component base64-encodes it. Never put secrets here. */
    readonly customData?: pulumi.Input<string>;
    /** A label of what this colour runs (e.g. `1.4.2`); set as the `vipswap:appVersion` tag on the scale set. */
    readonly appVersion?: pulumi.Input<string>;
}

/** The component creates a virtual network, a subnet and a network security group. */
export interface CreatedNetworkArgs {
    /** The virtual network's address space. Default `10.0.0.0/16`. */
    readonly addressSpace?: pulumi.Input<string>;
    /** The subnet's prefix, inside `addressSpace`. Default `10.0.0.0/24`. */
    readonly subnetPrefix?: pulumi.Input<string>;
    /**
     * Who may reach the rule ports: a CIDR, an IP, or a service tag. Default `Internet`.
     * The security group admits exactly the rule ports from here, plus the health probe from `AzureLoadBalancer`.
     */
    readonly allowedSourceRange?: pulumi.Input<string>;
}

/** The instances join an existing subnet; its security rules must admit the rule ports and the probe. */
export interface ExistingNetworkArgs {
    /** Full resource id of the subnet (in the same region as the deployment). */
    readonly subnetId: pulumi.Input<string>;
}

/**
 * Where the instances live: either `subnetId` alone (an existing subnet), or any of the {@link CreatedNetworkArgs}
 * (the component creates the network). One object rather than a union of the two, because a component package's
 * schema has no unions (docs/other-languages.md); giving both is refused with a clear error.
 */
export interface NetworkArgs extends CreatedNetworkArgs {
    /**
     * Full resource id of an existing subnet (in the same region as the deployment) for the instances; its security
     * rules must admit the rule ports and the probe. When given, no other network setting may be.
     */
    readonly subnetId?: pulumi.Input<string>;
}

/** Arguments of a {@link BlueGreenDeployment}. */
export interface BlueGreenDeploymentArgs {
    /**
     * Name of an existing resource group to create everything in. When omitted the component creates
     * `<name>-rg` in `location`.
     */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** Azure region of every resource, e.g. `westeurope`. */
    readonly location: pulumi.Input<string>;
    /**
     * The live colour, `blue` or `green`: the colour that the production address serves. Flipping it and running
     * `pulumi up` swaps: the two addresses trade load balancers (paired topology), or the rules trade pools (shared).
     */
    readonly activeColour: pulumi.Input<Colour>;
    /**
     * How the pair is wired: `pairedLoadBalancers` (the default: a load balancer per colour, the floating-IP swap) or
     * `sharedLoadBalancer` (one load balancer, a frontend per address and a pool per colour; the swap switches the
     * rules' pools and never detaches an address). A plain value: it decides which resources exist. Choose it once:
     * a live stack cannot change it in place (docs/topologies.md#changing-the-topology).
     */
    readonly topology?: Topology;
    // No JSDoc link in a property's doc: the schema analyzer turns one into "[object Object]" (componentSchema.test.ts).
    /** Where the instances live. Default: the component creates a network (the `CreatedNetworkArgs` defaults). */
    readonly network?: NetworkArgs;
    /**
     * The load-balancing rules, identical on both colours (the shared topology makes one rule per port on each
     * frontend, named `<name>-production` and `<name>-staging`). Default one rule `http`: Tcp 80 -> 80.
     */
    readonly ports?: pulumi.Input<pulumi.Input<PortRule>[]>;
    /** The health probe. Default `Http` on port 80, path `/`. */
    readonly probe?: pulumi.Input<HealthProbe>;
    /** The blue colour's instances. */
    readonly blue: ColourArgs;
    /** The green colour's instances. */
    readonly green: ColourArgs;
    /**
     * Availability zones of the addresses and the scale sets. Default `["1", "2", "3"]` (zone-redundant addresses).
     * Use `[]` in regions without zones. Changing the zones of an address replaces it, so choose them once.
     */
    readonly zones?: pulumi.Input<pulumi.Input<string>[]>;
    /** Tags for every resource the component creates (the `vipswap:*` tags are added to them). */
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /**
     * Create the production and staging addresses with Pulumi's `protect` option, so no `pulumi destroy` or
     * replacement can delete them by accident. Default `true`. A plain boolean: resource options cannot wait
     * for outputs.
     */
    readonly protectAddresses?: boolean;
    /**
     * The health gates around every swap (docs/health-gates.md): before the first write, the new colour's
     * load-balancing rules must have their backends up (and an optional HTTP smoke test must pass); after the swap, an
     * optional HTTP check of the production address, with automatic rollback. Default: the rule-health check only.
     */
    readonly healthGate?: pulumi.Input<HealthGateSettings>;
}

/** The rule used when `ports` is omitted. */
export const defaultPorts: readonly PortRule[] = [{ name: "http", protocol: "Tcp", frontendPort: 80, backendPort: 80 }];

/** The probe used when `probe` is omitted. */
export const defaultProbe: HealthProbe = { protocol: "Http", port: 80, path: "/" };

/** The image used when a colour's `image` is omitted: the current Ubuntu LTS. */
export const defaultImage: ImageReference = {
    publisher: "Canonical",
    offer: "ubuntu-24_04-lts",
    sku: "server",
    version: "latest",
};

/** Defaults of the remaining optional arguments. */
export const defaults = {
    vmSize: "Standard_B2s",
    capacity: 2,
    adminUsername: "azureuser",
    zones: ["1", "2", "3"] as readonly string[],
    addressSpace: "10.0.0.0/16",
    subnetPrefix: "10.0.0.0/24",
    allowedSourceRange: "Internet",
    protectAddresses: true,
    topology: "pairedLoadBalancers" as Topology,
} as const;

/** True when `network` names an existing subnet rather than asking the component to create one. */
export function isExistingNetwork(network: BlueGreenDeploymentArgs["network"]): network is NetworkArgs & ExistingNetworkArgs {
    return network !== undefined && "subnetId" in network && network.subnetId !== undefined;
}
