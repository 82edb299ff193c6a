import { REFERENCE_MARGIN_PARAMS } from "../../lib/margin";
import { DEFAULT_PARAMS, type OptionsParams, parseParams, validateParams } from "./params";

const valid = (changes: Partial<OptionsParams>) => ({ ...DEFAULT_PARAMS, ...changes });

describe("options params", () => {
  test("the defaults are valid and parse to Derive's grid", () => {
    expect(() => validateParams(DEFAULT_PARAMS)).not.toThrow();
    const parsed = parseParams(DEFAULT_PARAMS);
    expect(parsed.margin.spotShockSteps).toBe(3);
    expect(parsed.haircuts.get("uusdc")?.haircut).toBe(10n ** 18n);
  });

  test("the defaults parse to the risk engine's reference params, extended table included", () => {
    expect(parseParams(DEFAULT_PARAMS).margin).toEqual(REFERENCE_MARGIN_PARAMS);
    expect(() => validateParams(valid({ extended_spot_shocks: [], extended_weight: "0" }))).not.toThrow();
  });

  test.each<[string, Partial<OptionsParams>, RegExp]>([
    ["authority not an address", { authority: "cosmos1xyz" }, /authority/],
    ["no collateral", { collateral: [] }, /collateral must list/],
    ["collateral without uusdc", { collateral: [{ denom: "uopt", oracle_asset: "uopt", haircut: "0.5" }] }, /must include uusdc/],
    ["uusdc with an oracle asset", { collateral: [{ denom: "uusdc", oracle_asset: "USDC", haircut: "1" }] }, /needs no oracle asset/],
    ["collateral without an oracle asset", { collateral: [{ denom: "uusdc", oracle_asset: "", haircut: "1" }, { denom: "uatom", oracle_asset: "", haircut: "0.5" }] }, /needs an oracle asset/],
    ["zero haircut", { collateral: [{ denom: "uusdc", oracle_asset: "", haircut: "0" }] }, /haircut of uusdc/],
    ["haircut above 1", { collateral: [{ denom: "uusdc", oracle_asset: "", haircut: "1.1" }] }, /haircut of uusdc/],
    ["duplicate collateral", { collateral: [{ denom: "uusdc", oracle_asset: "", haircut: "1" }, { denom: "uusdc", oracle_asset: "", haircut: "1" }] }, /listed twice/],
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
  ])("%s is refused", (_name, changes, message) => {
    expect(() => validateParams(valid(changes))).toThrow(message);
  });
});
