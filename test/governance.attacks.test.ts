// Attacks on governance and the circuit, each written as the attacker's steps against the whole app:
// guardians locking governance out, params that are not what they claim, proposals that spend the deposits
// they hold, and an end-block that throws.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { devWallet } from "../client";
import { GOV_AUTHORITY, VoteOption, guardianApproveMsg, guardianProposeMsg, submitProposalMsg, updateParamsMsg, voteMsg } from "../client/governance";
import { depositCollateralMsg } from "../client/options";
import { GOV_MODULE_ADDRESS } from "../modules/gov/keeper";
import { QUOTE_COLLATERAL } from "../modules/options/params";
import { optchain } from "../proto/gen/optchain";
import { ALICE, BOB, Chain, G7, G8, G9, V0, codeOf } from "./helpers/governance-chain";
import { TEST_UOPT_COLLATERAL } from "./helpers/options";
import { devGenesis, initChain, openApp, signTx } from "./helpers/inprocess";

jest.setTimeout(120_000);

const govPb = optchain.gov.v1;
const DEPOSIT = [{ denom: "uopt", amount: "1000" }];
/** Everything a proposal needs to pass and execute: submitting, depositing, voting, and its params change. */
const GOV_PATH = ["/optchain.gov.v1.MsgSubmitProposal", "/optchain.gov.v1.MsgDeposit", "/optchain.gov.v1.MsgVote", "/optchain.gov.v1.MsgUpdateParams"];

/** A MsgUpdateParams whose `changes` text is sent exactly as given. */
const rawUpdate = (module: string, changes: string): EncodeObject => ({
  typeUrl: "/optchain.gov.v1.MsgUpdateParams",
  value: govPb.MsgUpdateParams.create({ authority: GOV_AUTHORITY, module, changes }),
});

/** Gas for the tx size too: a 20 kB proposal costs 200k gas before it runs. */
const BIG_FEE = { amount: [{ denom: "uopt", amount: "50000" }], gas: "2000000" };

async function submit(chain: Chain, msgs: EncodeObject[], title: string, deposit = DEPOSIT) {
  return chain.block([await signTx(ALICE, [submitProposalMsg(chain.addresses[ALICE], msgs, deposit, title)], chain.seq.take(ALICE), BIG_FEE)]);
}

/** Validator 0 (all the stake) votes yes on the newest proposal; returns its id. */
async function submitAndPass(chain: Chain, msgs: EncodeObject[], title: string): Promise<number> {
  const submitted = await submit(chain, msgs, title);
  expect(submitted.txResults.map(codeOf)).toEqual(["/0"]);
  const id = Number(govPb.MsgSubmitProposalResponse.decode(decodeData(submitted.txResults[0].data)).proposalId);
  expect((await chain.block([await chain.tx(V0, [voteMsg(chain.addresses[V0], id, VoteOption.VOTE_OPTION_YES)])])).txResults.map(codeOf)).toEqual(["/0"]);
  return id;
}

const decodeData = (data: Uint8Array) => TxMsgData.decode(data).msgResponses[0].value;

async function guardiansAct(chain: Chain, action: Parameters<typeof guardianProposeMsg>[1], reason: string) {
  const proposed = await chain.block([await chain.tx(G7, [guardianProposeMsg(chain.addresses[G7], action, reason)])]);
  if (proposed.txResults[0].code !== 0) return proposed.txResults[0];
  const id = chain.app.circuit.nextProposalId(chain.app.store) - 1n;
  return (await chain.block([await chain.tx(G8, [guardianApproveMsg(chain.addresses[G8], Number(id))])])).txResults[0];
}

