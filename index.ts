/**
 * The example stack: one blue/green pair configured from stack config (see Pulumi.yaml for every key).
 * Flip the live colour with `pulumi config set activeColour green && pulumi up`.
 */
import { createDeployment, readStackConfig } from "./stackConfig";

const deployment = createDeployment(readStackConfig());

/** The live colour. */
export const activeColour = deployment.activeColour;
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
/** Resource ids of the addresses, load balancers and scale sets. */
export const productionIpId = deployment.productionIpId;
export const stagingIpId = deployment.stagingIpId;
export const blueLoadBalancerId = deployment.blueLoadBalancerId;
export const greenLoadBalancerId = deployment.greenLoadBalancerId;
export const blueScaleSetId = deployment.blueScaleSetId;
export const greenScaleSetId = deployment.greenScaleSetId;
/** What `vipswap swap` needs to find this pair. */
export const swapTarget = deployment.swapTarget;
