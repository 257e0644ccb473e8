/**
 * The rules a load balancer's frontends must satisfy against the rest of the subscription, each with Azure's status
 * and code (docs/azure-behaviour.md §1, §5, §6). Pure checks: they throw before anything changes.
 */
import type { ArmError } from "./armError";
import type { EmulatorContext } from "./emulatorContext";
import {
    frontendHasBothSubnetAndPublicIp,
    frontendHasNoSubnetOrPublicIp,
    invalidResourceReference,
    publicIpAddressInUse,
    publicIpAndLbSkuDoNotMatch,
    publicIpReferencedByMultipleIpConfigs,
    referencedResourceNotProvisioned,
} from "./networkErrors";
import type { LoadBalancerBody, PublicIpAddressBody } from "./resourceBodies";
import { resourceKey, sameId } from "./resourceId";
import { frontendPublicIpId } from "./resourceStore";

/**
 * Checks every frontend of `body` (the load balancer after the write) against the store, and writes each public IP
 * reference with the address's own id, as Azure echoes it. `changingTogether` names (by key) load balancers that
 * change in the same operation (the one-call swap): their committed holds do not count, their new ones are checked
 * by their own call. With `deferAddressInUse`, an address attached elsewhere does not throw: every other rule is
 * still checked, and the first `PublicIPAddressInUse` error is returned for the caller to report through the
 * operation instead (EmulatorSettings.publicIpInUseFailure).
 */
export function validateFrontends(
    body: LoadBalancerBody,
    context: EmulatorContext,
    changingTogether: ReadonlySet<string> = new Set(),
    deferAddressInUse = false,
): ArmError | undefined {
    const seen = new Set<string>();
    let addressInUse: ArmError | undefined;
    for (const frontend of body.properties.frontendIPConfigurations) {
        const pipId = frontendPublicIpId(frontend.properties);
        const hasSubnet = frontend.properties.subnet !== undefined;
        // "An Azure Load Balancer must have an IP address associated with a frontend" (docs/azure-behaviour.md §6, §1).
        if (!pipId && !hasSubnet) {
            throw frontendHasNoSubnetOrPublicIp(frontend.id);
        }
        if (pipId && hasSubnet) {
            throw frontendHasBothSubnetAndPublicIp(frontend.id);
        }
        if (!pipId) {
            continue; // subnets are not modelled: internal frontends are accepted as written (docs/emulator.md)
        }
        const record = context.store.get(pipId);
        const pip = (record?.committed ?? record?.pending?.next) as PublicIpAddressBody | undefined;
        if (!record || !pip) {
            throw invalidResourceReference(pipId, frontend.id);
        }
        // Cross-region references are impossible; the only text Azure documents is InvalidResourceReference's
        // "both resources are in the same region" (docs/azure-behaviour.md §6, "Other resource groups and regions").
        if (pip.location.toLowerCase() !== body.location.toLowerCase()) {
            throw invalidResourceReference(pip.id, frontend.id);
        }
        if (record.pending) {
            // docs/azure-behaviour.md §5: ReferencedResourceNotProvisioned while the address is Updating/Deleting.
            throw referencedResourceNotProvisioned(
                pip.id,
                body.id,
                record.pending.action === "delete" ? "Deleting" : "Updating",
                record.pending.operation.name,
                context.clock.retryAfterSeconds,
            );
        }
        if (pip.sku.name.toLowerCase() !== body.sku.name.toLowerCase()) {
            throw publicIpAndLbSkuDoNotMatch(body.id, body.sku.name, pip.id, pip.sku.name);
        }
        const key = resourceKey(pip.id);
        if (seen.has(key)) {
            throw publicIpReferencedByMultipleIpConfigs(pip.id, body.id);
        }
        seen.add(key);
        frontend.properties.publicIPAddress = { id: pip.id };
        // Held by another load balancer, committed or by a change in flight: the release only counts at commit.
        const holder = context.store
            .holdersOf(pip.id)
            .find((h) => !sameId(h.loadBalancerId, body.id) && !changingTogether.has(resourceKey(h.loadBalancerId)));
        if (holder) {
            const error = publicIpAddressInUse(frontend.id, pip.id, holder.frontendId);
            if (!deferAddressInUse) {
                throw error;
            }
            addressInUse ??= error;
        }
    }
    return addressInUse;
}
