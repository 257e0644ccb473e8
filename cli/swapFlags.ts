import { type Command, Option } from "commander";
import type { AzureConnection } from "../components/azure/azureConnection";
import {
    type AzureSettings,
    AzureSettingsError,
    createAzureConnection,
    readCaCertificate,
    resolveAzureSettings,
} from "../components/azure/azureCredentials";
import { colours, type Colour } from "../components/colour";
import type { SwapTarget } from "../components/swap/swapTarget";
import { checkVipSwapInputs, defaultFrontendName, swapTargetOf, type VipSwapInputs } from "../components/vipSwap/vipSwapInputs";
import { mergeTarget, readTargetJson } from "./targetFile";
import { UsageError } from "./usageErrors";

/**
 * The flags that `vipswap swap` and `vipswap status` share, and their parsing. Validation goes through the same
 * rules as the `VipSwap` resource's `check` (vipSwapInputs.ts), so the two never disagree. To add a flag for a new
 * resource input (health gates), add it to `addTargetFlags` or `addSwapFlags` and map it in `flagOfInput`. The
 * target flags come in two sets, one per `--topology` (paired: the load balancers and addresses; shared: the one load
 * balancer, its frontends and pools), and a flag of the set not chosen is refused.
 */

/** The raw option values commander hands over. */
export interface TargetFlagValues {
    topology?: string;
    resourceGroup?: string;
    lb?: string;
    productionFrontend?: string;
    stagingFrontend?: string;
    bluePool?: string;
    greenPool?: string;
    blueLb?: string;
    greenLb?: string;
    productionIp?: string;
    stagingIp?: string;
    frontend?: string;
    targetJson?: string;
    subscription?: string;
    endpoint?: string;
    caCert?: string;
    accessToken?: string;
    json?: boolean;
    to?: string;
    pollIntervalMs?: string;
    timeoutMs?: string;
}

/** What a command runs with once its flags are parsed. */
export interface ParsedTargetFlags {
    readonly target: SwapTarget;
    readonly connection: AzureConnection;
    readonly json: boolean;
    /** The token, if one was given, so that output can be scrubbed of it. Never printed. */
    readonly secrets: readonly string[];
}

/** What `vipswap swap` runs with. */
export interface ParsedSwapFlags extends ParsedTargetFlags {
    readonly to: Colour;
    readonly pollIntervalMs?: number;
    readonly timeoutMs?: number;
}

export { UsageError };

/** The flag for each `VipSwap` input, for messages in the command line's own terms. */
export const flagOfInput: Readonly<Record<string, string>> = {
    activeColour: "--to",
    resourceGroupName: "--resource-group",
    kind: "--topology",
    loadBalancerName: "--lb",
    productionFrontendName: "--production-frontend",
    stagingFrontendName: "--staging-frontend",
    bluePoolName: "--blue-pool",
    greenPoolName: "--green-pool",
    blueLoadBalancerName: "--blue-lb",
    greenLoadBalancerName: "--green-lb",
    frontendName: "--frontend",
    productionIpName: "--production-ip",
    stagingIpName: "--staging-ip",
    pollIntervalMs: "--poll-interval-ms",
    timeoutMs: "--timeout-ms",
};

/** The topologies as the command line names them, and the target `kind` of each. */
export const topologyKinds = { paired: "pairedLoadBalancers", shared: "sharedLoadBalancer" } as const;

/** The shared topology's names when their flags are not given: the ones the component creates. */
export const sharedDefaults = { productionFrontend: "production", stagingFrontend: "staging", bluePool: "blue", greenPool: "green" } as const;

