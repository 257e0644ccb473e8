import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { authenticationMissing, invalidAuthenticationToken } from "./networkErrors";

/**
 * Bearer authentication as ARM does it: no `Authorization: Bearer` header -> 401 `AuthenticationFailed`; a token the
 * emulator did not issue -> 401 `InvalidAuthenticationToken`. Runs before anything else, so a refused request
 * changes nothing. The comparison is constant-time, as for any secret.
 */
export function checkBearerToken(headers: IncomingHttpHeaders, expectedToken: string): void {
    const header = headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
        throw authenticationMissing();
    }
    const sent = Buffer.from(match[1]);
    const expected = Buffer.from(expectedToken);
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
        throw invalidAuthenticationToken();
    }
}
