import type { ImageReference } from "./blueGreenArgs";
import type { Colour } from "./colour";

/** Everything one colour's instances are made of, with defaults applied and inputs resolved. */
export interface ScaleSetSettings {
    readonly colour: Colour;
    readonly image: ImageReference;
    readonly adminUsername: string;
    readonly sshPublicKey: string;
    /** Plain text; encoded here. */
    readonly customData?: string;
    readonly subnetId: string;
    readonly backendPoolId: string;
}

/**
 * The scale set's `virtualMachineProfile`: Linux with SSH key login only (password login off), the instances'
 * single NIC in the subnet and in the colour's backend pool, cloud-init as base64 custom data (the API takes
 * base64: azure-native `VirtualMachineScaleSetOSProfileArgs.customData`).
 */
export function virtualMachineProfile(settings: ScaleSetSettings) {
    return {
        osProfile: {
            // Instance host names start with the colour, so an operator on a box knows which side it serves.
            computerNamePrefix: settings.colour,
            adminUsername: settings.adminUsername,
            ...(settings.customData === undefined
                ? {}
                : { customData: Buffer.from(settings.customData, "utf8").toString("base64") }),
            linuxConfiguration: {
                disablePasswordAuthentication: true,
                ssh: {
                    publicKeys: [
                        {
                            path: `/home/${settings.adminUsername}/.ssh/authorized_keys`,
                            keyData: settings.sshPublicKey,
                        },
                    ],
                },
            },
        },
        storageProfile: {
            imageReference: { ...settings.image },
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
                            loadBalancerBackendAddressPools: [{ id: settings.backendPoolId }],
                        },
                    ],
                },
            ],
        },
    };
}
