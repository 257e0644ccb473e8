import { PairedSwapTarget, swapTargetFields } from "../../components/swap/swapTarget";
import { stringField } from "./propertyReaders";
import { dynamicTypePrefix, vipSwapType } from "./resourceTypes";
import { ResourceLike } from "./stackIndex";

/** A VipSwap resource: its swap target (fields that are not set are undefined) and the live colour it drives. */
export interface VipSwapModel {
    readonly resource: ResourceLike;
    /** One SwapTarget field; undefined when missing or empty. */
    target(key: keyof PairedSwapTarget): string | undefined;
    /** The `activeColour` input as written (validated by the rules, not here). */
    activeColour(): string | undefined;
}

/**
 * The VipSwap view of a resource, or undefined when it is not one. Recognised by its type token, or (for a dynamic
 * resource registered without the vipswap type, as Pulumi's docs advise for dynamic providers) by carrying every
 * SwapTarget field.
 */
export function vipSwapModel(resource: ResourceLike): VipSwapModel | undefined {
    const props = resource.props;
    const isVipSwap =
        resource.type === vipSwapType ||
        (resource.type.startsWith(dynamicTypePrefix) &&
            props !== null &&
            typeof props === "object" &&
            swapTargetFields.every((key) => key in props));
    if (!isVipSwap) {
        return undefined;
    }
    return {
        resource,
        target: (key) => stringField(props, key),
        activeColour: () => stringField(props, "activeColour"),
    };
}
