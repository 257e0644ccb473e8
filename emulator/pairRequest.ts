/**
 * A ready blue/green pair on request (`POST /_emulator/pairs`, `vipswap emulator --pair <name>`), for a user at the
 * shell who has no code to build one: the request's checks, and the answer that says how to swap it.
 */
import type { BlueGreenPair, BlueGreenPairOptions } from "./blueGreenScenario";

/** What `POST /_emulator/pairs` takes. */
export interface PairRequest {
    /** The pair's name: the prefix of every resource (`<name>-blue-lb`, ...). Letters, digits, '-'; 1 to 40. */
    readonly name: string;
    /** Default `<name>-rg`. */
    readonly resourceGroupName?: string;
    /** Default `westeurope`. */
    readonly location?: string;
    /** Healthy backends per load balancer (blue answers `v1`, green `v2`). Default 2. */
    readonly backendCount?: number;
}

/** What creating a pair answers: the names, the addresses, and the exact flags for `vipswap swap` and `status`. */
export interface PairDescription {
    readonly name: string;
    readonly target: BlueGreenPair["target"];
    readonly productionIpAddress: string;
    readonly stagingIpAddress: string;
    /** The flags that name the pair and reach this emulator, in order (the token goes in AZURE_ACCESS_TOKEN). */
    readonly swapFlags: readonly string[];
    /** One shell line that swaps the pair to green. */
    readonly swapCommand: string;
}

/** Checks a request and turns it into the pair helper's options. @throws Error with what is wrong */
export function parsePairRequest(body: Record<string, unknown>): { name: string; options: BlueGreenPairOptions } {
    const { name, resourceGroupName, location, backendCount } = body;
    if (typeof name !== "string" || !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}[A-Za-z0-9])?$/.test(name)) {
        throw new Error(`'name' must be 1 to 40 letters, digits or '-' (not at either end), the prefix of the pair's resources; got ${JSON.stringify(name)}.`);
    }
    if (resourceGroupName !== undefined && (typeof resourceGroupName !== "string" || !/^[-\w.()]{0,89}[-\w()]$/.test(resourceGroupName))) {
        throw new Error(`'resourceGroupName' must be a resource group name; got ${JSON.stringify(resourceGroupName)}.`);
    }
    if (location !== undefined && (typeof location !== "string" || !/^[a-z0-9]{2,40}$/i.test(location))) {
        throw new Error(`'location' must be a region name such as westeurope; got ${JSON.stringify(location)}.`);
    }
    if (backendCount !== undefined && (!Number.isInteger(backendCount) || (backendCount as number) < 1 || (backendCount as number) > 100)) {
        throw new Error(`'backendCount' must be a whole number from 1 to 100; got ${JSON.stringify(backendCount)}.`);
    }
    return {
        name,
        options: {
            prefix: name,
            resourceGroupName: resourceGroupName ?? `${name}-rg`,
            ...(location !== undefined ? { location } : {}),
            withBackends: true,
            ...(backendCount !== undefined ? { backendCount: backendCount as number } : {}),
        },
    };
}

/** Quotes a shell word when it needs it. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The answer for a pair created on an emulator at `endpoint` with its CA in `caCertFile`. */
export function describePair(
    name: string,
    pair: BlueGreenPair,
    emulator: { readonly endpoint: string; readonly caCertFile: string; readonly subscriptionId: string; readonly accessToken: string },
): PairDescription {
    const t = pair.target;
    // No --frontend: the pair's frontend has the CLI's default name.
    const swapFlags = [
        "--resource-group", t.resourceGroupName,
        "--blue-lb", t.blueLoadBalancerName,
        "--green-lb", t.greenLoadBalancerName,
        "--production-ip", t.productionIpName,
        "--staging-ip", t.stagingIpName,
        "--subscription", emulator.subscriptionId,
        "--endpoint", emulator.endpoint,
        "--ca-cert", emulator.caCertFile,
    ];
    return {
        name,
        target: t,
        productionIpAddress: pair.productionIpAddress,
        stagingIpAddress: pair.stagingIpAddress,
        swapFlags,
        swapCommand: `AZURE_ACCESS_TOKEN=${shellWord(emulator.accessToken)} npx vipswap swap --to green ${swapFlags.map(shellWord).join(" ")}`,
    };
}
