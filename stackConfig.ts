import * as pulumi from "@pulumi/pulumi";
import {
    BlueGreenArgsError,
    BlueGreenDeployment,
    colours,
    isValidComponentName,
    defaultImage,
    defaults,
    type BlueGreenDeploymentArgs,
    type Colour,
    type ColourArgs,
    type HealthProbe,
    type ImageReference,
    type PortRule,
    type Topology,
    topologies,
} from "./components";
import { healthGateConfigDefaults, readHealthGateConfig } from "./components/health/healthGateConfigKeys";

/**
 * The example stack's settings, read from stack config (namespace `vipswap`). Every key is declared in
 * Pulumi.yaml with its type, description and default; the defaults here are the same, for programs run without
 * the CLI (tests, the Automation API with a bare project).
 */
export interface StackSettings {
    /** The component name (it prefixes every Azure name). */
    readonly deploymentName: string;
    /** The component's arguments. */
    readonly args: BlueGreenDeploymentArgs;
}

/** A stack config value the example stack cannot use. The message names the key, the problem and the fix. */
export class StackConfigError extends Error {
    /** The key without its namespace, e.g. `probePort` or `ports[1]`. */
    readonly key: string;
    constructor(key: string, problem: string, fix: string) {
        super(`Configuration 'vipswap:${key}': ${problem}. ${fix}`);
        this.name = "StackConfigError";
        this.key = key;
    }
}

/**
 * The stack config key that sets a `BlueGreenDeployment` argument, e.g. `probe.port` -> `probePort`,
 * `green.vmSize` -> `greenVmSize`, `ports[1].frontendPort` -> `ports[1]`; undefined for an argument no key sets.
 */
export function configKeyOfArgument(argument: string): string | undefined {
    const rule = /^ports(\[\d+\])?/.exec(argument);
    if (rule) return `ports${rule[1] ?? ""}`;
    const [head, field] = argument.split(".");
    if (head === "probe") return field === undefined ? "probeProtocol" : `probe${capitalised(field)}`;
    if (head === "network" && field !== undefined) return field;
    if ((head === "blue" || head === "green") && field !== undefined) {
        // One administrator and one key for both colours in the example stack.
        return field === "adminUsername" || field === "sshPublicKey" ? field : `${head}${capitalised(field)}`;
    }
    return ["activeColour", "topology", "location", "zones", "resourceGroupName"].includes(argument) ? argument : undefined;
}

function capitalised(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Creates the example stack's deployment. A bad value that the component refuses (a port out of range, a prefix
 * outside the address space) is reported against the stack config key that set it, since that is what the user
 * edits: `Configuration 'vipswap:probePort': 70000 is out of range. ...`.
 */
export function createDeployment(settings: StackSettings): BlueGreenDeployment {
    try {
        return new BlueGreenDeployment(settings.deploymentName, settings.args);
    } catch (err) {
        const key = err instanceof BlueGreenArgsError ? configKeyOfArgument(err.argument) : undefined;
        if (err instanceof BlueGreenArgsError && key !== undefined) {
            const detail = err.message.slice(`BlueGreenDeployment argument ${err.argument}: `.length);
            const cut = detail.indexOf(". ");
            throw new StackConfigError(key, cut < 0 ? detail : detail.slice(0, cut), cut < 0 ? "" : detail.slice(cut + 2));
        }
        throw err;
    }
}

/** The defaults of the keys that have one in code (Pulumi.yaml declares the same). */
export const stackDefaults = {
    topology: defaults.topology,
    location: "westeurope",
    resourceGroupName: "",
    subnetId: "",
    addressSpace: defaults.addressSpace,
    subnetPrefix: defaults.subnetPrefix,
    allowedSourceRange: defaults.allowedSourceRange,
    ports: ["http:Tcp:80:80"],
    probeProtocol: "Http",
    probePort: 80,
    probePath: "/",
    zones: [...defaults.zones],
    protectAddresses: defaults.protectAddresses,
    adminUsername: defaults.adminUsername,
    vmSize: defaults.vmSize,
    capacity: defaults.capacity,
    image: imageUrn(defaultImage),
    appVersion: "",
    customData: "",
    tags: [] as string[],
    // The health gates' flat keys (docs/health-gates.md).
    ...healthGateConfigDefaults,
} as const;

/** `publisher:offer:sku:version`, the form `az vm image list` prints. */
export function imageUrn(image: ImageReference): string {
    return [image.publisher, image.offer, image.sku, image.version].join(":");
}

/** Parses an image given as a URN (`Canonical:ubuntu-24_04-lts:server:latest`) or as a full image resource id. */
export function parseImage(text: string, key: string): ImageReference {
    if (text.startsWith("/")) {
        return { id: text };
    }
    const parts = text.split(":");
    if (parts.length !== 4 || parts.some((part) => part === "")) {
        throw new StackConfigError(
            key,
            `"${text}" is not an image`,
            'Use publisher:offer:sku:version, e.g. "Canonical:ubuntu-24_04-lts:server:latest", or an image resource id.',
        );
    }
    const [publisher, offer, sku, version] = parts;
    return { publisher, offer, sku, version };
}