/** Adds the flags that name the pair (in either topology) and say how to reach Azure. */
export function addTargetFlags(command: Command): Command {
    return command
        .addOption(
            new Option("--topology <topology>", "paired: two load balancers (floating-IP method); shared: one load balancer whose rules switch pools (default: paired, or the kind in --target-json)")
                .choices(Object.keys(topologyKinds)),
        )
        .option("--resource-group <name>", "resource group of the load balancers and the addresses (required, or --target-json)")
        .option("--blue-lb <name>", "paired: the blue load balancer (required, or --target-json)")
        .option("--green-lb <name>", "paired: the green load balancer (required, or --target-json)")
        .option("--production-ip <name>", "paired: the production public IP address (required, or --target-json)")
        .option("--staging-ip <name>", "paired: the staging public IP address (required, or --target-json)")
        .option("--frontend <name>", `paired: the public frontend's name on both load balancers (default "${defaultFrontendName}")`)
        .option("--lb <name>", "shared: the load balancer (required, or --target-json)")
        .option("--production-frontend <name>", `shared: the frontend of the production address (default "${sharedDefaults.productionFrontend}")`)
        .option("--staging-frontend <name>", `shared: the frontend of the staging address (default "${sharedDefaults.stagingFrontend}")`)
        .option("--blue-pool <name>", `shared: the blue scale set's backend pool (default "${sharedDefaults.bluePool}")`)
        .option("--green-pool <name>", `shared: the green scale set's backend pool (default "${sharedDefaults.greenPool}")`)
        .option("--target-json <file|->", "the pair as JSON instead of the name flags: 'pulumi stack output swapTarget --json' saved to a file, or - for stdin (its kind picks the topology)")
        .option("--subscription <id>", "subscription id (default: ARM_SUBSCRIPTION_ID)")
        .option("--endpoint <url>", "ARM endpoint, for the emulator or a private cloud (default: the public cloud, or ARM_ENVIRONMENT's)")
        .option("--ca-cert <file>", "PEM file of the CA to trust for --endpoint (TLS stays verified)")
        .option("--access-token <token>", "bearer token (default: the ARM_* service principal, then AZURE_ACCESS_TOKEN, then DefaultAzureCredential)")
        .option("--json", "print the result as JSON on stdout", false);
}

/** Adds `swap`'s own flags. */
export function addSwapFlags(command: Command): Command {
    return command
        .addOption(new Option("--to <colour>", "the colour that must hold production").choices([...colours]).makeOptionMandatory())
        .option("--poll-interval-ms <ms>", "how often to poll Azure while a change settles (default 500)")
        .option("--timeout-ms <ms>", "give up after this long (default: no deadline)");
}

/**
 * Parses the shared flags into a target and a connection.
 * @throws UsageError naming the flag and what to do: bad names, an unreadable CA file, no subscription.
 */
export function parseTargetFlags(values: TargetFlagValues, env: NodeJS.ProcessEnv = process.env): ParsedTargetFlags {
    const inputs = validatedInputs(values, false);
    return { ...connectionOf(values, env), target: swapTargetOf(inputs), json: values.json === true };
}

/** Parses `swap`'s flags. @throws UsageError as `parseTargetFlags`. */
export function parseSwapFlags(values: TargetFlagValues, env: NodeJS.ProcessEnv = process.env): ParsedSwapFlags {
    const inputs = validatedInputs(values, true);
    return {
        ...connectionOf(values, env),
        target: swapTargetOf(inputs),
        json: values.json === true,
        to: inputs.activeColour,
        ...(inputs.pollIntervalMs !== undefined ? { pollIntervalMs: inputs.pollIntervalMs } : {}),
        ...(inputs.timeoutMs !== undefined ? { timeoutMs: inputs.timeoutMs } : {}),
    };
}

/** The flags that belong to one topology only, by topology, in their command-line spelling. */
const topologyFlags: Readonly<Record<keyof typeof topologyKinds, readonly [keyof TargetFlagValues, string][]>> = {
    paired: [
        ["blueLb", "--blue-lb"],
        ["greenLb", "--green-lb"],
        ["productionIp", "--production-ip"],
        ["stagingIp", "--staging-ip"],
        ["frontend", "--frontend"],
    ],
    shared: [
        ["lb", "--lb"],
        ["productionFrontend", "--production-frontend"],
        ["stagingFrontend", "--staging-frontend"],
        ["bluePool", "--blue-pool"],
        ["greenPool", "--green-pool"],
    ],
};

/**
 * The topology: `--topology`, else the `kind` of the `--target-json` object, else paired. The two disagreeing is a
 * usage error; a `kind` the CLI does not know is left to the input check, which refuses it by name.
 */
function topologyOf(values: TargetFlagValues, fromJson: Record<string, unknown> | undefined): keyof typeof topologyKinds {
    const flag = values.topology;
    if (flag !== undefined && !(flag in topologyKinds)) throw new UsageError(`--topology: must be paired or shared, not ${JSON.stringify(flag)}.`);
    const jsonTopology = (Object.keys(topologyKinds) as (keyof typeof topologyKinds)[]).find((t) => topologyKinds[t] === fromJson?.kind);
    if (flag !== undefined && jsonTopology !== undefined && flag !== jsonTopology) {
        throw new UsageError(`--topology ${flag} and --target-json (kind ${String(fromJson?.kind)}, a ${jsonTopology} pair) disagree; drop --topology or give the other file.`);
    }
    return (flag as keyof typeof topologyKinds | undefined) ?? jsonTopology ?? "paired";
}

