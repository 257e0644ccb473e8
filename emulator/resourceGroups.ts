/**
 * The resource groups the emulator knows. ARM checks the resource group before the resource provider sees a request:
 * a read, list, tags PATCH or DELETE in a group that does not exist gets 404 `ResourceGroupNotFound` ("Resource group
 * '{name}' could not be found."), not the resource's own 404 `ResourceNotFound`. The difference matters to a client
 * that reads "the resource is missing" as "nothing to do yet": a misspelt group must not look like an empty one.
 *
 * `@azure/arm-network` has no call to create a resource group, so the emulator creates one implicitly at the first
 * PUT that creates a resource in it (kinder than Azure, which refuses that PUT with the same 404; docs/emulator.md).
 * A group stays known when its resources are deleted, as on Azure, until the emulator is reset.
 */
import { resourceGroupNotFound } from "./networkErrors";

/** Resource group names, case-insensitive as ARM compares them. */
export class ResourceGroupRegistry {
    readonly #names = new Set<string>();

    /** Records a group (the first resource created in it). */
    ensure(name: string): void {
        this.#names.add(name.toLowerCase());
    }

    /** Throws 404 `ResourceGroupNotFound` for a group that does not exist. */
    require(name: string): void {
        if (!this.#names.has(name.toLowerCase())) {
            throw resourceGroupNotFound(name);
        }
    }

    /** Forgets every group (reset). */
    clear(): void {
        this.#names.clear();
    }
}
