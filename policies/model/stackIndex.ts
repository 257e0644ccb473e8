import { firstStringField, resourceGroupOf, stringField } from "./propertyReaders";
import { isLoadBalancerType, resourceGroupTypes } from "./resourceTypes";

/**
 * A resource as a rule sees it. `ResourceValidationArgs` and @pulumi/policy's `PolicyResource` both fit the first
 * four fields; stack rules also get the parent and dependency links.
 */
export interface ResourceLike {
    /** The Pulumi type token. */
    readonly type: string;
    /** The resource's URN (violations are reported against it). */
    readonly urn: string;
    /** The Pulumi (logical) name. */
    readonly name: string;
    /** Inputs (resource rules) or outputs (stack rules). */
    readonly props: Record<string, unknown>;
}

/** A resource of a stack with its links, the subset of @pulumi/policy's `PolicyResource` that the rules use. */
export interface StackResource extends ResourceLike {
    /** The parent resource (a component, for the component's children). */
    readonly parent?: StackResource;
    /** Resources this one depends on. */
    readonly dependencies: readonly StackResource[];
    /** Per input property, the resources whose outputs fed it (how a classic rule names its load balancer). */
    readonly propertyDependencies: Readonly<Record<string, readonly StackResource[]>>;
}

/**
 * Lookups over all the resources of a stack: by URN, through property dependencies, classic load-balancer children,
 * and resource-group regions.
 */
export class StackIndex {
    private readonly byUrnMap = new Map<string, StackResource>();

    /** Indexes `resources` (the `resources` of `StackValidationArgs`). */
    constructor(readonly resources: readonly StackResource[]) {
        for (const resource of resources) {
            this.byUrnMap.set(resource.urn, resource);
        }
    }

    /** The resource with this URN, if it is in the stack. */
    byUrn(urn: string): StackResource | undefined {
        return this.byUrnMap.get(urn);
    }

    /**
     * The resources that `property` of `resource` refers to. Property dependencies come first: they are known even
     * during preview, when the referenced id is not. Without them, a resource whose own `id` output equals the
     * property's value. Undefined when the property is not set at all.
     */
    referencedBy(resource: StackResource, property: string): StackResource[] | undefined {
        const deps = resource.propertyDependencies[property];
        if (deps !== undefined && deps.length > 0) {
            return deps.map((dep) => this.byUrn(dep.urn) ?? dep);
        }
        const id = stringField(resource.props, property);
        if (id === undefined) {
            return undefined;
        }
        return this.resources.filter((candidate) => stringField(candidate.props, "id") === id);
    }

    /** The load balancer that a classic child resource (rule, probe, pool) points at through `loadbalancerId`. */
    loadBalancerOf(child: StackResource): StackResource | undefined {
        return (this.referencedBy(child, "loadbalancerId") ?? []).find((r) => isLoadBalancerType(r.type));
    }

    /** The classic children of type `childType` that point at `loadBalancer`. */
    childrenOf(loadBalancer: StackResource, childType: string): StackResource[] {
        return this.resources.filter(
            (r) => r.type === childType && this.loadBalancerOf(r)?.urn === loadBalancer.urn,
        );
    }

    /** The region declared by the stack's resource group named `resourceGroupName`, if the stack declares it. */
    resourceGroupLocation(resourceGroupName: string): string | undefined {
        for (const r of this.resources) {
            const name =
                r.type === resourceGroupTypes.native
                    ? firstStringField(r.props, ["resourceGroupName", "name"])
                    : r.type === resourceGroupTypes.classic
                      ? stringField(r.props, "name")
                      : undefined;
            if (name !== undefined && name.toLowerCase() === resourceGroupName.toLowerCase()) {
                return stringField(r.props, "location");
            }
        }
        return undefined;
    }
}

/**
 * The region of a resource: its own `location`, else (azure-native, where `location` defaults to the resource
 * group's) the location of its resource group when the stack declares it. Normalised so that "West Europe" and
 * "westeurope" compare equal.
 */
export function regionOf(resource: ResourceLike, stack: StackIndex): string | undefined {
    const own = stringField(resource.props, "location");
    const rg = resourceGroupOf(resource.props);
    const location = own ?? (rg !== undefined ? stack.resourceGroupLocation(rg) : undefined);
    return location?.replace(/\s+/g, "").toLowerCase();
}
