import * as pulumi from "@pulumi/pulumi";
import {
    defaultImage,
    defaultPorts,
    defaultProbe,
    defaults,
    isExistingNetwork,
    type BlueGreenDeploymentArgs,
    type ColourArgs,
    type ImageReference,
    type Topology,
} from "./blueGreenArgs";
import { blueGreenNames, type BlueGreenNames } from "./blueGreenNames";
import { validateCreatedNetwork, validateResourceGroupName, validateSourceRange, validateSubnetId } from "./blueGreenNetworkValidation";
import { vipswapTags, type ResourceRole, type TagColour } from "./blueGreenTags";
import {
    BlueGreenArgsError,
    validateAdminUsername,
    validateCapacity,
    validateColour,
    validateImage,
    validateLocation,
    validatePorts,
    validateProbe,
    validateSshPublicKey,
    validateTopology,
    validateVmSize,
    validateZones,
} from "./blueGreenValidation";
import { checkedInput } from "./checkedInput";
import { colours, type Colour } from "./colour";

/** The resolved, validated arguments that `BlueGreenDeployment`'s children are built from. */
export interface ResolvedArgs {
    /** The component name. */
    readonly name: string;
    /** The Azure names, fixed by the component name. */
    readonly names: BlueGreenNames;
    /** The live colour. */
    readonly activeColour: pulumi.Output<Colour>;
    /** How the pair is wired (a plain value: it decides which resources exist). */
    readonly topology: Topology;
    /** The load-balancing rules, identical on both colours. */
    readonly ports: pulumi.Output<ReturnType<typeof validatePorts>>;
    /** The health probe, identical on both colours. */
    readonly probe: pulumi.Output<ReturnType<typeof validateProbe>>;
    /** Region of every resource. */
    readonly location: pulumi.Output<string>;
    /** Zones of the addresses and the scale sets. */
    readonly zones: pulumi.Output<string[]>;
    /** The user's tags (vipswap's own are added per resource by {@link resolvedTags}). */
    readonly userTags: pulumi.Output<Record<string, string>>;
    /** Whether the addresses get Pulumi's `protect`. */
    readonly protectAddresses: boolean;
    /** Each colour's settings. */
    readonly colours: Record<Colour, ResolvedColour>;
    /** The existing resource group to use, or undefined to create one. */
    readonly resourceGroupName?: pulumi.Output<string>;
    /** Where the instances live. */
    readonly network: ResolvedNetwork;
}

/** An existing subnet, or the network that the component creates. */
export type ResolvedNetwork =
    | { readonly kind: "existing"; readonly subnetId: pulumi.Output<string> }
    | {
          readonly kind: "created";
          readonly addressSpace: pulumi.Output<string>;
          readonly subnetPrefix: pulumi.Output<string>;
          readonly allowedSourceRange: pulumi.Output<string>;
      };

/** One colour's validated settings, with the defaults applied. */
export interface ResolvedColour {
    /** The colour's arguments as given (vmSize, customData, appVersion are used as they are). */
    readonly args: ColourArgs;
    /** Number of instances. */
    readonly capacity: pulumi.Output<number>;
    /** The administrator's SSH public key. */
    readonly sshPublicKey: pulumi.Output<string>;
    /** The administrator's user name. */
    readonly adminUsername: pulumi.Output<string>;
    /** The OS image. */
    readonly image: pulumi.Output<ImageReference>;
    /** The VM size. */
    readonly vmSize: pulumi.Output<string>;
}

/**
 * Validates what can be validated now and applies the defaults. Plain values (stack config) are checked at once,
 * so a bad argument throws before any resource is registered.
 */
export function resolveArgs(name: string, args: BlueGreenDeploymentArgs): ResolvedArgs {
    const names = blueGreenNames(name);
    const topology = validateTopology(args.topology ?? defaults.topology);
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
            vmSize: checkedInput(colourArgs.vmSize ?? defaults.vmSize, (v) => validateVmSize(v, `${colour}.vmSize`)),
        };
    };
    const [blue, green] = colours.map(colourSettings);
    return {
        name,
        names,
        activeColour: checkedInput(args.activeColour, (v) => validateColour(v)),
        topology,
        ports: checkedInput(args.ports ?? defaultPorts, (v) => validatePorts(v)),
        probe: checkedInput(args.probe ?? defaultProbe, (v) => validateProbe(v)),
        location: checkedInput(args.location, (v) => validateLocation(v)),
        zones: checkedInput(args.zones ?? [...defaults.zones], (v) => validateZones(v)),
        userTags: pulumi.output(args.tags ?? {}) as pulumi.Output<Record<string, string>>,
        protectAddresses: args.protectAddresses ?? defaults.protectAddresses,
        colours: { blue, green },
        ...(args.resourceGroupName === undefined
            ? {}
            : { resourceGroupName: checkedInput(args.resourceGroupName, (v) => validateResourceGroupName(v)) }),
        network: resolveNetwork(args.network),
    };
}

/** The settings of a network the component creates: meaningless beside an existing subnet. */
const createdNetworkKeys = ["addressSpace", "subnetPrefix", "allowedSourceRange"] as const;

function resolveNetwork(network: BlueGreenDeploymentArgs["network"]): ResolvedNetwork {
    if (isExistingNetwork(network)) {
        const alsoGiven = createdNetworkKeys.filter((key) => network[key] !== undefined);
        if (alsoGiven.length > 0) {
            throw new BlueGreenArgsError(
                "network",
                `subnetId names an existing subnet, so ${alsoGiven.join(", ")} would be ignored`,
                "Give network.subnetId alone to use an existing subnet, or leave it out to let the component create the network.",
            );
        }
        return { kind: "existing", subnetId: checkedInput(network.subnetId, (v) => validateSubnetId(v)) };
    }
    const created = network ?? {};
    const prefixes = checkedInput([created.addressSpace ?? defaults.addressSpace, created.subnetPrefix ?? defaults.subnetPrefix], (v) => {
        const [addressSpace, subnetPrefix] = v as unknown[];
        return validateCreatedNetwork(addressSpace, subnetPrefix);
    });
    return {
        kind: "created",
        addressSpace: prefixes.addressSpace,
        subnetPrefix: prefixes.subnetPrefix,
        allowedSourceRange: checkedInput(created.allowedSourceRange ?? defaults.allowedSourceRange, (v) => validateSourceRange(v)),
    };
}

/** The tags of one child: the user's, plus vipswap's deployment, colour and role (which the user cannot override). */
export function resolvedTags(resolved: ResolvedArgs, colour: TagColour, role: ResourceRole): pulumi.Output<Record<string, string>> {
    return resolved.userTags.apply((userTags) => vipswapTags(userTags, resolved.name, colour, role));
}
