/**
 * What the end-to-end tests read back after a CLI run: what the engine planned (from its events), what the state
 * holds, what Azure (the emulator) holds, and what a customer on the production address is served.
 */
import type { EngineEvent, OutputMap, Stack } from "@pulumi/pulumi/automation";
import { createNetworkClient } from "../../../components/azure/networkClient";
import type { Colour } from "../../../components/colour";
import type { PairedSwapTarget } from "../../../components/swap/swapTarget";
import type { AzureEmulator } from "../../../emulator/azureEmulator";
import type { EnginePair } from "../../engine/commitInvariants";

/** The resource types the example stack's swap involves. */
export const vipSwapType = "pulumi-nodejs:dynamic/vipswap:VipSwap";
export const loadBalancerType = "azure-native:network:LoadBalancer";

/** One planned or applied step: the resource's type and name, and the engine's operation ("same", "update", ...). */
export interface PlannedStep {
    readonly type: string;
    readonly name: string;
    readonly op: string;
}

/** Collects the engine's per-resource steps from an `onEvent` stream. */
export function stepRecorder(): { readonly steps: PlannedStep[]; onEvent(event: EngineEvent): void } {
    const steps: PlannedStep[] = [];
    return {
        steps,
        onEvent(event: EngineEvent) {
            const metadata = event.resourcePreEvent?.metadata;
            if (metadata) {
                steps.push({ type: metadata.type, name: metadata.urn.split("::").pop() ?? metadata.urn, op: metadata.op });
            }
        },
    };
}

/** The plain value of each stack output. */
export async function plainOutputs(stack: Stack): Promise<Record<string, unknown>> {
    const outputs: OutputMap = await stack.outputs();
    return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value]));
}

/** What a customer on an address is served, as the emulator's data plane answers it. */
export interface ServedAnswer {
    readonly colour: Colour | null;
    readonly version: string;
    readonly publicIpAddress: string | null;
}

/** Asks the address whose resource id is `publicIpId` once, as a customer would (HTTP on its loopback port). */
export async function servedBy(emulator: AzureEmulator, publicIpId: string): Promise<ServedAnswer | "unreachable"> {
    const entry = Object.values(emulator.dataPlane()).find((e) => e.publicIpId.toLowerCase() === publicIpId.toLowerCase());
    if (!entry) {
        throw new Error(`The emulator serves no address with id ${publicIpId}.`);
    }
    try {
        const response = await fetch(entry.url, { signal: AbortSignal.timeout(5000) });
        return (await response.json()) as ServedAnswer;
    } catch {
        return "unreachable";
    }
}

/** The pair as the commit-history checks take it, from the example stack's outputs. */
export function pairFromOutputs(outputs: Record<string, unknown>, readyAtCommit: number): EnginePair {
    const target = outputs.swapTarget as PairedSwapTarget; // the example stack is a paired pair
    const frontendId = (lbId: string) => `${lbId}/frontendIPConfigurations/${target.frontendName}`;
    const blue = String(outputs.blueLoadBalancerId);
    const green = String(outputs.greenLoadBalancerId);
    return {
        target,
        location: "westeurope",
        productionIpId: String(outputs.productionIpId),
        stagingIpId: String(outputs.stagingIpId),
        productionIpAddress: String(outputs.productionAddress),
        stagingIpAddress: String(outputs.stagingAddress),
        loadBalancerIds: { blue, green },
        frontendIds: { blue: frontendId(blue), green: frontendId(green) },
        readyAtCommit,
    };
}

/** Load balancer name -> the public IP id its frontend references, as Azure (the emulator) has it now. */
export async function azureFrontends(emulator: AzureEmulator, target: PairedSwapTarget): Promise<Record<string, string | undefined>> {
    const client = createNetworkClient(emulator.connection());
    const result: Record<string, string | undefined> = {};
    for (const name of [target.blueLoadBalancerName, target.greenLoadBalancerName]) {
        const lb = await client.loadBalancers.get(target.resourceGroupName, name);
        result[name] = lb.frontendIPConfigurations?.find((f) => f.name === target.frontendName)?.publicIPAddress?.id?.toLowerCase();
    }
    return result;
}

/** Load balancer name -> the public IP id its frontend references, as the Pulumi state records it. */
export async function stateFrontends(stack: Stack, target: PairedSwapTarget): Promise<Record<string, string | undefined>> {
    const deployment = await stack.exportStack();
    const resources = (deployment.deployment as { resources?: Array<{ type: string; outputs?: Record<string, unknown> }> }).resources ?? [];
    const result: Record<string, string | undefined> = {};
    for (const resource of resources.filter((r) => r.type === loadBalancerType)) {
        const outputs = resource.outputs ?? {};
        const frontends = (outputs.frontendIPConfigurations ?? []) as Array<{ name?: string; publicIPAddress?: { id?: string } }>;
        const name = String(outputs.name);
        result[name] = frontends.find((f) => f.name === target.frontendName)?.publicIPAddress?.id?.toLowerCase();
    }
    return result;
}
