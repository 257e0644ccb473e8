/**
 * Hands out public addresses from the documentation ranges of RFC 5737 (203.0.113.0/24, 198.51.100.0/24,
 * 192.0.2.0/24): they look like public IPv4 addresses and can never collide with a real one. An address is never
 * handed out twice until `reset()`, so a test that sees the same address twice has proved the address was kept.
 */
export class AddressPool {
    static readonly #ranges = ["203.0.113", "198.51.100", "192.0.2"];
    #next = 0;

    /** The next unused address; throws when all 762 are used. */
    allocate(): string {
        const range = Math.floor(this.#next / 254);
        if (range >= AddressPool.#ranges.length) {
            throw new Error("The emulator has handed out all of its 762 test addresses; reset it.");
        }
        const host = (this.#next % 254) + 1;
        this.#next += 1;
        return `${AddressPool.#ranges[range]}.${host}`;
    }

    /** Starts again from the first address. */
    reset(): void {
        this.#next = 0;
    }
}
