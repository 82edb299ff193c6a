import { accAddressBytes } from "../../app/address";
import { COLLATERAL_DENOM } from "../../app/config";
import { DEC_ONE, type Dec, decFromString, decMul } from "../../lib/fixed";
import { type MarginParams, volShockFactors } from "../../lib/margin";
import type { EwmaParams, RegimeParams, VolParams } from "../../lib/volatility";
import { ErrInvalidParams } from "./errors";
import { describeValue, paramChecks } from "../../app/params";
import type { CollateralCaps, VolHaircut } from "../../lib/collateral";

export interface CollateralParam {
  denom: string;
  /** Oracle asset pricing 1 unit of the denom in uusdc; "" for uusdc itself. */
  oracle_asset: string;
  /** Decimal fraction in (0, 1] of the oracle value that counts towards margin, when its price is calm. */
  haircut: string;
  /**
   * Caps for a denom whose price is not the quote's, in its base units (integer strings): the most one account
   * may deposit and its margin counts, and the most every account together may hold (the Mango lesson: a token
   * priced by those who hold it must not margin without bound). "0" for uusdc, which is not capped.
   */
  max_per_account: string;
  max_total: string;
  /** The haircut shrinks by vol_haircut_slope × (realised vol − calm_vol) above calm_vol, down to 0; "0" for uusdc. */
  calm_vol: string;
  vol_haircut_slope: string;
  /** Realised vol of the oracle asset over this many seconds of its tallies (within the oracle's history); 0 for uusdc. */
  vol_window_s: number;
}

/** uusdc as collateral: premiums and settlements are paid in it, so it counts in full, uncapped. */
export const QUOTE_COLLATERAL: CollateralParam = { denom: COLLATERAL_DENOM, oracle_asset: "", haircut: "1", max_per_account: "0", max_total: "0", calm_vol: "0", vol_haircut_slope: "0", vol_window_s: 0 };

/** Decimal fields are strings (Dec), durations whole seconds. */
export interface OptionsParams {
  /** Address allowed to list series (MsgListSeries); "" lets nobody. Governance takes this over. */
  authority: string;
  collateral: CollateralParam[];
  im_factor: string;
  spot_shock_step: string;
  spot_shock_steps: number;
  extreme_spot_shock: string;
  max_spot_shock: string;
  vol_up_coeff: string;
  vol_down_coeff: string;
  short_expiry_power: string;
  long_expiry_power: string;
  contingency_rate: string;
  std_im_rate: string;
  std_im_min_rate: string;
  std_mm_rate: string;
  /** Deribit's extended table: spot moves beyond the grid, each at vol up, widened by the regime. */
  extended_spot_shocks: string[];
  /** MM's scenario loss is max(worst grid loss, extended_weight × worst extended loss). */
  extended_weight: string;
  calm_vol: string;
  vol_floor: string;
  max_regime: string;
  ewma_lambda: string;
  /** The return horizon of realised vol: confirmed prices are sampled at most this often (hourly by default). */
  ewma_min_interval_s: number;
  /** The most the IM regime rises at once, and how fast (per hour) that allowance refills. */
  regime_max_rise_per_hour: string;
  /** How long the IM regime must hold a level before the MM regime follows it up: the margin call's notice. */
  mm_regime_lag_seconds: number;
  max_liquidations_per_block: number;
  /**
   * Accounts valued per block, the most liquidation's scan costs a block (~0.1 ms each here): up to half from
   * the watch list, the rest round robin over every exposed account, so each is valued at least every
   * ceil(N / ceil(this / 2)) blocks.
   */
  max_accounts_scanned_per_block: number;
  /**
   * Accounts whose equity was below this × MM when last valued are also scanned from a watch list of their
   * own, up to half of max_accounts_scanned_per_block of them per block, so a price move reaches them first.
   */
  liquidation_watch_ratio: string;
  /** Fraction of the maintenance margin a liquidation releases that the account pays the insurance fund. */
  liquidation_penalty: string;
  /** Partial liquidation closes k/liquidation_steps of every position for the smallest k that restores IM. */
  liquidation_steps: number;
  settlement_window_s: number;
  max_settlements_per_block: number;
  /** Expiry order cancellations plus settlement payouts per block, over all series; the rest go on next block. */
  max_settlement_items_per_block: number;
  backstop_withdrawal_delay_s: number;
  max_open_orders_per_account: number;
  max_positions_per_account: number;
  max_order_quantity: number;
  max_fills_per_order: number;
  /** Fills trade within mark ± this fraction of spot × contract size, so no fill moves value at an absurd price. */
  max_fill_price_deviation: string;
  /** Order prices are whole multiples of this many uusdc. */
  min_price_tick: number;
  /**
   * The most maintenance margin (uusdc, an integer string) the insurance fund's own positions may need: a
   * liquidation passes positions to the fund only within it, and deleverages the rest against traders.
   */
  max_fund_margin: string;
  /**
   * A liquidation auction offers the account's positions at mark less a discount (of each leg's mark value)
   * that starts at auction_start_discount and grows each block to auction_floor_discount after
   * auction_blocks; past it the fund takes them (within max_fund_margin).
   */
  auction_start_discount: string;
  auction_floor_discount: string;
  auction_blocks: number;
}

