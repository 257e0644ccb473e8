/** Route matching for the emulated ARM paths: case-insensitive (docs/azure-behaviour.md §3), with `{param}` segments. */
import type { ArmHandler } from "./emulatorContext";
import { methodNotAllowed, unknownPath } from "./networkErrors";

/**
 * The ARM authorization of a route: the action (`Microsoft.Network/loadBalancers/write`), or a function of the path
 * parameters for routes that serve several types; the scope ARM names is the request path unless `scopeOf` says
 * otherwise (a list's scope is its parent, a POST action's the resource it acts on).
 */
export interface RouteAuthorization {
    readonly action: string | ((params: Readonly<Record<string, string>>) => string);
    readonly scopeOf?: (path: string) => string;
    /** For writes that may reference addresses: ARM then also checks `publicIPAddresses/join/action` on each. */
    readonly linksPublicIps?: boolean;
}

/** One route: a method, a path template, its handler and what ARM authorizes it as. */
export interface Route {
    readonly method: string;
    readonly template: string;
    readonly handler: ArmHandler;
    readonly authorization: RouteAuthorization;
}

interface CompiledRoute extends Route {
    readonly pattern: RegExp;
    readonly names: readonly string[];
}

/** A matched route with its path parameters and the action and scope ARM authorizes. */
export interface RouteMatch {
    readonly handler: ArmHandler;
    readonly params: Record<string, string>;
    /** The ARM action of the request, e.g. `Microsoft.Network/publicIPAddresses/delete`. */
    readonly action: string;
    /** The scope ARM names in an `AuthorizationFailed` message. */
    readonly scope: string;
    readonly linksPublicIps: boolean;
}

/** Matches requests to routes; paths compare case-insensitively and a trailing slash is ignored. */
export class Router {
    readonly #routes: CompiledRoute[];

    constructor(routes: readonly Route[]) {
        this.#routes = routes.map((route) => {
            const names: string[] = [];
            const source = route.template
                .split("/")
                .map((segment) => {
                    const param = /^\{(\w+)\}$/.exec(segment);
                    if (param) {
                        names.push(param[1]);
                        return "([^/]+)";
                    }
                    return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
                })
                .join("/");
            return { ...route, pattern: new RegExp(`^${source}/?$`, "i"), names };
        });
    }

    /** The handler for a request, or 404 (unknown path) / 405 (known path, other method) as an ArmError. */
    match(method: string, path: string): RouteMatch {
        let pathKnown = false;
        for (const route of this.#routes) {
            const found = route.pattern.exec(path);
            if (!found) {
                continue;
            }
            pathKnown = true;
            if (route.method !== method.toUpperCase()) {
                continue;
            }
            const params: Record<string, string> = {};
            route.names.forEach((name, i) => {
                params[name] = decodeURIComponent(found[i + 1]);
            });
            const { action, scopeOf, linksPublicIps } = route.authorization;
            const trimmed = path.replace(/\/+$/, "");
            return {
                handler: route.handler,
                params,
                action: typeof action === "string" ? action : action(params),
                scope: scopeOf ? scopeOf(trimmed) : trimmed,
                linksPublicIps: linksPublicIps ?? false,
            };
        }
        throw pathKnown ? methodNotAllowed(method, path) : unknownPath(method, path);
    }
}
