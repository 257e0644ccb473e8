import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { ImageReference } from "./blueGreenArgs";

/** What in one colour's settings changes its scale set's model (and so its running instances). */
export interface ScaleSetModel {
    readonly vmSize: pulumi.Input<string>;
    readonly capacity: pulumi.Input<number>;
    readonly image: pulumi.Input<ImageReference>;
    readonly adminUsername: pulumi.Input<string>;
    readonly sshPublicKey: pulumi.Input<string>;
    readonly customData?: pulumi.Input<string | undefined>;
    readonly appVersion?: pulumi.Input<string | undefined>;
}

/**
 * A short fingerprint of a colour's scale set model, for `VipSwap`'s `scaleSetRevisions`: it changes exactly when the
 * model does, so `VipSwap.check` can refuse a flip to a colour that this same `pulumi up` also updates. (The swap must
 * run before the load balancers are PUT, and the scale sets come after the load balancers, so such a colour would go
 * live before it is updated.) A hash, never the values: cloud-init text has no place in VipSwap's state. Not secret
 * even when a setting is, since nothing can be read back from it.
 */
export function scaleSetRevision(model: ScaleSetModel): pulumi.Output<string> {
    const fields = pulumi.all([
        model.vmSize,
        model.capacity,
        model.image,
        model.adminUsername,
        model.sshPublicKey,
        model.customData,
        model.appVersion,
    ]);
    return pulumi.unsecret(
        fields.apply((values) => createHash("sha256").update(JSON.stringify(values)).digest("hex").slice(0, 16)),
    );
}
