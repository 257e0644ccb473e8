/** Route matching for the emulated ARM paths: case-insensitive (docs/azure-behaviour.md §3), with `{param}` segments. */
import type { ArmHandler } from "./emulatorContext";
import { methodNotAllowed, unknownPath } from "./networkErrors";

/** One route: a method, a path template and its handler. */
export interface Route {
    readonly method: string;
    readonly template: string;
    readonly handler: ArmHandler;
}

interface CompiledRoute extends Route {
    readonly pattern: RegExp;
    readonly names: readonly string[];
}

/** A matched route with its path parameters. */
export interface RouteMatch {
    readonly handler: ArmHandler;
    readonly params: Record<string, string>;
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
            return { handler: route.handler, params };
        }
        throw pathKnown ? methodNotAllowed(method, path) : unknownPath(method, path);
    }
}
