import type { AzureConnection } from "../azure/azureConnection";
import { createNetworkClient } from "../azure/networkClient";
import { type AzureSettings, createAzureConnection, settingsFromConfig } from "../azure/azureCredentials";
import { type Colour, isColour } from "../colour";
import { inspectSwap, removeSwapLeftovers, SwapError, type SwapInspection, type SwapReport } from "../swap/swapEngine";
import { resolveHealthGatePlan } from "../health/healthGateSettings";
import { swapWithHealthGates } from "../health/swapWithHealthGates";
import {
    checkVipSwapInputs,
    hasUnknownInputs,
    allInputNames,
    parseVipSwapInputs,
    swapTargetOf,
    targetChanged,
    type InputFailure,
    type VipSwapInputs,
} from "./vipSwapInputs";

/**
 * What the `VipSwap` provider does, as an ordinary module. It runs inside Pulumi's dynamic-provider host, which
 * `require`s it (see vipSwapProvider.ts for why it is not serialized into state); the serialized provider only
 * forwards each call here. Credentials come from `configure` and the environment at call time, never from inputs.
 */

/** The outputs that `VipSwap` records, on top of its inputs. */
export type VipSwapOutputs = VipSwapInputs & VipSwapResults;

/** What `VipSwap` records beside its inputs. */
export interface VipSwapResults {
    /** The colour whose load balancer holds production, or "intermediate" while a swap is half done. */
    readonly liveColour: Colour | "intermediate";
    /** The production address's IP, when Azure has assigned it. */
    readonly productionAddress?: string;
    /** The staging address's IP, when Azure has assigned it. */
    readonly stagingAddress?: string;
    /** The report of the last swap that moved an address (plain JSON). */
    readonly lastSwapReport?: Record<string, unknown>;
}

/**
 * The explicit settings from the provider's `configure` call. A module-level variable of this real module, so it
 * lives in the host process only: it is never serialized and never reaches the state file.
 */
let configuredSettings: AzureSettings = {};

/**
 * Remembers the stack config that the engine sends to `configure`: `azure-native:*` and `vipswap:*` for the dynamic
 * provider; inside the vipswap plugin only `vipswap:*`, so there `namespace` is `vipswap` (`vipswap:subscriptionId`, ...).
 */
export function configure(config: { get(key: string): string | undefined }, namespace = "azure-native"): void {
    configuredSettings = settingsFromConfig((key) => config.get(key), namespace);
}

/** Forgets what `configure` stored (for tests that drive this module in-process). */
export function resetConfiguration(): void {
    configuredSettings = {};
}

/** The connection for one call: explicit settings over the environment, built fresh so rotated secrets apply. */
export function currentConnection(): AzureConnection {
    return createAzureConnection(configuredSettings, process.env);
}

/**
 * `check`: every bad input, by property; unknown values (preview) pass. With the previous inputs it also refuses a
 * flip to a colour whose scale set changes in the same update (vipSwapInputs.ts, `scaleSetRevisions`).
 */
export function check(news: Record<string, unknown>, olds: Record<string, unknown> = {}): { inputs: Record<string, unknown>; failures: InputFailure[] } {
    return checkVipSwapInputs(news, olds);
}

/**
 * `diff`: compares the desired colour with what Azure has, not only with the last recorded input, so a swap left
 * half done (a crash, a person in the portal) is finished by the next `pulumi up`. Never replaces.
 */
export async function diff(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ changes: boolean; replaces: string[]; deleteBeforeReplace: boolean }> {
    const none = { replaces: [] as string[], deleteBeforeReplace: false };
    if (hasUnknownInputs(news)) {
        return { changes: true, ...none };
    }
    // Every input, on either side: one that was removed (a timeout, a health gate) is a change too.
    const inputsChanged = allInputNames.some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
    if (targetChanged(olds, news) || inputsChanged) {
        return { changes: true, ...none };
    }
    const desired = parseVipSwapInputs(news);
    const live = await inspectLive(desired);
    if (!live) {
        return { changes: false, ...none };
    }
    return { changes: live.liveColour !== desired.activeColour || live.view.leftovers, ...none };
}

/**
 * `create`: adopts the pair. On a first deployment the load balancers do not exist yet (they depend on this
 * resource), so there is nothing to swap: azure-native creates them with production on the live colour. When they
 * exist (vipswap added to a running pair), it reconciles towards the desired colour.
 */
export async function create(news: Record<string, unknown>): Promise<{ id: string; outs: VipSwapOutputs }> {
    const inputs = parseVipSwapInputs(news);
    // Adopting a pair whose desired colour is already live accepts it as it is (no health-gate verification).
    const outs = await reconcile(inputs, undefined, inputs.activeColour);
    return { id: resourceIdOf(inputs), outs };
}

