import type { AccessToken, TokenCredential } from "@azure/core-auth";

/**
 * A credential for a bearer token that the caller already holds (for example from
 * `az account get-access-token`, or the emulator's token). It never refreshes: when the token expires,
 * Azure answers 401 and the caller must fetch a new one.
 */
export class StaticTokenCredential implements TokenCredential {
    readonly #token: string;
    readonly #expiresOnTimestamp: number;

    /**
     * @param token the bearer token (without the `Bearer ` prefix)
     * @param expiresOnTimestamp when it expires, in ms since the epoch; unknown tokens are assumed valid for an hour
     */
    constructor(token: string, expiresOnTimestamp: number = Date.now() + 60 * 60 * 1000) {
        if (!token || /\s/.test(token)) {
            throw new Error("The access token is empty or contains white space; pass the token itself, without 'Bearer '.");
        }
        this.#token = token;
        this.#expiresOnTimestamp = expiresOnTimestamp;
    }

    /** Returns the token it was given, whatever the scopes. */
    async getToken(): Promise<AccessToken> {
        return { token: this.#token, expiresOnTimestamp: this.#expiresOnTimestamp };
    }
}
