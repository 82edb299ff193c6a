// How far back the oracle's kept history reaches once a tally comes every block (vote extensions), against what
// settlement needs: the confirmed prices over settlement_window_s before expiry, still kept when it runs.
import { Branch } from "../../app/store/branch";
import * as auth from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { DEFAULT_PARAMS as OPTIONS_DEFAULTS } from "../options/params";
import { SlashingKeeper } from "../slashing/keeper";
import { StakingKeeper } from "../staking/keeper";
import { localnetOptionsParams } from "../../localnet/options";
import { OracleKeeper } from "./keeper";
import { DEFAULT_PARAMS } from "./params";

test.each([
  // the chain's reference block time; settlement may be held back by a stale feed or paging for minutes
  ["defaults at 6-s blocks", 6_000n, BigInt(OPTIONS_DEFAULTS.settlement_window_s), 600n],
  // the localnet's blocks (timeout_commit 300 ms) and its one-minute settlement window
  ["the localnet at 0.5-s blocks", 500n, BigInt(localnetOptionsParams("").settlement_window_s ?? 0), 60n],
])("%s: the default history covers the settlement window when settlement runs late", (_name, blockMs, windowSeconds, slackSeconds) => {
  const store = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const staking = new StakingKeeper();
  const oracle = new OracleKeeper(staking, new SlashingKeeper(staking, new BankKeeper({ ensureAccount: auth.ensureAccount })));
  oracle.setParams(store, { ...DEFAULT_PARAMS, assets: [{ name: "BTC", vote_threshold: "0.5" }] });
  const expiryMs = 10_000_000n;
  const windowMs = windowSeconds * 1000n;
  let height = 0;
  for (let t = expiryMs - windowMs - 10n * blockMs; t <= expiryMs + slackSeconds * 1000n; t += blockMs) {
    oracle.pushHistory(store, "BTC", { price: "65000", height: ++height, time_ns: (t * 1_000_000n).toString() });
  }
  const twap = oracle.twapOf(store, "BTC", oracle.history(store, "BTC"), (expiryMs - windowMs) * 1_000_000n, expiryMs * 1_000_000n);
  expect(twap).toBe(65_000n * 10n ** 18n);
});