/** `update`: reconciles towards the desired colour (a real swap when it changed or Azure differs). */
export async function update(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ outs: VipSwapOutputs }> {
    const inputs = parseVipSwapInputs(news);
    // The recorded colour is the one a completed run made live; a different one means the last run did not finish.
    const accepted = isColour(olds.activeColour) ? olds.activeColour : undefined;
    return { outs: await reconcile(inputs, olds.lastSwapReport as Record<string, unknown> | undefined, accepted) };
}

/**
 * `read` (`pulumi refresh`): the live assignment. The returned inputs carry the live colour, so when it differs
 * from the program's the next `pulumi up` shows the swap back; while a swap is half done they keep the recorded one.
 */
export async function read(
    id: string,
    props: Record<string, unknown>,
): Promise<{ id: string; props: Record<string, unknown>; inputs: Record<string, unknown> }> {
    const recorded = parseVipSwapInputs(props);
    const live = await inspectLive(recorded);
    const inputs = pickInputs(props);
    if (!live) {
        return { id, props, inputs };
    }
    return {
        id,
        props: { ...props, ...liveOutputs(live) },
        inputs: { ...inputs, activeColour: live.liveColour ?? recorded.activeColour },
    };
}

/**
 * `delete`: removes a floating IP that a swap left behind, and nothing else (a shared load balancer leaves nothing). The load balancers and both addresses
 * belong to the program (the addresses are protected); deleting this resource must never touch them.
 *
 * A resource group that Azure no longer has (deleted by hand before `pulumi destroy`) holds no floating IP either,
 * so that delete succeeds, as azure-native's deletes of the pair's other resources do; failing it would leave
 * `pulumi destroy` stuck on a resource with nothing left to remove.
 */
export async function remove(props: Record<string, unknown>): Promise<void> {
    const inputs = parseVipSwapInputs(props);
    try {
        await removeSwapLeftovers(currentConnection(), swapTargetOf(inputs), {
            ...(inputs.pollIntervalMs !== undefined ? { pollIntervalMs: inputs.pollIntervalMs } : {}),
        });
    } catch (err) {
        if (err instanceof SwapError && err.code === "ResourceGroupNotFound") {
            process.stderr.write(`vipswap: resource group ${inputs.resourceGroupName} no longer exists; no floating IP to remove\n`);
            return;
        }
        throw explain(err, "removing the floating IP");
    }
}

async function reconcile(
    inputs: VipSwapInputs,
    previousReport: Record<string, unknown> | undefined,
    acceptedColour: Colour | undefined,
): Promise<VipSwapOutputs> {
    const live = await inspectLive(inputs);
    if (!live) {
        // Nothing to swap yet: the load balancers will be created with production on the live colour.
        return {
            ...inputs,
            liveColour: inputs.activeColour,
            ...(await addressesBeforeLoadBalancers(inputs)),
            ...(previousReport ? { lastSwapReport: previousReport } : {}),
        };
    }
    const connection = currentConnection();
    const target = swapTargetOf(inputs);
    let report: SwapReport;
    try {
        // The health gates (docs/health-gates.md) run around the swap: a refusal writes nothing, a failed
        // verification rolls back; either way the error says so and `pulumi up` fails with it.
        const plan = resolveHealthGatePlan(inputs.healthGate, "the VipSwap input healthGate");
        ({ swap: report } = await swapWithHealthGates(connection, target, inputs.activeColour, plan, {
            ...(inputs.pollIntervalMs !== undefined ? { pollIntervalMs: inputs.pollIntervalMs } : {}),
            ...(inputs.timeoutMs !== undefined ? { timeoutMs: inputs.timeoutMs } : {}),
            // The CLI passes a dynamic provider's stderr through to the user (docs/pulumi-behaviour.md §1.3, "Logging").
            onProgress: (event) => process.stderr.write(`vipswap: ${event.message}\n`),
            log: (line) => process.stderr.write(`vipswap: ${line}\n`),
            ...(acceptedColour ? { acceptedColour } : {}),
        }));
    } catch (err) {
        throw explain(err, `swapping to ${inputs.activeColour}`);
    }
    const after = await inspectLive(inputs);
    const moved = report.steps.length > 0;
    return {
        ...inputs,
        ...(after ? liveOutputs(after) : { liveColour: inputs.activeColour }),
        ...(moved ? { lastSwapReport: toPlainJson(report) } : previousReport ? { lastSwapReport: previousReport } : {}),
    };
}

