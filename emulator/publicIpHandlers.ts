/**
 * Public IP addresses: PUT, GET, DELETE, list (arm-network 36 `publicIPAddresses`, api-version 2025-05-01).
 */
import { randomUUID } from "node:crypto";
import type { ArmHandler, ArmRequest, EmulatorContext } from "./emulatorContext";
import {
    basicSkuPublicIpCountLimitReached,
    dnsRecordInUse,
    invalidRequestFormat,
    invalidResourceLocation,
    publicIpAddressCannotBeDeleted,
    publicIpAddressInUseCannotUpdate,
    resourceNotFound,
    standardSkuPublicIpMustBeStatic,
} from "./networkErrors";
import { arrayAt, locationOf, objectAt, optionalObjectAt, optionalStringAt, tagsOf } from "./requestBody";
import type { PublicIpAddressBody } from "./resourceBodies";
import { newEtag } from "./resourceBodies";
import { resourceId, sameId } from "./resourceId";
import { startDeleteOperation, startPutOperation } from "./resourceOperations";
import type { StoredResource } from "./resourceStore";
import { acceptedPut, acceptedWithLocation, checkIfMatch, checkNotBusy, checkScope } from "./writeGuards";

const type = "publicIPAddresses";

/** Properties that cannot change while the address is attached (docs/azure-behaviour.md §1, `PublicIPAddressInUseCannotUpdate`). */
function lockedWhileInUse(body: PublicIpAddressBody): string {
    return JSON.stringify([
        body.sku.name.toLowerCase(),
        body.sku.tier.toLowerCase(),
        body.properties.publicIPAllocationMethod.toLowerCase(),
        body.properties.publicIPAddressVersion.toLowerCase(),
        [...(body.zones ?? [])].sort(),
    ]);
}

function findRecord(request: ArmRequest, context: EmulatorContext): { id: string; record?: StoredResource<PublicIpAddressBody> } {
    checkScope(request, context);
    const id = resourceId(context.subscriptionId, request.params.rg, type, request.params.name);
    return { id, record: context.store.get(id) as StoredResource<PublicIpAddressBody> | undefined };
}

/** Properties that parsePublicIp sets itself, or that are read-only (Azure computes them). */
const interpretedProperties = new Set([
    "publicIPAllocationMethod",
    "publicIPAddressVersion",
    "idleTimeoutInMinutes",
    "ipTags",
    "dnsSettings",
    "ipAddress",
    "ipConfiguration",
    "resourceGuid",
    "provisioningState",
]);

/**
 * `dnsSettings` with the `fqdn` Azure derives from the label: `{label}.{region}.cloudapp.azure.com` (the form in
 * every `DnsRecordInUse` message, e.g. Azure/azure-quickstart-templates#4978). With a `domainNameLabelScope` Azure
 * adds a hash to the name, which the emulator does not compute, so no `fqdn` is given then.
 */
function dnsSettingsOf(raw: unknown, location: string): Record<string, unknown> | undefined {
    const dns = optionalObjectAt(raw, "properties.dnsSettings");
    if (!dns) {
        return undefined;
    }
    const label = optionalStringAt(dns.domainNameLabel, "properties.dnsSettings.domainNameLabel");
    const rest = { ...dns };
    delete rest.fqdn; // computed by Azure, whatever the client sent
    if (!label || dns.domainNameLabelScope !== undefined) {
        return rest;
    }
    return { ...rest, fqdn: `${label}.${location}.cloudapp.azure.com`.toLowerCase() };
}

/** 400 `IPv4BasicSkuPublicIpCountLimitReached` when a new Basic IPv4 address would exceed the quota (emulatorSettings.ts). */
function checkBasicQuota(next: PublicIpAddressBody, context: EmulatorContext): void {
    const isBasicIpv4 = (body: PublicIpAddressBody | undefined) =>
        body?.sku.name.toLowerCase() === "basic" &&
        body.properties.publicIPAddressVersion.toLowerCase() === "ipv4" &&
        body.location === next.location;
    if (!isBasicIpv4(next)) {
        return;
    }
    const quota = context.settings.basicPublicIpQuota;
    const used = context.store.list(type).filter((r) => isBasicIpv4((r.committed ?? r.pending?.next) as PublicIpAddressBody | undefined)).length;
    if (used >= quota) {
        throw basicSkuPublicIpCountLimitReached(quota);
    }
}

/** 400 `DnsRecordInUse` when another address already has this name (the label is unique per region). */
function checkDnsRecordFree(next: PublicIpAddressBody, context: EmulatorContext): void {
    const fqdn = (next.properties.dnsSettings as { fqdn?: string } | undefined)?.fqdn;
    if (!fqdn) {
        return;
    }
    for (const other of context.store.list(type)) {
        const body = (other.committed ?? other.pending?.next) as PublicIpAddressBody | undefined;
        if (!sameId(other.id, next.id) && (body?.properties.dnsSettings as { fqdn?: string } | undefined)?.fqdn === fqdn) {
            throw dnsRecordInUse(fqdn);
        }
    }
}

