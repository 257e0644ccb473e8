import { Colour, isColour } from "../../components/colour";
import { Pair } from "./pairs";
import { stringField } from "./propertyReaders";

/**
 * The colour that holds production in a pair, from the most to the least explicit source:
 * 1. the `activeColour` input of the pair's VipSwap resource;
 * 2. the `activeColour` output of the BlueGreenDeployment component;
 * 3. the load balancer whose frontend declares the production address (hand-made pairs).
 * Undefined when none of them says.
 */
export function liveColourOf(pair: Pair): Colour | undefined {
    for (const vipSwap of pair.vipSwaps) {
        const colour = vipSwap.activeColour();
        if (isColour(colour)) {
            return colour;
        }
    }
    const declared = pair.component ? stringField(pair.component.props, "activeColour") : undefined;
    if (isColour(declared)) {
        return declared;
    }
    const production = pair.addresses.find((a) => a.role() === "production")?.azureName()?.toLowerCase();
    if (production === undefined) {
        return undefined;
    }
    for (const loadBalancer of pair.loadBalancers) {
        if (loadBalancer.frontendAddressNames().some((n) => n.toLowerCase() === production)) {
            return loadBalancer.colour();
        }
    }
    return undefined;
}