describe("guardians cannot lock governance out", () => {
  let chain: Chain;
  beforeEach(async () => (chain = await Chain.start()));
  afterEach(() => chain.close());

  test("a breaker on governance's own path is refused, and the guardian set is replaced by a proposal", async () => {
    await chain.block();
    for (const typeUrl of GOV_PATH) {
      const tripped = await guardiansAct(chain, { tripBreaker: { typeUrls: [typeUrl] } }, "lock governance out");
      expect(codeOf(tripped)).toBe("circuit/5");
      expect(tripped.log).toContain(`${typeUrl} cannot be disabled: governance must always be able to change guardians and circuit params`);
    }
    // Jailing every validator would take governance's voting power: their duties cannot be switched off either.
    for (const typeUrl of ["/optchain.oracle.v1.MsgAggregatePricePrevote", "/optchain.oracle.v1.MsgAggregatePriceVote", "/optchain.slashing.v1.MsgUnjail"]) {
      const tripped = await guardiansAct(chain, { tripBreaker: { typeUrls: [typeUrl] } }, "jail them all");
      expect(codeOf(tripped)).toBe("circuit/5");
      expect(tripped.log).toContain(`${typeUrl} cannot be disabled: validators are slashed and jailed without it`);
    }
    expect(chain.app.circuit.breakers(chain.app.store)).toEqual([]);

    const newGuardians = [BOB, G9].map((i) => chain.addresses[i]);
    const id = await submitAndPass(chain, [updateParamsMsg("circuit", { guardians: newGuardians, guardian_threshold: 2 })], "new guardians");
    // The old guardians try to veto their own replacement during the timelock.
    while (chain.proposal(id).status !== "passed") await chain.block();
    // G9: the refused trips failed before the ante, so G7's signed sequences were never used.
    const veto = await chain.block([await chain.tx(G9, [guardianProposeMsg(chain.addresses[G9], { vetoProposal: { proposalId: id } }, "keep us")])]);
    expect(codeOf(veto.txResults[0])).toBe("gov/14");
    expect(veto.txResults[0].log).toMatch(/changes guardians, circuit or gov params: guardians may not veto it/);
    while (chain.proposal(id).status === "passed") await chain.block();
    expect(chain.proposal(id).status).toBe("executed");
    expect(chain.app.circuit.params(chain.app.store).guardians).toEqual(newGuardians);
  });

  test("a proposal that changes guardians carries nothing else, so the veto exemption cannot be borrowed", async () => {
    await chain.block();
    const bundled = await submit(chain, [updateParamsMsg("circuit", { guardian_threshold: 3 }), updateParamsMsg("oracle", { max_price_age_seconds: 45 })], "bundle");
    expect(codeOf(bundled.txResults[0])).toBe("gov/4");
    expect(bundled.txResults[0].log).toMatch(/changes to circuit or gov params go in a proposal of their own/);
  });
});

describe("params are exactly the known fields", () => {
  let chain: Chain;
  beforeEach(async () => (chain = await Chain.start()));
  afterEach(() => chain.close());

  test("an unknown nested field is refused at submission, naming it; nothing changes", async () => {
    await chain.block();
    const before = chain.app.circuit.params(chain.app.store);
    const sneaky = await submit(chain, [updateParamsMsg("circuit", { price_breaker_assets: [{ name: "BTC", max_price_jump: "0.1", admin: "me" }] })], "sneaky");
    expect(codeOf(sneaky.txResults[0])).toBe("circuit/2");
    expect(sneaky.txResults[0].log).toContain("unknown field price_breaker_assets[0].admin");
    expect(chain.app.circuit.params(chain.app.store)).toEqual(before);
    expect(chain.app.gov.proposals(chain.app.store)).toEqual([]);
  });

  test("changes nested 10,000 levels deep are refused before parsing, with a clear error", async () => {
    await chain.block();
    const deep = `{"price_breaker_assets":[{"name":"BTC","max_price_jump":"0.1","x":${"[".repeat(10_000)}${"]".repeat(10_000)}}]}`;
    const result = await submit(chain, [rawUpdate("circuit", deep)], "deep");
    expect(codeOf(result.txResults[0])).toBe("gov/13");
    expect(result.txResults[0].log).toMatch(/changes nest deeper than 8 levels/);
    expect(chain.app.gov.proposals(chain.app.store)).toEqual([]);
  });

  test("genesis params with an unknown field are refused", async () => {
    const { app, close } = openApp();
    try {
      const appState = await devGenesis(2);
      appState.oracle = { params: { assets: [{ name: "BTC", vote_threshold: "0.5", weight: "2" }] } };
      expect(() => initChain(app, appState)).toThrow(/unknown field assets\[0\]\.weight/);
    } finally {
      close();
    }
  });
});