/** The live assignment, or undefined when the load balancers do not exist yet (first deployment). */
async function inspectLive(inputs: VipSwapInputs): Promise<SwapInspection | undefined> {
    try {
        return await inspectSwap(currentConnection(), swapTargetOf(inputs), {});
    } catch (err) {
        if (isLoadBalancerMissing(err)) {
            return undefined;
        }
        throw explain(err, "reading the load balancers");
    }
}

/**
 * The addresses' IPs on a first deployment: they exist already (`VipSwap` depends on them) while the load
 * balancers do not, so the engine cannot inspect the pair yet.
 *
 * An address that is not found means that VipSwap looks in the wrong place (another subscription than azure-native's,
 * typically an explicit azure-native provider's; another resource group), not that there is nothing to swap: the
 * load balancers would then be PUT with swapped addresses while a colour that is not live was recorded. So it fails.
 */
async function addressesBeforeLoadBalancers(inputs: VipSwapInputs): Promise<Pick<VipSwapOutputs, "productionAddress" | "stagingAddress">> {
    // A shared pair names its addresses through its frontends only: they are known once the load balancer exists.
    if (inputs.kind === "sharedLoadBalancer") return {};
    const connection = currentConnection();
    const client = createNetworkClient(connection);
    const ipOf = async (name: string): Promise<string | undefined> => {
        try {
            return (await client.publicIPAddresses.get(inputs.resourceGroupName, name)).ipAddress;
        } catch (err) {
            const { statusCode, code } = err as { statusCode?: number; code?: string };
            if (statusCode === 404) {
                throw new Error(
                    `VipSwap failed while reading the address ${name}: ${code ?? "NotFound"} (HTTP 404): VipSwap cannot find the public IP ` +
                        `address '${name}' in resource group '${inputs.resourceGroupName}' of subscription ${connection.subscriptionId}. ` +
                        "It runs after both addresses exist, so it is looking in the wrong place: give it the subscription that " +
                        "azure-native uses (azure-native:subscriptionId or ARM_SUBSCRIPTION_ID; VipSwap does not see an explicit " +
                        "azure-native provider's). State left behind: unchanged.",
                );
            }
            throw explain(err, `reading the address ${name}`);
        }
    };
    const [production, staging] = await Promise.all([ipOf(inputs.productionIpName), ipOf(inputs.stagingIpName)]);
    return { ...(production ? { productionAddress: production } : {}), ...(staging ? { stagingAddress: staging } : {}) };
}

function liveOutputs(live: SwapInspection): Pick<VipSwapOutputs, "liveColour" | "productionAddress" | "stagingAddress"> {
    return {
        liveColour: live.liveColour ?? "intermediate",
        ...(live.productionIpAddress ? { productionAddress: live.productionIpAddress } : {}),
        ...(live.stagingIpAddress ? { stagingAddress: live.stagingIpAddress } : {}),
    };
}

/** The inputs among recorded outputs (state holds inputs and outputs side by side). */
function pickInputs(props: Record<string, unknown>): Record<string, unknown> {
    const outputsOnly = new Set(["liveColour", "productionAddress", "stagingAddress", "lastSwapReport"]);
    return Object.fromEntries(Object.entries(props).filter(([key]) => !outputsOnly.has(key)));
}

/** A stable id that names the pair (never a secret). */
function resourceIdOf(inputs: VipSwapInputs): string {
    if (inputs.kind === "sharedLoadBalancer") return `vipswap/${inputs.resourceGroupName}/${inputs.loadBalancerName}`;
    return `vipswap/${inputs.resourceGroupName}/${inputs.blueLoadBalancerName}+${inputs.greenLoadBalancerName}`;
}

/** The engine reports a pair whose load balancers are not there (yet) as `ValidationFailed` with status 404. */
function isLoadBalancerMissing(err: unknown): boolean {
    return err instanceof SwapError && err.statusCode === 404;
}

/** An error whose message carries the Azure code and the state that the engine left behind. */
function explain(err: unknown, during: string): Error {
    if (err instanceof SwapError) {
        const status = err.statusCode !== undefined ? ` (HTTP ${err.statusCode})` : "";
        return new Error(`VipSwap failed while ${during}: ${err.code}${status}: ${err.message} State left behind: ${err.stateLeftBehind}.`);
    }
    return new Error(`VipSwap failed while ${during}: ${err instanceof Error ? err.message : String(err)}`);
}


/** Dates become ISO strings, undefined fields vanish: what a Pulumi output can hold. */
function toPlainJson(value: unknown): Record<string, unknown> {
    return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
