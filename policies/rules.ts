import { EnforcementLevel, Policies } from "@pulumi/policy";
import { addressesProtectedPolicy } from "./rules/addressesProtected";
import { addressPairPolicy } from "./rules/addressPair";
import { loadBalancerPairPolicy } from "./rules/loadBalancerPair";
import { noBasicSkuPolicy } from "./rules/noBasicSku";
import { sharedLoadBalancerPolicy } from "./rules/sharedLoadBalancer";
import { stagingCapacityPolicy } from "./rules/stagingCapacity";
import { swapTargetsPolicy } from "./rules/swapTargets";

/**
 * Every vipswap-guard policy, in the order they are reported. This module only defines them: `index.ts` passes
 * them to `new PolicyPack`, which starts a gRPC server, so tests import this module instead.
 */
export const policies: Policies = [
    addressPairPolicy,
    loadBalancerPairPolicy,
    sharedLoadBalancerPolicy,
    noBasicSkuPolicy,
    addressesProtectedPolicy,
    stagingCapacityPolicy,
    swapTargetsPolicy,
];

/** The pack's default level, for a policy that sets none (each policy here sets its own). */
export const packEnforcementLevel: EnforcementLevel = "mandatory";
