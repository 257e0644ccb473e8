import { Colour } from "../../components/colour";
import {
    childNameFromId,
    field,
    firstStringField,
    listField,
    numberField,
    resourceGroupOf,
    stringField,
    stringListField,
    tagValue,
} from "./propertyReaders";
import { AzureProvider, classicLoadBalancerChildTypes, loadBalancerTypes, providerOf } from "./resourceTypes";
import { ResourceLike, StackIndex, StackResource } from "./stackIndex";
import { colourOf, colourTag } from "./vipswapTags";

/** Whether a load-balancing rule has a health probe. */
export type ProbeLink =
    /** The rule names no probe. */
    | "none"
    /** The rule names a probe that the load balancer does not have. */
    | "dangling"
    /** The rule names a probe of another load balancer (its name is in `probeOwner`). */
    | "foreign"
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
    /** For a `foreign` probe: the load balancer whose probe the rule names, for messages (`"lb" in resource group "rg"`). */
    readonly probeOwner?: string;
    /** The name of the frontend the rule listens on, when the reference can be read. */
    frontendName(): string | undefined;
    /** The names of the backend pools the rule sends to (one on a Standard load balancer), as far as they can be read. */
    poolNames(): string[];
}

/** One frontend IP configuration: its name and, read from the address's id, the public IP it declares. */
export interface FrontendModel {
    readonly name: string | undefined;
    /** Reads the address's Azure name; throws @pulumi/policy's UnknownValueError while the id is unknown. */
    addressName(): string | undefined;
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
    /** True when tagged `vipswap:colour=shared`: the shared topology's one load balancer, in front of both colours. */
    isShared(): boolean;
    /** The Azure resource name. */
    azureName(): string | undefined;
    /** The resource group name (undefined when neither the inputs nor the outputs say). */
    resourceGroupName(): string | undefined;
    /** The backend pool names (classic: the `azure:lb/backendAddressPool:BackendAddressPool` resources pointing here). */
    poolNames(): string[];
    /** The SKU Azure will get: declared, or the provider's documented default (classic: `Standard`). */
    sku(): string | undefined;
    /** The frontend IP configuration names. */
    frontendNames(): string[];
    /** The Azure names of the public IPs the frontends declare (read from their ids, `…/publicIPAddresses/<name>`). */
    frontendAddressNames(): string[];
    /** Per frontend, its name and the Azure name of the public IP it declares (undefined when it cannot be read). */
    frontends(): FrontendModel[];
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
        isShared: () => tagValue(props, colourTag) === "shared",
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
                frontends: () =>
                    listField(props, "frontendIPConfigurations").map((f) => ({
                        name: stringField(f, "name"),
                        addressName: () => childNameFromId(stringField(field(f, "publicIPAddress"), "id"), "publicIPAddresses"),
                    })),
                poolNames: () => names(listField(props, "backendAddressPools")),
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
                frontends: () =>
                    listField(props, "frontendIpConfigurations").map((f) => ({
                        name: stringField(f, "name"),
                        addressName: () => childNameFromId(stringField(f, "publicIpAddressId"), "publicIPAddresses"),
                    })),
                poolNames: () =>
                    stack
                        ? stack
                              .childrenOf(resource as StackResource, classicLoadBalancerChildTypes.backendAddressPool)
                              .map((pool) => stringField(pool.props, "name") ?? pool.name)
                        : [],
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

/**
 * azure-native: rules are inline and reference inline probes by id: `$self/probes/<name>` (azure-native expands it to
 * this load balancer's id) or a full ARM id `…/resourceGroups/<group>/…/loadBalancers/<lb>/probes/<name>`. The whole
 * id is compared, not only its last segment: a green rule that names blue's probe `health` is a rule probed by
 * another load balancer, even though green has a probe of that name too.
 */
function nativeRules(props: Record<string, unknown>): LoadBalancingRuleModel[] {
    const probeNames = new Set(names(listField(props, "probes")).map((n) => n.toLowerCase()));
    const own = { name: firstStringField(props, ["loadBalancerName", "name"]), group: resourceGroupOf(props) };
    return listField(props, "loadBalancingRules").map((rule, i) => {
        const base = {
            ...ruleBase(rule, `loadBalancingRules[${i}]`),
            frontendName: () => childNameFromId(stringField(field(rule, "frontendIPConfiguration"), "id"), "frontendIPConfigurations"),
            poolNames: () =>
                [field(rule, "backendAddressPool"), ...listField(rule, "backendAddressPools")]
                    .map((pool) => childNameFromId(stringField(pool, "id"), "backendAddressPools"))
                    .filter((n): n is string => n !== undefined),
        };
        const probe = field(rule, "probe");
        const id = probe === null || typeof probe !== "object" ? undefined : stringField(probe, "id");
        if (id === undefined) {
            return { ...base, probe: "none" as const };
        }
        const owner = owningLoadBalancer(id);
        if (owner !== undefined && !isOwn(owner, own)) {
            const where = owner.group === undefined ? "" : ` in resource group "${owner.group}"`;
            return { ...base, probe: "foreign" as const, probeOwner: `"${owner.name}"${where}` };
        }
        const probeName = childNameFromId(id, "probes");
        const link: ProbeLink =
            probeName === undefined || probeNames.has(probeName.toLowerCase()) ? "present" : "dangling";
        return { ...base, probe: link };
    });
}

/** The load balancer (and resource group, when the id has one) that a full sub-resource id belongs to. */
function owningLoadBalancer(id: string): { name: string; group?: string } | undefined {
    if (id.startsWith("$self/")) {
        return undefined;
    }
    const lb = /\/loadBalancers\/([^/]+)\/[^/]+\/[^/]+$/i.exec(id);
    if (lb === null) {
        return undefined;
    }
    const group = /\/resourceGroups\/([^/]+)\//i.exec(id);
    return { name: lb[1], ...(group ? { group: group[1] } : {}) };
}

/** Whether `owner` is this load balancer; a part of this load balancer's identity that is unknown is not compared. */
function isOwn(owner: { name: string; group?: string }, own: { name?: string; group?: string }): boolean {
    const same = (a: string | undefined, b: string | undefined) => a === undefined || b === undefined || a.toLowerCase() === b.toLowerCase();
    return same(owner.name, own.name) && same(owner.group, own.group);
}

/**
 * Classic: `azure:lb/rule:Rule` resources point at the load balancer and at an `azure:lb/probe:Probe` by id. The
 * probe link is the rule's property dependency on `probeId` when the engine gives one (known even during preview);
 * otherwise the `probeId` value is matched against the ids of this load balancer's probes.
 */
function classicRules(loadBalancer: StackResource, stack: StackIndex): LoadBalancingRuleModel[] {
    const probes = stack.childrenOf(loadBalancer, classicLoadBalancerChildTypes.probe);
    return stack.childrenOf(loadBalancer, classicLoadBalancerChildTypes.rule).map((rule) => {
        const base = {
            ...ruleBase(rule.props, stringField(rule.props, "name") ?? rule.name),
            frontendName: () => stringField(rule.props, "frontendIpConfigurationName"),
            poolNames: () => classicPoolNames(rule, stack),
        };
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

/**
 * Classic: a rule's `backendAddressPoolIds` name `azure:lb/backendAddressPool:BackendAddressPool` resources. Their
 * names come from the property dependencies when the engine gives them (known during preview), else from the ids.
 */
function classicPoolNames(rule: StackResource, stack: StackIndex): string[] {
    const linked = rule.propertyDependencies["backendAddressPoolIds"];
    if (linked !== undefined && linked.length > 0) {
        return linked
            .map((dep) => stack.byUrn(dep.urn) ?? dep)
            .filter((dep) => dep.type === classicLoadBalancerChildTypes.backendAddressPool)
            .map((dep) => stringField(dep.props, "name") ?? dep.name);
    }
    return stringListField(rule.props, "backendAddressPoolIds")
        .map((id) => childNameFromId(id, "backendAddressPools"))
        .filter((n): n is string => n !== undefined);
}

function ruleBase(rule: unknown, fallbackName: string): Omit<LoadBalancingRuleModel, "probe" | "frontendName" | "poolNames"> {
    return {
        name: stringField(rule, "name") ?? fallbackName,
        protocol: (stringField(rule, "protocol") ?? "?").toLowerCase(),
        frontendPort: numberField(rule, "frontendPort"),
        backendPort: numberField(rule, "backendPort"),
    };
}