/** Derive's PMRM grid and standard margin (DESIGN.md "Options margin"); dYdX-like liquidation bounds. */
export const DEFAULT_PARAMS: OptionsParams = {
  authority: "",
  collateral: [QUOTE_COLLATERAL],
  im_factor: "1.25",
  spot_shock_step: "0.05",
  spot_shock_steps: 3,
  extreme_spot_shock: "0.2",
  max_spot_shock: "0.95",
  vol_up_coeff: "0.6",
  vol_down_coeff: "0.3",
  short_expiry_power: "0.3",
  long_expiry_power: "0.13",
  contingency_rate: "0.02",
  std_im_rate: "0.15",
  std_im_min_rate: "0.13",
  std_mm_rate: "0.09",
  // lib/margin.ts REFERENCE_MARGIN_PARAMS says why these
  extended_spot_shocks: ["-0.66", "-0.5", "-0.33", "0.5", "1"],
  extended_weight: "0.5",
  calm_vol: "0.6",
  vol_floor: "0.3",
  max_regime: "3",
  ewma_lambda: "0.94",
  ewma_min_interval_s: 3600,
  regime_max_rise_per_hour: "1",
  mm_regime_lag_seconds: 900,
  max_liquidations_per_block: 20,
  max_accounts_scanned_per_block: 400,
  liquidation_watch_ratio: "1.5",
  liquidation_penalty: "0.1",
  liquidation_steps: 10,
  settlement_window_s: 1800,
  max_settlements_per_block: 10,
  max_settlement_items_per_block: 2000,
  backstop_withdrawal_delay_s: 86_400,
  max_open_orders_per_account: 200,
  max_positions_per_account: 50,
  max_order_quantity: 1_000_000,
  max_fills_per_order: 100,
  max_fill_price_deviation: "0.1",
  min_price_tick: 10_000,
  max_fund_margin: "1000000000000",
  auction_start_discount: "0.05",
  auction_floor_discount: "0.3",
  auction_blocks: 20,
};

