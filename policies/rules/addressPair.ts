import { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { AddressModel } from "../model/address";
import { Pair, pairsOf } from "../model/pairs";
import { sameAzureValue } from "../model/propertyReaders";
import { StackIndex } from "../model/stackIndex";
import { Role } from "../model/vipswapTags";
import { capitalised, describe } from "./describe";

/**
 * The production and staging addresses of a pair are Standard, Static, and alike in IP version and zones.
 * A swap moves each address to the other load balancer: Azure refuses a Basic address on a Standard load balancer
 * (`PublicIPAndLBSkuDoNotMatch`, docs/azure-behaviour.md §1), a Dynamic address is released when it is detached
 * (docs/azure-behaviour.md §2: "released when you stop, or delete the resource"), and the two addresses must be
 * interchangeable for the swap to be symmetric (zonality cannot be changed after creation, docs/azure-behaviour.md §6).
 */
export const addressPairPolicy: StackValidationPolicy = {
    name: "vipswap-address-pair",
    description:
        "The production and staging public IPs of a blue/green pair (tag vipswap:role) are Standard SKU, Static, " +
        "and have the same IP version and availability zones, so a swap can move either one to either load balancer.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        for (const pair of pairsOf(new StackIndex(args.resources))) {
            checkPair(pair, report);
        }
    },
};

const roles: readonly Role[] = ["production", "staging"];

function checkPair(pair: Pair, report: ReportViolation): void {
    const byRole = new Map<Role, AddressModel[]>(roles.map((role) => [role, []]));
    for (const address of pair.addresses) {
        const role = address.role();
        if (role !== undefined) {
            byRole.get(role)!.push(address);
        }
    }
    const anchor = pair.members[0].urn;
    for (const role of roles) {
        const found = byRole.get(role)!;
        if (found.length === 0) {
            report(
                capitalised(pair.label) + ` has no ${role} address: tag its ${role} public IP with vipswap:role=${role} ` +
                    "(a swap needs exactly one production and one staging address).",
                anchor,
            );
        } else if (found.length > 1) {
            report(
                capitalised(pair.label) + ` has ${found.length} addresses tagged vipswap:role=${role} ` +
                    `(${found.map((a) => `"${a.resource.name}"`).join(", ")}): keep the tag on exactly one.`,
                found[1].resource.urn,
            );
        }
        for (const address of found) {
            checkAddress(address, role, pair, report);
        }
    }
    const production = byRole.get("production")!;
    const staging = byRole.get("staging")!;
    if (production.length === 1 && staging.length === 1) {
        compareAddresses(production[0], staging[0], pair, report);
    }
}

function checkAddress(address: AddressModel, role: Role, pair: Pair, report: ReportViolation): void {
    const what = `${describe(address.resource)} (the ${role} address of ${pair.label})`;
    const sku = address.sku();
    if (!sameAzureValue(sku, "Standard")) {
        report(
            sku === undefined
                ? `${what} does not set its SKU, which leaves it to Azure (the API spec still documents Basic as the default): ` +
                  `set ${address.spelling.sku}.`
                : `${what} has SKU ${sku}: set ${address.spelling.sku}. A swap attaches it to a Standard load ` +
                      "balancer, which refuses any other SKU (PublicIPAndLBSkuDoNotMatch).",
            address.resource.urn,
        );
    }
    const allocation = address.allocation();
    if (!sameAzureValue(allocation, "Static")) {
        report(
            `${what} is ${allocation ?? "not declared Static"}: set ${address.spelling.allocation}. ` +
                "A Dynamic address is released when it is detached, so the swap would lose it.",
            address.resource.urn,
        );
    }
}

function compareAddresses(production: AddressModel, staging: AddressModel, pair: Pair, report: ReportViolation): void {
    const productionVersion = production.ipVersion();
    const stagingVersion = staging.ipVersion();
    if (!sameAzureValue(productionVersion, stagingVersion)) {
        report(
            `The addresses of ${pair.label} differ in IP version: production ${describe(production.resource)} is ` +
                `${productionVersion}, staging ${describe(staging.resource)} is ${stagingVersion}. Set ` +
                `${staging.spelling.ipVersion} to ${productionVersion} so a swap gives clients the same kind of address.`,
            staging.resource.urn,
        );
    }
    const productionZones = production.zones();
    const stagingZones = staging.zones();
    if (productionZones.join(",") !== stagingZones.join(",")) {
        report(
            `The addresses of ${pair.label} are in different zones: production ${describe(production.resource)} ` +
                `in ${zoneList(productionZones)}, staging ${describe(staging.resource)} in ${zoneList(stagingZones)}. ` +
                `Set ${staging.spelling.zones} to [${productionZones.map((z) => `"${z}"`).join(", ")}] ` +
                "(zones cannot be changed later; the staging address must be recreated).",
            staging.resource.urn,
        );
    }
}

function zoneList(zones: string[]): string {
    return zones.length === 0 ? "no zone" : `zones ${zones.join(", ")}`;
}