/** Parses a PUT body into the body Azure would store; SKU and allocation defaults are documented in docs/emulator.md. */
function parsePublicIp(raw: unknown, id: string, name: string, existing: PublicIpAddressBody | undefined): PublicIpAddressBody {
    const body = objectAt(raw, "body");
    const properties = optionalObjectAt(body.properties, "properties") ?? {};
    const sku = optionalObjectAt(body.sku, "sku");
    // The spec example's Basic default is stale and Basic can no longer be created (docs/azure-behaviour.md §2), so an omitted
    // SKU means Standard here.
    const skuName = optionalStringAt(sku?.name, "sku.name") ?? "Standard";
    if (!["basic", "standard", "standardv2"].includes(skuName.toLowerCase())) {
        throw invalidRequestFormat(`'sku.name' must be Basic, Standard or StandardV2; got '${skuName}'.`);
    }
    const standard = skuName.toLowerCase() !== "basic";
    const allocation = optionalStringAt(properties.publicIPAllocationMethod, "properties.publicIPAllocationMethod") ?? (standard ? "Static" : "Dynamic");
    if (!["static", "dynamic"].includes(allocation.toLowerCase())) {
        throw invalidRequestFormat(`'properties.publicIPAllocationMethod' must be Static or Dynamic; got '${allocation}'.`);
    }
    if (standard && allocation.toLowerCase() !== "static") {
        throw standardSkuPublicIpMustBeStatic(id); // docs/azure-behaviour.md §1 and §2: Standard is Static-only
    }
    const zones = arrayAt(body.zones, "zones").map((z) => String(z));
    const idle = properties.idleTimeoutInMinutes;
    if (idle !== undefined && (typeof idle !== "number" || !Number.isInteger(idle) || idle < 4 || idle > 30)) {
        throw invalidRequestFormat("'properties.idleTimeoutInMinutes' must be a whole number from 4 to 30.");
    }
    const tags = tagsOf(body);
    const location = locationOf(body);
    // Writable properties the emulator does not interpret (ddosSettings, deleteOption, publicIPPrefix, ...) are kept
    // as sent, as Azure keeps them; read-only ones are Azure's to fill in.
    const kept = Object.fromEntries(Object.entries(properties).filter(([key]) => !interpretedProperties.has(key)));
    const dnsSettings = dnsSettingsOf(properties.dnsSettings, location);
    return {
        id: existing?.id ?? id,
        name: existing?.name ?? name,
        type: "Microsoft.Network/publicIPAddresses",
        location,
        ...(tags ? { tags } : {}),
        etag: newEtag(randomUUID()),
        sku: { name: skuName, tier: optionalStringAt(sku?.tier, "sku.tier") ?? "Regional" },
        ...(zones.length > 0 ? { zones } : {}),
        properties: {
            ...kept,
            ...(dnsSettings ? { dnsSettings } : {}),
            publicIPAllocationMethod: allocation,
            publicIPAddressVersion: optionalStringAt(properties.publicIPAddressVersion, "properties.publicIPAddressVersion") ?? "IPv4",
            ...(existing?.properties.ipAddress ? { ipAddress: existing.properties.ipAddress } : {}),
            idleTimeoutInMinutes: typeof idle === "number" ? idle : 4,
            ipTags: arrayAt(properties.ipTags, "properties.ipTags"),
            resourceGuid: existing?.properties.resourceGuid ?? randomUUID(),
            provisioningState: "Updating",
        },
    };
}

/** PUT: create (201) or update (200) as a long-running operation. */
export const putPublicIp: ArmHandler = (request, context) => {
    const { id, record } = findRecord(request, context);
    checkIfMatch(request, context, record, id);
    checkNotBusy(record, context, true);
    const existing = record?.committed;
    const next = parsePublicIp(request.body, id, request.params.name, existing);
    if (existing) {
        if (existing.location.toLowerCase() !== next.location.toLowerCase()) {
            throw invalidResourceLocation(existing.id, existing.location, next.location);
        }
        const holder = context.store.holdersOf(existing.id)[0];
        if (holder && lockedWhileInUse(existing) !== lockedWhileInUse(next)) {
            throw publicIpAddressInUseCannotUpdate(existing.id, holder.frontendId);
        }
    }
    if (!record) {
        checkBasicQuota(next, context); // a create; an existing address keeps its place in the quota
    }
    checkDnsRecordFree(next, context);
    // The address is assigned at creation and never changes while the resource exists (docs/azure-behaviour.md §2).
    next.properties.ipAddress = existing?.properties.ipAddress ?? context.addresses.allocate();
    const { operation, created } = startPutOperation(request, context, type, record, next, {
        name: "PutPublicIpAddressOperation",
        createKind: "publicIpCreate",
        kind: "publicIpUpdate",
    });
    // The PUT answer carries the requested configuration, Updating; readers keep seeing the old one until commit.
    const body = context.store.present(next, "Updating");
    return acceptedPut(request, context, operation, created, body);
};

/** GET one address: what readers see (the old view while an operation runs). */
export const getPublicIp: ArmHandler = (request, context) => {
    const { record } = findRecord(request, context);
    if (!record) {
        throw resourceNotFound(type, request.params.name, request.params.rg);
    }
    return { status: 200, body: context.store.view(record) };
};

/** DELETE: 202 + Location; refused while the address is attached (docs/azure-behaviour.md §1). A missing resource gets 204. */
export const deletePublicIp: ArmHandler = (request, context) => {
    const { id, record } = findRecord(request, context);
    checkIfMatch(request, context, record, id);
    if (!record) {
        return { status: 204 };
    }
    checkNotBusy(record, context);
    const holder = context.store.holdersOf(record.id)[0];
    if (holder) {
        throw publicIpAddressCannotBeDeleted(record.id, holder.frontendId);
    }
    const operation = startDeleteOperation(request, context, record, { name: "DeletePublicIpAddressOperation", kind: "publicIpDelete" });
    return acceptedWithLocation(request, context, operation);
};

/** GET the addresses of a resource group, or of the subscription (no paging: `nextLink` is never set). */
export const listPublicIps: ArmHandler = (request, context) => {
    checkScope(request, context);
    const records = context.store.list(type, request.params.rg);
    return { status: 200, body: { value: records.map((r) => context.store.view(r)) } };
};
