import type { AddressRole } from "./addressRole";
import type { Colour } from "./colour";

/** The shared load balancer's frontend names, one per role (plain fields, so that other languages' SDKs can type them). */
export interface SharedFrontendNames {
    readonly production: string;
    readonly staging: string;
    readonly outbound: string;
}

/** The shared load balancer's pool names, one per colour and the outbound pool. */
export interface SharedPoolNames {
    readonly blue: string;
    readonly green: string;
    readonly outbound: string;
}

/**
 * The Azure names of everything a `BlueGreenDeployment` creates, derived from the component's name only.
 *
 * They are fixed at construction (explicit azure-native names instead of auto-names with a random suffix), so
 * the `VipSwap` resource can be given them before any load balancer exists (docs/design.md, "The Pulumi wiring"),
 * and the CLI can find the pair again from the component name alone.
 */
export interface BlueGreenNames {
    /** The resource group's name, used only when the component creates the group. */
    readonly resourceGroup: string;
    /** The production public IP (named by role, never by colour: it must survive every swap). */
    readonly productionIp: string;
    /** The staging public IP. */
    readonly stagingIp: string;
    /** The blue load balancer. */
    readonly blueLoadBalancer: string;
    /** The green load balancer. */
    readonly greenLoadBalancer: string;
    /** The public frontend; both load balancers use this same name, so a swap moves addresses between equals. */
    readonly frontend: string;
    /** The backend pool; one per load balancer, same name on both. */
    readonly backendPool: string;
    /** The health probe; same name on both load balancers. */
    readonly probe: string;
    /** The outbound rule that gives the instances outbound connectivity; same name on both. */
    readonly outboundRule: string;
    /** The one load balancer of the shared topology. */
    readonly sharedLoadBalancer: string;
    /** The shared topology's outbound public IP: the instances' source address for outbound traffic. */
    readonly outboundIp: string;
    /** The shared load balancer's frontends (production, staging, outbound). */
    readonly sharedFrontends: SharedFrontendNames;
    /** The shared load balancer's backend pools: one per colour, and the outbound pool that holds both scale sets. */
    readonly sharedPools: SharedPoolNames;
    /** The blue scale set. */
    readonly blueScaleSet: string;
    /** The green scale set. */
    readonly greenScaleSet: string;
    /** The virtual network, used only when the component creates the network. */
    readonly virtualNetwork: string;
    /** The subnet, used only when the component creates the network. */
    readonly subnet: string;
    /** The network security group, used only when the component creates the network. */
    readonly networkSecurityGroup: string;
}

/**
 * Component names must make valid Azure names once suffixed: Azure network resource names allow letters, digits,
 * underscores, periods and hyphens, start with a letter or digit, and are at most 80 characters
 * (scale sets: 64). The longest suffix here is 23 characters, so 40 leaves room.
 */
const componentNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

/** True when `name` can be used as a `BlueGreenDeployment` name (see {@link blueGreenNames}). */
export function isValidComponentName(name: string): boolean {
    return componentNamePattern.test(name) && !name.endsWith(".");
}

/**
 * The names of a deployment called `name`.
 * @throws Error when `name` would not make valid Azure names; the message says which characters are allowed.
 */
export function blueGreenNames(name: string): BlueGreenNames {
    if (!isValidComponentName(name)) {
        throw new Error(
            `BlueGreenDeployment name "${name}" cannot be used for Azure resource names: use 1 to 40 letters, ` +
                "digits, '-', '_' or '.', starting with a letter or digit and not ending with '.'.",
        );
    }
    return {
        resourceGroup: `${name}-rg`,
        productionIp: `${name}-production-ip`,
        stagingIp: `${name}-staging-ip`,
        blueLoadBalancer: `${name}-blue-lb`,
        greenLoadBalancer: `${name}-green-lb`,
        frontend: "public-frontend",
        backendPool: "backend-pool",
        probe: "health-probe",
        outboundRule: "outbound",
        sharedLoadBalancer: `${name}-lb`,
        outboundIp: `${name}-outbound-ip`,
        sharedFrontends: { production: "production", staging: "staging", outbound: "outbound" },
        sharedPools: { blue: "blue", green: "green", outbound: "outbound" },
        blueScaleSet: `${name}-blue-vmss`,
        greenScaleSet: `${name}-green-vmss`,
        virtualNetwork: `${name}-vnet`,
        subnet: `${name}-subnet`,
        networkSecurityGroup: `${name}-nsg`,
    };
}

/** The load balancer name of `colour`. */
export function loadBalancerNameOf(names: BlueGreenNames, colour: Colour): string {
    return colour === "blue" ? names.blueLoadBalancer : names.greenLoadBalancer;
}

/** The shared load balancer's rule for port `portName` on the frontend of `role`: `<portName>-<role>`. */
export function sharedRuleName(portName: string, role: AddressRole): string {
    return `${portName}-${role}`;
}

/** The scale set name of `colour`. */
export function scaleSetNameOf(names: BlueGreenNames, colour: Colour): string {
    return colour === "blue" ? names.blueScaleSet : names.greenScaleSet;
}
