import { Colour } from "../../components/colour";
import {
    childNameFromId,
    field,
    firstStringField,
    listField,
    numberField,
    resourceGroupOf,
    stringField,
} from "./propertyReaders";
import { AzureProvider, classicLoadBalancerChildTypes, loadBalancerTypes, providerOf } from "./resourceTypes";
import { ResourceLike, StackIndex, StackResource } from "./stackIndex";
import { colourOf } from "./vipswapTags";

/** Whether a load-balancing rule has a health probe. */
export type ProbeLink =
    /** The rule names no probe. */
    | "none"
    /** The rule names a probe that the load balancer does not have. */
    | "dangling"
    /** The rule names a probe of its load balancer (or one whose name cannot be read from the reference). */
    | "present";

/** One load-balancing rule in a provider-neutral shape. */
export interface LoadBalancingRuleModel {
    /** The rule's name, for messages. */
    readonly name: string;
    /** `tcp`, `udp` or `all`, lower-cased. */
    readonly protocol: string;
    readonly frontendPort: number | undefined;
    readonly backendPort: number | undefined;
    readonly probe: ProbeLink;
}

/** The comparable identity of a rule: protocol, frontend port, backend port. */
export function ruleSignature(rule: LoadBalancingRuleModel): string {
    return `${rule.protocol} ${rule.frontendPort ?? "?"}->${rule.backendPort ?? "?"}`;
}

/** One load balancer in a provider-neutral shape; accessors read lazily (see AddressModel). */
export interface LoadBalancerModel {
    readonly resource: ResourceLike;
    readonly provider: AzureProvider;
    /** The `vipswap:colour` tag. */
    colour(): Colour | undefined;
    /** The Azure resource name. */
    azureName(): string | undefined;
    /** The resource group name (undefined when neither the inputs nor the outputs say). */
    resourceGroupName(): string | undefined;
    /** The SKU Azure will get: declared, or the provider's documented default (classic: `Standard`). */
    sku(): string | undefined;
    /** The frontend IP configuration names. */
    frontendNames(): string[];
    /** The Azure names of the public IPs the frontends declare (read from their ids, `…/publicIPAddresses/<name>`). */
    frontendAddressNames(): string[];
    /** The load-balancing rules: inline (azure-native) or the classic `azure:lb/rule:Rule` resources that point here. */
    rules(): LoadBalancingRuleModel[];
    /** How to write the SKU in this provider's program, for messages. */
    readonly skuSpelling: string;
}

/**
 * The provider-neutral view of a load balancer, or undefined when `resource` is not one. Classic rules and probes
 * are separate resources, so the classic view needs the stack to find them; without it (resource rules) the
 * classic view has no rules.
 */
export function loadBalancerModel(resource: ResourceLike, stack?: StackIndex): LoadBalancerModel | undefined {
    const props = resource.props;
    const common = {
        resource,
        provider: providerOf(resource.type),
        colour: () => colourOf(props),
        resourceGroupName: () => resourceGroupOf(props),
    };
    switch (resource.type) {
        case loadBalancerTypes.native:
            return {
                ...common,
                azureName: () => firstStringField(props, ["loadBalancerName", "name"]),
                sku: () => stringField(field(props, "sku"), "name"),
                frontendNames: () => names(listField(props, "frontendIPConfigurations")),
                frontendAddressNames: () =>
                    addressNames(
                        listField(props, "frontendIPConfigurations").map((f) => stringField(field(f, "publicIPAddress"), "id")),
                    ),
                rules: () => nativeRules(props),
                skuSpelling: 'sku: { name: "Standard" }',
            };
        case loadBalancerTypes.classic:
            return {
                ...common,
                azureName: () => stringField(props, "name"),
                // @pulumi/azure 6.x documents `sku` "Defaults to `Standard`" (lb/loadBalancer.d.ts).
                sku: () => stringField(props, "sku") ?? "Standard",
                frontendNames: () => names(listField(props, "frontendIpConfigurations")),
                frontendAddressNames: () =>
                    addressNames(listField(props, "frontendIpConfigurations").map((f) => stringField(f, "publicIpAddressId"))),
                rules: () => (stack ? classicRules(resource as StackResource, stack) : []),
                skuSpelling: 'sku: "Standard"',
            };
        default:
            return undefined;
    }
}

function addressNames(ids: (string | undefined)[]): string[] {
    return ids.map((id) => childNameFromId(id, "publicIPAddresses")).filter((n): n is string => n !== undefined);
}

function names(items: unknown[]): string[] {
    return items.map((item) => stringField(item, "name")).filter((n): n is string => n !== undefined);
}

/** azure-native: rules are inline and reference inline probes by id (`…/probes/<name>`). */
function nativeRules(props: Record<string, unknown>): LoadBalancingRuleModel[] {
    const probeNames = new Set(names(listField(props, "probes")).map((n) => n.toLowerCase()));
    return listField(props, "loadBalancingRules").map((rule, i) => {
        const base = ruleBase(rule, `loadBalancingRules[${i}]`);
        const probe = field(rule, "probe");
        if (probe === null || typeof probe !== "object") {
            return { ...base, probe: "none" as const };
        }
        const id = stringField(probe, "id");
        if (id === undefined) {
            return { ...base, probe: "none" as const };
        }
        const probeName = childNameFromId(id, "probes");
        const link: ProbeLink =
            probeName === undefined || probeNames.has(probeName.toLowerCase()) ? "present" : "dangling";
        return { ...base, probe: link };
    });
}

/**
 * Classic: `azure:lb/rule:Rule` resources point at the load balancer and at an `azure:lb/probe:Probe` by id. The
 * probe link is the rule's property dependency on `probeId` when the engine gives one (known even during preview);
 * otherwise the `probeId` value is matched against the ids of this load balancer's probes.
 */
function classicRules(loadBalancer: StackResource, stack: StackIndex): LoadBalancingRuleModel[] {
    const probes = stack.childrenOf(loadBalancer, classicLoadBalancerChildTypes.probe);
    return stack.childrenOf(loadBalancer, classicLoadBalancerChildTypes.rule).map((rule) => {
        const base = ruleBase(rule.props, stringField(rule.props, "name") ?? rule.name);
        const linked = rule.propertyDependencies["probeId"];
        if (linked !== undefined && linked.length > 0) {
            const present = linked.some((dep) => probes.some((probe) => probe.urn === dep.urn));
            return { ...base, probe: present ? ("present" as const) : ("dangling" as const) };
        }
        const probeId = stringField(rule.props, "probeId");
        if (probeId === undefined) {
            return { ...base, probe: "none" as const };
        }
        const present = probes.some((probe) => stringField(probe.props, "id")?.toLowerCase() === probeId.toLowerCase());
        return { ...base, probe: present ? ("present" as const) : ("dangling" as const) };
    });
}

function ruleBase(rule: unknown, fallbackName: string): Omit<LoadBalancingRuleModel, "probe"> {
    return {
        name: stringField(rule, "name") ?? fallbackName,
        protocol: (stringField(rule, "protocol") ?? "?").toLowerCase(),
        frontendPort: numberField(rule, "frontendPort"),
        backendPort: numberField(rule, "backendPort"),
    };
}
