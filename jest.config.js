/** Jest runs the TypeScript sources directly; `npm test` type-checks the whole tree with tsc first,
 * so ts-jest only transpiles (isolatedModules) and the suite starts fast. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // The consumer test installs the newest SDKs from npm: `npm run test:consumer` (jest.consumer.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/consumer/"],
  transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }] },
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/helpers/plainSummaryReporter.js"],
  testTimeout: 60000,
};
