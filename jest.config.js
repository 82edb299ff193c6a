// CosmJS 0.39 pulls ESM-only @noble/@scure packages; jest's loader on Node 20 cannot require ESM,
// so those packages are transformed along with our TypeScript.
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }] },
  // ccxt (the feeder's exchange providers) carries its own ESM-only copies under ccxt/node_modules.
  transformIgnorePatterns: ["/node_modules/(?!(@noble|@scure)/|ccxt/node_modules/(@noble|@scure)/)"],
  testPathIgnorePatterns: ["/node_modules/", "/.localnet/", "/.tmp/", "/test/chaos/"],
  testMatch: ["**/*.test.ts"],
  // fetch (undici) and CosmJS keep idle HTTP sockets to the test chains alive for a few seconds after the
  // chains are stopped; every process a test starts is stopped by the test itself.
  forceExit: true,
  // Machines here are shared and 2-core: a test that takes 1 s alone can take 10 s under load. Time is
  // measured by the benchmarks, never by a test, so the per-test limit only catches hangs.
  testTimeout: 60_000,
};
