/** The ARM errors of scale set writes, each with the code Azure uses (docs/azure-behaviour.md §11). */
import { ArmError } from "./armError";

/**
 * 400: a scale set may use at most one public and one internal load balancer ("Azure Load Balancer common deployment
 * errors", docs/azure-behaviour.md §11). No text of the scale set's error is public; this one follows the NIC
 * variant's, `NetworkInterfaceUsesMultipleLoadBalancersOfSameType` ("Network interface … references more than one load
 * balancer of the same type (internal or public): …", seanknox/aztack#3).
 */
export function scaleSetCannotUseMultipleLoadBalancers(scaleSetId: string, kind: "public" | "internal", loadBalancerIds: readonly string[]): ArmError {
    return new ArmError(
        400,
        "VMScaleSetCannotUseMultipleLoadBalancersOfSameType",
        `Virtual Machine Scale Set ${scaleSetId} references more than one load balancer of the same type (${kind}): ${loadBalancerIds.join(", ")}.`,
    );
}

/** 400: `sku.capacity` is no whole number from 0 to 1000 (a Uniform scale set's limit). */
export function invalidScaleSetCapacity(value: unknown): ArmError {
    return new ArmError(
        400,
        "InvalidParameter",
        `The value ${JSON.stringify(value)} of parameter 'sku.capacity' is not valid: it must be a whole number from 0 to 1000.`,
        [{ code: "InvalidParameter", message: "sku.capacity", target: "sku.capacity" }],
    );
}
