/**
 * Runs vipswap-guard policies the way @pulumi/policy's analyzer server does (node_modules/@pulumi/policy/server.js),
 * without starting it: hand-built `ResourceValidationArgs` / `StackValidationArgs` with properties wrapped in the
 * SDK's own `unknownCheckingProxy`, the enforcement level resolved from policy config, and `UnknownValueError`
 * turned into an advisory "can't run during preview" instead of a failure. Any other exception propagates: a rule
 * that throws would fail `pulumi preview`, and the test with it. Modelled on pulumi-policy's
 * sdk/nodejs/policy/tests/util.ts (runResourcePolicy / runStackPolicy).
 */
import {
    EnforcementLevel,
    Policies,
    PolicyPackConfig,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationPolicy,
    unknownCheckingProxy,
    UnknownValueError,
} from "@pulumi/policy";

/** The sentinel the engine sends for a string that is unknown during preview (@pulumi/policy proxy.js). */
export const unknownString: string = (require("@pulumi/policy/proxy") as { unknownStringValue: string })
    .unknownStringValue;

/** A resource to put in a test stack. Links (`parent`, dependencies) name other specs by their `name`. */
export interface ResourceSpec {
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    /** The `name` of the parent spec (a component), if any. */
    readonly parent?: string;
    /** The `protect` resource option. */
    readonly protect?: boolean;
    readonly dependencies?: readonly string[];
    /** Per input property, the `name`s of the specs whose outputs fed it. */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** One violation, as the engine would print it. */
export interface Violation {
    readonly message: string;
    readonly urn?: string;
}

/** What one policy reported. */
export interface PolicyOutcome {
    readonly policy: string;
    /** The level the violations are reported at (after config); `disabled` means the policy did not run. */
    readonly enforcementLevel: EnforcementLevel;
    readonly violations: Violation[];
    /** The advisories @pulumi/policy reports instead when a rule touched a value unknown during preview. */
    readonly previewAdvisories: string[];
}

/** Options for a run: policy config as in a `--policy-pack-config` file, and the pack's default level. */
export interface RunOptions {
    readonly config?: PolicyPackConfig;
    readonly packEnforcementLevel?: EnforcementLevel;
}

const stackUrn = "urn:pulumi:test::vipswap::pulumi:pulumi:Stack::vipswap-test";

/** Builds `PolicyResource`s (what a stack policy receives) from specs, with URNs, parents and dependencies. */
export function buildStack(specs: readonly ResourceSpec[]): PolicyResource[] {
    const byName = new Map(specs.map((spec) => [spec.name, spec]));
    const typeChain = (spec: ResourceSpec): string => {
        const parent = spec.parent === undefined ? undefined : byName.get(spec.parent);
        return parent === undefined ? spec.type : `${typeChain(parent)}$${spec.type}`;
    };
    const urnOf = (spec: ResourceSpec) => `urn:pulumi:test::vipswap::${typeChain(spec)}::${spec.name}`;
    const built = new Map<string, PolicyResource & { dependencies: PolicyResource[] }>();
    for (const spec of specs) {
        const type = spec.type;
        const props = unknownCheckingProxy(spec.props) as Record<string, unknown>;
        const opts: PolicyResourceOptions = {
            protect: spec.protect ?? false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
            parent: spec.parent === undefined ? stackUrn : urnOf(byName.get(spec.parent)!),
        };
        built.set(spec.name, {
            type,
            props,
            urn: urnOf(spec),
            name: spec.name,
            opts,
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => (cls as unknown as { __pulumiType?: string }).__pulumiType === type,
            asType: (cls) =>
                (cls as unknown as { __pulumiType?: string }).__pulumiType === type ? (props as never) : undefined,
        });
    }
    const resolve = (name: string): PolicyResource => {
        const found = built.get(name);
        if (found === undefined) {
            throw new Error(`test stack: no resource named "${name}"`);
        }
        return found;
    };
    for (const spec of specs) {
        const resource = built.get(spec.name)! as { -readonly [K in keyof PolicyResource]: PolicyResource[K] };
        if (spec.parent !== undefined) {
            resource.parent = resolve(spec.parent);
        }
        const propertyDependencies: Record<string, PolicyResource[]> = {};
        for (const [property, names] of Object.entries(spec.propertyDependencies ?? {})) {
            propertyDependencies[property] = names.map(resolve);
        }
        resource.propertyDependencies = propertyDependencies;
        const direct = new Set([...(spec.dependencies ?? []), ...Object.values(spec.propertyDependencies ?? {}).flat()]);
        resource.dependencies = [...direct].map(resolve);
    }
    return specs.map((spec) => built.get(spec.name)!);
}

/** The `ResourceValidationArgs` a resource policy receives for `resource`. */
export function resourceArgsOf(resource: PolicyResource, policyName: string, config?: PolicyPackConfig): ResourceValidationArgs {
    return {
        type: resource.type,
        props: resource.props,
        urn: resource.urn,
        name: resource.name,
        opts: resource.opts,
        stackTags: new Map(),
        isType: resource.isType,
        asType: resource.asType as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => configProperties(policyName, config) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** Runs a resource policy over each of `resources` (as the engine does, one call per resource). */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    resources: readonly PolicyResource[],
    options: RunOptions = {},
): Promise<PolicyOutcome> {
    const outcome = emptyOutcome(policy.name, levelOf(policy, options));
    if (outcome.enforcementLevel === "disabled" || policy.validateResource === undefined) {
        return outcome;
    }
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const resource of resources) {
        for (const validate of validations) {
            await guarded(outcome, () =>
                validate(resourceArgsOf(resource, policy.name, options.config), (message, urn) =>
                    outcome.violations.push({ message, urn: urn ?? resource.urn }),
                ),
            );
        }
    }
    return outcome;
}

/** Runs a stack policy over all of `resources`. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: readonly PolicyResource[],
    options: RunOptions = {},
): Promise<PolicyOutcome> {
    const outcome = emptyOutcome(policy.name, levelOf(policy, options));
    if (outcome.enforcementLevel === "disabled") {
        return outcome;
    }
    await guarded(outcome, () =>
        policy.validateStack(
            {
                resources: [...resources],
                stackTags: new Map(),
                getConfig: <T extends object>() => configProperties(policy.name, options.config) as T,
                notApplicable: (reason?: string): never => {
                    throw new NotApplicable(reason);
                },
            },
            (message, urn) => outcome.violations.push({ message, urn }),
        ),
    );
    return outcome;
}

/**
 * The two views of a stack that the engine gives policies: resource policies see each resource's inputs, stack
 * policies see outputs (docs/pulumi-behaviour.md §4). Hand-made fixtures may use one list for both.
 */
export interface StackViews {
    readonly inputs: readonly PolicyResource[];
    readonly outputs: readonly PolicyResource[];
}

/** Runs every policy of a pack, resource policies over each resource and stack policies over all of them. */
export async function runPolicies(
    policies: Policies,
    resources: readonly PolicyResource[] | StackViews,
    options: RunOptions = {},
): Promise<PolicyOutcome[]> {
    const views: StackViews = "inputs" in resources ? resources : { inputs: resources, outputs: resources };
    const outcomes: PolicyOutcome[] = [];
    for (const policy of policies) {
        outcomes.push(
            "validateStack" in policy
                ? await runStackPolicy(policy, views.outputs, options)
                : await runResourcePolicy(policy, views.inputs, options),
        );
    }
    return outcomes;
}

/** The names of the policies that reported at least one violation, sorted. */
export function violatedPolicies(outcomes: readonly PolicyOutcome[]): string[] {
    return outcomes.filter((o) => o.violations.length > 0).map((o) => o.policy).sort();
}

/** The level a policy reports at: its config entry (or the `all` entry), else its own level, else the pack's. */
export function levelOf(policy: { name: string; enforcementLevel?: EnforcementLevel }, options: RunOptions): EnforcementLevel {
    const entry = options.config?.[policy.name] ?? options.config?.all;
    const configured = typeof entry === "string" ? entry : entry?.enforcementLevel;
    const level = configured ?? policy.enforcementLevel ?? options.packEnforcementLevel ?? "advisory";
    // server.js: "a resource still violating after remediation is reported as mandatory".
    return level === "remediate" ? "mandatory" : level;
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}

function emptyOutcome(policy: string, enforcementLevel: EnforcementLevel): PolicyOutcome {
    return { policy, enforcementLevel, violations: [], previewAdvisories: [] };
}

async function guarded(outcome: PolicyOutcome, run: () => void | Promise<void>): Promise<void> {
    try {
        await run();
    } catch (e) {
        if (e instanceof UnknownValueError) {
            outcome.previewAdvisories.push(`can't run policy '${outcome.policy}' during preview: ${(e as Error).message}`);
        } else if (!(e instanceof NotApplicable)) {
            throw e;
        }
    }
}

function configProperties(policyName: string, config: PolicyPackConfig | undefined): Record<string, unknown> {
    const entry = config?.[policyName];
    if (entry === undefined || typeof entry === "string") {
        return {};
    }
    const properties: Record<string, unknown> = { ...entry };
    delete properties.enforcementLevel;
    return properties;
}
