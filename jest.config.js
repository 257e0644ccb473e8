/** Jest runs the TypeScript sources directly; `npm test` type-checks the whole tree with tsc first,
 * so ts-jest only transpiles (isolatedModules) and the suite starts fast. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }] },
  maxWorkers: 2,
  reporters: ["default", "<rootDir>/test/helpers/plainSummaryReporter.js"],
  testTimeout: 60000,
};
