import { PolicyPack } from "@pulumi/policy";
import { packEnforcementLevel, policies } from "./rules";

/**
 * The vipswap-guard policy pack: `pulumi preview --policy-pack policies` (see docs/policies.md). Constructing it
 * starts the analyzer's gRPC server, so nothing but the Pulumi CLI should import this file.
 */
new PolicyPack("vipswap-guard", {
    description:
        "Stops, at preview time, what would make a vipswap blue/green swap fail or lose an address: addresses that " +
        "are not Standard and Static, load balancers that differ, Basic SKUs, unprotected addresses, a VipSwap that " +
        "names resources this stack does not have.",
    enforcementLevel: packEnforcementLevel,
    policies,
});
