import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/azure-native/compute";
import { scaleSetNameOf } from "./blueGreenNames";
import { resolvedTags, type ResolvedArgs } from "./blueGreenResolvedArgs";
import { tagKeys } from "./blueGreenTags";
import type { Colour } from "./colour";
import { virtualMachineProfile } from "./scaleSetProfile";
import { scaleSetRevision } from "./scaleSetRevision";

/** What one colour's scale set is built from, besides the resolved arguments. */
export interface ScaleSetContext {
    /** The component (every child's parent). */
    readonly parent: pulumi.Resource;
    /** The resource group that holds the pair. */
    readonly resourceGroupName: pulumi.Output<string>;
    /** The subnet of the instances. */
    readonly subnetId: pulumi.Output<string>;
    /**
     * The backend pools the instances join: the colour's own pool (paired: its load balancer's one pool; shared: the
     * colour's pool), and in the shared topology also the outbound pool of the same load balancer. A scale set may sit
     * in several pools of one load balancer, but not behind two public load balancers (docs/azure-behaviour.md §11).
     */
    readonly backendPoolIds: pulumi.Output<string>[];
}

/** The scale set of `colour`, its instances in that colour's backend pool(s). */
export function createScaleSet(resolved: ResolvedArgs, colour: Colour, context: ScaleSetContext): compute.VirtualMachineScaleSet {
    const { name } = resolved;
    const settings = resolved.colours[colour];
    const colourArgs = settings.args;
    const profile = virtualMachineProfile({
        colour,
        image: settings.image,
        adminUsername: settings.adminUsername,
        sshPublicKey: settings.sshPublicKey,
        customData: colourArgs.customData,
        subnetId: context.subnetId,
        backendPoolIds: context.backendPoolIds,
    });
    const tags = pulumi
        .all([resolvedTags(resolved, colour, "scale-set"), pulumi.output(colourArgs.appVersion)])
        .apply(([base, appVersion]) => (appVersion === undefined ? base : { ...base, [tagKeys.appVersion]: appVersion }));
    return new compute.VirtualMachineScaleSet(
        `${name}-${colour}-vmss`,
        {
            vmScaleSetName: scaleSetNameOf(resolved.names, colour),
            resourceGroupName: context.resourceGroupName,
            location: resolved.location,
            sku: { name: settings.vmSize, tier: "Standard", capacity: settings.capacity },
            orchestrationMode: "Uniform",
            // A colour is changed while it is staging, so its instances may all take the new model at once.
            upgradePolicy: { mode: "Automatic" },
            overprovision: false,
            zones: resolved.zones,
            virtualMachineProfile: profile,
            tags,
        },
        { parent: context.parent },
    );
}

/** The fingerprint of `colour`'s scale set model (scaleSetRevision.ts), from the same settings as {@link createScaleSet}. */
export function scaleSetRevisionOf(resolved: ResolvedArgs, colour: Colour): pulumi.Output<string> {
    const settings = resolved.colours[colour];
    return scaleSetRevision({
        vmSize: settings.vmSize,
        capacity: settings.capacity,
        image: settings.image,
        adminUsername: settings.adminUsername,
        sshPublicKey: settings.sshPublicKey,
        customData: settings.args.customData,
        appVersion: settings.args.appVersion,
    });
}
