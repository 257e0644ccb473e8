import * as pulumi from "@pulumi/pulumi";
import { colours, isColour, type Colour } from "./colour";
import {
    portProtocols,
    probeProtocols,
    topologies,
    type HealthProbe,
    type ImageReference,
    type PortProtocol,
    type PortRule,
    type ProbeProtocol,
    type Topology,
} from "./blueGreenArgs";

/**
 * A bad `BlueGreenDeployment` argument. Thrown before any resource is registered, so nothing is changed;
 * the message names the argument, what was wrong and what to do.
 */
export class BlueGreenArgsError extends Error {
    /** The argument's path, e.g. `ports[1].frontendPort`. */
    readonly argument: string;

    constructor(argument: string, problem: string, fix: string) {
        super(`BlueGreenDeployment argument ${argument}: ${problem}. ${fix}`);
        this.name = "BlueGreenArgsError";
        this.argument = argument;
    }
}

const ruleNamePattern = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?$/;

function show(value: unknown): string {
    return typeof value === "string" ? `"${value}"` : JSON.stringify(value) ?? String(value);
}

function isPortNumber(value: unknown, min: number, max: number): value is number {
    return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** `value` as a colour, or a {@link BlueGreenArgsError} naming the allowed values. */
export function validateColour(value: unknown, argument = "activeColour"): Colour {
    if (!isColour(value)) {
        throw new BlueGreenArgsError(argument, `${show(value)} is not a colour`, `Use one of: ${colours.join(", ")}.`);
    }
    return value;
}

/**
 * `value` as a topology. It must be a plain value (not an output): it decides which resources exist, and a resource
 * graph cannot wait for an output.
 */
export function validateTopology(value: unknown, argument = "topology"): Topology {
    if (pulumi.Output.isInstance(value)) {
        throw new BlueGreenArgsError(
            argument,
            "an output was given, but the topology decides which resources exist and must be known when the program starts",
            `Give a plain string: one of ${topologies.join(", ")}.`,
        );
    }
    if (!topologies.includes(value as Topology)) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not a topology`,
            `Use one of: ${topologies.join(", ")} (docs/topologies.md compares them), or leave it out for pairedLoadBalancers.`,
        );
    }
    return value as Topology;
}

/** `value` as an instance count (an integer, 0 or more). */
export function validateCapacity(value: unknown, argument: string): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not a valid instance count`,
            "Use a whole number of instances, 0 or more (0 parks an idle colour).",
        );
    }
    return value;
}

/**
 * `value` as the list of load-balancing rules: at least one; names valid and unique; protocol Tcp or Udp;
 * frontend ports 1-65534 and unique per protocol (Azure rejects two rules on one frontend, protocol and port);
 * backend ports 1-65535.
 */
export function validatePorts(value: unknown, argument = "ports"): PortRule[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not a non-empty list of rules`,
            'Give at least one rule such as { name: "http", protocol: "Tcp", frontendPort: 80, backendPort: 80 }.',
        );
    }
    const names = new Set<string>();
    const frontends = new Set<string>();
    return value.map((rule: unknown, i): PortRule => {
        const at = `${argument}[${i}]`;
        if (typeof rule !== "object" || rule === null) {
            throw new BlueGreenArgsError(at, `${show(rule)} is not a rule`, "Give { name, protocol, frontendPort, backendPort }.");
        }
        const { name, protocol, frontendPort, backendPort } = rule as Record<string, unknown>;
        if (typeof name !== "string" || !ruleNamePattern.test(name)) {
            throw new BlueGreenArgsError(
                `${at}.name`,
                `${show(name)} is not a valid rule name`,
                "Use 1-64 letters, digits, '-', '_' or '.', starting with a letter or digit.",
            );
        }
        if (names.has(name)) {
            throw new BlueGreenArgsError(`${at}.name`, `"${name}" is used by two rules`, "Give every rule its own name.");
        }
        names.add(name);
        if (!portProtocols.includes(protocol as PortProtocol)) {
            throw new BlueGreenArgsError(
                `${at}.protocol`,
                `${show(protocol)} is not a rule protocol`,
                `Use one of: ${portProtocols.join(", ")}.`,
            );
        }
        if (!isPortNumber(frontendPort, 1, 65534)) {
            throw new BlueGreenArgsError(
                `${at}.frontendPort`,
                `${show(frontendPort)} is out of range`,
                "Use a whole number from 1 to 65534.",
            );
        }
        if (!isPortNumber(backendPort, 1, 65535)) {
            throw new BlueGreenArgsError(
                `${at}.backendPort`,
                `${show(backendPort)} is out of range`,
                "Use a whole number from 1 to 65535.",
            );
        }
        const frontendKey = `${protocol as string}/${frontendPort}`;
        if (frontends.has(frontendKey)) {
            throw new BlueGreenArgsError(
                `${at}.frontendPort`,
                `${protocol as string} port ${frontendPort} is used by two rules`,
                "Give each rule its own frontend port (per protocol).",
            );
        }
        frontends.add(frontendKey);
        return { name, protocol: protocol as PortProtocol, frontendPort, backendPort };
    });
}

/** `value` as the health probe: protocol Http, Https or Tcp; port 1-65535; a path starting with '/' for Http(s) only. */
export function validateProbe(value: unknown, argument = "probe"): HealthProbe {
    if (typeof value !== "object" || value === null) {
        throw new BlueGreenArgsError(argument, `${show(value)} is not a probe`, 'Give { protocol: "Http", port: 80, path: "/" }.');
    }
    const { protocol, port, path } = value as Record<string, unknown>;
    if (!probeProtocols.includes(protocol as ProbeProtocol)) {
        throw new BlueGreenArgsError(
            `${argument}.protocol`,
            `${show(protocol)} is not a probe protocol`,
            `Use one of: ${probeProtocols.join(", ")}.`,
        );
    }
    if (!isPortNumber(port, 1, 65535)) {
        throw new BlueGreenArgsError(`${argument}.port`, `${show(port)} is out of range`, "Use a whole number from 1 to 65535.");
    }
    if (protocol === "Tcp") {
        if (path !== undefined) {
            throw new BlueGreenArgsError(
                `${argument}.path`,
                "a Tcp probe cannot have a path (Azure rejects it)",
                "Remove the path, or use protocol Http or Https.",
            );
        }
        return { protocol, port };
    }
    const requestPath = path ?? "/";
    if (typeof requestPath !== "string" || !requestPath.startsWith("/")) {
        throw new BlueGreenArgsError(`${argument}.path`, `${show(path)} is not a request path`, 'Use a path starting with "/", e.g. "/health".');
    }
    return { protocol: protocol as ProbeProtocol, port, path: requestPath };
}

/** `value` as an OpenSSH public key line. A private key is refused, so it can never reach Pulumi state. */
export function validateSshPublicKey(value: unknown, argument: string): string {
    if (typeof value === "string" && /PRIVATE KEY/.test(value)) {
        throw new BlueGreenArgsError(
            argument,
            "this is a private key",
            "Give the public key (the .pub file, e.g. ~/.ssh/id_rsa.pub); never put a private key in stack config.",
        );
    }
    if (typeof value !== "string" || !/^(ssh-(rsa|ed25519)|ecdsa-sha2-nistp\d+) [A-Za-z0-9+/=]+/.test(value.trim())) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not an SSH public key`,
            'Give an OpenSSH public key line such as "ssh-rsa AAAA... user@host" (the contents of your .pub file).',
        );
    }
    return value.trim();
}

