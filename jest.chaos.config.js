// The multi-validator fault-tolerance suite (`npm run test:chaos`): slow, so kept out of `npm test`.
const base = require("./jest.config.js");
module.exports = { ...base, testMatch: ["**/test/chaos/**/*.test.ts"], testPathIgnorePatterns: ["/node_modules/", "/.localnet/", "/.tmp/"] };
