/**
 * The emulator's entry point for users' own tests and CI (`import { AzureEmulator } from "vipswap/emulator"`).
 * Product code never imports it: it stands in for Azure, it is not part of the swap.
 */
export { AzureEmulator, defaultSubscriptionId, type AzureEmulatorOptions } from "./azureEmulator";
export { createBlueGreenPair, type BlueGreenPair, type BlueGreenPairOptions } from "./blueGreenScenario";
export { createSharedPair, sharedLoadBalancerBody, type SharedPair, type SharedPairOptions } from "./sharedLoadBalancerScenario";
export { operationKinds, type Latencies, type OperationKind, type ProfileName } from "./profiles";
