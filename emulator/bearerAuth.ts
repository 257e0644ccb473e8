import type { IncomingHttpHeaders } from "node:http";
import { type Authorization, bearerTokenOf, type IdentityView } from "./authorization";
import { authenticationMissing, invalidAuthenticationToken } from "./networkErrors";

/**
 * Bearer authentication as ARM does it: no `Authorization: Bearer` header -> 401 `AuthenticationFailed`; a token the
 * emulator did not issue -> 401 `InvalidAuthenticationToken`. Runs before anything else, so a refused request
 * changes nothing. Returns the identity the token belongs to (authorization.ts); the comparison is constant-time,
 * as for any secret.
 */
export function authenticate(headers: IncomingHttpHeaders, authorization: Authorization): IdentityView {
    const token = bearerTokenOf(headers.authorization);
    if (token === undefined) {
        throw authenticationMissing();
    }
    const identity = authorization.identityOf(token);
    if (!identity) {
        throw invalidAuthenticationToken();
    }
    return identity;
}
