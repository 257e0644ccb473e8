/**
 * The resource groups the emulator knows (Microsoft.Resources `resourceGroups`, api-version 2024-03-01, what
 * azure-native 3.28 sends). ARM checks the resource group before the resource provider sees a request: a read, list,
 * tags PATCH or DELETE in a group that does not exist gets 404 `ResourceGroupNotFound` ("Resource group '{name}' could
 * not be found."), not the resource's own 404 `ResourceNotFound`. The difference matters to a client that reads "the
 * resource is missing" as "nothing to do yet": a misspelt group must not look like an empty one.
 *
 * A group is created by its own PUT (resourceGroupHandlers.ts), or implicitly at the first PUT that creates a
 * resource in it, because `@azure/arm-network` has no call to create one (kinder than Azure, which refuses that PUT
 * with the same 404; docs/emulator.md). A group stays known when its resources are deleted, as on Azure, until it is
 * deleted itself or the emulator is reset.
 */
import { resourceGroupNotFound } from "./networkErrors";

/** A resource group as the emulator keeps it. */
export interface ResourceGroupRecord {
    /** The name as first written (ARM keeps the casing of the create). */
    readonly name: string;
    /** The region; the first resource's region for an implicit group. */
    location: string;
    tags?: Record<string, string>;
    /** True while its DELETE runs (its GET then shows `Deleting`). */
    deleting: boolean;
}

/** Resource groups by name, case-insensitive as ARM compares them. */
export class ResourceGroupRegistry {
    readonly #groups = new Map<string, ResourceGroupRecord>();

    /** Records a group implicitly (the first resource created in it), in that resource's region. */
    ensure(name: string, location = "westeurope"): void {
        if (!this.#groups.has(name.toLowerCase())) {
            this.#groups.set(name.toLowerCase(), { name, location, deleting: false });
        }
    }

    /** The group with that name, if it exists. */
    get(name: string): ResourceGroupRecord | undefined {
        return this.#groups.get(name.toLowerCase());
    }

    /** Creates or replaces a group (its PUT). */
    put(record: ResourceGroupRecord): void {
        this.#groups.set(record.name.toLowerCase(), record);
    }

    /** Forgets one group (its DELETE committed). */
    remove(name: string): void {
        this.#groups.delete(name.toLowerCase());
    }

    /** Throws 404 `ResourceGroupNotFound` for a group that does not exist. */
    require(name: string): void {
        if (!this.#groups.has(name.toLowerCase())) {
            throw resourceGroupNotFound(name);
        }
    }

    /** Forgets every group (reset). */
    clear(): void {
        this.#groups.clear();
    }
}
