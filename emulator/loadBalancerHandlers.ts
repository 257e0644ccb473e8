/**
 * Load balancers: PUT, GET, DELETE, list, and GET of their children (arm-network 36 `loadBalancers`,
 * `loadBalancerFrontendIPConfigurations`, `loadBalancerLoadBalancingRules`, ...; api-version 2025-05-01).
 */
import type { ArmHandler, ArmRequest, EmulatorContext } from "./emulatorContext";
import { invalidResourceLocation, resourceNotFound, unknownPath } from "./networkErrors";
import { parseLoadBalancer } from "./loadBalancerModel";
import { validateRuleConflicts } from "./loadBalancerRuleConflicts";
import { validateFrontends } from "./loadBalancerValidation";
import type { LoadBalancerBody, LoadBalancerCollection } from "./resourceBodies";
import { loadBalancerCollections } from "./resourceBodies";
import { resourceId } from "./resourceId";
import { startDeleteOperation, startPutOperation } from "./resourceOperations";
import type { StoredResource } from "./resourceStore";
import { acceptedPut, acceptedWithLocation, checkIfMatch, checkNotBusy, checkScope } from "./writeGuards";

const type = "loadBalancers";

/** The record of the load balancer named in the path. */
export function findLoadBalancer(request: ArmRequest, context: EmulatorContext): { id: string; record?: StoredResource<LoadBalancerBody> } {
    checkScope(request, context);
    const id = resourceId(context.subscriptionId, request.params.rg, type, request.params.name);
    return { id, record: context.store.get(id) as StoredResource<LoadBalancerBody> | undefined };
}

/** PUT: create (201) or update (200) as a long-running operation, after every rule has passed. */
export const putLoadBalancer: ArmHandler = (request, context) => {
    const { id, record } = findLoadBalancer(request, context);
    checkIfMatch(request, context, record, id);
    checkNotBusy(record, context, true);
    const existing = record?.committed;
    const next = parseLoadBalancer(request.body, id, request.params.name, existing);
    if (existing && existing.location.toLowerCase() !== next.location.toLowerCase()) {
        throw invalidResourceLocation(existing.id, existing.location, next.location);
    }
    validateRuleConflicts(next);
    // docs/azure-behaviour.md, Unconfirmed 1: PublicIPAddressInUse as a 400 now, or as the operation's failure (settings).
    const addressInUse = validateFrontends(next, context, new Set(), context.settings.publicIpInUseFailure === "operation");
    const { operation, created } = startPutOperation(request, context, type, record, next, {
        name: "PutLoadBalancerOperation",
        createKind: "loadBalancerCreate",
        kind: "loadBalancerUpdate",
        failWith: addressInUse,
    });
    // The PUT answer carries the requested configuration, Updating; readers keep the old one until commit.
    return acceptedPut(request, context, operation, created, context.store.present(next, "Updating"));
};

/** GET one load balancer (`$expand` is accepted and changes nothing: references are ids either way). */
export const getLoadBalancer: ArmHandler = (request, context) => {
    const { record } = findLoadBalancer(request, context);
    if (!record) {
        throw resourceNotFound(type, request.params.name, request.params.rg);
    }
    return { status: 200, body: context.store.view(record) };
};

/** DELETE: 202 + Location; its addresses are released when it commits. A missing load balancer gets 204. */
export const deleteLoadBalancer: ArmHandler = (request, context) => {
    const { id, record } = findLoadBalancer(request, context);
    checkIfMatch(request, context, record, id);
    if (!record) {
        return { status: 204 };
    }
    checkNotBusy(record, context);
    const operation = startDeleteOperation(request, context, record, { name: "DeleteLoadBalancerOperation", kind: "loadBalancerDelete" }, () =>
        context.backends.remove(record.id),
    );
    return acceptedWithLocation(request, context, operation);
};

/** GET the load balancers of a resource group, or of the subscription. */
export const listLoadBalancers: ArmHandler = (request, context) => {
    checkScope(request, context);
    return { status: 200, body: { value: context.store.list(type, request.params.rg).map((r) => context.store.view(r)) } };
};

function collectionOf(request: ArmRequest): LoadBalancerCollection {
    const found = loadBalancerCollections.find((c) => c.toLowerCase() === request.params.collection.toLowerCase());
    if (!found) {
        throw unknownPath(request.method, request.path);
    }
    return found;
}

/** GET a child collection (`.../loadBalancers/{lb}/frontendIPConfigurations`, ...), as readers see it. */
export const listLoadBalancerChildren: ArmHandler = (request, context) => {
    const collection = collectionOf(request);
    const { record } = findLoadBalancer(request, context);
    if (!record) {
        throw resourceNotFound(type, request.params.name, request.params.rg);
    }
    const body = context.store.view(record) as LoadBalancerBody;
    return { status: 200, body: { value: body.properties[collection] } };
};

/** GET one child (`.../loadBalancers/{lb}/loadBalancingRules/{rule}`, ...). */
export const getLoadBalancerChild: ArmHandler = (request, context) => {
    const collection = collectionOf(request);
    const { record } = findLoadBalancer(request, context);
    if (!record) {
        throw resourceNotFound(type, request.params.name, request.params.rg);
    }
    const body = context.store.view(record) as LoadBalancerBody;
    const child = body.properties[collection].find((c) => c.name.toLowerCase() === request.params.child.toLowerCase());
    if (!child) {
        throw resourceNotFound(`${type}/${request.params.name}/${collection}`, request.params.child, request.params.rg);
    }
    return { status: 200, body: child };
};
