/** Jest runs the TypeScript sources directly; `npm test` type-checks the whole tree with tsc first,
 * so ts-jest only transpiles each file on its own and the suite starts fast: ts-jest does that when tsconfig.json
 * sets `isolatedModules` (its own `isolatedModules` option is deprecated since ts-jest 29.4). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // The real-CLI tests (test/e2e/*.test.ts) have their own command: npm run test:e2e (jest.e2e.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/[^/]+\\.test\\.ts$"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  setupFilesAfterEnv: ["<rootDir>/test/helpers/processListenerCleanup.ts"],
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/helpers/plainSummaryReporter.js"],
  testTimeout: 60000,
};
