/**
 * Which actions of the shipped role (roles/vipswap-swap-operator.json) each topology needs, and what needs each one:
 * pure data, a function of the topology. The role is their union, so one role serves both topologies; a test checks
 * that every action of the role is needed by at least one topology and that no action is described that the role
 * lacks. Why each action, with sources, per topology: docs/least-privilege.md.
 */
import { swapOperatorActions } from "../azure/swapOperatorRole";
import type { SwapTargetKind } from "./swapTarget";

/**
 * What needs each action of the role, by the topologies that need it; a topology absent from an action's entry does
 * not use it (the shared topology never creates or deletes an address, so it needs neither `publicIPAddresses/write`
 * nor `/delete`).
 */
export const swapActionPurposes: Readonly<Record<string, Readonly<Partial<Record<SwapTargetKind, string>>>>> = {
    "Microsoft.Network/loadBalancers/read": {
        pairedLoadBalancers: "every swap, status and refresh read both load balancers",
        sharedLoadBalancer: "every swap, status and refresh read the shared load balancer",
    },
    "Microsoft.Network/loadBalancers/write": {
        pairedLoadBalancers: "the swap re-points a load balancer's frontend",
        sharedLoadBalancer: "the swap switches the rules between the blue and green pools",
    },
    "Microsoft.Network/loadBalancers/loadBalancingRules/health/action": {
        pairedLoadBalancers: "the pre-swap health gate reads each rule's backend health",
        sharedLoadBalancer: "the pre-swap health gate reads the staging rules' backend health",
    },
    "Microsoft.Network/publicIPAddresses/read": {
        pairedLoadBalancers: "every swap, status and refresh read the addresses",
        sharedLoadBalancer: "every swap, status and refresh read the two frontends' addresses",
    },
    "Microsoft.Network/publicIPAddresses/write": {
        pairedLoadBalancers: "the swap creates its temporary floating address",
    },
    "Microsoft.Network/publicIPAddresses/delete": {
        pairedLoadBalancers: "the swap (and the VipSwap delete) removes the floating address",
    },
    "Microsoft.Network/publicIPAddresses/join/action": {
        pairedLoadBalancers: "a load balancer write that references an address",
        sharedLoadBalancer: "the load balancer write references the frontends' addresses",
    },
    "Microsoft.Network/locations/operations/read": {
        pairedLoadBalancers: "reading why a write failed (Azure-AsyncOperation status)",
        sharedLoadBalancer: "reading why a write failed (Azure-AsyncOperation status)",
    },
    "Microsoft.Network/locations/operationResults/read": {
        pairedLoadBalancers: "following the rule-health operation and a delete's outcome (Location)",
        sharedLoadBalancer: "following the rule-health operation (Location)",
    },
    "Microsoft.Authorization/permissions/read": {
        pairedLoadBalancers: "vipswap status --check-permissions lists the identity's permissions",
        sharedLoadBalancer: "vipswap status --check-permissions lists the identity's permissions",
    },
};

/** The actions a swap, its gates, its cleanup and the permission check use in `topology`, in the role's order. */
export function neededActions(topology: SwapTargetKind): readonly string[] {
    return swapOperatorActions.filter((action) => swapActionPurposes[action]?.[topology] !== undefined);
}

/** What needs `action` in `topology`, for messages; undefined for an action the topology does not use. */
export function actionPurpose(action: string, topology: SwapTargetKind): string | undefined {
    return swapActionPurposes[action]?.[topology];
}
