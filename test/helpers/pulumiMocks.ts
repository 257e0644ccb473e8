import * as pulumi from "@pulumi/pulumi";

/**
 * One resource as the Pulumi engine would have received it: the registration request's type, name, inputs and
 * the options that travel in that request (protect, parent, dependencies). `pulumi.runtime.setMocks` hands the
 * mocks only type, name and inputs, so the options are read from the request itself (see {@link mockPulumi}).
 */
export interface RegisteredResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly custom: boolean;
    readonly inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    /** The `protect` option as sent to the engine (undefined when the program did not set it). */
    readonly protect: boolean | undefined;
    /** The parent's URN. */
    readonly parent: string;
    /** URNs of the resources this one depends on (explicit `dependsOn` and input dependencies). */
    readonly dependencies: readonly string[];
    /** The `ignoreChanges` option as sent to the engine. */
    readonly ignoreChanges: readonly string[];
}

/** What {@link mockPulumi} records. */
export interface MockedPulumi {
    /** Every registration so far, in order. */
    readonly resources: RegisteredResource[];
    /** The registrations of `type` (e.g. `azure-native:network:LoadBalancer`). */
    ofType(type: string): RegisteredResource[];
    /** The one registration named `name`; fails when there is none. */
    named(name: string): RegisteredResource;
    /** Waits until every pending registration has reached the (mock) engine. */
    settled(): Promise<void>;
}

/**
 * The input that names each azure-native resource in Azure (outputs carry `name` instead). Mocked Azure reads it to
 * fill in names, ids and addresses; the policy tests use it to turn inputs into the outputs a stack policy sees.
 */
export const azureNameInput: Readonly<Record<string, string>> = {
    "azure-native:resources:ResourceGroup": "resourceGroupName",
    "azure-native:network:PublicIPAddress": "publicIpAddressName",
    "azure-native:network:LoadBalancer": "loadBalancerName",
    "azure-native:network:VirtualNetwork": "virtualNetworkName",
    "azure-native:network:Subnet": "subnetName",
    "azure-native:network:NetworkSecurityGroup": "networkSecurityGroupName",
    "azure-native:compute:VirtualMachineScaleSet": "vmScaleSetName",
};

/** A test address for each public IP, so production and staging are told apart in outputs. */
export function mockAddressOf(publicIpName: string): string {
    let hash = 0;
    for (const ch of publicIpName) {
        hash = (hash * 31 + ch.charCodeAt(0)) % 250;
    }
    return `203.0.113.${hash + 1}`;
}

/** The id mocked Azure gives a resource: `/mock/<type>/<azure name>`. */
export function mockIdOf(type: string, azureName: string): string {
    return `/mock/${type}/${azureName}`;
}

interface RegisterRequestLike {
    getType(): string;
    getName(): string;
    getCustom(): boolean;
    getParent(): string;
    getProtect(): boolean | undefined;
    hasProtect(): boolean;
    getDependenciesList(): string[];
    getIgnorechangesList(): string[];
}

interface MonitorLike {
    registerResource(req: RegisterRequestLike, callback: (err: unknown, resp: { getUrn(): string } | undefined) => void): void;
}

/**
 * Installs Pulumi mocks that behave like a successful deployment (or a preview: then the addresses Azure
 * allocates stay unknown, as in a real preview) and records every registration with its options.
 * Set config with `pulumi.runtime.setAllConfig` before constructing resources.
 */
export async function mockPulumi(options: { preview?: boolean; project?: string; stack?: string } = {}): Promise<MockedPulumi> {
    const preview = options.preview ?? false;
    const resources: RegisteredResource[] = [];
    const inputsByName = new Map<string, Record<string, unknown>>();

    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
                inputsByName.set(args.name, args.inputs);
                const nameKey = azureNameInput[args.type];
                const azureName = (nameKey && (args.inputs[nameKey] as string | undefined)) || args.name;
                const state: Record<string, unknown> = { ...args.inputs, name: azureName };
                if (args.type === "azure-native:network:PublicIPAddress" && !preview) {
                    state.ipAddress = mockAddressOf(azureName);
                }
                // A preview of a new stack knows no ids yet: the engine leaves them unknown, so do the mocks.
                return { id: args.custom && !preview ? mockIdOf(args.type, azureName) : "", state };
            },
            call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
                throw new Error(`Mock not implemented for invoke ${args.token}`);
            },
        },
        options.project ?? "vipswap",
        options.stack ?? "test",
        preview,
    );

    // The mocks see no resource options, so read them from the registration request the SDK sends.
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        register(req, (err, resp) => {
            if (!err && resp) {
                resources.push({
                    type: req.getType(),
                    name: req.getName(),
                    urn: resp.getUrn(),
                    custom: req.getCustom(),
                    inputs: inputsByName.get(req.getName()) ?? {},
                    protect: req.hasProtect() ? req.getProtect() : undefined,
                    parent: req.getParent(),
                    dependencies: req.getDependenciesList(),
                    ignoreChanges: req.getIgnorechangesList(),
                });
            }
            callback(err, resp);
        });
    };

    return {
        resources,
        ofType: (type) => resources.filter((r) => r.type === type),
        named: (name) => {
            const found = resources.find((r) => r.name === name);
            if (!found) {
                throw new Error(`no resource named ${name}; registered: ${resources.map((r) => r.name).join(", ")}`);
            }
            return found;
        },
        settled: () => waitForRegistrations(),
    };
}

/**
 * Waits for the SDK's queue of outstanding RPCs to drain. `waitForRPCs` is what `pulumi.runtime.disconnect`
 * awaits; it is internal, so it is reached through the settings module.
 */
async function waitForRegistrations(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settings.waitForRPCs();
}

/**
 * The value of `output`, or `undefined` when it is unknown (as unknown values are during a preview).
 * When the output failed (an apply threw), the returned promise rejects with that error.
 */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T | undefined> {
    // `isKnown` is not in the typings; it is how the SDK itself tells a preview's unknowns apart.
    const isKnown = (output as unknown as { isKnown: Promise<boolean> }).isKnown;
    // A failed output also rejects its secret flag; the error is reported once, through the promise returned here.
    pulumi.isSecret(output).catch(() => undefined);
    return isKnown.then((known) => (known ? new Promise<T>((resolve) => output.apply(resolve)) : undefined));
}
