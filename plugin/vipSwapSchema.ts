/**
 * The `vipswap:index:VipSwap` resource in the package schema (docs/other-languages.md, "VipSwap inside the component
 * provider"). The SDK's schema inference describes components only, so this adds the custom resource that
 * `BlueGreenDeployment` registers inside the plugin to the schema the inference made. Written by hand: its inputs
 * are a union of two kinds of target (components/vipSwap/vipSwap.ts), which the inference cannot express; here they
 * are one flat object whose `kind` says which names apply, and `check` (components/vipSwap/vipSwapInputs.ts) is the
 * one place that says which combination is valid.
 */
import { PackageVipSwap } from "../components/vipSwap/packageVipSwap";

/** One property of the schema (the subset this resource uses). */
interface SchemaProperty {
    readonly type?: string;
    readonly $ref?: string;
    readonly additionalProperties?: SchemaProperty;
    readonly description: string;
}

/** The type the component's `healthGate` input already has in the inferred schema. */
const healthGateType = "vipswap:index:HealthGateSettings";

const name = (what: string): SchemaProperty => ({ type: "string", description: what });

/** The inputs, by name: the paired target's, the shared load balancer's and the settings both kinds have. */
export const vipSwapInputProperties: Readonly<Record<string, SchemaProperty>> = {
    activeColour: { $ref: "#/types/vipswap:index:Colour", description: "The colour whose load balancer (or pool) must serve production." },
    kind: {
        type: "string",
        description:
            'The topology: "pairedLoadBalancers" (or absent) names two load balancers and two addresses; "sharedLoadBalancer" ' +
            "names one load balancer, its two frontends and the colours' pools. Cannot change on a live pair.",
    },
    resourceGroupName: name("The resource group of the pair's load balancers and addresses."),
    blueLoadBalancerName: name("Paired: the blue load balancer's name."),
    greenLoadBalancerName: name("Paired: the green load balancer's name."),
    frontendName: name("Paired: the public frontend's name, the same on both load balancers."),
    productionIpName: name("Paired: the production public IP address's name."),
    stagingIpName: name("Paired: the staging public IP address's name."),
    loadBalancerName: name("Shared: the load balancer's name."),
    productionFrontendName: name("Shared: the frontend that holds the production address."),
    stagingFrontendName: name("Shared: the frontend that holds the staging address."),
    bluePoolName: name("Shared: the blue scale set's backend pool."),
    greenPoolName: name("Shared: the green scale set's backend pool."),
    pollIntervalMs: { type: "number", description: "How often a swap polls Azure, in milliseconds (10-60000, default 500)." },
    timeoutMs: { type: "number", description: "The deadline of one swap, in milliseconds (1000 to 24 h; default none)." },
    healthGate: { $ref: `#/types/${healthGateType}`, description: "The health gates around a swap (docs/health-gates.md); absent means the defaults." },
    scaleSetRevisions: {
        type: "object",
        additionalProperties: { type: "string", description: "A colour's scale set fingerprint." },
        description:
            "A fingerprint of each colour's scale set model (blue, green); with it, a flip to a colour whose scale set " +
            "changes in the same update is refused at preview.",
    },
};

/** What the resource records beside its inputs. */
export const vipSwapOutputProperties: Readonly<Record<string, SchemaProperty>> = {
    liveColour: { type: "string", description: 'The colour whose load balancer holds production, or "intermediate" while a swap is half done.' },
    productionAddress: { type: "string", description: "The production address's IP." },
    stagingAddress: { type: "string", description: "The staging address's IP." },
    lastSwapReport: {
        type: "object",
        additionalProperties: { $ref: "pulumi.json#/Any", description: "A field of the report." },
        description: "The report of the last swap that moved an address: steps with times, unattached windows, retries.",
    },
};

/** The resource's schema entry. */
export function vipSwapResourceSchema(): Record<string, unknown> {
    return {
        description:
            "Keeps production on the activeColour scale set: for a paired pair by moving the production and staging " +
            "addresses between the two load balancers, for a shared load balancer by switching its rules' pools. " +
            "BlueGreenDeployment creates one; credentials come from the provider's config (vipswap:*) and the " +
            "environment, never from inputs.",
        inputProperties: vipSwapInputProperties,
        requiredInputs: ["activeColour", "resourceGroupName"],
        properties: { ...vipSwapInputProperties, ...vipSwapOutputProperties },
        required: ["activeColour", "resourceGroupName", "liveColour"],
    };
}

/**
 * The inferred schema (JSON text) with `vipswap:index:VipSwap` added.
 * @throws Error when the inferred schema lacks the types the resource refers to (the component's colour and
 *   health-gate types), which would make the schema invalid for every language.
 */
export function withVipSwapResource(inferredSchema: string): string {
    const schema = JSON.parse(inferredSchema) as { resources?: Record<string, unknown>; types?: Record<string, unknown> };
    for (const token of ["vipswap:index:Colour", healthGateType]) {
        if (!schema.types?.[token]) {
            throw new Error(`the inferred vipswap schema has no type ${token}, which ${PackageVipSwap.typeToken} refers to`);
        }
    }
    schema.resources = { ...schema.resources, [PackageVipSwap.typeToken]: vipSwapResourceSchema() };
    return JSON.stringify(schema);
}
