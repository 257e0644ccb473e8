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
  // The "worker process has failed to exit gracefully" warning had no leaked handle behind it: measured, each worker
  // emptied its event loop within 5 ms of jest's END, but had grown to 2.3-3.4 GB resident over ~55 files, and the
  // kernel took 420-560 ms to reap it, past jest's 500 ms grace. A worker whose heap passes 800 MB after a file is
  // replaced (4 replacements in a full run), so the last ones exit in under 100 ms.
  workerIdleMemoryLimit: "800MB",
  // With every core busy (npm run test:under-load), reaping even a replaced worker once took longer than jest's
  // 500 ms default; a worker that truly holds a handle open still hangs past 5 s and is reported.
  workerGracefulExitTimeout: 5000,
  reporters: ["default", "<rootDir>/test/helpers/plainSummaryReporter.js"],
  // A hang detector, not a timing assertion: a test that starts the compiled CLI five times took over 60 s with the
  // load average at 12 (test:under-load with e2e beside it), so the budget is three minutes.
  testTimeout: 180000,
};
