/**
 * Network security groups: PUT, GET, DELETE (Microsoft.Network `networkSecurityGroups`, api-version 2024-05-01),
 * long-running like every network write (docs/azure-behaviour.md §3). The rules are kept as sent, each with its id;
 * the emulator does not filter data-plane traffic by them (docs/emulator.md).
 */
import type { ArmHandler, ArmRequest, EmulatorContext } from "./emulatorContext";
import { invalidResourceLocation, resourceNotFound } from "./networkErrors";
import type { NetworkSecurityGroupBody } from "./resourceBodies";
import { resourceId } from "./resourceId";
import { startDeleteOperation, startPutOperation } from "./resourceOperations";
import type { StoredResource } from "./resourceStore";
import type { TrackedResourceSpec } from "./trackedResourceModel";
import { parseTrackedResource } from "./trackedResourceModel";
import { acceptedPut, acceptedWithLocation, checkIfMatch, checkNotBusy, checkScope } from "./writeGuards";

const type = "networkSecurityGroups";

const spec: TrackedResourceSpec<"Microsoft.Network/networkSecurityGroups"> = {
    type: "Microsoft.Network/networkSecurityGroups",
    children: [{ collection: "securityRules", childType: "Microsoft.Network/networkSecurityGroups/securityRules", computed: [] }],
    computed: ["defaultSecurityRules", "networkInterfaces", "subnets", "flowLogs"],
};

function findSecurityGroup(request: ArmRequest, context: EmulatorContext): { id: string; record?: StoredResource<NetworkSecurityGroupBody> } {
    checkScope(request, context);
    const id = resourceId(context.subscriptionId, request.params.rg, type, request.params.name);
    return { id, record: context.store.get(id) as StoredResource<NetworkSecurityGroupBody> | undefined };
}

/** PUT: create (201) or update (200) as a long-running operation. */
export const putSecurityGroup: ArmHandler = (request, context) => {
    const { id, record } = findSecurityGroup(request, context);
    checkIfMatch(request, context, record, id);
    checkNotBusy(record, context, true);
    const existing = record?.committed;
    const next = parseTrackedResource(request.body, id, request.params.name, spec, existing);
    next.properties.securityRules ??= [];
    if (existing && existing.location.toLowerCase() !== next.location.toLowerCase()) {
        throw invalidResourceLocation(existing.id, existing.location, next.location);
    }
    const { operation, created } = startPutOperation(request, context, type, record, next, {
        name: "PutNetworkSecurityGroupOperation",
        kind: "networkWrite",
    });
    return acceptedPut(request, context, operation, created, context.store.present(next, "Updating"));
};

/** GET one security group. */
export const getSecurityGroup: ArmHandler = (request, context) => {
    const { record } = findSecurityGroup(request, context);
    if (!record) {
        throw resourceNotFound(type, request.params.name, request.params.rg);
    }
    return { status: 200, body: context.store.view(record) };
};

/** DELETE: 202 + Location. A missing security group gets 204. */
export const deleteSecurityGroup: ArmHandler = (request, context) => {
    const { id, record } = findSecurityGroup(request, context);
    checkIfMatch(request, context, record, id);
    if (!record) {
        return { status: 204 };
    }
    checkNotBusy(record, context);
    const operation = startDeleteOperation(request, context, record, { name: "DeleteNetworkSecurityGroupOperation", kind: "networkDelete" });
    return acceptedWithLocation(request, context, operation);
};
