import {
    PairedSwapTarget,
    SharedSwapTarget,
    sharedSwapTargetFields,
    swapTargetFields,
} from "../../components/swap/swapTarget";
import { stringField } from "./propertyReaders";
import { dynamicTypePrefix, packageVipSwapType, vipSwapType } from "./resourceTypes";
import { ResourceLike } from "./stackIndex";

/** A name field of either kind of swap target. */
export type SwapTargetField = Exclude<keyof PairedSwapTarget | keyof SharedSwapTarget, "kind">;

/** A VipSwap resource: its swap target (fields that are not set are undefined) and the live colour it drives. */
export interface VipSwapModel {
    readonly resource: ResourceLike;
    /** The target's kind: `sharedLoadBalancer`, or `pairedLoadBalancers` when `kind` is absent (as for older stacks). */
    kind(): string;
    /** One swap target field; undefined when missing or empty. */
    target(key: SwapTargetField): string | undefined;
    /** The `activeColour` input as written (validated by the rules, not here). */
    activeColour(): string | undefined;
}

/**
 * The VipSwap view of a resource, or undefined when it is not one. Recognised by its type token (the dynamic
 * resource's, or the plugin's `vipswap:index:VipSwap` from other languages), or (for a dynamic
 * resource registered without the vipswap type, as Pulumi's docs advise for dynamic providers) by carrying every
 * field of a paired or a shared swap target.
 */
export function vipSwapModel(resource: ResourceLike): VipSwapModel | undefined {
    const props = resource.props;
    const carriesAll = (fields: readonly string[]) =>
        props !== null && typeof props === "object" && fields.every((key) => key in props);
    const isVipSwap =
        resource.type === vipSwapType ||
        resource.type === packageVipSwapType ||
        (resource.type.startsWith(dynamicTypePrefix) && (carriesAll(swapTargetFields) || carriesAll(sharedSwapTargetFields)));
    if (!isVipSwap) {
        return undefined;
    }
    return {
        resource,
        kind: () => stringField(props, "kind") ?? "pairedLoadBalancers",
        target: (key) => stringField(props, key),
        activeColour: () => stringField(props, "activeColour"),
    };
}
