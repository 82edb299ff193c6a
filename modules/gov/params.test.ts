import { DEFAULT_PARAMS, type GovParams, validateParams } from "./params";

const valid = (changes: Partial<GovParams>): GovParams => ({ ...DEFAULT_PARAMS, ...changes });

describe("gov params", () => {
  test("the defaults are valid", () => {
    expect(() => validateParams(DEFAULT_PARAMS)).not.toThrow();
  });

  test.each<[string, Partial<GovParams>, RegExp]>([
    ["no min_deposit list", { min_deposit: "10uopt" as unknown as GovParams["min_deposit"] }, /min_deposit must be a list/],
    ["an empty min_deposit", { min_deposit: [] }, /min_deposit: no coins/],
    ["a zero min_deposit", { min_deposit: [{ denom: "uopt", amount: "0" }] }, /must be positive/],
    ["unsorted min_deposit", { min_deposit: [{ denom: "uusdc", amount: "1" }, { denom: "uopt", amount: "1" }] }, /sorted/],
    ["a zero deposit period", { max_deposit_period_seconds: 0 }, /max_deposit_period_seconds/],
    ["a zero voting period", { voting_period_seconds: 0 }, /voting_period_seconds/],
    ["a voting period over a year", { voting_period_seconds: 366 * 86_400 }, /voting_period_seconds/],
    ["a zero quorum", { quorum: "0" }, /quorum/],
    ["a quorum above 1", { quorum: "1.01" }, /quorum/],
    ["a threshold below one half", { threshold: "0.49" }, /threshold must be a decimal string in \[0.5, 1\]/],
    ["a threshold that is a number", { threshold: 0.5 as unknown as string }, /threshold/],
    ["a zero veto threshold", { veto_threshold: "0" }, /veto_threshold/],
    ["a negative timelock", { timelock_seconds: -1 }, /timelock_seconds/],
    ["a fractional timelock", { timelock_seconds: 0.5 }, /timelock_seconds/],
    ["no messages allowed", { max_messages: 0 }, /max_messages/],
    ["an initial deposit ratio above 1", { min_initial_deposit_ratio: "1.5" }, /min_initial_deposit_ratio/],
    ["a proposal message that is not a type URL", { proposal_messages: ["MsgUpdateParams"] }, /not a message type URL/],
    ["a proposal message listed twice", { proposal_messages: ["/optchain.gov.v1.MsgUpdateParams", "/optchain.gov.v1.MsgUpdateParams"] }, /listed twice/],
    ["gov's own vote inside a proposal", { proposal_messages: ["/optchain.gov.v1.MsgVote"] }, /may never run as the gov account/],
    ["a send from the gov account", { proposal_messages: ["/cosmos.bank.v1beta1.MsgSend"] }, /may never run as the gov account/],
    ["an unknown field", { quorum_bonus: "1" } as Partial<GovParams>, /unknown field quorum_bonus/],
    ["a coin with an extra field", { min_deposit: [{ denom: "uopt", amount: "1", owner: "me" }] as unknown as GovParams["min_deposit"] }, /unknown field min_deposit\[0\]\.owner/],
  ])("rejects %s", (_, changes, message) => {
    expect(() => validateParams(valid(changes))).toThrow(message);
  });

  test("accepts the boundaries", () => {
    expect(() => validateParams(valid({ quorum: "1", threshold: "0.5", veto_threshold: "1", timelock_seconds: 0, voting_period_seconds: 1, max_messages: 100 }))).not.toThrow();
    expect(() => validateParams(valid({ min_initial_deposit_ratio: "0", proposal_messages: [] }))).not.toThrow();
    expect(() => validateParams(valid({ min_initial_deposit_ratio: "1" }))).not.toThrow();
  });
});
