/**
 * Virtual networks and their subnets (Microsoft.Network `virtualNetworks`, `virtualNetworks/{vnet}/subnets`,
 * api-version 2024-05-01): PUT, GET, DELETE of both, long-running (docs/azure-behaviour.md §3).
 *
 * Subnets are children of the virtual network, and also resources of their own: a subnet PUT or DELETE is an update
 * of its virtual network (the network is busy meanwhile, so a concurrent write gets 429, §5), answered with the
 * subnet. A virtual network PUT replaces the subnet list as a whole, so one that leaves out a subnet deletes it, and
 * is refused while a scale set uses it (400 `InUseSubnetCannotBeDeleted`): that is why azure-native copies the live
 * subnets into a network PUT whose `subnets` the program leaves unset (docs/pulumi-behaviour.md §5).
 */
import type { ArmHandler, ArmRequest, EmulatorContext } from "./emulatorContext";
import { inUseSubnetCannotBeDeleted, invalidResourceLocation, invalidResourceReference, resourceNotFound } from "./networkErrors";
import type { ChildResource, VirtualNetworkBody } from "./resourceBodies";
import { childrenOf, cloneJson, newEtag, withEtag } from "./resourceBodies";
import { resourceId, sameId } from "./resourceId";
import { startDeleteOperation, startPutOperation } from "./resourceOperations";
import type { StoredResource } from "./resourceStore";
import { subnetUsersIn } from "./scaleSetModel";
import type { ChildCollectionSpec, TrackedResourceSpec } from "./trackedResourceModel";
import { parseChild, parseTrackedResource } from "./trackedResourceModel";
import { acceptedPut, acceptedWithLocation, checkIfMatch, checkNotBusy, checkScope } from "./writeGuards";
import { randomUUID } from "node:crypto";

const type = "virtualNetworks";

const subnetSpec: ChildCollectionSpec = {
    collection: "subnets",
    childType: "Microsoft.Network/virtualNetworks/subnets",
    computed: ["ipConfigurations", "ipConfigurationProfiles", "privateEndpoints", "serviceAssociationLinks", "resourceNavigationLinks", "purpose"],
};

const spec: TrackedResourceSpec<"Microsoft.Network/virtualNetworks"> = {
    type: "Microsoft.Network/virtualNetworks",
    children: [subnetSpec],
    computed: [],
};

function findNetwork(request: ArmRequest, context: EmulatorContext): { id: string; record?: StoredResource<VirtualNetworkBody> } {
    checkScope(request, context);
    const id = resourceId(context.subscriptionId, request.params.rg, type, request.params.name);
    return { id, record: context.store.get(id) as StoredResource<VirtualNetworkBody> | undefined };
}

function requireNetwork(request: ArmRequest, context: EmulatorContext): StoredResource<VirtualNetworkBody> & { committed: VirtualNetworkBody } {
    const { record } = findNetwork(request, context);
    if (!record?.committed) {
        throw resourceNotFound(type, request.params.name, request.params.rg);
    }
    return record as StoredResource<VirtualNetworkBody> & { committed: VirtualNetworkBody };
}

/** A subnet's security group must exist (400 `InvalidResourceReference`, docs/azure-behaviour.md §6). */
function checkSubnetReferences(subnet: ChildResource, context: EmulatorContext): void {
    const nsg = subnet.properties.networkSecurityGroup as { id?: unknown } | undefined;
    if (nsg !== undefined) {
        if (typeof nsg?.id !== "string" || !context.store.get(nsg.id)?.committed) {
            throw invalidResourceReference(String(nsg?.id), subnet.id);
        }
        subnet.properties.networkSecurityGroup = { id: context.store.get(nsg.id)!.id };
    }
}

/** 400 `InUseSubnetCannotBeDeleted` when a scale set (committed or being written) uses a subnet that would go. */
function checkRemovedSubnets(before: VirtualNetworkBody | undefined, after: ChildResource[], context: EmulatorContext): void {
    for (const subnet of before ? childrenOf(before, "subnets") : []) {
        if (after.some((s) => sameId(s.id, subnet.id))) {
            continue;
        }
        const users = context.store.scaleSets(true).flatMap((scaleSet) => subnetUsersIn(scaleSet, subnet.id));
        if (users.length > 0) {
            throw inUseSubnetCannotBeDeleted(subnet.name, users[0]);
        }
    }
}

