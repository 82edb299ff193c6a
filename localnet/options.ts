// The localnet's options market: a BTC and an ETH strike grid at three expiries, uusdc and uopt as
// collateral, and an insurance fund seeded from genesis (its shares owned by dev account 0, the authority).
import { toAccAddress } from "../app/address";
import { COLLATERAL_DENOM } from "../app/config";
import { fundAddress, OPTIONS_MODULE_ADDRESS } from "../modules/options/keeper";
import type { OptionsGenesis } from "../modules/options/module";
import { type OptionsParams, QUOTE_COLLATERAL } from "../modules/options/params";

export const LOCALNET_FUND = 1_000_000_000_000n; // 1,000,000 USDC

/** Short windows to watch on a localnet; margin figures are the module's defaults (Derive's). */
export const localnetOptionsParams = (authority: string): Partial<OptionsParams> => ({
  authority,
  collateral: [
    // 100,000 OPT an account, 10 million in all; worth nothing in margin once it swings at 200 % a year
    { denom: "uopt", oracle_asset: "uopt", haircut: "0.5", max_per_account: "100000000000", max_total: "10000000000000", calm_vol: "1", vol_haircut_slope: "0.5", vol_window_s: 86_400 },
    QUOTE_COLLATERAL,
  ],
  ewma_min_interval_s: 10,
  settlement_window_s: 60,
  backstop_withdrawal_delay_s: 60,
});

const HOUR = 3600;
const DAY = 24 * HOUR;
/** uusdc per 1 unit of the underlying, as the oracle prices it */
const usd = (whole: number) => `${whole}000000`;

/** Expiries after genesis: the next full hour but one, and 08:00 UTC (Deribit's time) one and seven days on. */
export function localnetExpiries(genesisUnix: number): number[] {
  const hour = Math.ceil(genesisUnix / HOUR) * HOUR + HOUR;
  const eight = Math.floor(genesisUnix / DAY) * DAY + 8 * HOUR;
  return [hour, eight + DAY, eight + 7 * DAY];
}

export function localnetOptionsGenesis(authority: string, genesisUnix: number): Partial<OptionsGenesis> {
  const expiries_unix = localnetExpiries(genesisUnix);
  return {
    params: localnetOptionsParams(authority) as OptionsParams,
    listings: [
      { underlying: "BTC", strikes: [55_000, 60_000, 65_000, 70_000].map(usd), expiries_unix, kinds: ["call", "put"], contract_size: "1" },
      { underlying: "ETH", strikes: [2_800, 3_000, 3_200, 3_500].map(usd), expiries_unix, kinds: ["call", "put"], contract_size: "1" },
    ],
    accounts: [{ owner: fundAddress(), collateral: [{ denom: COLLATERAL_DENOM, amount: LOCALNET_FUND.toString() }], positions: [] }],
    backstop: { total_shares: LOCALNET_FUND.toString(), shares: [{ owner: authority, shares: LOCALNET_FUND.toString() }], withdrawals: [] },
  };
}

/** The options module account holds the fund's seed, as every deposit it owes. */
export const optionsModuleBalance = () => ({ address: toAccAddress(OPTIONS_MODULE_ADDRESS), coins: [{ denom: COLLATERAL_DENOM, amount: LOCALNET_FUND.toString() }] });