const DENOM = /^[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$/;
const ASSET = /^[A-Za-z][A-Za-z0-9._-]{0,31}$/;
const ONE_YEAR_S = 365 * 86_400;

const { integerIn, decimalIn: decIn, exactShape } = paramChecks(ErrInvalidParams);

export function validateParams(params: OptionsParams): void {
  exactShape(params, DEFAULT_PARAMS);
  if (typeof params.authority !== "string") throw ErrInvalidParams.wrap("authority must be a string");
  if (params.authority !== "") {
    try {
      accAddressBytes(params.authority);
    } catch {
      throw ErrInvalidParams.wrap(`authority ${JSON.stringify(params.authority)} is not an account address`);
    }
  }
  validateCollateral(params.collateral);
  decIn(params.im_factor, "im_factor", DEC_ONE, 10n * DEC_ONE);
  decIn(params.spot_shock_step, "spot_shock_step", 1n, DEC_ONE / 4n);
  integerIn(params.spot_shock_steps, "spot_shock_steps", 1, 10);
  decIn(params.extreme_spot_shock, "extreme_spot_shock", 0n, DEC_ONE);
  decIn(params.max_spot_shock, "max_spot_shock", decFromString("0.1"), decFromString("0.99"));
  decIn(params.vol_up_coeff, "vol_up_coeff", 0n, 5n * DEC_ONE);
  decIn(params.vol_down_coeff, "vol_down_coeff", 0n, DEC_ONE);
  decIn(params.short_expiry_power, "short_expiry_power", 0n, DEC_ONE);
  decIn(params.long_expiry_power, "long_expiry_power", 0n, DEC_ONE);
  decIn(params.contingency_rate, "contingency_rate", 0n, DEC_ONE);
  decIn(params.std_im_rate, "std_im_rate", 0n, DEC_ONE);
  decIn(params.std_im_min_rate, "std_im_min_rate", 0n, DEC_ONE);
  decIn(params.std_mm_rate, "std_mm_rate", 0n, DEC_ONE);
  // each extended scenario is a Black–Scholes valuation of every series: a few, and spot must stay positive
  if (params.extended_spot_shocks.length > 10) throw ErrInvalidParams.wrap("extended_spot_shocks must list at most 10 moves");
  params.extended_spot_shocks.forEach((move, i) => decIn(move, `extended_spot_shocks[${i}]`, decFromString("-0.99"), 10n * DEC_ONE));
  decIn(params.extended_weight, "extended_weight", 0n, DEC_ONE);
  decIn(params.calm_vol, "calm_vol", decFromString("0.01"), 10n * DEC_ONE);
  decIn(params.vol_floor, "vol_floor", 0n, 10n * DEC_ONE);
  decIn(params.max_regime, "max_regime", DEC_ONE, 20n * DEC_ONE);
  decIn(params.ewma_lambda, "ewma_lambda", 0n, DEC_ONE - 1n);
  integerIn(params.ewma_min_interval_s, "ewma_min_interval_s", 0, ONE_YEAR_S);
  // a zero allowance would freeze IM's regime at its first value however the market moves
  decIn(params.regime_max_rise_per_hour, "regime_max_rise_per_hour", DEC_ONE / 100n, 20n * DEC_ONE);
  integerIn(params.mm_regime_lag_seconds, "mm_regime_lag_seconds", 0, 7 * 86_400);
  integerIn(params.max_liquidations_per_block, "max_liquidations_per_block", 1, 1000);
  integerIn(params.max_accounts_scanned_per_block, "max_accounts_scanned_per_block", 1, 100_000);
  decIn(params.liquidation_watch_ratio, "liquidation_watch_ratio", DEC_ONE, 10n * DEC_ONE);
  decIn(params.liquidation_penalty, "liquidation_penalty", 0n, decFromString("0.2"));
  integerIn(params.liquidation_steps, "liquidation_steps", 1, 100);
  integerIn(params.settlement_window_s, "settlement_window_s", 1, 7 * 86_400);
  integerIn(params.max_settlements_per_block, "max_settlements_per_block", 1, 1000);
  integerIn(params.max_settlement_items_per_block, "max_settlement_items_per_block", 1, 100_000);
  integerIn(params.backstop_withdrawal_delay_s, "backstop_withdrawal_delay_s", 0, ONE_YEAR_S);
  integerIn(params.max_open_orders_per_account, "max_open_orders_per_account", 1, 10_000);
  integerIn(params.max_positions_per_account, "max_positions_per_account", 1, 1000);
  integerIn(params.max_order_quantity, "max_order_quantity", 1, Number.MAX_SAFE_INTEGER);
  integerIn(params.max_fills_per_order, "max_fills_per_order", 1, 10_000);
  decIn(params.max_fill_price_deviation, "max_fill_price_deviation", decFromString("0.001"), DEC_ONE);
  integerIn(params.min_price_tick, "min_price_tick", 1, 1_000_000_000);
  amountIn(params.max_fund_margin, "max_fund_margin", 0n);
  decIn(params.auction_start_discount, "auction_start_discount", 0n, DEC_ONE / 2n);
  decIn(params.auction_floor_discount, "auction_floor_discount", decFromString(params.auction_start_discount), DEC_ONE);
  integerIn(params.auction_blocks, "auction_blocks", 1, 10_000);
  // The largest vol-down shock is at expiries of a day or less; the shocked vol must stay positive there.
  if (volShockFactors(parseParams(params).margin, 0n).down <= 0) {
    throw ErrInvalidParams.wrap(`vol_down_coeff ${params.vol_down_coeff} × 30^short_expiry_power must stay below 1`);
  }
}

const MAX_AMOUNT = 10n ** 30n;

/** An integer amount of base units as a decimal string, in [min, 10^30]. */
function amountIn(value: unknown, field: string, min: bigint): bigint {
  if (typeof value !== "string" || !/^(0|[1-9][0-9]{0,30})$/.test(value) || BigInt(value) < min || BigInt(value) > MAX_AMOUNT) {
    throw ErrInvalidParams.wrap(`${field} must be an integer string in [${min}, ${MAX_AMOUNT}], got ${describeValue(value)}`);
  }
  return BigInt(value);
}

function validateCollateral(collateral: CollateralParam[]): void {
  if (!Array.isArray(collateral) || collateral.length < 1 || collateral.length > 20) throw ErrInvalidParams.wrap("collateral must list 1 to 20 denoms");
  const denoms = new Set<string>();
  for (const entry of collateral) {
    if (typeof entry?.denom !== "string" || !DENOM.test(entry.denom)) throw ErrInvalidParams.wrap(`collateral denom ${JSON.stringify(entry?.denom)} is not a denom`);
    if (denoms.has(entry.denom)) throw ErrInvalidParams.wrap(`collateral ${entry.denom} listed twice`);
    denoms.add(entry.denom);
    decIn(entry.haircut, `haircut of ${entry.denom}`, 1n, DEC_ONE);
    if (entry.denom === COLLATERAL_DENOM) {
      if (entry.oracle_asset !== "") throw ErrInvalidParams.wrap(`${COLLATERAL_DENOM} is the quote denom and needs no oracle asset`);
      const { max_per_account, max_total, calm_vol, vol_haircut_slope, vol_window_s } = entry;
      if (max_per_account !== "0" || max_total !== "0" || calm_vol !== "0" || vol_haircut_slope !== "0" || vol_window_s !== 0) {
        throw ErrInvalidParams.wrap(`${COLLATERAL_DENOM} is the quote denom: its caps, calm_vol, vol_haircut_slope and vol_window_s must be 0`);
      }
      continue;
    }
    if (typeof entry.oracle_asset !== "string" || !ASSET.test(entry.oracle_asset)) {
      throw ErrInvalidParams.wrap(`collateral ${entry.denom} needs an oracle asset, got ${JSON.stringify(entry.oracle_asset)}`);
    }
    const perAccount = amountIn(entry.max_per_account, `max_per_account of ${entry.denom}`, 1n);
    amountIn(entry.max_total, `max_total of ${entry.denom}`, perAccount);
    decIn(entry.calm_vol, `calm_vol of ${entry.denom}`, 0n, 10n * DEC_ONE);
    decIn(entry.vol_haircut_slope, `vol_haircut_slope of ${entry.denom}`, 0n, 100n * DEC_ONE);
    // at least a minute of tallies to measure; no more than the oracle could keep
    integerIn(entry.vol_window_s, `vol_window_s of ${entry.denom}`, 60, 30 * 86_400);
  }
  if (!denoms.has(COLLATERAL_DENOM)) throw ErrInvalidParams.wrap(`collateral must include ${COLLATERAL_DENOM}, the denom premiums and settlements are paid in`);
}

/** A collateral denom as margin counts it; caps and volatility only for denoms other than uusdc. */
export interface CollateralRule {
  oracleAsset: string;
  haircut: Dec;
  caps?: CollateralCaps;
  vol?: VolHaircut & { windowNs: bigint };
}

export interface ParsedParams {
  margin: MarginParams;
  vol: VolParams;
  ewma: EwmaParams;
  regime: RegimeParams;
  liquidationPenalty: Dec;
  haircuts: Map<string, CollateralRule>;
}

function collateralRule(c: CollateralParam): CollateralRule {
  const rule: CollateralRule = { oracleAsset: c.oracle_asset, haircut: decFromString(c.haircut) };
  if (c.denom === COLLATERAL_DENOM) return rule;
  return {
    ...rule,
    caps: { perAccount: BigInt(c.max_per_account), total: BigInt(c.max_total) },
    vol: { calmVol: decFromString(c.calm_vol), slope: decFromString(c.vol_haircut_slope), windowNs: BigInt(c.vol_window_s) * 1_000_000_000n },
  };
}

const parsedCache = new WeakMap<OptionsParams, ParsedParams>();

/** The Dec form the risk engine takes; params read from state are frozen, so their parse is cached per object. */
export function parseParams(params: OptionsParams): ParsedParams {
  const cached = parsedCache.get(params);
  if (cached) return cached;
  const d = decFromString;
  const calmVol = d(params.calm_vol);
  const parsed: ParsedParams = {
    margin: {
      imFactor: d(params.im_factor),
      spotShockStep: d(params.spot_shock_step),
      spotShockSteps: params.spot_shock_steps,
      extremeSpotShock: d(params.extreme_spot_shock),
      maxSpotShock: d(params.max_spot_shock),
      volUpCoeff: d(params.vol_up_coeff),
      volDownCoeff: d(params.vol_down_coeff),
      shortExpiryPower: d(params.short_expiry_power),
      longExpiryPower: d(params.long_expiry_power),
      contingencyRate: d(params.contingency_rate),
      stdImRate: d(params.std_im_rate),
      stdImMinRate: d(params.std_im_min_rate),
      stdMmRate: d(params.std_mm_rate),
      extendedSpotShocks: params.extended_spot_shocks.map(d),
      extendedWeight: d(params.extended_weight),
    },
    vol: { calmVol, volFloor: d(params.vol_floor), maxRegime: d(params.max_regime) },
    ewma: { lambda: d(params.ewma_lambda), minIntervalNs: BigInt(params.ewma_min_interval_s) * 1_000_000_000n, initialVariance: decMul(calmVol, calmVol, "up") },
    regime: { maxRisePerHour: d(params.regime_max_rise_per_hour), mmLagNs: BigInt(params.mm_regime_lag_seconds) * 1_000_000_000n },
    liquidationPenalty: d(params.liquidation_penalty),
    haircuts: new Map(params.collateral.map((c) => [c.denom, collateralRule(c)])),
  };
  if (Object.isFrozen(params)) parsedCache.set(params, parsed);
  return parsed;
}
