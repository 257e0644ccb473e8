/** The ARM errors of scale set writes, each with the code Azure uses (docs/azure-behaviour.md §11). */
import { ArmError } from "./armError";

/**
 * 400: a scale set may use at most one public and one internal load balancer ("Azure Load Balancer common deployment
 * errors", docs/azure-behaviour.md §11). The emulator's wording names both.
 */
export function scaleSetCannotUseMultipleLoadBalancers(scaleSetId: string, kind: "public" | "internal", loadBalancerIds: readonly string[]): ArmError {
    return new ArmError(
        400,
        "VMScaleSetCannotUseMultipleLoadBalancersOfSameType",
        `Virtual Machine Scale Set ${scaleSetId} cannot use more than one ${kind} load balancer; it references ${loadBalancerIds.join(" and ")}. Use one ${kind} load balancer, with several backend pools if needed.`,
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
