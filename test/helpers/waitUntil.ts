/**
 * Waiting for something another process or the emulator will do, without guessing how long it takes: poll the
 * condition every few milliseconds and go on the moment it holds. The bound is only there so that a broken product
 * fails with `what` instead of hanging; it sits far above any load (a child process that starts Node and loads the
 * Azure SDK on two busy cores takes seconds) and below jest's 60 s test timeout (jest.config.js).
 */
export async function waitUntil(what: string, condition: () => boolean, giveUpMs = 45_000): Promise<void> {
    const giveUp = Date.now() + giveUpMs;
    while (!condition()) {
        if (Date.now() > giveUp) throw new Error(`Gave up waiting until ${what} (${giveUpMs / 1000} s).`);
        await new Promise((resolve) => setTimeout(resolve, 2));
    }
}
