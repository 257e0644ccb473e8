/**
 * The catalogue of errors the emulator answers with, each with the HTTP status, code and message text that Azure
 * uses. Sources are cited per entry; the sections are those of docs/azure-behaviour.md.
 */
import { ArmError } from "./armError";

/** 401 without an `Authorization: Bearer` header. ARM answers `AuthenticationFailed` for a missing header. */
export function authenticationMissing(): ArmError {
    return new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", [], {
        "WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
    });
}

/** 401 for a token the emulator did not issue. ARM answers `InvalidAuthenticationToken`. */
export function invalidAuthenticationToken(): ArmError {
    return new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", [], {
        "WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token is invalid."',
    });
}

/** 400 when `?api-version=` is absent: ARM's `MissingApiVersionParameter`. */
export function missingApiVersion(): ArmError {
    return new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
}

/** 400 for an api-version that is not a date version (`YYYY-MM-DD[-preview]`): ARM's `InvalidApiVersionParameter`. */
export function invalidApiVersion(apiVersion: string): ArmError {
    return new ArmError(
        400,
        "InvalidApiVersionParameter",
        `The api-version '${apiVersion}' is invalid. The supported versions are dates such as '2025-05-01'.`,
    );
}

/**
 * 400 for a well-formed api-version that Microsoft.Network does not have: ARM's `NoRegisteredProviderFound` ("No
 * registered resource provider found for location ... and API version ... for type ...").
 */
export function noRegisteredProviderFound(apiVersion: string, oldest: string, newest: string): ArmError {
    return new ArmError(
        400,
        "NoRegisteredProviderFound",
        `No registered resource provider found for API version '${apiVersion}' for type 'Microsoft.Network'. The supported api-versions are dates from '${oldest}' to '${newest}' (@azure/arm-network 36 sends '2025-05-01').`,
    );
}

/** 404 for a subscription other than the emulator's. */
export function subscriptionNotFound(subscriptionId: string): ArmError {
    return new ArmError(404, "SubscriptionNotFound", `The subscription '${subscriptionId}' could not be found.`);
}

/**
 * 404 for a resource group that does not exist, with ARM's text; ARM answers it before the resource provider runs, for
 * reads, lists and deletes alike (see resourceGroups.ts).
 */
export function resourceGroupNotFound(resourceGroupName: string): ArmError {
    return new ArmError(404, "ResourceGroupNotFound", `Resource group '${resourceGroupName}' could not be found.`);
}

/** 404 for a missing resource, with ARM's `ResourceNotFound` text (`provider`: Microsoft.Compute for scale sets). */
export function resourceNotFound(type: string, name: string, resourceGroupName: string, provider = "Microsoft.Network"): ArmError {
    return new ArmError(
        404,
        "ResourceNotFound",
        `The Resource '${provider}/${type}/${name}' under resource group '${resourceGroupName}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
}

/**
 * 409 for a resource group PUT that names another region than the group's: a group's location cannot change
 * (ARM's `InvalidResourceGroupLocation` and text, Azure/azure-cli#22242; the 409 in trailofbits/algo#1814).
 */
export function invalidResourceGroupLocation(existing: string, requested: string): ArmError {
    return new ArmError(
        409,
        "InvalidResourceGroupLocation",
        `Invalid resource group location '${requested}'. The Resource group already exists in location '${existing}'.`,
    );
}

/**
 * 400 for a subnet that a write would remove (a subnet DELETE, or a virtual network PUT that leaves it out) while a
 * scale set's NIC ipConfiguration still uses it: `InUseSubnetCannotBeDeleted`, with Azure's text
 * (microsoft/nav-arm-templates#161; the virtual network PUT case in hashicorp/terraform#16093). It is why azure-native
 * copies live subnets into a virtual network PUT that leaves `subnets` unset (docs/pulumi-behaviour.md §5).
 */
export function inUseSubnetCannotBeDeleted(subnetName: string, usedBy: string): ArmError {
    return new ArmError(
        400,
        "InUseSubnetCannotBeDeleted",
        `Subnet ${subnetName} is in use by ${usedBy} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
    );
}

/** 404 for a path that is no operation of the emulated API. */
export function unknownPath(method: string, path: string): ArmError {
    return new ArmError(
        404,
        "InvalidResourceType",
        `The emulator does not model '${method} ${path}'. It emulates Microsoft.Network public IP addresses, load balancers and their operations (docs/emulator.md).`,
    );
}

/** 405 for a known path with a method it does not take. */
export function methodNotAllowed(method: string, path: string): ArmError {
    return new ArmError(405, "MethodNotAllowed", `The method '${method}' is not allowed on '${path}'.`);
}

