/**
 * The one-call swap, `POST /subscriptions/{sub}/providers/Microsoft.Network/locations/{location}/
 * setLoadBalancerFrontendPublicIpAddresses` (operationId `LoadBalancers_SwapPublicIpAddresses`, docs/azure-behaviour.md
 * "Read this first"): body `{frontendIPConfigurations: [{id, properties: {publicIPAddress: {id}}}]}`, a long-running
 * operation answered with 202 + `Location` + `Retry-After` (`final-state-via: location`).
 *
 * Whether it works for plain (non-Cloud-Services) Standard load balancers, and whether it is atomic, is unconfirmed
 * (docs/azure-behaviour.md, Unconfirmed 2). The emulator therefore refuses it unless `swapApiEnabled` is set, so that nothing built
 * and tested here relies on it by accident; when enabled it models the documented intent: every frontend named in
 * the body switches at one commit.
 */
import { randomUUID } from "node:crypto";
import { ArmError } from "./armError";
import type { ArmHandler } from "./emulatorContext";
import { validateFrontends } from "./loadBalancerValidation";
import { invalidRequestFormat, invalidResourceReference, publicIpAddressInUse } from "./networkErrors";
import { arrayAt, normalizeLocation, objectAt, optionalObjectAt, referenceAt } from "./requestBody";
import type { LoadBalancerBody } from "./resourceBodies";
import { cloneJson, newEtag, withEtag } from "./resourceBodies";
import { parentOfChildId, resourceKey, sameId } from "./resourceId";
import type { StoredResource } from "./resourceStore";
import { frontendPublicIpId } from "./resourceStore";
import { acceptedWithLocation, checkNotBusy, checkScope } from "./writeGuards";

/** POST setLoadBalancerFrontendPublicIpAddresses (see the file comment). */
export const postSwapPublicIpAddresses: ArmHandler = (request, context) => {
    checkScope(request, context);
    if (!context.settings.swapApiEnabled) {
        // No Azure code is known for this case; the emulator names it plainly (docs/emulator.md).
        throw new ArmError(
            400,
            "OperationNotSupported",
            "setLoadBalancerFrontendPublicIpAddresses is not confirmed to work for Standard load balancers outside Cloud Services (extended support), so the emulator refuses it by default. Enable it with PATCH /_emulator/settings {\"swapApiEnabled\": true} or the swapApiEnabled start option.",
        );
    }
    const location = normalizeLocation(request.params.location);
    const entries = arrayAt(objectAt(request.body, "body").frontendIPConfigurations, "frontendIPConfigurations");
    if (entries.length === 0) {
        throw invalidRequestFormat("'frontendIPConfigurations' must list at least one frontend.");
    }
    // Group the requested changes by load balancer: frontend id -> new public IP id.
    const changes = new Map<string, { record: StoredResource<LoadBalancerBody>; next: LoadBalancerBody }>();
    entries.forEach((raw, index) => {
        const entry = objectAt(raw, `frontendIPConfigurations[${index}]`);
        const frontendId = entry.id;
        if (typeof frontendId !== "string") {
            throw invalidRequestFormat(`'frontendIPConfigurations[${index}].id' must be a frontend id.`);
        }
        const pip = referenceAt(optionalObjectAt(entry.properties, `frontendIPConfigurations[${index}].properties`)?.publicIPAddress, `frontendIPConfigurations[${index}].properties.publicIPAddress`);
        if (!pip) {
            throw invalidRequestFormat(`'frontendIPConfigurations[${index}].properties.publicIPAddress.id' is required.`);
        }
        const lbId = parentOfChildId(frontendId);
        const record = lbId ? (context.store.get(lbId) as StoredResource<LoadBalancerBody> | undefined) : undefined;
        // The call is scoped to one {location}: a load balancer elsewhere does not resolve (docs/azure-behaviour.md §6).
        if (!record?.committed || record.committed.location.toLowerCase() !== location.toLowerCase()) {
            throw invalidResourceReference(frontendId, `/subscriptions/${context.subscriptionId}/providers/Microsoft.Network/locations/${location}`);
        }
        checkNotBusy(record, context);
        const key = resourceKey(record.id);
        const change = changes.get(key) ?? { record, next: cloneJson(record.committed) };
        changes.set(key, change);
        const frontend = change.next.properties.frontendIPConfigurations.find((f) => sameId(f.id, frontendId));
        if (!frontend) {
            throw invalidResourceReference(frontendId, record.id);
        }
        frontend.properties.publicIPAddress = { id: pip.id };
    });
    // Every load balancer must be valid after the swap, counting the other swapped load balancers' new state,
    // not their old one: the exchange is one change.
    const swapped = new Set(changes.keys());
    const newHolders = new Map<string, string>();
    for (const { next } of changes.values()) {
        validateFrontends(next, context, swapped);
        for (const frontend of next.properties.frontendIPConfigurations) {
            const pipId = frontendPublicIpId(frontend.properties);
            const other = pipId ? newHolders.get(resourceKey(pipId)) : undefined;
            if (pipId && other) {
                throw publicIpAddressInUse(frontend.id, pipId, other);
            }
            if (pipId) {
                newHolders.set(resourceKey(pipId), frontend.id);
            }
        }
    }
    const etag = newEtag(randomUUID());
    const records = [...changes.values()];
    const operation = context.operations.start({
        kind: "swapPublicIpAddresses",
        name: "SetLoadBalancerFrontendPublicIpAddressesOperation",
        resourceIds: records.map(({ record }) => record.id),
        action: "action",
        location,
        fault: context.faults.takeOperationFault(request.method, request.path),
        commit: () => {
            for (const { record, next } of records) {
                record.committed = withEtag(next, etag);
                record.failed = false;
                record.pending = undefined;
            }
            // One atomic commit: every load balancer's record shares its number.
            context.history.record(...records.map(({ record }) => ({ resourceId: record.id, kind: "update" as const, operationId: operation.id })));
            context.onChange();
        },
        abandon: (status) => {
            for (const { record } of records) {
                record.pending = undefined;
                record.failed = status === "Failed";
            }
        },
    });
    for (const { record, next } of records) {
        record.pending = { operation, action: "update", next: withEtag(next, etag) };
    }
    return acceptedWithLocation(request, context, operation);
};
