import { moduleAddress, toAccAddress } from "../../app/address";
import { optchain } from "../../proto/gen/optchain";
import { DEFAULT_PARAMS, type CircuitParams, validateParams } from "./params";
import { paramsToProto } from "./queries";

const ALICE = "opt1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqnuh90g";
const valid = (changes: Partial<CircuitParams>): CircuitParams => ({ ...DEFAULT_PARAMS, ...changes });
const guardians = (count: number) => Array.from({ length: count }, (_, i) => toAccAddress(moduleAddress(`guardian-${i}`)));

describe("circuit params", () => {
  test("the defaults are valid and switch guardians off", () => {
    expect(() => validateParams(DEFAULT_PARAMS)).not.toThrow();
    expect(DEFAULT_PARAMS.guardians).toEqual([]);
  });

  test.each<[string, Partial<CircuitParams>, RegExp]>([
    ["a guardian that is not an address", { guardians: ["cosmos1xyz"], guardian_threshold: 1 }, /address/],
    ["a guardian listed twice", { guardians: [ALICE, ALICE], guardian_threshold: 2 }, /listed twice/],
    ["guardians without a threshold", { guardians: [ALICE], guardian_threshold: 0 }, /guardian_threshold must be an integer in \[2, 1\]/],
    ["a single key acting alone", { guardians: [ALICE], guardian_threshold: 1 }, /guardian_threshold/],
    ["a threshold above the guardian count", { guardian_threshold: 3, guardians: [ALICE] }, /guardian_threshold/],
    ["a threshold with no guardians", { guardian_threshold: 2 }, /no guardians/],
    ["no invariant records read a block", { invariant_keys_per_block: 0 }, /invariant_keys_per_block must be an integer in \[1, 10000\]/],
    ["a page of invariant records past the bound", { invariant_keys_per_block: 10_001 }, /invariant_keys_per_block/],
    ["a zero proposal ttl", { guardian_proposal_ttl_blocks: 0 }, /guardian_proposal_ttl_blocks/],
    ["an asset name with a colon", { price_breaker_assets: [{ name: "BTC:USD", max_price_jump: "0.1" }] }, /asset name/],
    ["an asset listed twice", { price_breaker_assets: [{ name: "BTC", max_price_jump: "0.1" }, { name: "BTC", max_price_jump: "0.2" }] }, /listed twice/],
    ["a zero jump", { price_breaker_assets: [{ name: "BTC", max_price_jump: "0" }] }, /above 0/],
    ["a jump above 100 %", { price_breaker_assets: [{ name: "BTC", max_price_jump: "1.5" }] }, /max_price_jump of BTC/],
    ["a jump that is a number", { price_breaker_assets: [{ name: "BTC", max_price_jump: 0.1 as unknown as string }] }, /price_breaker_assets\[0\]\.max_price_jump must be a string/],
    ["a zero cooldown", { cooldown_blocks: 0 }, /cooldown_blocks/],
    ["negative confirmations", { confirmations: -1 }, /confirmations/],
    ["a fractional twap window", { twap_window_seconds: 1.5 }, /twap_window_seconds/],
    ["a zero max price age", { max_price_age_seconds: 0 }, /max_price_age_seconds/],
    ["a negative grace period", { grace_period_blocks: -1 }, /grace_period_blocks/],
    ["a zero invariant period", { invariant_check_period: 0 }, /invariant_check_period/],
  ])("rejects %s", (_, changes, message) => {
    expect(() => validateParams(valid(changes))).toThrow(message);
  });

  test("accepts 2 of 3 guardians and the boundaries of every field", () => {
    const three = guardians(3);
    expect(() => validateParams(valid({ guardians: three, guardian_threshold: 2 }))).not.toThrow();
    expect(() => validateParams(valid({ guardians: three, guardian_threshold: 3 }))).not.toThrow();
    expect(() => validateParams(valid({ confirmations: 0, twap_window_seconds: 0, grace_period_blocks: 0, price_breaker_assets: [] }))).not.toThrow();
    expect(() => validateParams(valid({ price_breaker_assets: [{ name: "BTC", max_price_jump: "1" }] }))).not.toThrow();
  });

  test("the Params query carries invariant_keys_per_block", () => {
    const encoded = optchain.circuit.v1.Params.encode(paramsToProto(valid({ invariant_keys_per_block: 1_000 }))).finish();
    expect(optchain.circuit.v1.Params.decode(encoded).invariantKeysPerBlock).toBe(1_000);
  });
});