describe("proposals never touch the deposits gov holds", () => {
  /** uopt is accepted as options collateral, so a gov-signed MsgDepositCollateral could move gov's escrow. */
  const withUoptCollateral = (extraGov: Record<string, unknown> = {}) => (state: Record<string, Record<string, unknown>>) => {
    state.options = {
      params: {
        authority: GOV_AUTHORITY,
        collateral: [
          TEST_UOPT_COLLATERAL,
          QUOTE_COLLATERAL,
        ],
      },
    };
    state.gov = { params: { ...(state.gov.params as object), ...extraGov } };
  };

  test("a message outside the allow-list is refused at submission", async () => {
    const chain = await Chain.start(withUoptCollateral());
    try {
      await chain.block();
      const result = await submit(chain, [depositCollateralMsg(GOV_AUTHORITY, "uopt", "1000")], "spend the escrow");
      expect(codeOf(result.txResults[0])).toBe("gov/4");
      expect(result.txResults[0].log).toMatch(/\/optchain.options.v1.MsgDepositCollateral is not in proposal_messages/);
    } finally {
      chain.close();
    }
  });

  test("even an allowed message that spends escrowed deposits fails, and the chain keeps going", async () => {
    const allowed = { proposal_messages: ["/optchain.gov.v1.MsgUpdateParams", "/optchain.options.v1.MsgListSeries", "/optchain.options.v1.MsgDepositCollateral"] };
    const chain = await Chain.start(withUoptCollateral(allowed));
    try {
      await chain.block();
      const attack = await submitAndPass(chain, [depositCollateralMsg(GOV_AUTHORITY, "uopt", "1000")], "spend the escrow");
      while (chain.proposal(attack).status === "voting") await chain.block();
      // Bob's honest proposal: its deposit is what the attack would spend.
      const honest = await chain.block([await chain.tx(BOB, [submitProposalMsg(chain.addresses[BOB], [updateParamsMsg("oracle", { max_price_age_seconds: 30 })], DEPOSIT, "honest")])]);
      expect(honest.txResults.map(codeOf)).toEqual(["/0"]);
      while (chain.proposal(attack).status === "passed") await chain.block();
      expect(chain.proposal(attack)).toMatchObject({ status: "failed" });
      expect(chain.proposal(attack).failedReason).toMatch(/would spend 1000uopt of the deposits gov holds in escrow/);
      expect(chain.app.bank.balance(chain.app.store, GOV_MODULE_ADDRESS, "uopt")).toBe(1000n);
      for (let i = 0; i < 8; i++) await chain.block();
      expect(chain.proposal(attack + 1).status).toBe("rejected");
      expect(chain.app.bank.balance(chain.app.store, GOV_MODULE_ADDRESS, "uopt")).toBe(0n);
    } finally {
      chain.close();
    }
  });

  test("a proposal with less than min_initial_deposit_ratio of the minimum deposit is refused", async () => {
    const chain = await Chain.start();
    try {
      await chain.block();
      const result = await submit(chain, [updateParamsMsg("oracle", { max_price_age_seconds: 30 })], "spam", []);
      expect(codeOf(result.txResults[0])).toBe("gov/11");
      expect(result.txResults[0].log).toMatch(/initial deposit none is below 100uopt/);
    } finally {
      chain.close();
    }
  });
});

describe("no end-block can throw out of FinalizeBlock", () => {
  /** A proposal in its voting period whose recorded deposit the gov account does not hold: its refund throws. */
  const corrupted = (state: Record<string, Record<string, unknown>>, alice: string) => {
    state.gov = {
      params: state.gov.params,
      proposals: [
        {
          id: "1",
          proposer: alice,
          title: "corrupt",
          summary: "",
          messages: [{ type_url: "/optchain.gov.v1.MsgUpdateParams", value: Buffer.from(govPb.MsgUpdateParams.encode({ authority: GOV_AUTHORITY, module: "oracle", changes: '{"max_price_age_seconds":30}' }).finish()).toString("base64") }],
          status: "voting",
          total_deposit: DEPOSIT,
          submit_time_ns: "0",
          deposit_end_time_ns: "0",
          voting_start_time_ns: "0",
          voting_end_time_ns: "1800000002000000000",
          timelock_end_time_ns: "0",
          final_tally: null,
          vetoed_by_guardian_proposal: "0",
          failed_reason: "",
          executed_height: 0,
        },
      ],
      deposits: [{ proposal_id: "1", depositor: alice, amount: DEPOSIT }],
    };
  };

  test("a module whose end-block throws: the block finalizes, its writes are dropped, the market freezes, nodes agree", async () => {
    const hashes: string[][] = [];
    const alice = (await (await devWallet(10)).getAccounts())[ALICE].address;
    for (const run of [0, 1]) {
      const again = await Chain.start((state) => corrupted(state, alice));
      try {
        hashes.push([]);
        let errors = 0;
        for (let i = 0; i < 4; i++) {
          const response = again.brokenBlock();
          hashes[run].push(Buffer.from(response.appHash).toString("hex"));
          const hookErrors = response.events.filter((e) => e.type === "block_hook_error");
          errors += hookErrors.length;
          if (hookErrors.length > 0) {
            expect(hookErrors[0].attributes).toEqual(
              expect.arrayContaining([
                expect.objectContaining({ key: "module", value: "gov" }),
                expect.objectContaining({ key: "phase", value: "end_block" }),
                expect.objectContaining({ key: "error", value: expect.stringMatching(/insufficient/) }),
              ]),
            );
          }
        }
        expect(errors).toBeGreaterThan(0);
        expect(again.market("BTC")).toMatchObject({ frozen: true, freezes: [expect.objectContaining({ kind: "invariant", detail: expect.stringMatching(/gov end_block threw/) })] });
        expect(again.proposal(1).status).toBe("voting");
      } finally {
        again.close();
      }
    }
    expect(hashes[1]).toEqual(hashes[0]);
  });
});
