/**
 * Resource groups: PUT, GET and DELETE of `/subscriptions/{sub}/resourcegroups/{rg}` (Microsoft.Resources,
 * api-version 2024-03-01, the version azure-native 3.28's `resources.ResourceGroup` sends).
 *
 * A PUT is synchronous (201 created, 200 updated) and may change only the tags: a group's region is fixed. A DELETE is
 * a long-running operation (202 + `Location`, docs/azure-behaviour.md §3) that deletes every resource in the group
 * when it commits, scale sets' backends included, as Azure deletes a group with its contents.
 */
import type { ArmHandler, ArmRequest, EmulatorContext } from "./emulatorContext";
import { invalidResourceGroupLocation, resourceGroupNotFound } from "./networkErrors";
import { locationOf, objectAt, tagsOf } from "./requestBody";
import type { ResourceGroupRecord } from "./resourceGroups";
import { parseResourceId, resourceGroupId } from "./resourceId";
import { acceptedWithLocation, checkScope } from "./writeGuards";

/** The body Azure answers for a group. */
function groupBody(context: EmulatorContext, group: ResourceGroupRecord): Record<string, unknown> {
    return {
        id: resourceGroupId(context.subscriptionId, group.name),
        name: group.name,
        type: "Microsoft.Resources/resourceGroups",
        location: group.location,
        ...(group.tags ? { tags: group.tags } : {}),
        properties: { provisioningState: group.deleting ? "Deleting" : "Succeeded" },
    };
}

function existingGroup(request: ArmRequest, context: EmulatorContext): ResourceGroupRecord {
    checkScope({ ...request, method: "PUT" }, context); // the subscription only; the group is checked here
    const group = context.resourceGroups.get(request.params.rg);
    if (!group) {
        throw resourceGroupNotFound(request.params.rg);
    }
    return group;
}

/** PUT: create (201) or update the tags (200). */
export const putResourceGroup: ArmHandler = (request, context) => {
    checkScope(request, context);
    const body = objectAt(request.body, "body");
    const location = locationOf(body);
    const tags = tagsOf(body);
    const existing = context.resourceGroups.get(request.params.rg);
    if (existing && existing.location.toLowerCase() !== location) {
        throw invalidResourceGroupLocation(existing.location, location);
    }
    const group: ResourceGroupRecord = { name: existing?.name ?? request.params.rg, location, ...(tags ? { tags } : {}), deleting: false };
    context.resourceGroups.put(group);
    return { status: existing ? 200 : 201, body: groupBody(context, group) };
};

/** GET one group. */
export const getResourceGroup: ArmHandler = (request, context) => ({ status: 200, body: groupBody(context, existingGroup(request, context)) });

/** DELETE: 202 + Location; the group and everything in it go when the operation commits. */
export const deleteResourceGroup: ArmHandler = (request, context) => {
    const group = existingGroup(request, context);
    group.deleting = true;
    const inGroup = () =>
        (["virtualMachineScaleSets", "loadBalancers", "publicIPAddresses", "virtualNetworks", "networkSecurityGroups"] as const).flatMap((type) =>
            context.store.list(type, group.name),
        );
    const operation = context.operations.start({
        kind: "resourceGroupDelete",
        name: "DeleteResourceGroupOperation",
        location: group.location,
        resourceIds: [resourceGroupId(context.subscriptionId, group.name)],
        action: "delete",
        fault: context.faults.takeOperationFault(request.method, request.path),
        commit: () => {
            for (const record of inGroup()) {
                context.store.remove(record.id);
                if (parseResourceId(record.id)?.type === "loadBalancers") {
                    context.backends.remove(record.id);
                }
                context.history.record({ resourceId: record.id, kind: "delete", operationId: operation.id });
            }
            context.resourceGroups.remove(group.name);
            context.onChange();
        },
        abandon: () => {
            group.deleting = false;
        },
    });
    return acceptedWithLocation(request, context, operation);
};
