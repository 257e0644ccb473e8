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

/** A flag that is missing or wrong: the command exits 2 with this message. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

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

/** The paired topology's flags that have no default, in their commander spelling. */
const pairedRequired: readonly [keyof TargetFlagValues, string][] = [
    ["blueLb", "--blue-lb <name>"],
    ["greenLb", "--green-lb <name>"],
    ["productionIp", "--production-ip <name>"],
    ["stagingIp", "--staging-ip <name>"],
];

/** Adds the flags that name the pair (in either topology) and say how to reach Azure. */
export function addTargetFlags(command: Command): Command {
    return command
        .addOption(
            new Option("--topology <topology>", "paired: two load balancers (floating-IP method); shared: one load balancer whose rules switch pools")
                .choices(Object.keys(topologyKinds))
                .default("paired"),
        )
        .requiredOption("--resource-group <name>", "resource group of the load balancers and the addresses")
        .option("--blue-lb <name>", "paired: the blue load balancer (required)")
        .option("--green-lb <name>", "paired: the green load balancer (required)")
        .option("--production-ip <name>", "paired: the production public IP address (required)")
        .option("--staging-ip <name>", "paired: the staging public IP address (required)")
        .option("--frontend <name>", `paired: the public frontend's name on both load balancers (default "${defaultFrontendName}")`)
        .option("--lb <name>", "shared: the load balancer (required)")
        .option("--production-frontend <name>", `shared: the frontend of the production address (default "${sharedDefaults.productionFrontend}")`)
        .option("--staging-frontend <name>", `shared: the frontend of the staging address (default "${sharedDefaults.stagingFrontend}")`)
        .option("--blue-pool <name>", `shared: the blue scale set's backend pool (default "${sharedDefaults.bluePool}")`)
        .option("--green-pool <name>", `shared: the green scale set's backend pool (default "${sharedDefaults.greenPool}")`)
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
    paired: [...pairedRequired.map(([key, flag]) => [key, flag.split(" ")[0]] as [keyof TargetFlagValues, string]), ["frontend", "--frontend"]],
    shared: [
        ["lb", "--lb"],
        ["productionFrontend", "--production-frontend"],
        ["stagingFrontend", "--staging-frontend"],
        ["bluePool", "--blue-pool"],
        ["greenPool", "--green-pool"],
    ],
};

/** The target's inputs for the chosen topology; a flag of the other topology, or a missing required one, is a usage error. */
function targetInputs(values: TargetFlagValues): Record<string, unknown> {
    const topology = (values.topology ?? "paired") as keyof typeof topologyKinds;
    if (!(topology in topologyKinds)) throw new UsageError(`--topology: must be paired or shared, not ${JSON.stringify(values.topology)}.`);
    const other = topology === "paired" ? "shared" : "paired";
    const stray = topologyFlags[other].filter(([key]) => values[key] !== undefined).map(([, flag]) => flag);
    if (stray.length > 0) {
        throw new UsageError(`${stray.join(", ")}: ${stray.length > 1 ? "these name" : "this names"} a ${other} pair, but --topology is ${topology}; drop ${stray.length > 1 ? "them" : "it"} or pass --topology ${other}.`);
    }
    if (topology === "shared") {
        if (values.lb === undefined) throw new UsageError("error: required option '--lb <name>' not specified (the shared load balancer, with --topology shared)");
        return {
            kind: topologyKinds.shared,
            resourceGroupName: values.resourceGroup,
            loadBalancerName: values.lb,
            productionFrontendName: values.productionFrontend ?? sharedDefaults.productionFrontend,
            stagingFrontendName: values.stagingFrontend ?? sharedDefaults.stagingFrontend,
            bluePoolName: values.bluePool ?? sharedDefaults.bluePool,
            greenPoolName: values.greenPool ?? sharedDefaults.greenPool,
        };
    }
    const missing = pairedRequired.find(([key]) => values[key] === undefined);
    if (missing) throw new UsageError(`error: required option '${missing[1]}' not specified (with --topology paired, the default)`);
    return {
        resourceGroupName: values.resourceGroup,
        blueLoadBalancerName: values.blueLb,
        greenLoadBalancerName: values.greenLb,
        frontendName: values.frontend ?? defaultFrontendName,
        productionIpName: values.productionIp,
        stagingIpName: values.stagingIp,
    };
}

function validatedInputs(values: TargetFlagValues, withColour: boolean): VipSwapInputs {
    const raw: Record<string, unknown> = {
        // `status` has no colour; any valid one lets the shared rules check the rest.
        activeColour: withColour ? values.to : colours[0],
        ...targetInputs(values),
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
