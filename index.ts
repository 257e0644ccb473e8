/**
 * The example stack: one blue/green pair configured from stack config (see Pulumi.yaml for every key).
 * Flip the live colour with `pulumi config set activeColour green && pulumi up`.
 */
import { createDeployment, readStackConfig } from "./stackConfig";

const deployment = createDeployment(readStackConfig());

/** The live colour. */
export const activeColour = deployment.activeColour;
/** How the pair is wired: pairedLoadBalancers or sharedLoadBalancer. */
export const topology = deployment.topology;
/** The production address: the one for DNS and allow-lists; it survives every swap. */
export const productionAddress = deployment.productionAddress;
/** The staging address: the idle colour, for tests before a flip. */
export const stagingAddress = deployment.stagingAddress;
/** URL of the service on production. */
export const productionUrl = deployment.productionUrl;
/** URL of the service on staging. */
export const stagingUrl = deployment.stagingUrl;
/** The resource group of the pair. */
export const resourceGroupName = deployment.resourceGroupName;
/** Resource id of the production address. */
export const productionIpId = deployment.productionIpId;
/** Resource id of the staging address. */
export const stagingIpId = deployment.stagingIpId;
/** Resource id of the load balancer in front of the blue scale set (the shared topology's one load balancer). */
export const blueLoadBalancerId = deployment.blueLoadBalancerId;
/** Resource id of the load balancer in front of the green scale set (the shared topology's one load balancer). */
export const greenLoadBalancerId = deployment.greenLoadBalancerId;
/** Resource id of the shared topology's load balancer (undefined in the paired topology). */
export const loadBalancerId = deployment.loadBalancerId;
/** The shared topology's outbound address, the instances' source address (undefined in the paired topology). */
export const outboundAddress = deployment.outboundAddress;
/** Resource id of the blue scale set. */
export const blueScaleSetId = deployment.blueScaleSetId;
/** Resource id of the green scale set. */
export const greenScaleSetId = deployment.greenScaleSetId;
/** What `vipswap swap` needs to find this pair. */
export const swapTarget = deployment.swapTarget;