/** PUT a virtual network: create (201) or update (200); `subnets` replaces the list. */
export const putVirtualNetwork: ArmHandler = (request, context) => {
    const { id, record } = findNetwork(request, context);
    checkIfMatch(request, context, record, id);
    checkNotBusy(record, context, true);
    const existing = record?.committed;
    const next = parseTrackedResource(request.body, id, request.params.name, spec, existing);
    next.properties.subnets ??= [];
    if (existing && existing.location.toLowerCase() !== next.location.toLowerCase()) {
        throw invalidResourceLocation(existing.id, existing.location, next.location);
    }
    const subnets = childrenOf(next, "subnets");
    subnets.forEach((subnet) => checkSubnetReferences(subnet, context));
    checkRemovedSubnets(existing, subnets, context);
    const { operation, created } = startPutOperation(request, context, type, record, next, { name: "PutVirtualNetworkOperation", kind: "networkWrite" });
    return acceptedPut(request, context, operation, created, context.store.present(next, "Updating"));
};

/** GET one virtual network, its subnets included. */
export const getVirtualNetwork: ArmHandler = (request, context) => {
    const { record } = findNetwork(request, context);
    if (!record) {
        throw resourceNotFound(type, request.params.name, request.params.rg);
    }
    return { status: 200, body: context.store.view(record) };
};

/** DELETE a virtual network: 202 + Location; refused while a scale set uses one of its subnets. Missing: 204. */
export const deleteVirtualNetwork: ArmHandler = (request, context) => {
    const { id, record } = findNetwork(request, context);
    checkIfMatch(request, context, record, id);
    if (!record) {
        return { status: 204 };
    }
    checkNotBusy(record, context);
    checkRemovedSubnets(record.committed, [], context);
    const operation = startDeleteOperation(request, context, record, { name: "DeleteVirtualNetworkOperation", kind: "networkDelete" });
    return acceptedWithLocation(request, context, operation);
};

/** The network's body with `subnets` replaced, under a new ETag (children share their parent's ETag, §4). */
function withSubnets(network: VirtualNetworkBody, subnets: ChildResource[]): VirtualNetworkBody {
    const next = withEtag(cloneJson(network), newEtag(randomUUID()));
    next.properties.subnets = subnets.map((s) => ({ ...s, etag: next.etag }));
    return next;
}

/** PUT a subnet: an update of its virtual network, answered with the subnet (201 new, 200 changed). */
export const putSubnet: ArmHandler = (request, context) => {
    const record = requireNetwork(request, context);
    const network = record.committed;
    const existing = childrenOf(network, "subnets").find((s) => s.name.toLowerCase() === request.params.subnet.toLowerCase());
    const ifMatch = request.headers["if-match"];
    if (ifMatch !== undefined && ifMatch.trim() !== "*" && existing) {
        checkIfMatch(request, context, record, record.id); // children carry their parent's ETag (§4)
    }
    checkNotBusy(record, context);
    const subnet = parseChild({ ...(request.body as object), name: existing?.name ?? request.params.subnet }, subnetSpec, network.id, network.etag);
    checkSubnetReferences(subnet, context);
    const others = childrenOf(network, "subnets").filter((s) => !sameId(s.id, subnet.id));
    const next = withSubnets(network, existing ? childrenOf(network, "subnets").map((s) => (sameId(s.id, subnet.id) ? subnet : s)) : [...others, subnet]);
    const { operation } = startPutOperation(request, context, type, record, next, { name: "PutSubnetOperation", kind: "networkWrite" });
    const shown = context.store.present(next, "Updating");
    const answer = childrenOf(shown, "subnets").find((s) => sameId(s.id, subnet.id));
    return acceptedPut(request, context, operation, !existing, answer);
};

/** GET a subnet. */
export const getSubnet: ArmHandler = (request, context) => {
    const record = requireNetwork(request, context);
    const view = context.store.view(record);
    const subnet = childrenOf(view, "subnets").find((s) => s.name.toLowerCase() === request.params.subnet.toLowerCase());
    if (!subnet) {
        throw resourceNotFound(`${type}/${request.params.name}/subnets`, request.params.subnet, request.params.rg);
    }
    return { status: 200, body: subnet };
};

/** DELETE a subnet: 202 + Location (an update of its network); refused while in use; a missing subnet gets 204. */
export const deleteSubnet: ArmHandler = (request, context) => {
    const record = requireNetwork(request, context);
    const network = record.committed;
    const subnets = childrenOf(network, "subnets");
    const existing = subnets.find((s) => s.name.toLowerCase() === request.params.subnet.toLowerCase());
    if (!existing) {
        return { status: 204 };
    }
    checkNotBusy(record, context);
    const remaining = subnets.filter((s) => s !== existing);
    checkRemovedSubnets(network, remaining, context);
    const { operation } = startPutOperation(request, context, type, record, withSubnets(network, remaining), { name: "DeleteSubnetOperation", kind: "networkDelete" });
    return acceptedWithLocation(request, context, operation);
};
