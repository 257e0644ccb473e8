import type { LoadBalancer, NetworkManagementClient } from "@azure/arm-network";
import type { Colour } from "../components/colour";
import type { PairedSwapTarget } from "../components/swap/swapTarget";
import type { SwapDriver } from "./swapDriver";
import type { SwapRun, SwapRunStep, SwapStepEvent } from "./swapRun";

/** Options of {@link runNaiveSwap}. */
export interface NaiveSwapOptions {
    /** The demo's clock (wall ms); step times are read from it. */
    readonly clock: () => number;
    /**
     * The SDK poller's interval when Azure sends no `Retry-After` (the SDK default is 2000 ms, docs/azure-behaviour.md §3;
     * a time-scaled demo scales it too). Azure's `Retry-After` on polls overrides it, as it did for the script.
     */
    readonly updateIntervalInMs?: number;
    readonly abortSignal?: AbortSignal;
    /** Called as each step starts and ends. */
    readonly onStep?: (event: SwapStepEvent) => void;
}

/**
 * The VIP swap as the 2017 float-IP script did it (gbowerman/azurerm examples/vip_swap.py; docs/azure-behaviour.md §7),
 * kept as the baseline that vipswap's engine is measured against. In order, each step waited for by the SDK's
 * own long-running-operation poller (`begin...AndWait`, which follows Azure's `Retry-After`):
 *
 * 1. create a float public IP (inside the sequence, not ahead of it);
 * 2. LB2 (the one not live) <- float IP: the staging address is released;
 * 3. LB1 (live) <- LB2's old address (staging): the production address is released;
 * 4. LB2 <- LB1's old address (production): production answers again, now on the other colour;
 * 5. delete the float IP.
 *
 * The script slept 40 s between steps where this waits for the poller; it is otherwise unchanged, so it stays
 * a fair baseline. Its "downtime" ran from the start of step 3 to the end of step 4: two load balancer updates
 * plus poller lag, which is what `productionUnattachedMs` reports here. No If-Match, no retries, no recovery:
 * interrupted, it leaves the pair half swapped (which vipswap's engine can heal).
 */
export async function runNaiveSwap(
    client: NetworkManagementClient,
    target: PairedSwapTarget,
    desired: Colour,
    options: NaiveSwapOptions,
): Promise<SwapRun> {
    const { clock, abortSignal } = options;
    const lro = { abortSignal, ...(options.updateIntervalInMs === undefined ? {} : { updateIntervalInMs: options.updateIntervalInMs }) };
    const rg = target.resourceGroupName;
    const startMs = clock();
    const steps: SwapRunStep[] = [];
    const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
        const stepStart = clock();
        options.onStep?.({ kind: "started", method: "naive", step: name, atMs: stepStart });
        const result = await work();
        const stepEnd = clock();
        steps.push({ name, startMs: stepStart, endMs: stepEnd });
        options.onStep?.({ kind: "ended", method: "naive", step: name, atMs: stepEnd, durationMs: stepEnd - stepStart });
        return result;
    };

    const production = await client.publicIPAddresses.get(rg, target.productionIpName, { abortSignal });
    const names: Record<Colour, string> = { blue: target.blueLoadBalancerName, green: target.greenLoadBalancerName };
    const live = await liveColour(client, target, names, production.id ?? "", abortSignal);
    const from = live;
    if (live === desired) {
        const endMs = clock();
        return { method: "naive", from, to: desired, startMs, endMs, steps, productionUnattachedMs: 0, stagingUnattachedMs: 0, retries: 0 };
    }
    const lb1Name = names[live];
    const lb2Name = names[desired];
    // The script named its float IP at random (Haikunator); a random suffix keeps two runs from colliding.
    const floatName = `${target.productionIpName}-float-${Math.random().toString(16).slice(2, 8)}`;

    const float = await step("create float IP", () =>
        client.publicIPAddresses.beginCreateOrUpdateAndWait(
            rg,
            floatName,
            // Standard and Static: the only kind a Standard load balancer accepts today (docs/azure-behaviour.md §2),
            // where the 2017 script created the Basic default.
            { location: production.location, sku: { name: "Standard", tier: "Regional" }, publicIPAllocationMethod: "Static", zones: production.zones },
            lro,
        ),
    );
    const lb2 = await client.loadBalancers.get(rg, lb2Name, { abortSignal });
    const lb2OldIpId = frontendOf(lb2, target.frontendName).publicIPAddress?.id ?? "";
    await step(`${desired} <- float`, () => putFrontend(client, rg, lb2Name, lb2, target.frontendName, float.id ?? "", lro));
    const lb1 = await client.loadBalancers.get(rg, lb1Name, { abortSignal });
    const lb1OldIpId = frontendOf(lb1, target.frontendName).publicIPAddress?.id ?? "";
    await step(`${live} <- staging`, () => putFrontend(client, rg, lb1Name, lb1, target.frontendName, lb2OldIpId, lro));
    // The script reused the LB2 body it had read before step 2; reading it again is what its PUT would need today
    // (the etag and provisioning state changed), and costs one GET.
    const lb2Again = await client.loadBalancers.get(rg, lb2Name, { abortSignal });
    await step(`${desired} <- production`, () => putFrontend(client, rg, lb2Name, lb2Again, target.frontendName, lb1OldIpId, lro));
    await step("delete float IP", () => client.publicIPAddresses.beginDeleteAndWait(rg, floatName, lro));

    const endMs = clock();
    const span = (first: string, last: string): number => {
        const a = steps.find((s) => s.name === first);
        const b = steps.find((s) => s.name === last);
        return a && b ? b.endMs - a.startMs : 0;
    };
    return {
        method: "naive",
        from,
        to: desired,
        startMs,
        endMs,
        steps,
        productionUnattachedMs: span(`${live} <- staging`, `${desired} <- production`),
        stagingUnattachedMs: span(`${desired} <- float`, `${live} <- staging`),
        retries: 0,
    };
}

