import { REFERENCE_MARGIN_PARAMS } from "../../lib/margin";
import { type CollateralParam, DEFAULT_PARAMS, type OptionsParams, parseParams, QUOTE_COLLATERAL, validateParams } from "./params";

const valid = (changes: Partial<OptionsParams>) => ({ ...DEFAULT_PARAMS, ...changes });
const UOPT: CollateralParam = { denom: "uopt", oracle_asset: "uopt", haircut: "0.5", max_per_account: "1000", max_total: "10000", calm_vol: "1", vol_haircut_slope: "0.5", vol_window_s: 3600 };
const usdc = (changes: Partial<CollateralParam>) => ({ ...QUOTE_COLLATERAL, ...changes });
const uopt = (changes: Partial<CollateralParam>) => ({ collateral: [QUOTE_COLLATERAL, { ...UOPT, ...changes }] });

describe("options params", () => {
  test("the defaults are valid and parse to Derive's grid", () => {
    expect(() => validateParams(DEFAULT_PARAMS)).not.toThrow();
    const parsed = parseParams(DEFAULT_PARAMS);
    expect(parsed.margin.spotShockSteps).toBe(3);
    expect(parsed.haircuts.get("uusdc")?.haircut).toBe(10n ** 18n);
  });

  test("a capped, volatility-haircut uopt is valid and parses to its rule; uusdc has neither", () => {
    const params = valid(uopt({}));
    expect(() => validateParams(params)).not.toThrow();
    const rules = parseParams(params).haircuts;
    expect(rules.get("uopt")).toEqual({ oracleAsset: "uopt", haircut: 5n * 10n ** 17n, caps: { perAccount: 1000n, total: 10_000n }, vol: { calmVol: 10n ** 18n, slope: 5n * 10n ** 17n, windowNs: 3600n * 10n ** 9n } });
    expect(rules.get("uusdc")).toEqual({ oracleAsset: "", haircut: 10n ** 18n });
    expect(() => validateParams(valid(uopt({ max_total: "1000", vol_haircut_slope: "0", calm_vol: "0" })))).not.toThrow();
  });

  test("the defaults parse to the risk engine's reference params, extended table included", () => {
    expect(parseParams(DEFAULT_PARAMS).margin).toEqual(REFERENCE_MARGIN_PARAMS);
    expect(() => validateParams(valid({ extended_spot_shocks: [], extended_weight: "0" }))).not.toThrow();
  });

  test.each<[string, Partial<OptionsParams>, RegExp]>([
    ["authority not an address", { authority: "cosmos1xyz" }, /authority/],
    ["no collateral", { collateral: [] }, /collateral must list/],
    ["collateral without uusdc", { collateral: [UOPT] }, /must include uusdc/],
    ["uusdc with an oracle asset", { collateral: [usdc({ oracle_asset: "USDC" })] }, /needs no oracle asset/],
    ["collateral without an oracle asset", uopt({ oracle_asset: "" }), /needs an oracle asset/],
    ["zero haircut", { collateral: [usdc({ haircut: "0" })] }, /haircut of uusdc/],
    ["haircut above 1", { collateral: [usdc({ haircut: "1.1" })] }, /haircut of uusdc/],
    ["duplicate collateral", { collateral: [QUOTE_COLLATERAL, QUOTE_COLLATERAL] }, /listed twice/],
    ["a collateral entry without its caps", { collateral: [QUOTE_COLLATERAL, { denom: "uopt", oracle_asset: "uopt", haircut: "0.5" } as CollateralParam] }, /collateral\[1\]\.max_per_account is missing/],
    ["a capped uusdc", { collateral: [usdc({ max_per_account: "1000" })] }, /uusdc is the quote denom: its caps/],
    ["uusdc haircut by volatility", { collateral: [usdc({ vol_haircut_slope: "1" })] }, /uusdc is the quote denom/],
    ["an uncapped uopt", uopt({ max_per_account: "0" }), /max_per_account of uopt/],
    ["a per-account cap that is not an integer", uopt({ max_per_account: "1.5" }), /max_per_account of uopt/],
    ["a per-account cap with a leading zero", uopt({ max_per_account: "01000" }), /max_per_account of uopt/],
    ["a per-account cap that is a number", uopt({ max_per_account: 1000 as unknown as string }), /collateral\[1\]\.max_per_account must be a string/],
    ["a global cap below the per-account cap", uopt({ max_total: "999" }), /max_total of uopt/],
    ["a global cap above 10^30", uopt({ max_total: "1" + "0".repeat(31) }), /max_total of uopt/],
    ["a negative calm vol", uopt({ calm_vol: "-0.1" }), /calm_vol of uopt/],
    ["a vol haircut slope above 100", uopt({ vol_haircut_slope: "101" }), /vol_haircut_slope of uopt/],
    ["a vol window under a minute", uopt({ vol_window_s: 59 }), /vol_window_s of uopt/],
    ["a vol window over 30 days", uopt({ vol_window_s: 30 * 86_400 + 1 }), /vol_window_s of uopt/],
    ["im_factor below 1", { im_factor: "0.9" }, /im_factor/],
    ["no regime rise allowance", { regime_max_rise_per_hour: "0" }, /regime_max_rise_per_hour/],
    ["a regime rise allowance above 20", { regime_max_rise_per_hour: "20.1" }, /regime_max_rise_per_hour/],
    ["a negative MM regime lag", { mm_regime_lag_seconds: -1 }, /mm_regime_lag_seconds/],
    ["an MM regime lag over a week", { mm_regime_lag_seconds: 7 * 86_400 + 1 }, /mm_regime_lag_seconds/],
    ["im_factor not a decimal", { im_factor: "1.2.5" }, /im_factor/],
    ["spot_shock_step zero", { spot_shock_step: "0" }, /spot_shock_step/],
    ["spot_shock_steps zero", { spot_shock_steps: 0 }, /spot_shock_steps/],
    ["spot_shock_steps fractional", { spot_shock_steps: 2.5 }, /spot_shock_steps/],
    ["extreme shock above 100 %", { extreme_spot_shock: "1.5" }, /extreme_spot_shock/],
    ["max_spot_shock of 100 %", { max_spot_shock: "1" }, /max_spot_shock/],
    ["vol_up_coeff negative", { vol_up_coeff: "-0.1" }, /vol_up_coeff/],
    ["vol down shock that turns vol negative", { vol_down_coeff: "0.5" }, /vol_down_coeff 0.5 × 30\^short_expiry_power/],
    ["short_expiry_power above 1", { short_expiry_power: "1.5" }, /short_expiry_power/],
    ["long_expiry_power above 1", { long_expiry_power: "2" }, /long_expiry_power/],
    ["contingency above 100 %", { contingency_rate: "1.01" }, /contingency_rate/],
    ["std_im_rate above 1", { std_im_rate: "2" }, /std_im_rate/],
    ["std_im_min_rate above 1", { std_im_min_rate: "2" }, /std_im_min_rate/],
    ["std_mm_rate above 1", { std_mm_rate: "2" }, /std_mm_rate/],
    ["an extended move of −100 % (spot 0 prices nothing)", { extended_spot_shocks: ["-0.5", "-1"] }, /extended_spot_shocks\[1\]/],
    ["an extended move above +1000 %", { extended_spot_shocks: ["11"] }, /extended_spot_shocks\[0\]/],
    ["an extended move that is not a decimal", { extended_spot_shocks: ["crash"] }, /extended_spot_shocks\[0\]/],
    ["an extended move that is a number", { extended_spot_shocks: [0.5 as unknown as string] }, /extended_spot_shocks\[0\]/],
    ["more than 10 extended moves", { extended_spot_shocks: Array.from({ length: 11 }, (_, i) => String(i)) }, /at most 10/],
    ["extended weight above 1", { extended_weight: "1.5" }, /extended_weight/],
    ["extended weight negative", { extended_weight: "-0.1" }, /extended_weight/],
    ["calm vol zero", { calm_vol: "0" }, /calm_vol/],
    ["vol floor above 10", { vol_floor: "11" }, /vol_floor/],
    ["max regime below 1", { max_regime: "0.5" }, /max_regime/],
    ["ewma lambda of 1", { ewma_lambda: "1" }, /ewma_lambda/],
    ["ewma interval negative", { ewma_min_interval_s: -1 }, /ewma_min_interval_s/],
    ["no liquidations per block", { max_liquidations_per_block: 0 }, /max_liquidations_per_block/],
    ["penalty of 50 %", { liquidation_penalty: "0.5" }, /liquidation_penalty/],
    ["zero liquidation steps", { liquidation_steps: 0 }, /liquidation_steps/],
    ["zero settlement window", { settlement_window_s: 0 }, /settlement_window_s/],
    ["no settlements per block", { max_settlements_per_block: 0 }, /max_settlements_per_block/],
    ["negative backstop delay", { backstop_withdrawal_delay_s: -5 }, /backstop_withdrawal_delay_s/],
    ["no open orders allowed", { max_open_orders_per_account: 0 }, /max_open_orders_per_account/],
    ["no positions allowed", { max_positions_per_account: 0 }, /max_positions_per_account/],
    ["order quantity beyond safe integers", { max_order_quantity: 2 ** 60 }, /max_order_quantity/],
    ["no fills per order", { max_fills_per_order: 0 }, /max_fills_per_order/],
    ["a price band of zero width", { max_fill_price_deviation: "0" }, /max_fill_price_deviation/],
    ["a price band wider than spot", { max_fill_price_deviation: "1.5" }, /max_fill_price_deviation/],
    ["a price band that is not a decimal", { max_fill_price_deviation: "ten" }, /max_fill_price_deviation/],
    ["a zero price tick", { min_price_tick: 0 }, /min_price_tick/],
    ["a fractional price tick", { min_price_tick: 2.5 }, /min_price_tick/],
    ["a price tick above 1,000 USDC", { min_price_tick: 1_000_000_001 }, /min_price_tick/],
    ["a fund margin cap that is a number", { max_fund_margin: 5 as unknown as string }, /max_fund_margin/],
    ["a negative fund margin cap", { max_fund_margin: "-1" }, /max_fund_margin/],
    ["an auction starting at a 60 % discount", { auction_start_discount: "0.6" }, /auction_start_discount/],
    ["an auction floor above its start", { auction_start_discount: "0.2", auction_floor_discount: "0.1" }, /auction_floor_discount/],
    ["an auction of no blocks", { auction_blocks: 0 }, /auction_blocks/],
  ])("%s is refused", (_name, changes, message) => {
    expect(() => validateParams(valid(changes))).toThrow(message);
  });
});
