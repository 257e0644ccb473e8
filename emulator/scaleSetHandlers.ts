/**
 * Virtual machine scale sets (Microsoft.Compute `virtualMachineScaleSets`, api-version 2024-11-01, what azure-native
 * 3.28 sends): PUT, GET, DELETE as long-running operations, with the checks a Uniform scale set's network model
 * meets on Azure. The instances are not modelled one by one: the scale set's NIC ipConfigurations put `sku.capacity`
 * backends into the load balancer pools they name (scaleSetBackends.ts).
 */
import type { ArmHandler, ArmRequest, EmulatorContext } from "./emulatorContext";
import { invalidResourceLocation, invalidResourceReference, resourceNotFound } from "./networkErrors";
import type { LoadBalancerBody, ScaleSetBody } from "./resourceBodies";
import { childrenOf } from "./resourceBodies";
import { parentOfChildId, resourceId, sameId, splitChildId } from "./resourceId";
import { startDeleteOperation, startPutOperation } from "./resourceOperations";
import type { StoredResource } from "./resourceStore";
import { frontendPublicIpId } from "./resourceStore";
import { applyScaleSetBackends } from "./scaleSetBackends";
import { invalidScaleSetCapacity, scaleSetCannotUseMultipleLoadBalancers } from "./scaleSetErrors";
import { scaleSetIpConfigurations } from "./scaleSetModel";
import { parseTrackedResource } from "./trackedResourceModel";
import { acceptedPut, acceptedWithLocation, checkIfMatch, checkNotBusy, checkScope } from "./writeGuards";

const type = "virtualMachineScaleSets";
const provider = "Microsoft.Compute";

function findScaleSet(request: ArmRequest, context: EmulatorContext): { id: string; record?: StoredResource<ScaleSetBody> } {
    checkScope(request, context);
    const id = resourceId(context.subscriptionId, request.params.rg, type, request.params.name);
    return { id, record: context.store.get(id) as StoredResource<ScaleSetBody> | undefined };
}

/** Parses the body; secrets the API never returns (`customData`, `adminPassword`) are not stored, as Azure omits them in GETs. */
function parseScaleSet(raw: unknown, id: string, name: string, existing: ScaleSetBody | undefined): ScaleSetBody {
    const body = parseTrackedResource(raw, id, name, { type: "Microsoft.Compute/virtualMachineScaleSets", children: [], computed: ["uniqueId", "timeCreated"] }, existing);
    const capacity = body.sku?.capacity;
    if (!Number.isInteger(capacity) || (capacity as number) < 0 || (capacity as number) > 1000) {
        throw invalidScaleSetCapacity(capacity);
    }
    const osProfile = (body.properties.virtualMachineProfile as { osProfile?: Record<string, unknown> } | undefined)?.osProfile;
    if (osProfile) {
        delete osProfile.customData;
        delete osProfile.adminPassword;
    }
    body.properties.uniqueId = (existing?.properties.uniqueId as string | undefined) ?? body.properties.resourceGuid;
    delete body.properties.resourceGuid;
    body.properties.timeCreated = (existing?.properties.timeCreated as string | undefined) ?? new Date().toISOString();
    return body;
}

/**
 * Every subnet and backend pool the model names must exist (400 `InvalidResourceReference`, docs/azure-behaviour.md
 * §6), and the pools may come from at most one public and one internal load balancer (400
 * `VMScaleSetCannotUseMultipleLoadBalancersOfSameType`, §11). A load balancer is public when a frontend holds a
 * public IP.
 */
function validateNetwork(body: ScaleSetBody, context: EmulatorContext): void {
    const byKind: Record<"public" | "internal", Map<string, string>> = { public: new Map(), internal: new Map() };
    for (const configuration of scaleSetIpConfigurations(body)) {
        const ipConfigurationId = `${body.id}/networkInterfaceConfigurations/${configuration.nicName}/ipConfigurations/${configuration.ipConfigurationName}`;
        if (configuration.subnetId !== undefined) {
            const parts = splitChildId(configuration.subnetId);
            const vnet = parts ? context.store.get(parts.parentId)?.committed : undefined;
            const subnet = vnet && parts?.collection.toLowerCase() === "subnets" ? childrenOf(vnet, "subnets").find((s) => sameId(s.id, configuration.subnetId)) : undefined;
            if (!subnet) {
                throw invalidResourceReference(configuration.subnetId, ipConfigurationId);
            }
        }
        for (const poolId of configuration.backendPoolIds) {
            const lbId = parentOfChildId(poolId);
            const lb = lbId ? (context.store.get(lbId)?.committed as LoadBalancerBody | undefined) : undefined;
            if (!lb || !lb.properties.backendAddressPools.some((p) => sameId(p.id, poolId))) {
                throw invalidResourceReference(poolId, ipConfigurationId);
            }
            const isPublic = lb.properties.frontendIPConfigurations.some((f) => frontendPublicIpId(f.properties) !== undefined);
            byKind[isPublic ? "public" : "internal"].set(lb.id.toLowerCase(), lb.id);
        }
    }
    for (const kind of ["public", "internal"] as const) {
        if (byKind[kind].size > 1) {
            throw scaleSetCannotUseMultipleLoadBalancers(body.id, kind, [...byKind[kind].values()]);
        }
    }
}

/** PUT: create (201) or update (200) as a long-running operation; at commit the backends follow. */
export const putScaleSet: ArmHandler = (request, context) => {
    const { id, record } = findScaleSet(request, context);
    checkIfMatch(request, context, record, id);
    checkNotBusy(record, context, true);
    const existing = record?.committed;
    const next = parseScaleSet(request.body, id, request.params.name, existing);
    if (existing && existing.location.toLowerCase() !== next.location.toLowerCase()) {
        throw invalidResourceLocation(existing.id, existing.location, next.location);
    }
    validateNetwork(next, context);
    const { operation, created } = startPutOperation(
        request,
        context,
        type,
        record,
        next,
        { name: "PutVirtualMachineScaleSetOperation", createKind: "scaleSetCreate", kind: "scaleSetUpdate" },
        (previous) => applyScaleSetBackends(context, previous, next),
    );
    return acceptedPut(request, context, operation, created, context.store.present(next, created ? "Creating" : "Updating"));
};

/** GET one scale set. */
export const getScaleSet: ArmHandler = (request, context) => {
    const { record } = findScaleSet(request, context);
    if (!record) {
        throw resourceNotFound(type, request.params.name, request.params.rg, provider);
    }
    return { status: 200, body: context.store.view(record) };
};

/** DELETE: 202 + Location; its backends leave the pools when it commits. A missing scale set gets 204. */
export const deleteScaleSet: ArmHandler = (request, context) => {
    const { id, record } = findScaleSet(request, context);
    checkIfMatch(request, context, record, id);
    if (!record) {
        return { status: 204 };
    }
    checkNotBusy(record, context);
    const body = record.committed;
    const operation = startDeleteOperation(request, context, record, { name: "DeleteVirtualMachineScaleSetOperation", kind: "scaleSetDelete" }, () =>
        applyScaleSetBackends(context, body, undefined),
    );
    return acceptedWithLocation(request, context, operation);
};
