import { DEFAULT_PARAMS, type OracleParams, validateParams } from "./params";

const with_ = (change: Partial<OracleParams>): OracleParams => ({ ...DEFAULT_PARAMS, ...change });

describe("oracle params", () => {
  test("the defaults are valid", () => expect(() => validateParams(DEFAULT_PARAMS)).not.toThrow());

  test.each<[string, Partial<OracleParams>]>([
    ["vote_period 0", { vote_period: 0 }],
    ["vote_period not an integer", { vote_period: 1.5 }],
    ["vote_quorum just under 1/2", { vote_quorum: "0.499999999999999999" }],
    ["vote_quorum above 1", { vote_quorum: "1.000000000000000001" }],
    ["vote_quorum not a decimal string", { vote_quorum: 0.67 as unknown as string }],
    ["no assets", { assets: [] }],
    ["asset listed twice", { assets: [{ name: "BTC", vote_threshold: "0.5" }, { name: "BTC", vote_threshold: "0.6" }] }],
    ["asset name with a colon", { assets: [{ name: "BTC:USD", vote_threshold: "0.5" }] }],
    ["vote_threshold exactly 1/3", { assets: [{ name: "BTC", vote_threshold: "0.333333333333333333" }] }],
    ["vote_threshold above 1", { assets: [{ name: "BTC", vote_threshold: "1.01" }] }],
    ["vote_threshold not a decimal string", { assets: [{ name: "BTC", vote_threshold: 0.5 as unknown as string }] }],
    ["quote_denom empty", { quote_denom: "" }],
    ["reward_band negative", { reward_band: "-0.01" }],
    ["reward_band above 1", { reward_band: "1.5" }],
    ["slash_fraction above 1", { slash_fraction: "2" }],
    ["slash_window below vote_period", { vote_period: 5, slash_window: 4 }],
    ["slash_window not a multiple of vote_period", { vote_period: 5, slash_window: 52 }],
    ["min_valid_per_window above 1", { min_valid_per_window: "1.1" }],
    ["jail_duration_seconds negative", { jail_duration_seconds: -1 }],
    ["max_price_age_seconds 0", { max_price_age_seconds: 0 }],
    ["history_length 0", { history_length: 0 }],
    ["reward_fee_share above 1", { reward_fee_share: "1.01" }],
    ["reward_fee_share negative", { reward_fee_share: "-0.1" }],
    ["reward_inflation_per_block negative", { reward_inflation_per_block: "-1" }],
    ["reward_inflation_per_block a decimal", { reward_inflation_per_block: "1.5" }],
    ["reward_inflation_per_block a number", { reward_inflation_per_block: 5 as unknown as string }],
    ["reward_inflation_per_block 10^30", { reward_inflation_per_block: "1" + "0".repeat(30) }],
    ["reward_inflation_denom not a denom", { reward_inflation_denom: "u" }],
    ["reward_period_blocks 0", { reward_period_blocks: 0 }],
    ["reward_distribution_window below reward_period_blocks", { reward_period_blocks: 10, reward_distribution_window: 9 }],
    ["max_reward_denoms 0", { max_reward_denoms: 0 }],
    ["max_reward_denoms 33", { max_reward_denoms: 33 }],
  ])("refuses %s", (_name, change) => {
    expect(() => validateParams(with_(change))).toThrow(/invalid oracle params/);
  });

  test.each<[string, Partial<OracleParams>]>([
    ["vote_threshold just above 1/3", { assets: [{ name: "BTC", vote_threshold: "0.333333333333333334" }] }],
    ["vote_threshold 1 (unanimity)", { assets: [{ name: "BTC", vote_threshold: "1" }] }],
    ["vote_quorum exactly 1/2", { vote_quorum: "0.5" }],
    ["vote_quorum 1 (every validator)", { vote_quorum: "1" }],
    ["localnet windows", { vote_period: 2, slash_window: 40 }],
    ["implied-vol assets", { assets: [{ name: "BTC-IV", vote_threshold: "0.5" }, { name: "ETH-IV", vote_threshold: "0.67" }] }],
    ["no slashing at all", { slash_fraction: "0", min_valid_per_window: "0" }],
    ["no rewards at all", { reward_fee_share: "0", reward_inflation_per_block: "0" }],
    ["every fee and the whole pool each period", { reward_fee_share: "1", reward_period_blocks: 7, reward_distribution_window: 7 }],
    ["inflation in another denom", { reward_inflation_per_block: "1000000", reward_inflation_denom: "uusdc" }],
  ])("accepts %s", (_name, change) => {
    expect(() => validateParams(with_(change))).not.toThrow();
  });
});
