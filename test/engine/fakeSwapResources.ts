import type { LoadBalancer, PublicIPAddress } from "@azure/arm-network";
import type { RequestContext } from "../../components/azure/azureRetry";
import type { OperationOutcome, SwapResources, SwapSnapshot, WriteReceipt } from "../../components/azure/swapResources";
import type { Colour } from "../../components/colour";
import type { PairedSwapTarget } from "../../components/swap/swapTarget";

/**
 * An in-memory stand-in for the engine's own `SwapResources` interface, for testing the loop's logic where the
 * exact order of reads and writes matters. Each write stays `Updating` for `readsPerOperation` reads, then commits.
 * (The adapter itself, and the swap's behaviour against Azure's rules, are tested against the emulator.)
 */
export class FakeSwapResources implements SwapResources {
    /** Every call, in order: "read" (all five), "read blue" (one load balancer's state), or the write ("PUT app-blue-lb -> floating", "PUT floating", "DELETE floating"). */
    readonly calls: string[] = [];
    readonly #lbs: Record<Colour, LoadBalancer>;
    readonly #pips = new Map<string, PublicIPAddress>();
    #pending: { readsLeft: number; commit: () => void; resource: { provisioningState?: string } }[] = [];

    constructor(
        private readonly target: PairedSwapTarget,
        private readonly readsPerOperation = 2,
    ) {
        const pip = (name: string): PublicIPAddress => ({
            id: `/rg/providers/Microsoft.Network/publicIPAddresses/${name}`,
            name,
            location: "westeurope",
            sku: { name: "Standard" },
            publicIPAllocationMethod: "Static",
            ipAddress: `203.0.113.${this.#pips.size + 1}`,
            provisioningState: "Succeeded",
        });
        for (const name of [target.productionIpName, target.stagingIpName]) this.#pips.set(name, pip(name));
        const lb = (name: string, address: string): LoadBalancer => ({
            id: `/rg/providers/Microsoft.Network/loadBalancers/${name}`,
            name,
            location: "westeurope",
            sku: { name: "Standard" },
            etag: "1",
            provisioningState: "Succeeded",
            frontendIPConfigurations: [{ id: `/rg/providers/Microsoft.Network/loadBalancers/${name}/frontendIPConfigurations/${target.frontendName}`, name: target.frontendName, publicIPAddress: { id: this.#pips.get(address)!.id } }],
        });
        this.#lbs = { blue: lb(target.blueLoadBalancerName, target.productionIpName), green: lb(target.greenLoadBalancerName, target.stagingIpName) };
        this.#syncAttachments();
        this.floatingName = `${target.productionIpName}-vipswap-floating`;
    }

    readonly floatingName: string;

    /** Makes an operation never commit (the resource stays `Updating`). */
    stuck = false;
    /** Runs before the given read (1-based), e.g. to simulate another writer. */
    beforeRead = new Map<number, (fake: FakeSwapResources) => void>();
    #reads = 0;

    /** Attaches production to a resource outside the pair (someone else's load balancer). */
    attachElsewhere(name: string): void {
        writable(this.#pips.get(name)!).ipConfiguration = { id: "/rg/providers/Microsoft.Network/loadBalancers/intruder/frontendIPConfigurations/x" };
    }

    async read(): Promise<SwapSnapshot> {
        this.calls.push("read");
        this.#advance();
        const copy = <T>(v: T | undefined) => (v ? structuredClone(v) : undefined);
        return {
            loadBalancers: { blue: copy(this.#lbs.blue), green: copy(this.#lbs.green) },
            production: copy(this.#pips.get(this.target.productionIpName)),
            staging: copy(this.#pips.get(this.target.stagingIpName)),
            floating: copy(this.#pips.get(this.floatingName)),
            readAt: Date.now(),
        };
    }

    async readProvisioningState(colour: Colour): Promise<string | undefined> {
        this.calls.push(`read ${colour}`);
        this.#advance();
        return this.#lbs[colour].provisioningState;
    }

    async setFrontendAddress(loadBalancer: LoadBalancer, publicIpAddressId: string): Promise<WriteReceipt> {
        const colour: Colour = loadBalancer.name === this.target.blueLoadBalancerName ? "blue" : "green";
        const role = [...this.#pips.values()].find((p) => p.id === publicIpAddressId)!.name;
        this.calls.push(`PUT ${loadBalancer.name} -> ${role}`);
        const lb = this.#lbs[colour];
        this.#start(lb, () => {
            lb.frontendIPConfigurations![0].publicIPAddress = { id: publicIpAddressId };
            writable(lb).etag = String(Number(lb.etag) + 1);
        });
        return { status: 200 };
    }

    async createFloatingIp(): Promise<WriteReceipt> {
        this.calls.push("PUT floating");
        const floating: PublicIPAddress = {
            id: `/rg/providers/Microsoft.Network/publicIPAddresses/${this.floatingName}`,
            name: this.floatingName,
            location: "westeurope",
            sku: { name: "Standard" },
            tags: { "vipswap:role": "floating" },
            provisioningState: "Succeeded",
        };
        this.#pips.set(this.floatingName, floating);
        this.#start(floating, () => undefined);
        return { status: 201 };
    }

    async deleteFloatingIp(floating: PublicIPAddress): Promise<WriteReceipt> {
        this.calls.push("DELETE floating");
        const stored = this.#pips.get(floating.name!)!;
        this.#start(stored, () => this.#pips.delete(floating.name!), "Deleting");
        return { status: 202 };
    }

    async operationOutcome(_receipt: WriteReceipt, _context: RequestContext): Promise<OperationOutcome | undefined> {
        return undefined;
    }

    /** One more read: runs the hook for it, and commits the operations whose time has come. */
    #advance(): void {
        this.#reads++;
        this.beforeRead.get(this.#reads)?.(this);
        for (const op of this.#pending) if (!this.stuck && --op.readsLeft < 0) op.commit();
        this.#pending = this.#pending.filter((op) => op.readsLeft >= 0 || this.stuck);
        this.#syncAttachments();
    }

    #start(resource: { provisioningState?: string }, commit: () => void, state = "Updating"): void {
        resource.provisioningState = state;
        this.#pending.push({
            readsLeft: this.readsPerOperation,
            resource,
            commit: () => {
                resource.provisioningState = "Succeeded";
                commit();
            },
        });
    }

    /** Each address's `ipConfiguration` follows the load balancers' references (as Azure shows it after a commit). */
    #syncAttachments(): void {
        for (const pip of this.#pips.values()) {
            if (pip.ipConfiguration?.id?.includes("intruder")) continue;
            const holder = (Object.values(this.#lbs) as LoadBalancer[]).find((lb) => lb.frontendIPConfigurations![0].publicIPAddress?.id === pip.id);
            writable(pip).ipConfiguration = holder ? { id: holder.frontendIPConfigurations![0].id } : undefined;
        }
    }
}

/** The SDK models mark what Azure sets as read-only; the fake is Azure here. */
const writable = <T>(model: T) => model as { -readonly [K in keyof T]: T[K] };