/** `value` as a VM size name such as `Standard_B2s` (Azure refuses an empty or malformed one only at deployment). */
export function validateVmSize(value: unknown, argument: string): string {
    if (typeof value !== "string" || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(value)) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not a VM size`,
            'Give a size name such as "Standard_B2s" (see `az vm list-sizes --location <region> -o table`).',
        );
    }
    return value;
}

/** `value` as an Azure region name such as `westeurope`. */
export function validateLocation(value: unknown, argument = "location"): string {
    if (typeof value !== "string" || !/^[a-z0-9]+$/i.test(value.replace(/ /g, ""))) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not an Azure region`,
            'Give a region name such as "westeurope" (see `az account list-locations -o table`).',
        );
    }
    return value;
}

/**
 * `value` as availability zones: distinct zones among "1", "2", "3" (or none, in regions without zones). Azure's
 * regions with zones number them 1 to 3; any other value fails only at deployment, after the resource group exists.
 */
export function validateZones(value: unknown, argument = "zones"): string[] {
    if (!Array.isArray(value) || value.some((zone) => typeof zone !== "string" || !/^[1-3]$/.test(zone))) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not a list of zones`,
            'Give zones among "1", "2" and "3" as strings, e.g. ["1", "2", "3"], or [] in a region without availability zones.',
        );
    }
    if (new Set(value).size !== value.length) {
        throw new BlueGreenArgsError(argument, `${show(value)} names a zone twice`, "List each zone once.");
    }
    return value as string[];
}

/**
 * Names Azure refuses for a Linux administrator (azure-native `VirtualMachineScaleSetOSProfileArgs.adminUsername`,
 * "Disallowed values").
 */
const reservedAdminNames = new Set([
    "administrator", "admin", "user", "user1", "test", "user2", "test1", "user3", "admin1", "1", "123", "a",
    "actuser", "adm", "admin2", "aspnet", "backup", "console", "david", "guest", "john", "owner", "root", "server",
    "sql", "support", "support_388945a0", "sys", "test2", "test3", "user4", "user5",
]);

/** `value` as a Linux administrator name that Azure accepts. */
export function validateAdminUsername(value: unknown, argument: string): string {
    if (typeof value !== "string" || !/^[a-z_][a-z0-9_-]{0,63}$/.test(value)) {
        throw new BlueGreenArgsError(
            argument,
            `${show(value)} is not a Linux user name`,
            "Use 1-64 lower-case letters, digits, '_' or '-', starting with a letter or '_'.",
        );
    }
    if (reservedAdminNames.has(value)) {
        throw new BlueGreenArgsError(argument, `"${value}" is reserved by Azure`, 'Choose another name, e.g. "azureuser".');
    }
    return value;
}

/** `value` as an image reference: either `id`, or all of publisher, offer, sku and version. */
export function validateImage(value: unknown, argument: string): ImageReference {
    const image = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
    const parts = ["publisher", "offer", "sku", "version"] as const;
    const isText = (v: unknown) => typeof v === "string" && v.trim() !== "";
    if (isText(image.id) && parts.every((p) => image[p] === undefined)) {
        return { id: image.id as string };
    }
    if (image.id === undefined && parts.every((p) => isText(image[p]))) {
        return { publisher: image.publisher as string, offer: image.offer as string, sku: image.sku as string, version: image.version as string };
    }
    throw new BlueGreenArgsError(
        argument,
        `${show(value)} is not an image reference`,
        'Give either { id } of an image, or all of { publisher, offer, sku, version }, e.g. Canonical, ubuntu-24_04-lts, server, latest.',
    );
}
