import { AddressModel, addressModel } from "./address";
import { LoadBalancerModel, loadBalancerModel } from "./loadBalancer";
import { tagValue } from "./propertyReaders";
import { blueGreenDeploymentType, isClassicLoadBalancerChildType } from "./resourceTypes";
import { ScaleSetModel, scaleSetModel } from "./scaleSet";
import { StackIndex, StackResource } from "./stackIndex";
import { VipSwapModel, vipSwapModel } from "./vipSwap";
import { colourTag, pairTag, roleTag } from "./vipswapTags";

/**
 * One blue/green pair: the resources that one swap moves addresses between. How resources are grouped, in order:
 * 1. every descendant of one `vipswap:azure:BlueGreenDeployment` component is in that component's pair;
 * 2. a classic load-balancer child (rule, probe, pool) is in the pair of the load balancer it points at;
 * 3. a resource tagged `vipswap:deployment` is in the pair of that name;
 * 4. a VipSwap resource is in the pair of the blue (or shared) load balancer it names, when the stack declares it;
 * 5. a resource tagged `vipswap:role` or `vipswap:colour`, and any other VipSwap resource, is in the pair of its
 *    siblings: the resources that share its direct parent (the stack itself for top-level resources).
 * Anything else is not in a pair and no pair rule looks at it.
 */
export interface Pair {
    /** A stable key: `component:<urn>`, `tag:<value>` or `parent:<urn>`. */
    readonly key: string;
    /** How messages name the pair. */
    readonly label: string;
    /** The BlueGreenDeployment component, for a pair that is one. */
    readonly component?: StackResource;
    /** Every resource of the pair. */
    readonly members: StackResource[];
    readonly addresses: AddressModel[];
    readonly loadBalancers: LoadBalancerModel[];
    readonly scaleSets: ScaleSetModel[];
    readonly vipSwaps: VipSwapModel[];
}

interface PairKey {
    readonly key: string;
    readonly label: string;
    readonly component?: StackResource;
}

/** Groups the resources of a stack into pairs (see `Pair` for the grouping rules). */
export function pairsOf(stack: StackIndex): Pair[] {
    const pairs = new Map<string, Pair>();
    for (const resource of stack.resources) {
        const pairKey = pairKeyOf(resource, stack);
        if (pairKey === undefined) {
            continue;
        }
        let pair = pairs.get(pairKey.key);
        if (pair === undefined) {
            pair = { ...pairKey, members: [], addresses: [], loadBalancers: [], scaleSets: [], vipSwaps: [] };
            pairs.set(pairKey.key, pair);
        }
        pair.members.push(resource);
        const address = addressModel(resource);
        const loadBalancer = loadBalancerModel(resource, stack);
        const scaleSet = scaleSetModel(resource);
        const vipSwap = vipSwapModel(resource);
        if (address) pair.addresses.push(address);
        if (loadBalancer) pair.loadBalancers.push(loadBalancer);
        if (scaleSet) pair.scaleSets.push(scaleSet);
        if (vipSwap) pair.vipSwaps.push(vipSwap);
    }
    return [...pairs.values()];
}

/** The pair a resource belongs to, or undefined when it belongs to none. */
export function pairKeyOf(resource: StackResource, stack: StackIndex): PairKey | undefined {
    const component = componentAncestor(resource, stack);
    if (component !== undefined) {
        return { key: `component:${component.urn}`, label: `BlueGreenDeployment "${component.name}"`, component };
    }
    if (isClassicLoadBalancerChildType(resource.type)) {
        const loadBalancer = stack.loadBalancerOf(resource);
        return loadBalancer === undefined ? undefined : pairKeyOf(loadBalancer, stack);
    }
    const deployment = tagValue(resource.props, pairTag);
    if (deployment !== undefined) {
        return { key: `tag:${deployment}`, label: `deployment "${deployment}" (tag ${pairTag})` };
    }
    const vipSwap = vipSwapModel(resource);
    const named = vipSwap === undefined ? undefined : namedLoadBalancer(vipSwap, stack);
    if (named !== undefined) {
        return pairKeyOf(named, stack);
    }
    const tagged = tagValue(resource.props, roleTag) !== undefined || tagValue(resource.props, colourTag) !== undefined;
    if (tagged || vipSwap !== undefined) {
        const parent = resource.parent;
        return parent === undefined || parent.type === "pulumi:pulumi:Stack"
            ? { key: "parent:", label: "the top-level vipswap pair" }
            : { key: `parent:${parent.urn}`, label: `the vipswap pair under "${parent.name}"` };
    }
    return undefined;
}

/** The load balancer that a VipSwap names (as blue, or as the shared one), if the stack declares one of that name. */
function namedLoadBalancer(vipSwap: VipSwapModel, stack: StackIndex): StackResource | undefined {
    const key = vipSwap.kind() === "sharedLoadBalancer" ? "loadBalancerName" : "blueLoadBalancerName";
    const name = vipSwap.target(key)?.toLowerCase();
    if (name === undefined) {
        return undefined;
    }
    return stack.resources.find((r) => loadBalancerModel(r)?.azureName()?.toLowerCase() === name);
}

/** The nearest BlueGreenDeployment component above `resource`, walking parent links. */
function componentAncestor(resource: StackResource, stack: StackIndex): StackResource | undefined {
    const seen = new Set<string>();
    let current = resource.parent;
    while (current !== undefined && !seen.has(current.urn)) {
        if (current.type === blueGreenDeploymentType) {
            return current;
        }
        seen.add(current.urn);
        const indexed = stack.byUrn(current.urn) ?? current;
        current = indexed.parent;
    }
    return undefined;
}
