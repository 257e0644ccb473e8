/** The end-to-end tests (`npm run test:e2e`): the real Pulumi CLI on the emulator (test/e2e/README.md).
 * Each file drives CLI processes that compile and run the program, so files run one at a time: on 2 cores a second
 * file in parallel only makes both slower and the timings of what they hold less predictable. */
const base = require("./jest.config.js");
module.exports = {
    ...base,
    roots: ["<rootDir>/test/e2e"],
    testMatch: ["<rootDir>/test/e2e/*.test.ts"],
    testPathIgnorePatterns: ["/node_modules/"],
    maxWorkers: 1,
    testTimeout: 600000,
};
