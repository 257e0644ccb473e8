/** The end-to-end tests (`npm run test:e2e`): the real Pulumi CLI on the emulator (test/e2e/README.md).
 * Each file has its own emulator, backend and stack, so two files run side by side (much of a CLI run is waiting on
 * the emulator's latencies); nothing in them depends on timing: what must be caught mid-flight is held by the emulator. */
const base = require("./jest.config.js");
module.exports = {
    ...base,
    roots: ["<rootDir>/test/e2e"],
    testMatch: ["<rootDir>/test/e2e/*.test.ts"],
    testPathIgnorePatterns: ["/node_modules/"],
    // A test file may not leave a process running (a killed run's plugins, a CLI a failed test never awaited).
    setupFilesAfterEnv: [...base.setupFilesAfterEnv, "<rootDir>/test/e2e/harness/leftoverProcessCheck.ts"],
    maxWorkers: 2,
    testTimeout: 600000,
};
