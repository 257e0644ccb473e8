/**
 * vipswap: blue/green deployment with a VIP swap for Azure VM scale sets, as a Pulumi component.
 * The package entry point: what another stack imports.
 */
export { BlueGreenDeployment, type VipSwapWiring } from "./blueGreenDeployment";
export { VipSwap, type PairedVipSwapArgs, type SharedVipSwapArgs, type VipSwapArgs, type VipSwapOptions, type VipSwapSettingsArgs, type VipSwapTargetArgs } from "./vipSwap/vipSwap";
export {
    defaultImage,
    defaultPorts,
    defaultProbe,
    defaults,
    isExistingNetwork,
    portProtocols,
    probeProtocols,
    topologies,
    type BlueGreenDeploymentArgs,
    type ColourArgs,
    type CreatedNetworkArgs,
    type ExistingNetworkArgs,
    type NetworkArgs,
    type HealthProbe,
    type ImageReference,
    PortProtocol,
    type PortRule,
    ProbeProtocol,
    Topology,
} from "./blueGreenArgs";
export { blueGreenNames, isValidComponentName, sharedRuleName, type BlueGreenNames } from "./blueGreenNames";
export { BlueGreenArgsError } from "./blueGreenValidation";
export { tagKeys, type ResourceRole, type TagColour } from "./blueGreenTags";
export { addressRoleOf, colourServing, type AddressRole } from "./addressRole";
export { Colour, colours, isColour, otherColour } from "./colour";
export {
    floatingIpName,
    pairedSwapTargetFields,
    sharedSwapTargetFields,
    type PairedSwapTarget,
    type SharedSwapTarget,
    type SwapTarget,
    type SwapTargetKind,
    type SwapTargetNames,
    isSharedSwapTarget,
    swapTargetFields,
} from "./swap/swapTarget";
export {
    backendHealthRequirements,
    healthGateDefaults,
    HealthGateSettingsError,
    resolveHealthGatePlan,
    BackendHealthRequirement,
    type HealthGatePlan,
    type HealthGateSettings,
    type HttpCheckSettings,
    type LoadBalancerHealthSettings,
    type SmokeTestSettings,
    type VerificationSettings,
} from "./health/healthGateSettings";
export { HealthGateRefusedError, PostSwapVerificationError } from "./health/healthGateErrors";
export { swapWithHealthGates, type GatedSwapOptions, type GatedSwapReport } from "./health/swapWithHealthGates";
export {
    inspectSwap,
    reconcileSwap,
    removeLeftoverFloatingIp,
    SwapError,
    removeSwapLeftovers,
    type SwapErrorCode,
    type SwapInspection,
    type SwapOptions,
    type SwapProgressEvent,
    type SwapReport,
    type SwapStepRecord,
} from "./swap/swapEngine";
export { describeState, liveColour, type ObservedState } from "./swap/floatingIp/observedState";
export { decideNextStep, describeStep, type RefusalCode, type SwapDecision, type SwapStep } from "./swap/floatingIp/swapDecision";
export { decidePoolSwitch, describePoolSwitchStep, type PoolSwitchRefusalCode, type PoolSwitchStep } from "./swap/sharedLoadBalancer/poolSwitchDecision";
export { describePoolState, liveColourOfPools, type PoolSwitchState } from "./swap/sharedLoadBalancer/poolSwitchState";
export type { GateScope, SwapView } from "./swap/swapMethod";
export type { AzureConnection } from "./azure/azureConnection";
export { StaticTokenCredential } from "./azure/staticTokenCredential";
export { createAzureConnection, AzureSettingsError } from "./azure/azureCredentials";
