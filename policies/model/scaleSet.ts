import { Colour } from "../../components/colour";
import { field, firstStringField, numberField, stringField } from "./propertyReaders";
import { isScaleSetType, providerOf, scaleSetTypes } from "./resourceTypes";
import { ResourceLike } from "./stackIndex";
import { colourOf } from "./vipswapTags";

/** One scale set in a provider-neutral shape; accessors read lazily (see AddressModel). */
export interface ScaleSetModel {
    readonly resource: ResourceLike;
    /** The `vipswap:colour` tag. */
    colour(): Colour | undefined;
    /** The Azure resource name. */
    azureName(): string | undefined;
    /** The instance count: azure-native `sku.capacity`, classic `instances`; undefined when not declared. */
    capacity(): number | undefined;
    /** How to write the capacity in this provider's program, for messages. */
    readonly capacitySpelling: string;
}

/** The provider-neutral view of a scale set, or undefined when `resource` is not one. */
export function scaleSetModel(resource: ResourceLike): ScaleSetModel | undefined {
    if (!isScaleSetType(resource.type)) {
        return undefined;
    }
    const props = resource.props;
    const native = resource.type === scaleSetTypes.native;
    return {
        resource,
        colour: () => colourOf(props),
        azureName: () =>
            native ? firstStringField(props, ["vmScaleSetName", "name"]) : stringField(props, "name"),
        capacity: () => (native ? numberField(field(props, "sku"), "capacity") : numberField(props, "instances")),
        capacitySpelling: providerOf(resource.type) === "azure-native" ? "sku.capacity" : "instances",
    };
}
