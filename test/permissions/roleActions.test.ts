/**
 * ARM's action matching, pure: wildcards, case, notActions per assignment (components/azure/roleActions.ts); the
 * shipped role's shape; which of its actions each topology needs (components/swap/neededActions.ts).
 */
import { actionMatches, isActionAllowed, missingActions, parseRolePermissions } from "../../components/azure/roleActions";
import { actionPurpose, neededActions, swapActionPurposes } from "../../components/swap/neededActions";
import { readShippedRole } from "./roleHarness";

describe("actionMatches", () => {
    test.each([
        ["*", "Microsoft.Network/loadBalancers/write", true],
        ["Microsoft.Network/*", "Microsoft.Network/publicIPAddresses/join/action", true],
        ["Microsoft.Network/*/read", "Microsoft.Network/loadBalancers/read", true],
        ["Microsoft.Network/*/read", "Microsoft.Network/locations/operations/read", true],
        ["Microsoft.Network/*/read", "Microsoft.Network/loadBalancers/write", false],
        ["microsoft.network/loadbalancers/READ", "Microsoft.Network/loadBalancers/read", true],
        ["Microsoft.Network/loadBalancers/read", "Microsoft.Network/loadBalancers/readx", false],
        ["Microsoft.Network/loadBalancers/*", "Microsoft.Network/loadBalancers/loadBalancingRules/health/action", true],
        ["Microsoft.Network/publicIPAddresses/*", "Microsoft.Network/loadBalancers/read", false],
        // A dot in a pattern is a dot, not "any character".
        ["Microsoft.Network/loadBalancers/read", "MicrosoftXNetwork/loadBalancers/read", false],
    ])("%s matches %s: %s", (pattern, action, expected) => {
        expect(actionMatches(pattern, action)).toBe(expected);
    });
});

describe("isActionAllowed and missingActions", () => {
    const reader = { actions: ["Microsoft.Network/*/read"], notActions: ["Microsoft.Network/publicIPAddresses/read"] };
    test("notActions subtracts within its own entry only", () => {
        expect(isActionAllowed([reader], "Microsoft.Network/publicIPAddresses/read")).toBe(false);
        expect(isActionAllowed([reader, { actions: ["Microsoft.Network/publicIPAddresses/read"] }], "Microsoft.Network/publicIPAddresses/read")).toBe(true);
        expect(isActionAllowed([], "Microsoft.Network/loadBalancers/read")).toBe(false);
    });
    test("missingActions keeps the order of the needed list", () => {
        expect(missingActions([reader], ["Microsoft.Network/loadBalancers/write", "Microsoft.Network/loadBalancers/read", "Microsoft.Network/publicIPAddresses/read"])).toEqual([
            "Microsoft.Network/loadBalancers/write",
            "Microsoft.Network/publicIPAddresses/read",
        ]);
    });
});

describe("parseRolePermissions", () => {
    test("takes one entry or a list", () => {
        expect(parseRolePermissions({ actions: ["*"] })).toEqual([{ actions: ["*"] }]);
        expect(parseRolePermissions([{ actions: ["a/b"], notActions: ["a/c"] }])).toEqual([{ actions: ["a/b"], notActions: ["a/c"] }]);
    });
    test.each([
        [null, /must be an object/],
        [{}, /actions must be a list of action strings/],
        [{ actions: "Microsoft.Network/*" }, /actions must be a list/],
        [{ actions: ["Microsoft Network"] }, /actions must be a list/],
        [{ actions: ["*"], NotActions: [] }, /unknown field\(s\) NotActions/],
        [[{ actions: ["*"] }, { actions: [1] }], /permissions\[1\]\.actions/],
    ])("refuses %j saying what is wrong", (value, message) => {
        expect(() => parseRolePermissions(value)).toThrow(message);
    });
});

describe("the shipped role", () => {
    test("is a role definition az accepts: its fields, no wildcard, placeholders in AssignableScopes", () => {
        const role = readShippedRole();
        expect(Object.keys(role).sort()).toEqual(["Actions", "AssignableScopes", "DataActions", "Description", "IsCustom", "Name", "NotActions", "NotDataActions"]);
        expect(role.Actions.filter((a) => a.includes("*"))).toEqual([]);
        expect(new Set(role.Actions.map((a) => a.toLowerCase())).size).toBe(role.Actions.length);
        expect(role.AssignableScopes).toEqual(["/subscriptions/<subscription-id>/resourceGroups/<resource-group>"]);
    });

    test("every action says what needs it, for the permission check's messages, and nothing else is described", () => {
        expect(Object.keys(swapActionPurposes).sort()).toEqual([...readShippedRole().Actions].sort());
    });

    test("is the union of what the topologies need: every action is needed by one of them", () => {
        const paired = neededActions("pairedLoadBalancers");
        const shared = neededActions("sharedLoadBalancer");
        expect(readShippedRole().Actions.filter((a) => !paired.includes(a) && !shared.includes(a))).toEqual([]);
    });
});

describe("neededActions, per topology", () => {
    const role = readShippedRole();
    test("the paired topology needs every action of the role, in the role's order", () => {
        expect(neededActions("pairedLoadBalancers")).toEqual(role.Actions);
    });

    test("the shared topology needs all but the address create and delete (it never makes or removes an address)", () => {
        const unneeded = ["Microsoft.Network/publicIPAddresses/write", "Microsoft.Network/publicIPAddresses/delete"];
        expect(neededActions("sharedLoadBalancer")).toEqual(role.Actions.filter((a) => !unneeded.includes(a)));
        for (const action of unneeded) expect(actionPurpose(action, "sharedLoadBalancer")).toBeUndefined();
    });
});