/**
 * The target's inputs for the chosen topology, from the name flags and `--target-json` together; a flag of the other
 * topology, a name given twice, or a missing required one is a usage error.
 */
function targetInputs(values: TargetFlagValues): Record<string, unknown> {
    const fromJson = values.targetJson !== undefined ? readTargetJson(values.targetJson) : undefined;
    const topology = topologyOf(values, fromJson);
    const other = topology === "paired" ? "shared" : "paired";
    const stray = topologyFlags[other].filter(([key]) => values[key] !== undefined).map(([, flag]) => flag);
    if (stray.length > 0) {
        throw new UsageError(`${stray.join(", ")}: ${stray.length > 1 ? "these name" : "this names"} a ${other} pair, but --topology is ${topology}; drop ${stray.length > 1 ? "them" : "it"} or pass --topology ${other}.`);
    }
    if (topology === "shared") {
        const target = mergeTarget(
            fromJson,
            {
                resourceGroupName: values.resourceGroup,
                loadBalancerName: values.lb,
                productionFrontendName: values.productionFrontend,
                stagingFrontendName: values.stagingFrontend,
                bluePoolName: values.bluePool,
                greenPoolName: values.greenPool,
            },
            topologyKinds.shared,
        );
        return {
            kind: topologyKinds.shared,
            productionFrontendName: sharedDefaults.productionFrontend,
            stagingFrontendName: sharedDefaults.stagingFrontend,
            bluePoolName: sharedDefaults.bluePool,
            greenPoolName: sharedDefaults.greenPool,
            ...target,
        };
    }
    const target = mergeTarget(fromJson, {
        resourceGroupName: values.resourceGroup,
        blueLoadBalancerName: values.blueLb,
        greenLoadBalancerName: values.greenLb,
        frontendName: values.frontend,
        productionIpName: values.productionIp,
        stagingIpName: values.stagingIp,
    });
    return { frontendName: defaultFrontendName, ...target };
}

function validatedInputs(values: TargetFlagValues, withColour: boolean): VipSwapInputs {
    const raw: Record<string, unknown> = {
        ...targetInputs(values),
        // `status` has no colour; any valid one lets the shared rules check the rest.
        activeColour: withColour ? values.to : colours[0],
        pollIntervalMs: values.pollIntervalMs,
        timeoutMs: values.timeoutMs,
    };
    const { inputs, failures } = checkVipSwapInputs(raw);
    if (failures.length > 0) {
        throw new UsageError(failures.map((f) => `${flagOfInput[f.property] ?? f.property}: ${f.reason}`).join("\n"));
    }
    return inputs as unknown as VipSwapInputs;
}

function connectionOf(values: TargetFlagValues, env: NodeJS.ProcessEnv): { connection: AzureConnection; secrets: string[] } {
    if (values.caCert && !values.endpoint && !env.VIPSWAP_ARM_ENDPOINT) {
        throw new UsageError("--ca-cert only makes sense with --endpoint (the public clouds have publicly trusted certificates).");
    }
    const settings: AzureSettings = {
        subscriptionId: values.subscription,
        endpoint: values.endpoint,
        caCertFile: values.caCert,
        accessToken: values.accessToken,
    };
    try {
        if (values.endpoint !== undefined && !/^https:\/\/[^/]/i.test(values.endpoint)) {
            throw new AzureSettingsError(`--endpoint '${values.endpoint}' is not an https:// URL.`);
        }
        resolveAzureSettings(settings, env);
        if (values.caCert) {
            readCaCertificate(values.caCert);
        }
        const connection = createAzureConnection(settings, env);
        const secrets = [
            values.accessToken,
            env.AZURE_ACCESS_TOKEN,
            env.ARM_CLIENT_SECRET,
            env.ARM_OIDC_TOKEN,
            env.ARM_OIDC_REQUEST_TOKEN,
            env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
        ].filter((s): s is string => !!s && s.trim() !== "");
        return { connection, secrets };
    } catch (err) {
        if (err instanceof AzureSettingsError || (err instanceof Error && /access token is empty/.test(err.message))) {
            throw new UsageError(err.message.replace("pass --subscription on the command line", "pass --subscription"));
        }
        throw err;
    }
}

/** Replaces every secret in `text` with `***`, so no token or secret is ever printed. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
    return secrets.reduce((out, secret) => out.split(secret.trim()).join("***"), text);
}
