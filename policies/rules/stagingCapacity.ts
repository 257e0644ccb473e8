import { StackValidationPolicy } from "@pulumi/policy";
import { Colour, otherColour } from "../../components/colour";
import { liveColourOf } from "../model/liveColour";
import { pairsOf } from "../model/pairs";
import { ScaleSetModel } from "../model/scaleSet";
import { StackIndex } from "../model/stackIndex";

/**
 * The staging colour has at least as many instances as the live colour. A swap sends all production traffic to the
 * staging colour at once; if it is smaller, the swap is a capacity cut. Advisory by default: a user may shrink the
 * idle colour on purpose (capacity 0 parks it) and grow it before the swap.
 */
export const stagingCapacityPolicy: StackValidationPolicy = {
    name: "vipswap-staging-capacity",
    description:
        "The staging colour's scale-set capacity is at least the live colour's, so a swap does not move production " +
        "traffic onto a smaller fleet.",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        for (const pair of pairsOf(new StackIndex(args.resources))) {
            const live = liveColourOf(pair);
            if (live === undefined) {
                continue;
            }
            const staging = otherColour(live);
            const liveSets = pair.scaleSets.filter((s) => s.colour() === live);
            const stagingSets = pair.scaleSets.filter((s) => s.colour() === staging);
            if (liveSets.length === 0 || stagingSets.length === 0) {
                continue;
            }
            const liveCapacity = total(liveSets);
            const stagingCapacity = total(stagingSets);
            if (liveCapacity === undefined || stagingCapacity === undefined || stagingCapacity >= liveCapacity) {
                continue;
            }
            report(
                `In ${pair.label} the staging colour ${staging} has ${stagingCapacity} instance(s), fewer than the ` +
                    `live colour ${live}'s ${liveCapacity}: a swap now would move production onto a smaller fleet. ` +
                    `Raise ${describeSets(stagingSets, staging)} to at least ${liveCapacity} before swapping.`,
                stagingSets[0].resource.urn,
            );
        }
    },
};

/** The summed capacity, or undefined when any scale set does not declare one. */
function total(sets: ScaleSetModel[]): number | undefined {
    let sum = 0;
    for (const set of sets) {
        const capacity = set.capacity();
        if (capacity === undefined) {
            return undefined;
        }
        sum += capacity;
    }
    return sum;
}

function describeSets(sets: ScaleSetModel[], colour: Colour): string {
    const set = sets[0];
    const what = `the ${set.capacitySpelling} of the ${colour} scale set "${set.resource.name}"`;
    return sets.length === 1 ? what : `${what} (or of the other ${colour} scale sets)`;
}