/** 400 for a body that is not JSON. */
export function invalidRequestContent(reason: string): ArmError {
    return new ArmError(400, "InvalidRequestContent", `The request content was invalid and could not be deserialized: ${reason}`);
}

/** 400 for a JSON body whose shape is wrong (a missing name, a string where an object belongs). */
export function invalidRequestFormat(reason: string): ArmError {
    return new ArmError(400, "InvalidRequestFormat", `Cannot parse the request. ${reason}`);
}

/** 400 when a resource is created without `location`. */
export function locationRequired(): ArmError {
    return new ArmError(400, "LocationRequired", "The location property is required for this definition.");
}

/** 400 when a PUT moves an existing resource to another region (Azure cannot move network resources in place). */
export function invalidResourceLocation(id: string, existing: string, requested: string): ArmError {
    return new ArmError(
        400,
        "InvalidResourceLocation",
        `The resource '${id}' already exists in location '${existing}'. A resource with the same name cannot be created in location '${requested}'. Please select a new resource name.`,
    );
}

/**
 * 412 for an `If-Match` ETag that is not the resource's current one (docs/azure-behaviour.md §4: kubernetes-sigs/cloud-provider-azure#9729).
 */
export function preconditionFailed(sentEtag: string, currentEtag: string | undefined, id: string): ArmError {
    return new ArmError(412, "PreconditionFailed", "Precondition failed.", [
        {
            code: "PreconditionFailedEtagMismatch",
            message: `Etag provided in if-match header ${sentEtag} does not match etag ${currentEtag ?? "(none: the resource does not exist)"} of resource ${id} in NRP data store.`,
        },
    ]);
}

/**
 * 429 for a write to a resource that another operation is changing. docs/azure-behaviour.md §5: top-level `RetryableError`
 * ("A retryable error occurred.") with the detail `RetryableErrorDueToAnotherOperation` (kubernetes/kubernetes#88151;
 * the ARM throttling doc names the same code). The emulator always sends `Retry-After` (unconfirmed on Azure, §Unconfirmed 5).
 */
export function anotherOperationInProgress(operationName: string, operationId: string, id: string, secondsLeft: number, retryAfterSeconds: number): ArmError {
    return new ArmError(
        429,
        "RetryableError",
        "A retryable error occurred.",
        [
            {
                code: "RetryableErrorDueToAnotherOperation",
                message: `Operation ${operationName} (${operationId}) is updating resource ${id}. The call can be retried in ${secondsLeft} seconds.`,
            },
        ],
        { "Retry-After": String(retryAfterSeconds) },
    );
}

/**
 * 429 when a write references a resource that is still being created, updated or deleted
 * (docs/azure-behaviour.md §5, `ReferencedResourceNotProvisioned`: coreos/tectonic-installer#1459, terraform-provider-azurerm#25417).
 */
export function referencedResourceNotProvisioned(referencedId: string, byId: string, state: string, operationName: string, retryAfterSeconds: number): ArmError {
    return new ArmError(
        429,
        "RetryableError",
        "A retryable error occurred.",
        [
            {
                code: "ReferencedResourceNotProvisioned",
                message: `Cannot proceed with operation because resource ${referencedId} used by resource ${byId} is not in Succeeded state. Resource is in ${state} state and the last operation that updated/is updating the resource is ${operationName}.`,
            },
        ],
        { "Retry-After": String(retryAfterSeconds) },
    );
}

/** 400: the address is allocated to another frontend (docs/azure-behaviour.md §1, `PublicIPAddressInUse`, LB→LB variant). */
export function publicIpAddressInUse(frontendId: string, publicIpId: string, holderId: string): ArmError {
    return new ArmError(
        400,
        "PublicIPAddressInUse",
        `Resource ${frontendId} is referencing public IP address ${publicIpId} that is already allocated to resource ${holderId}.`,
    );
}

/** 400: one address on two frontends of one load balancer (docs/azure-behaviour.md §1, `PublicIPReferencedByMultipleIPConfigs`). */
export function publicIpReferencedByMultipleIpConfigs(publicIpId: string, loadBalancerId: string): ArmError {
    return new ArmError(
        400,
        "PublicIPReferencedByMultipleIPConfigs",
        `Public ip address ${publicIpId} is referenced by multiple ipconfigs in resource ${loadBalancerId}.`,
    );
}

