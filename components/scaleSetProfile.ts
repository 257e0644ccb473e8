import * as pulumi from "@pulumi/pulumi";
import type { ImageReference } from "./blueGreenArgs";
import type { Colour } from "./colour";

/** Everything one colour's instances are made of, with defaults applied. */
export interface ScaleSetSettings {
    readonly colour: Colour;
    readonly image: pulumi.Input<ImageReference>;
    readonly adminUsername: pulumi.Input<string>;
    readonly sshPublicKey: pulumi.Input<string>;
    /** Plain text; encoded here. */
    readonly customData?: pulumi.Input<string | undefined>;
    readonly subnetId: pulumi.Input<string>;
    /** The backend pools of the instances' NIC ipConfiguration. */
    readonly backendPoolIds: readonly pulumi.Input<string>[];
}

/** cloud-init text as the base64 the API takes (azure-native `VirtualMachineScaleSetOSProfileArgs.customData`). */
export function encodeCustomData(text: string | undefined): string | undefined {
    return text === undefined ? undefined : Buffer.from(text, "utf8").toString("base64");
}

/**
 * The scale set's `virtualMachineProfile`: Linux with SSH key login only (password login off), the instances'
 * single NIC in the subnet and in the colour's backend pool(s), cloud-init as base64 custom data.
 * Built from inputs leaf by leaf, so a preview shows every known setting even while the subnet and pool ids
 * are still unknown.
 */
export function virtualMachineProfile(settings: ScaleSetSettings) {
    return {
        osProfile: {
            // Instance host names start with the colour, so an operator on a box knows which side it serves.
            computerNamePrefix: settings.colour,
            adminUsername: settings.adminUsername,
            customData: pulumi.output(settings.customData).apply(encodeCustomData),
            linuxConfiguration: {
                disablePasswordAuthentication: true,
                ssh: {
                    publicKeys: [
                        {
                            path: pulumi.interpolate`/home/${settings.adminUsername}/.ssh/authorized_keys`,
                            keyData: settings.sshPublicKey,
                        },
                    ],
                },
            },
        },
        storageProfile: {
            imageReference: settings.image,
            osDisk: {
                createOption: "FromImage",
                caching: "ReadWrite" as const,
                managedDisk: { storageAccountType: "StandardSSD_LRS" },
            },
        },
        networkProfile: {
            networkInterfaceConfigurations: [
                {
                    name: `${settings.colour}-nic`,
                    primary: true,
                    ipConfigurations: [
                        {
                            name: `${settings.colour}-ipconfig`,
                            primary: true,
                            subnet: { id: settings.subnetId },
                            loadBalancerBackendAddressPools: settings.backendPoolIds.map((id) => ({ id })),
                        },
                    ],
                },
            ],
        },
    };
}