/** Parses one rule given as `name:protocol:frontendPort:backendPort`, e.g. `http:Tcp:80:8080`. */
export function parsePortRule(text: string, key: string): PortRule {
    const parts = typeof text === "string" ? text.split(":") : [];
    const [name, protocol, frontendPort, backendPort] = parts;
    if (parts.length !== 4 || !/^\d+$/.test(frontendPort) || !/^\d+$/.test(backendPort)) {
        throw new StackConfigError(
            key,
            `${JSON.stringify(text)} is not a rule`,
            'Write each rule as name:protocol:frontendPort:backendPort, e.g. "http:Tcp:80:8080".',
        );
    }
    // Protocol and ranges are checked by the component, which names the rule it refuses.
    return { name, protocol: protocol as PortRule["protocol"], frontendPort: Number(frontendPort), backendPort: Number(backendPort) };
}

/** Parses tags given as `key=value` strings. */
export function parseTags(list: readonly string[], key: string): Record<string, string> {
    const tags: Record<string, string> = {};
    list.forEach((entry, i) => {
        const at = entry.indexOf("=");
        if (typeof entry !== "string" || at <= 0) {
            throw new StackConfigError(`${key}[${i}]`, `${JSON.stringify(entry)} is not a tag`, 'Write each tag as key=value, e.g. "owner=team-web".');
        }
        tags[entry.slice(0, at)] = entry.slice(at + 1);
    });
    return tags;
}

function stringList(config: pulumi.Config, key: string, fallback: readonly string[]): string[] {
    const value = config.getObject<unknown>(key);
    if (value === undefined) {
        return [...fallback];
    }
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
        throw new StackConfigError(key, `${JSON.stringify(value)} is not a list of strings`, `Set it as a YAML list of strings in Pulumi.<stack>.yaml.`);
    }
    return value as string[];
}

function colourArgs(config: pulumi.Config, colour: Colour, adminUsername: string, sshPublicKey: string): ColourArgs {
    const text = (key: string, fallback: string) => config.get(`${colour}${key}`) ?? fallback;
    const appVersion = text("AppVersion", stackDefaults.appVersion);
    const customData = text("CustomData", stackDefaults.customData);
    return {
        vmSize: text("VmSize", stackDefaults.vmSize),
        capacity: config.getNumber(`${colour}Capacity`, { min: 0 }) ?? stackDefaults.capacity,
        image: parseImage(text("Image", stackDefaults.image), `${colour}Image`),
        adminUsername,
        sshPublicKey,
        ...(appVersion === "" ? {} : { appVersion }),
        ...(customData === "" ? {} : { customData }),
    };
}

/**
 * Reads the example stack's settings. Throws `ConfigEnumError` (which lists the allowed values) for a bad
 * `activeColour` or `topology`, `ConfigMissingError` when `sshPublicKey` is not set, and {@link StackConfigError} for values
 * that have the wrong shape. Ranges and duplicates are checked by the component.
 */
export function readStackConfig(config: pulumi.Config = new pulumi.Config()): StackSettings {
    const activeColour = config.require<Colour>("activeColour", { allowedValues: [...colours] });
    // Plain, as the component needs it: it decides which load balancers exist (docs/topologies.md).
    const topology = config.get<Topology>("topology", { allowedValues: [...topologies] }) ?? stackDefaults.topology;
    const sshPublicKey = config.require("sshPublicKey");
    const adminUsername = config.get("adminUsername") ?? stackDefaults.adminUsername;
    const probeProtocol = config.get<HealthProbe["protocol"]>("probeProtocol", { allowedValues: ["Http", "Https", "Tcp"] }) ?? "Http";
    const probePath = config.get("probePath") ?? stackDefaults.probePath;
    const resourceGroupName = config.get("resourceGroupName") ?? stackDefaults.resourceGroupName;
    const subnetId = config.get("subnetId") ?? stackDefaults.subnetId;
    const tags = parseTags(stringList(config, "tags", stackDefaults.tags), "tags");
    const args: BlueGreenDeploymentArgs = {
        location: config.get("location") ?? stackDefaults.location,
        activeColour,
        topology,
        ...(resourceGroupName === "" ? {} : { resourceGroupName }),
        network:
            subnetId === ""
                ? {
                      addressSpace: config.get("addressSpace") ?? stackDefaults.addressSpace,
                      subnetPrefix: config.get("subnetPrefix") ?? stackDefaults.subnetPrefix,
                      allowedSourceRange: config.get("allowedSourceRange") ?? stackDefaults.allowedSourceRange,
                  }
                : { subnetId },
        ports: stringList(config, "ports", stackDefaults.ports).map((rule, i) => parsePortRule(rule, `ports[${i}]`)),
        probe: {
            protocol: probeProtocol,
            port: config.getNumber("probePort") ?? stackDefaults.probePort,
            ...(probeProtocol === "Tcp" ? {} : { path: probePath }),
        },
        blue: colourArgs(config, "blue", adminUsername, sshPublicKey),
        green: colourArgs(config, "green", adminUsername, sshPublicKey),
        zones: stringList(config, "zones", stackDefaults.zones),
        tags,
        protectAddresses: config.getBoolean("protectAddresses") ?? stackDefaults.protectAddresses,
        healthGate: readHealthGateConfig((key) => config.get(key)),
    };
    const deploymentName = config.get("deploymentName") || `vipswap-${pulumi.getStack()}`;
    if (!isValidComponentName(deploymentName)) {
        throw new StackConfigError(
            "deploymentName",
            `"${deploymentName}" cannot prefix Azure resource names`,
            "Use 1 to 40 letters, digits, '-', '_' or '.', starting with a letter or digit and not ending with '.'; or leave it empty for vipswap-<stack>.",
        );
    }
    return { deploymentName, args };
}
