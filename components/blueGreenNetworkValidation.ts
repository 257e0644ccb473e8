import { BlueGreenArgsError } from "./blueGreenValidation";

/**
 * Validation of the arguments that place the pair: the resource group, an existing subnet, or the network that the
 * component creates. Azure would refuse these values too, but only at `pulumi up`, after the resources before them
 * (resource group, addresses) were created; checked here, a bad value changes nothing.
 */

/** An IPv4 address prefix, parsed. */
interface Cidr {
    readonly network: number;
    readonly length: number;
}

function show(value: unknown): string {
    return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

function parseIpv4(text: string): number | undefined {
    const parts = text.split(".");
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
    return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

function parseCidr(text: string): (Cidr & { address: number }) | undefined {
    const match = /^([\d.]+)\/(\d{1,2})$/.exec(text);
    if (!match) return undefined;
    const address = parseIpv4(match[1]);
    const length = Number(match[2]);
    if (address === undefined || length > 32) return undefined;
    const size = 2 ** (32 - length);
    return { address, network: address - (address % size), length };
}

function formatIpv4(value: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

/**
 * `value` as an IPv4 prefix in CIDR notation whose host bits are zero (Azure answers `InvalidCIDRNotation`
 * otherwise), with a length from `minLength` to `maxLength`.
 */
function validatePrefix(value: unknown, argument: string, minLength: number, maxLength: number): Cidr {
    const cidr = typeof value === "string" ? parseCidr(value) : undefined;
    if (!cidr) {
        throw new BlueGreenArgsError(argument, `${show(value)} is not an IPv4 prefix`, 'Give it in CIDR notation, e.g. "10.0.0.0/16".');
    }
    if (cidr.address !== cidr.network) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} has host bits set`,
            `For a /${cidr.length} the prefix is "${formatIpv4(cidr.network)}/${cidr.length}".`,
        );
    }
    if (cidr.length < minLength || cidr.length > maxLength) {
        throw new BlueGreenArgsError(argument, `${show(value)} is a /${cidr.length}`, `Use a prefix length from /${minLength} to /${maxLength}.`);
    }
    return cidr;
}

/** The created network's address space and subnet prefix; the subnet must lie inside the address space. */
export function validateCreatedNetwork(addressSpace: unknown, subnetPrefix: unknown): { addressSpace: string; subnetPrefix: string } {
    // Azure's smallest subnet is a /29; a virtual network's address space is at most a /8 wide.
    const space = validatePrefix(addressSpace, "network.addressSpace", 8, 29);
    const subnet = validatePrefix(subnetPrefix, "network.subnetPrefix", 8, 29);
    const size = 2 ** (32 - space.length);
    if (subnet.length < space.length || subnet.network - (subnet.network % size) !== space.network) {
        throw new BlueGreenArgsError(
            "network.subnetPrefix",
            `${show(subnetPrefix)} is not inside the address space ${show(addressSpace)}`,
            "Choose a subnet prefix inside network.addressSpace, e.g. the first /24 of it.",
        );
    }
    return { addressSpace: addressSpace as string, subnetPrefix: subnetPrefix as string };
}

/** Who may reach the rule ports: an IPv4 address, a CIDR prefix, `*`, or a service tag such as `Internet`. */
export function validateSourceRange(value: unknown, argument = "network.allowedSourceRange"): string {
    const text = typeof value === "string" ? value : "";
    const ok = text === "*" || parseIpv4(text) !== undefined || parseCidr(text) !== undefined || /^[A-Za-z][A-Za-z0-9.]*$/.test(text);
    if (!ok) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not a source range`,
            'Give an IPv4 address, a CIDR prefix such as "203.0.113.0/24", or a service tag such as "Internet".',
        );
    }
    return text;
}

/** The resource id of an existing subnet. */
export function validateSubnetId(value: unknown, argument = "network.subnetId"): string {
    const pattern = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i;
    if (typeof value !== "string" || !pattern.test(value)) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not a subnet's resource id`,
            "Give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet> " +
                "(`az network vnet subnet show --query id`).",
        );
    }
    return value;
}

/** The name of an existing resource group: 1-90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'. */
export function validateResourceGroupName(value: unknown, argument = "resourceGroupName"): string {
    if (typeof value !== "string" || !/^[-\w.()]{0,89}[-\w()]$/u.test(value)) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not a resource group name`,
            "Use 1 to 90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'.",
        );
    }
    return value;
}
