/**
 * Secrets on the wire of the plugin's VipSwap calls (docs/other-languages.md, "VipSwap inside the component
 * provider"). The plugin's Configure answer accepts secrets (the component host needs that for `Construct`), so the
 * engine sends a secret input of `vipswap:index:VipSwap` wrapped in Pulumi's secret signature, and takes the
 * provider's word for which outputs are secret. The runtime works on plain values, so a call unwraps them, and what
 * it returns is wrapped again per top-level property: an input that was secret stays secret in the state.
 */

type Props = Record<string, unknown>;

/** The key and value that mark a secret on the wire (Pulumi's property-value signature). */
const signatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

function isSecret(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Props)[signatureKey] === secretSignature;
}

/** The value without any secret wrapper, at any depth, and whether there was one. */
function reveal(value: unknown): { plain: unknown; secret: boolean } {
    if (isSecret(value)) return { plain: reveal(value.value).plain, secret: true };
    if (Array.isArray(value)) {
        const items = value.map(reveal);
        return { plain: items.map((i) => i.plain), secret: items.some((i) => i.secret) };
    }
    if (typeof value === "object" && value !== null) {
        const entries = Object.entries(value).map(([k, v]) => [k, reveal(v)] as const);
        return { plain: Object.fromEntries(entries.map(([k, r]) => [k, r.plain])), secret: entries.some(([, r]) => r.secret) };
    }
    return { plain: value, secret: false };
}

/** Properties without secret wrappers, and the top-level names that held a secret anywhere inside. */
export function revealSecrets(props: Props): { plain: Props; secretNames: Set<string> } {
    const secretNames = new Set<string>();
    const plain: Props = {};
    for (const [name, value] of Object.entries(props)) {
        const revealed = reveal(value);
        plain[name] = revealed.plain;
        if (revealed.secret) secretNames.add(name);
    }
    return { plain, secretNames };
}

/** `props` with each property named in `secretNames` wrapped as a secret again. */
export function resealSecrets(props: Props, secretNames: ReadonlySet<string>): Props {
    return Object.fromEntries(
        Object.entries(props).map(([name, value]) => [name, secretNames.has(name) ? { [signatureKey]: secretSignature, value } : value]),
    );
}
