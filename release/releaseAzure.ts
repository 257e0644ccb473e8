/**
 * The release's I/O on the Azure side, with the component's own code: the connection from the stack's config and
 * the environment (the same settings and credentials the VipSwap provider uses, docs/vipswap-resource.md
 * "Credentials"), the pre-swap gate against staging (docs/health-gates.md) and the live colour as Azure has it.
 */
import type { AzureConnection } from "../components/azure/azureConnection";
import { createAzureConnection } from "../components/azure/azureCredentials";
import type { Colour } from "../components/colour";
import { fillAddressPlaceholders } from "../components/health/addressPlaceholders";
import { readHealthGateConfig, type HealthGateConfigKey } from "../components/health/healthGateConfigKeys";
import { HealthGateRefusedError } from "../components/health/healthGateErrors";
import { type HealthGatePlan, resolveHealthGatePlan } from "../components/health/healthGateSettings";
import { type PreSwapGateReport, runPreSwapGate } from "../components/health/preSwapGate";
import { settingsFromConfig } from "../components/azure/azureCredentials";
import { inspectSwap } from "../components/swap/swapEngine";
import type { SwapTarget } from "../components/swap/swapTarget";
import type { ReleaseView } from "./releasePlan";

/** What the runner asks Azure (a fake can stand in for it in unit tests). */
export interface ReleaseAzurePort {
    /** The pre-swap gate towards `colour`, with the stack's health-gate config; throws HealthGateRefusedError. */
    gate(view: ReleaseView, outputs: Record<string, unknown>, colour: Colour, log: (line: string) => void, signal?: AbortSignal): Promise<PreSwapGateReport>;
    /** Waits until every backend of `colour` is up, at most `timeoutMs`. */
    waitHealthy(view: ReleaseView, outputs: Record<string, unknown>, colour: Colour, timeoutMs: number, log: (line: string) => void, signal?: AbortSignal): Promise<void>;
    /** The colour production is on in Azure, "intermediate" while a swap is half done. */
    liveColour(view: ReleaseView, outputs: Record<string, unknown>): Promise<Colour | "intermediate">;
}

/** The Azure port over the real SDK clients; `env` holds the credentials (never config). */
export function azureReleasePort(env: NodeJS.ProcessEnv = process.env): ReleaseAzurePort {
    const connectionOf = (view: ReleaseView) => connectionFromStackConfig(view, env);
    return {
        async gate(view, outputs, colour, log, signal) {
            const connection = connectionOf(view);
            const target = targetOf(outputs);
            const gate = (await inspectSwap(connection, target, { abortSignal: signal })).gateScopeTowards[colour];
            return runPreSwapGate(connection, target, colour, gatePlanOf(view, outputs), { log, abortSignal: signal, gate });
        },
        async waitHealthy(view, outputs, colour, timeoutMs, log, signal) {
            const plan: HealthGatePlan = resolveHealthGatePlan({ loadBalancerHealth: { requirement: "allUp" } });
            const deadline = Date.now() + timeoutMs;
            for (;;) {
                try {
                    const connection = connectionOf(view);
                    const target = targetOf(outputs);
                    const gate = (await inspectSwap(connection, target, { abortSignal: signal })).gateScopeTowards[colour];
                    await runPreSwapGate(connection, target, colour, plan, { abortSignal: signal, gate });
                    log(`${colour}: every backend is up`);
                    return;
                } catch (err) {
                    if (!(err instanceof HealthGateRefusedError) || Date.now() > deadline) throw err;
                    log(`${colour}: not healthy yet (${err.findings[0] ?? "rule health"}); waiting`);
                    await new Promise((r) => setTimeout(r, 2000));
                    signal?.throwIfAborted();
                }
            }
        },
        async liveColour(view, outputs) {
            return (await inspectSwap(connectionOf(view), targetOf(outputs), {})).liveColour ?? "intermediate";
        },
    };
}

/** The connection the VipSwap provider would build from this stack's config (its keys in the project's namespace). */
export function connectionFromStackConfig(view: ReleaseView, env: NodeJS.ProcessEnv): AzureConnection {
    const namespace = view.keys.activeColour.split(":")[0];
    const get = (key: string) => (key.startsWith("vipswap:") ? view.config[`${namespace}:${key.slice("vipswap:".length)}`] : view.config[key]);
    return createAzureConnection(settingsFromConfig(get), env);
}

/** The health gates from the stack's flat config keys (Pulumi.yaml), with the addresses filled in. */
export function gatePlanOf(view: ReleaseView, outputs: Record<string, unknown>): HealthGatePlan {
    const namespace = view.keys.activeColour.split(":")[0];
    const settings = readHealthGateConfig((key: HealthGateConfigKey) => view.config[`${namespace}:${key}`]);
    const plan = resolveHealthGatePlan(settings, "the stack config");
    const addresses = { productionIpAddress: stringOrUndefined(outputs.productionAddress), stagingIpAddress: stringOrUndefined(outputs.stagingAddress) };
    const fill = <T extends { url: string; hostHeader?: string }>(check: T | undefined, name: string): T | undefined =>
        check && {
            ...check,
            url: fillAddressPlaceholders(check.url, addresses, `${namespace}:${name}Url`),
            ...(check.hostHeader !== undefined ? { hostHeader: fillAddressPlaceholders(check.hostHeader, addresses, `${namespace}:${name}HostHeader`) } : {}),
        };
    return { ...plan, smokeTest: fill(plan.smokeTest, "smokeTest"), verification: fill(plan.verification, "verification") };
}

function targetOf(outputs: Record<string, unknown>): SwapTarget {
    const target = outputs.swapTarget as SwapTarget | undefined;
    if (!target || typeof target.resourceGroupName !== "string") {
        throw new Error("The stack has no swapTarget output, which the release reads to find the pair; export the component's swapTarget as the example stack does (index.ts).");
    }
    return target;
}

function stringOrUndefined(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" ? value : undefined;
}
