import type { BlueGreenPair } from "../helpers/emulatorFixture";
import type { EngineHarness } from "./engineHarness";

/** What the sampler saw. */
export interface SamplerResult {
    readonly samples: number;
    /** Samples where a frontend referenced no address, or both referenced the same one. */
    readonly violations: string[];
}

/**
 * Reads both load balancers over and over through the SDK while a swap runs (the emulator serves what Azure's
 * readers would see), and records any moment at which a frontend had no public IP or both had the same one.
 */
export function startFrontendSampler(harness: EngineHarness, pair: BlueGreenPair): { stop(): Promise<SamplerResult> } {
    const sampler = sample(harness, pair);
    active.add(sampler);
    return {
        stop: () => {
            active.delete(sampler);
            return sampler.stop();
        },
    };
}

const active = new Set<{ stop(): Promise<SamplerResult> }>();

/** Stops every sampler still running (for `afterEach`, so a failed test leaves none behind). */
export async function stopAllSamplers(): Promise<void> {
    const samplers = [...active];
    active.clear();
    await Promise.all(samplers.map((s) => s.stop()));
}

function sample(harness: EngineHarness, pair: BlueGreenPair): { stop(): Promise<SamplerResult> } {
    let running = true;
    let samples = 0;
    const violations: string[] = [];
    const t = pair.target;
    const frontendAddress = async (name: string) => {
        const lb = await harness.client.loadBalancers.get(t.resourceGroupName, name);
        return lb.frontendIPConfigurations?.find((f) => f.name === t.frontendName)?.publicIPAddress?.id;
    };
    const loop = (async () => {
        while (running) {
            try {
                const [blue, green] = await Promise.all([frontendAddress(t.blueLoadBalancerName), frontendAddress(t.greenLoadBalancerName)]);
                samples++;
                if (!blue || !green || blue.toLowerCase() === green.toLowerCase()) violations.push(`blue=${blue} green=${green}`);
            } catch (error) {
                if (running) violations.push(`read failed: ${(error as Error).message}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 2));
        }
    })();
    return {
        async stop() {
            running = false;
            await loop;
            return { samples, violations };
        },
    };
}