/** The colour whose load balancer's frontend holds the production address. */
async function liveColour(
    client: NetworkManagementClient,
    target: PairedSwapTarget,
    names: Record<Colour, string>,
    productionId: string,
    abortSignal: AbortSignal | undefined,
): Promise<Colour> {
    for (const colour of ["blue", "green"] as const) {
        const lb = await client.loadBalancers.get(target.resourceGroupName, names[colour], { abortSignal });
        if (sameId(frontendOf(lb, target.frontendName).publicIPAddress?.id, productionId)) return colour;
    }
    throw new Error(
        `Neither load balancer's frontend '${target.frontendName}' holds the production address '${target.productionIpName}'; ` +
            "the naive sequence only starts from a complete pair (run 'vipswap swap' to heal a half-done swap).",
    );
}

function frontendOf(lb: LoadBalancer, frontendName: string) {
    const frontend = lb.frontendIPConfigurations?.find((f) => f.name === frontendName);
    if (!frontend) throw new Error(`Load balancer '${lb.name}' has no frontend named '${frontendName}'.`);
    return frontend;
}

/** PUTs `lb` back with its frontend pointed at `publicIpId`, and waits with the SDK's poller. */
async function putFrontend(
    client: NetworkManagementClient,
    resourceGroupName: string,
    name: string,
    lb: LoadBalancer,
    frontendName: string,
    publicIpId: string,
    lro: { abortSignal?: AbortSignal; updateIntervalInMs?: number },
): Promise<void> {
    frontendOf(lb, frontendName).publicIPAddress = { id: publicIpId };
    await client.loadBalancers.beginCreateOrUpdateAndWait(resourceGroupName, name, lb, lro);
}

/** Azure resource ids compare case-insensitively. */
function sameId(a: string | undefined, b: string | undefined): boolean {
    return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/**
 * The naive sequence as a demo driver. `updateIntervalInMs` is the SDK's default poll interval (2000 ms, docs/azure-behaviour.md
 * §3) divided by the time scale, so the baseline polls as often in emulated time as the real script's SDK would.
 */
export function naiveSwapDriver(client: NetworkManagementClient, target: PairedSwapTarget, updateIntervalInMs: number): SwapDriver {
    return {
        method: "naive",
        expectedSteps: 5,
        swap: (desired, hooks) =>
            runNaiveSwap(client, target, desired, { clock: hooks.clock, onStep: hooks.onStep, abortSignal: hooks.abortSignal, updateIntervalInMs }),
    };
}
