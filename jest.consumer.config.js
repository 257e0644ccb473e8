/** `npm run test:consumer`: the consumer test alone (test/consumer/), which `npm test` leaves out because it
 * installs the newest SDKs from npm into a new project. */
const base = require("./jest.config");

module.exports = { ...base, testPathIgnorePatterns: ["/node_modules/"], roots: ["<rootDir>/test/consumer"] };
