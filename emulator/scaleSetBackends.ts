/**
 * A scale set in a load balancer's backend pool becomes that load balancer's backends: `sku.capacity` instances, all
 * healthy, serving the scale set's version label (scaleSetModel.ts), so a stack deployed through ARM alone drives the
 * data plane and rule health without the control API. Applied when a scale set write or delete commits; the control
 * API may still change the backends afterwards (e.g. make some unhealthy) until the scale set's next write.
 */
import type { EmulatorContext } from "./emulatorContext";
import type { ScaleSetBody } from "./resourceBodies";
import { parentOfChildId, resourceKey } from "./resourceId";
import { appVersionOf, capacityOf, scaleSetIpConfigurations } from "./scaleSetModel";

/** The ids (as stored) of the load balancers whose pools a scale set body names. */
export function loadBalancersOf(body: ScaleSetBody | undefined, context: EmulatorContext): string[] {
    if (!body) {
        return [];
    }
    const ids = new Map<string, string>();
    for (const configuration of scaleSetIpConfigurations(body)) {
        for (const poolId of configuration.backendPoolIds) {
            const lbId = parentOfChildId(poolId);
            const record = lbId ? context.store.get(lbId) : undefined;
            if (record) {
                ids.set(resourceKey(record.id), record.id);
            }
        }
    }
    return [...ids.values()];
}

/** Moves the backends from what `previous` fed to what `next` feeds (undefined: the scale set is gone). */
export function applyScaleSetBackends(context: EmulatorContext, previous: ScaleSetBody | undefined, next: ScaleSetBody | undefined): void {
    const nextIds = loadBalancersOf(next, context);
    const kept = new Set(nextIds.map(resourceKey));
    for (const id of loadBalancersOf(previous, context)) {
        if (!kept.has(resourceKey(id))) {
            context.backends.remove(id);
        }
    }
    for (const id of nextIds) {
        const count = capacityOf(next!);
        context.backends.set({ loadBalancerId: id, count, healthy: count, version: appVersionOf(next!) });
    }
}
