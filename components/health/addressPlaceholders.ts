/**
 * Placeholders that a check's `url` and `hostHeader` may contain, filled in with the addresses' `ipAddress` values
 * when the swap runs. They let stack config name the addresses before Azure has assigned them
 * (`http://{stagingAddress}/health`); a role's address never changes afterwards, whatever colour it is on.
 */
export const addressPlaceholders = { production: "{productionAddress}", staging: "{stagingAddress}" } as const;

/** The two addresses' `ipAddress` values, as far as Azure has assigned them. */
export interface PairAddresses {
    readonly productionIpAddress?: string;
    readonly stagingIpAddress?: string;
}

/** An address from the documentation range (RFC 5737) that stands in for a placeholder when a URL is validated. */
export const placeholderStandIn = "192.0.2.1";

/** The text with every placeholder replaced by {@link placeholderStandIn}: what validation parses. */
export function withStandIns(text: string): string {
    return text.split(addressPlaceholders.production).join(placeholderStandIn).split(addressPlaceholders.staging).join(placeholderStandIn);
}

/** True when the text contains a placeholder. */
export function hasAddressPlaceholder(text: string): boolean {
    return withStandIns(text) !== text;
}

/**
 * The text with the placeholders filled in.
 * @param setting the setting's name, for the error
 * @throws Error when a placeholder names an address that Azure has not assigned (the gate runs before any write)
 */
export function fillAddressPlaceholders(text: string, addresses: PairAddresses, setting: string): string {
    let result = text;
    for (const role of ["production", "staging"] as const) {
        const placeholder = addressPlaceholders[role];
        if (!result.includes(placeholder)) continue;
        const address = role === "production" ? addresses.productionIpAddress : addresses.stagingIpAddress;
        if (!address) {
            throw new Error(`${setting} uses ${placeholder}, but the ${role} address has no ipAddress yet; write the address itself, or deploy first.`);
        }
        result = result.split(placeholder).join(address);
    }
    return result;
}