/** 400: DELETE of an attached address (docs/azure-behaviour.md §1, `PublicIPAddressCannotBeDeleted`). */
export function publicIpAddressCannotBeDeleted(publicIpId: string, holderId: string): ArmError {
    return new ArmError(
        400,
        "PublicIPAddressCannotBeDeleted",
        `Public IP address ${publicIpId} can not be deleted since it is still allocated to resource ${holderId}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.  To learn how to do this, see aka.ms/deletepublicip.`,
    );
}

/** 400: SKU/allocation change of an attached address (docs/azure-behaviour.md §1, `PublicIPAddressInUseCannotUpdate`). */
export function publicIpAddressInUseCannotUpdate(publicIpId: string, holderId: string): ArmError {
    return new ArmError(
        400,
        "PublicIPAddressInUseCannotUpdate",
        `Public IP address ${publicIpId} is in use by ipconfig ${holderId} and cannot be updated.`,
    );
}

/**
 * 400: a DNS label already taken in the region (`DnsRecordInUse`; Azure/azure-quickstart-templates#4978,
 * scarolan/azure-terraform-beginners#20: "DNS record {fqdn} is already used by another public IP.").
 */
export function dnsRecordInUse(fqdn: string): ArmError {
    return new ArmError(400, "DnsRecordInUse", `DNS record ${fqdn} is already used by another public IP.`);
}

/**
 * 400 when the subscription's Basic IPv4 quota in the region is used up, which is 0 for new subscriptions since the
 * Basic SKU retirement (`IPv4BasicSkuPublicIpCountLimitReached`, skypilot-org/skypilot#7977; the HTTP status is not in
 * the report: 400 as for Azure's other network count limits).
 */
export function basicSkuPublicIpCountLimitReached(quota: number): ArmError {
    return new ArmError(
        400,
        "IPv4BasicSkuPublicIpCountLimitReached",
        `Cannot create more than ${quota} IPv4 Basic SKU public IP addresses for this subscription in this region.`,
    );
}

/** 400: a Standard address must be Static (docs/azure-behaviour.md §1 and §2, `StandardSkuPublicIPAddressesMustBeStatic`). */
export function standardSkuPublicIpMustBeStatic(publicIpId: string): ArmError {
    return new ArmError(
        400,
        "StandardSkuPublicIPAddressesMustBeStatic",
        `Standard sku publicIp ${publicIpId} must have AllocationMethod set to Static.`,
    );
}

/** 400: load balancer and address SKUs differ (docs/azure-behaviour.md §1, `PublicIPAndLBSkuDoNotMatch`). */
export function publicIpAndLbSkuDoNotMatch(loadBalancerId: string, lbSku: string, publicIpId: string, ipSku: string): ArmError {
    return new ArmError(
        400,
        "PublicIPAndLBSkuDoNotMatch",
        `${lbSku} sku load balancer ${loadBalancerId} cannot reference ${ipSku} sku publicIP ${publicIpId}.`,
    );
}

/** 400: a frontend with neither a subnet nor a public IP (docs/azure-behaviour.md §1). */
export function frontendHasNoSubnetOrPublicIp(frontendId: string): ArmError {
    return new ArmError(
        400,
        "FrontendIPConfigHasNoSubnetOrPublicIP",
        `Frontend IP Configuration ${frontendId} must reference either a Subnet or a Public IP Address.`,
    );
}

/** 400: a frontend with both a subnet and a public IP (docs/azure-behaviour.md §1). */
export function frontendHasBothSubnetAndPublicIp(frontendId: string): ArmError {
    return new ArmError(
        400,
        "FrontendIPConfigHasBothSubnetAndPublicIP",
        `Frontend IP Configuration ${frontendId} must not reference both a Subnet and a Public IP Address.`,
    );
}

/**
 * 400: a reference that does not resolve, or that crosses regions (docs/azure-behaviour.md §6: Azure/sap-hana#581,
 * azure-sdk-for-go#22813; the same text covers "both resources are in the same region").
 */
export function invalidResourceReference(referencedId: string, byId: string): ArmError {
    return new ArmError(
        400,
        "InvalidResourceReference",
        `Resource ${referencedId} referenced by resource ${byId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    );
}

/**
 * 429 from ARM's token-bucket throttling (docs/azure-behaviour.md §5: per subscription and operation type, `Retry-After` in seconds).
 * The code and text are ARM's `SubscriptionRequestsThrottled` (learn.microsoft.com request-limits-and-throttling).
 */
export function subscriptionRequestsThrottled(kind: string, subscriptionId: string, retryAfterSeconds: number): ArmError {
    return new ArmError(
        429,
        "SubscriptionRequestsThrottled",
        `Number of '${kind}' requests for subscription '${subscriptionId}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
        [],
        { "Retry-After": String(retryAfterSeconds) },
    );
}
