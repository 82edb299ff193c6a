import { DEFAULT_PARAMS, type SlashingParams, validateParams } from "./params";

const with_ = (change: Partial<SlashingParams>): SlashingParams => ({ ...DEFAULT_PARAMS, ...change });

describe("slashing params", () => {
  test("the defaults are valid", () => expect(() => validateParams(DEFAULT_PARAMS)).not.toThrow());

  test.each<[string, Partial<SlashingParams>]>([
    ["signed_blocks_window 0", { signed_blocks_window: 0 }],
    ["signed_blocks_window fractional", { signed_blocks_window: 10.5 }],
    ["min_signed_per_window above 1", { min_signed_per_window: "1.5" }],
    ["min_signed_per_window not a string", { min_signed_per_window: 0.5 as unknown as string }],
    ["downtime_jail_duration_seconds negative", { downtime_jail_duration_seconds: -1 }],
    ["downtime_jail_duration_seconds above a year", { downtime_jail_duration_seconds: 366 * 24 * 3600 }],
    ["slash_fraction_downtime negative", { slash_fraction_downtime: "-0.1" }],
    ["slash_fraction_double_sign above 1", { slash_fraction_double_sign: "1.01" }],
    ["max_jailed_power_per_block 0", { max_jailed_power_per_block: "0" }],
    ["max_jailed_power_per_block above 1", { max_jailed_power_per_block: "1.1" }],
  ])("refuses %s", (_name, change) => {
    expect(() => validateParams(with_(change))).toThrow(/invalid slashing params/);
  });

  test.each<[string, Partial<SlashingParams>]>([
    ["slashing switched off (jailing still applies)", { slash_fraction_downtime: "0", slash_fraction_double_sign: "0" }],
    ["no jail cap", { max_jailed_power_per_block: "1" }],
    ["a one-block window", { signed_blocks_window: 1 }],
  ])("accepts %s", (_name, change) => {
    expect(() => validateParams(with_(change))).not.toThrow();
  });
});
