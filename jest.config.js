/** Jest runs the TypeScript sources directly; `npm test` type-checks the whole tree with tsc first,
 * so ts-jest only transpiles each file on its own and the suite starts fast: ts-jest does that when tsconfig.json
 * sets `isolatedModules` (its own `isolatedModules` option is deprecated since ts-jest 29.4). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Tests with commands of their own: the real-CLI tests (test/e2e/*.test.ts, npm run test:e2e) and the consumer
  // test, which installs the newest SDKs from npm (npm run test:consumer).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/[^/]+\\.test\\.ts$", "<rootDir>/test/consumer/"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/test/helpers/processListenerCleanup.ts"],
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/helpers/plainSummaryReporter.js"],
  testTimeout: 60000,
};
