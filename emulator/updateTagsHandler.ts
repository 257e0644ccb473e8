/**
 * PATCH of a public IP's or a load balancer's tags (`updateTags` in arm-network 36; spec `TagsObject` body
 * `{tags}`, a synchronous 200 with the resource). Tags are the only thing it changes, so it commits at once with a
 * new ETag; like every write it honours If-Match and waits for an operation in flight (429).
 */
import { randomUUID } from "node:crypto";
import type { ArmHandler } from "./emulatorContext";
import { resourceNotFound } from "./networkErrors";
import { objectAt, tagsOf } from "./requestBody";
import { newEtag, withEtag } from "./resourceBodies";
import type { NetworkResourceType } from "./resourceId";
import { resourceId } from "./resourceId";
import { setProvisioningState } from "./resourceStore";
import { checkIfMatch, checkNotBusy, checkScope } from "./writeGuards";

/** Builds the PATCH handler for one resource type. */
export function patchTags(type: NetworkResourceType): ArmHandler {
    return (request, context) => {
        checkScope(request, context);
        const id = resourceId(context.subscriptionId, request.params.rg, type, request.params.name);
        const record = context.store.get(id);
        checkIfMatch(request, context, record, id);
        if (!record?.committed) {
            throw resourceNotFound(type, request.params.name, request.params.rg);
        }
        checkNotBusy(record, context);
        const tags = tagsOf(objectAt(request.body, "body")) ?? {};
        const etag = newEtag(randomUUID());
        const next = { ...withEtag(record.committed, etag), tags };
        setProvisioningState(next, "Succeeded");
        record.committed = next;
        record.failed = false;
        context.history.record({ resourceId: record.id, kind: "update" });
        return { status: 200, body: context.store.view(record) };
    };
}
