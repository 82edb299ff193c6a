// Guardians, breakers, freezes, the halt height and governance inside the whole app: real signed txs through
// FinalizeBlock, queries as a wallet sends them, a restart past a halt.
import type { EncodeObject } from "@cosmjs/proto-signing";
import { TxMsgData } from "cosmjs-types/cosmos/base/abci/v1beta1/abci";
import { ResponseProcessProposal_ProposalStatus } from "cosmjs-types/tendermint/abci/types";
import { accAddressBytes } from "../app/address";
import { GOV_AUTHORITY, VoteOption, guardianApproveMsg, guardianProposeMsg, submitProposalMsg, updateParamsMsg, voteMsg } from "../client/governance";
import { listSeriesMsg } from "../client/options";
import { optchain } from "../proto/gen/optchain";
import { ALICE, BOB, CIRCUIT, Chain, G7, G8, G9, V0, codeOf } from "./helpers/governance-chain";
import { GENESIS_TIME, initChain, openApp, runBlock, sendMsg } from "./helpers/inprocess";

jest.setTimeout(120_000);

const circuitPb = optchain.circuit.v1;
const govPb = optchain.gov.v1;

describe("guardians and breakers through signed txs", () => {
  let chain: Chain;
  beforeEach(async () => (chain = await Chain.start()));
  afterEach(() => chain.close());

  test("one guardian's proposal does nothing; the second approval freezes; an outsider cannot act", async () => {
    const [alice, g7, g8] = [ALICE, G7, G8].map((i) => chain.addresses[i]);
    await chain.block();
    const proposed = await chain.block([
      await chain.tx(G7, [guardianProposeMsg(g7, { freezeMarket: { underlying: "" } }, "exchange outage")]),
      await chain.tx(ALICE, [guardianProposeMsg(alice, { freezeMarket: { underlying: "" } }, "me too")]),
    ]);
    expect(proposed.txResults.map(codeOf)).toEqual(["/0", "circuit/4"]);
    expect(proposed.txResults[1].log).toMatch(/signer is not a guardian/);
    const response = TxMsgData.decode(proposed.txResults[0].data).msgResponses[0];
    expect(circuitPb.MsgGuardianProposeResponse.decode(response.value)).toMatchObject({ proposalId: 1, executed: false });
    expect(chain.market("BTC").frozen).toBe(false);
    expect(chain.query("/optchain.circuit.v1.Query/GuardianProposal", (b) => circuitPb.QueryGuardianProposalResponse.decode(b).proposal, circuitPb.QueryGuardianProposalRequest.encode({ id: 1 }).finish())).toMatchObject({
      status: "pending",
      approvals: [g7],
    });

    const approved = await chain.block([await chain.tx(G8, [guardianApproveMsg(g8, 1)])]);
    expect(approved.txResults.map(codeOf)).toEqual(["/0"]);
    expect(approved.txResults[0].events.map((e) => e.type)).toEqual(expect.arrayContaining(["guardian_proposal_approved", "market_frozen", "guardian_proposal_executed"]));
    expect(chain.market("BTC")).toMatchObject({ frozen: true, freezes: [{ underlying: "", kind: "guardian", detail: "guardian proposal 1: exchange outage" }] });
    const again = await chain.block([await chain.tx(G9, [guardianApproveMsg(chain.addresses[G9], 1)])]);
    expect(again.txResults[0].log).toMatch(/guardian proposal 1 is executed/);
  });

  test("a breaker stops a message type in CheckTx and in blocks, until reset", async () => {
    const [alice, bob, g7, g9] = [ALICE, BOB, G7, G9].map((i) => chain.addresses[i]);
    await chain.block([
      await chain.tx(G7, [guardianProposeMsg(g7, { tripBreaker: { typeUrls: ["/cosmos.bank.v1beta1.MsgSend"] } }, "drain bug")]),
    ]);
    await chain.block([await chain.tx(G9, [guardianApproveMsg(g9, 1)])]);
    const send = await chain.tx(ALICE, [sendMsg(alice, bob, "5")]);
    const checked = chain.app.checkTx({ tx: send, type: 0 });
    expect(`${checked.codespace}/${checked.code}`).toBe("circuit/9");
    expect(checked.log).toMatch(/\/cosmos.bank.v1beta1.MsgSend everywhere since height 2 \(guardian proposal 1: drain bug\): message type is disabled by a circuit breaker/);
    expect((await chain.block([send])).txResults.map(codeOf)).toEqual(["circuit/9"]);
    const breakers = chain.query("/optchain.circuit.v1.Query/Breakers", (b) => circuitPb.QueryBreakersResponse.decode(b).breakers);
    expect(breakers).toEqual([expect.objectContaining({ typeUrl: "/cosmos.bank.v1beta1.MsgSend", reason: "drain bug", guardianProposalId: 1, height: 2 })]);

    await chain.block([await chain.tx(G9, [guardianProposeMsg(g9, { resetBreaker: { typeUrls: ["/cosmos.bank.v1beta1.MsgSend"] } }, "patched")])]);
    await chain.block([await chain.tx(G7, [guardianApproveMsg(g7, 2)])]);
    expect((await chain.block([await chain.tx(ALICE, [sendMsg(alice, bob, "5")])])).txResults.map(codeOf)).toEqual(["/0"]);
  });

  test("a price jump freezes the underlying for the cooldown; the jumped price is used once it held", async () => {
    for (let i = 0; i < 3; i++) await chain.block([], "60000");
    expect(chain.market("BTC").frozen).toBe(false);
    await chain.block([], "75000");
    const jumped = await chain.block([], "75000");
    expect(jumped.events.find((e) => e.type === "price_jump")).toBeDefined();
    const tripHeight = chain.height;
    expect(chain.market("BTC")).toMatchObject({ frozen: true, freezes: [{ kind: "price_jump", sinceHeight: tripHeight, untilHeight: tripHeight + CIRCUIT.cooldown_blocks }] });
    expect(chain.market("ETH").frozen).toBe(false);
    const nowNs = (GENESIS_TIME.seconds + BigInt(chain.height)) * 1_000_000_000n;
    expect(chain.app.circuit.liquidationPrice(chain.app.store, "BTC", nowNs)?.price).toBe(60_000n * 10n ** 18n);
    await chain.block([], "75000");
    await chain.block([], "75000");
    expect(chain.app.circuit.liquidationPrice(chain.app.store, "BTC", nowNs + 2_000_000_000n)?.price).toBe(75_000n * 10n ** 18n);
    while (chain.height < tripHeight + CIRCUIT.cooldown_blocks) await chain.block([], "75000");
    // Frozen through tripHeight + cooldown; queries judge as the next block will, which is free again.
    expect(chain.app.circuit.canAddRisk(chain.app.store, "BTC", BigInt(chain.height))).toBe(false);
    // users could close through the freeze: its end brings no grace period (issue 10)
    expect(chain.market("BTC")).toMatchObject({ frozen: false, inGracePeriod: false, graceUntilHeight: 0 });
    const lifted = await chain.block([], "75000");
    expect(lifted.events.find((e) => e.type === "market_unfrozen")?.attributes).toEqual(expect.arrayContaining([{ key: "grace_until_height", value: "0", index: false }]));
  });
});

describe("governance through signed txs", () => {
  let chain: Chain;
  beforeEach(async () => (chain = await Chain.start()));
  afterEach(() => chain.close());

  async function passProposal(msgs: EncodeObject[]): Promise<number> {
    const [alice, v0] = [ALICE, V0].map((i) => chain.addresses[i]);
    const submitted = await chain.block([await chain.tx(ALICE, [submitProposalMsg(alice, msgs, [{ denom: "uopt", amount: "1000" }], "tune the oracle")])]);
    expect(submitted.txResults.map(codeOf)).toEqual(["/0"]);
    const id = Number(chain.proposal(1).id);
    expect((await chain.block([await chain.tx(V0, [voteMsg(v0, id, VoteOption.VOTE_OPTION_YES)])])).txResults.map(codeOf)).toEqual(["/0"]);
    return id;
  }

  test("a params change applies only after the voting period and the timelock", async () => {
    await chain.block();
    const id = await passProposal([updateParamsMsg("oracle", { max_price_age_seconds: 45 })]);
    const submittedAt = chain.height - 1;
    // voting ends at submit + 5 s, the timelock 5 s later; each block is one second.
    while (chain.height < submittedAt + 5 - 1) await chain.block();
    expect(chain.proposal(id)).toMatchObject({ status: "voting", tally: { yes: "100000000", totalPower: "100000000" } });
    await chain.block();
    expect(chain.proposal(id)).toMatchObject({ status: "passed" });
    expect(chain.oracleMaxAge()).toBe(20);
    while (chain.height < submittedAt + 10 - 1) await chain.block();
    expect(chain.oracleMaxAge()).toBe(20);
    const executed = await chain.block();
    expect(executed.events.map((e) => e.type)).toEqual(expect.arrayContaining(["params_updated", "proposal_executed"]));
    expect(chain.oracleMaxAge()).toBe(45);
    expect(chain.proposal(id)).toMatchObject({ status: "executed", executedHeight: chain.height });
  });

  test("an options series is listed by a proposal whose message is signed by the gov authority", async () => {
    await chain.block();
    const expiry = Number(GENESIS_TIME.seconds) + 86_400;
    const listing = listSeriesMsg({ authority: GOV_AUTHORITY, underlying: "BTC", strikes: ["70000000000"], expiriesUnix: [expiry], kinds: ["call", "put"], contractSize: "1" });
    const id = await passProposal([listing]);
    expect(chain.app.options.allSeries(chain.app.store)).toEqual([]);
    while (chain.proposal(id).status !== "executed") await chain.block();
    expect(chain.app.options.allSeries(chain.app.store).map((series) => [series.underlying, series.kind, series.strike])).toEqual([
      ["BTC", "call", "70000000000.000000000000000000"],
      ["BTC", "put", "70000000000.000000000000000000"],
    ]);
  });

  test("nobody signs as the gov authority; a bad change is refused at submission; guardians veto in the timelock", async () => {
    const [alice, g7, g8] = [ALICE, G7, G8].map((i) => chain.addresses[i]);
    const direct = await chain.block([await chain.tx(ALICE, [{ typeUrl: "/optchain.gov.v1.MsgUpdateParams", value: govPb.MsgUpdateParams.create({ authority: alice, module: "oracle", changes: "{\"max_price_age_seconds\":1}" }) }])]);
    expect(codeOf(direct.txResults[0])).toBe("gov/9");
    const typo = await chain.block([await chain.tx(ALICE, [submitProposalMsg(alice, [updateParamsMsg("oracle", { max_price_age: 45 })], [{ denom: "uopt", amount: "1000" }], "typo")])]);
    expect(typo.txResults[0].log).toMatch(/oracle has no param "max_price_age"/);
    expect(GOV_AUTHORITY).toMatch(/^opt1/);

    const id = await passProposal([updateParamsMsg("oracle", { max_price_age_seconds: 45 })]);
    while (chain.proposal(id).status !== "passed") await chain.block();
    await chain.block([await chain.tx(G7, [guardianProposeMsg(g7, { vetoProposal: { proposalId: id } }, "hostile takeover")])]);
    await chain.block([await chain.tx(G8, [guardianApproveMsg(g8, 1)])]);
    expect(chain.proposal(id)).toMatchObject({ status: "vetoed_by_guardians", vetoedByGuardianProposal: 1 });
    for (let i = 0; i < 8; i++) await chain.block();
    expect(chain.oracleMaxAge()).toBe(20);
  });
});

describe("halt at a height", () => {
  test("the chain stops after the halt height and resumes after a restart past it, state intact", async () => {
    const chain = await Chain.start();
    try {
      const [g7, g8, alice, bob] = [G7, G8, ALICE, BOB].map((i) => chain.addresses[i]);
      await chain.block([await chain.tx(G7, [guardianProposeMsg(g7, { haltChain: { height: 6 } }, "v2 upgrade")])]);
      await chain.block([await chain.tx(G8, [guardianApproveMsg(g8, 1)])]);
      while (chain.height < 5) await chain.block();
      const last = await chain.block([await chain.tx(ALICE, [sendMsg(alice, bob, "7")])]);
      expect(chain.height).toBe(6);
      expect(last.events.map((e) => e.type)).toContain("chain_halted");
      const haltHash = Buffer.from(chain.app.info().lastBlockAppHash).toString("hex");

      const proposal = chain.app.processProposal({ txs: [], proposedLastCommit: { round: 0, votes: [] }, misbehavior: [], hash: new Uint8Array(32), height: 7n, time: { seconds: GENESIS_TIME.seconds + 7n, nanos: 0 }, nextValidatorsHash: new Uint8Array(32), proposerAddress: new Uint8Array(20) });
      expect(proposal.status).toBe(ResponseProcessProposal_ProposalStatus.REJECT);
      expect(() => runBlock(chain.app, 7, [])).toThrow(/chain halted at height 6 by guardian proposal 1 \(v2 upgrade\); restart with `optd start --resume-halt 6`/);

      chain.reopen();
      expect(() => runBlock(chain.app, 7, [])).toThrow(/chain halted at height 6/);
      chain.reopen([6n]);
      const info = chain.app.info();
      expect({ height: info.lastBlockHeight, hash: Buffer.from(info.lastBlockAppHash).toString("hex") }).toEqual({ height: 6n, hash: haltHash });
      const resumed = await chain.block();
      expect(resumed.events.map((e) => e.type)).toContain("chain_resumed");
      const halt = chain.query("/optchain.circuit.v1.Query/Halt", (b) => circuitPb.QueryHaltResponse.decode(b));
      expect(halt).toMatchObject({ lastHalt: { height: 6, reason: "v2 upgrade" }, lastResumedAtHeight: 7 });
      expect(halt.halt).toBeNull();
      expect(chain.app.bank.balance(chain.app.store, accAddressBytes(bob), "uusdc")).toBe(10n ** 15n + 7n);
      await chain.block();
    } finally {
      chain.close();
    }
  });
});

describe("genesis and replay", () => {
  /** Guardians act, a proposal passes and executes, a price jump trips: everything circuit and gov store. */
  async function scenario(chain: Chain, onBlock: (hash: string) => void) {
    const [g7, g8, alice, v0] = [G7, G8, ALICE, V0].map((i) => chain.addresses[i]);
    const run = async (txs: Uint8Array[] = [], btc = "60000") => onBlock(Buffer.from((await chain.block(txs, btc)).appHash).toString("hex"));
    await run([await chain.tx(G7, [guardianProposeMsg(g7, { tripBreaker: { typeUrls: ["/optchain.options.v1.MsgPlaceOrder"], scope: { underlying: "ETH" } } }, "eth feed")])]);
    await run([await chain.tx(G8, [guardianApproveMsg(g8, 1)]), await chain.tx(G7, [guardianProposeMsg(g7, { haltChain: { height: 1000 } }, "later")])]);
    await run([await chain.tx(ALICE, [submitProposalMsg(alice, [updateParamsMsg("gov", { max_messages: 5 })], [{ denom: "uopt", amount: "400" }], "smaller")])]);
    await run([await chain.tx(ALICE, [submitProposalMsg(alice, [updateParamsMsg("gov", { max_messages: 7 })], [{ denom: "uopt", amount: "1000" }], "bigger")])]);
    await run([await chain.tx(V0, [voteMsg(v0, 2, VoteOption.VOTE_OPTION_YES)])]);
    await run([], "90000");
    for (let i = 0; i < 5; i++) await run();
  }

  test("every circuit and gov record survives export and import unchanged", async () => {
    const chain = await Chain.start();
    try {
      await scenario(chain, () => undefined);
      const exported = chain.app.exportGenesis();
      expect((exported.circuit as { proposals: unknown[] }).proposals).toHaveLength(2);
      expect((exported.gov as { proposals: unknown[] }).proposals).toHaveLength(2);
      const copy = openApp();
      try {
        initChain(copy.app, exported);
        runBlock(copy.app, 1, []);
        const again = copy.app.exportGenesis();
        expect(again.circuit).toEqual(exported.circuit);
        expect(again.gov).toEqual(exported.gov);
      } finally {
        copy.close();
      }
    } finally {
      chain.close();
    }
  });

  test("two apps replaying the same blocks agree on every app hash", async () => {
    const hashes: string[][] = [[], []];
    for (const run of [0, 1]) {
      const chain = await Chain.start();
      try {
        await scenario(chain, (hash) => hashes[run].push(hash));
      } finally {
        chain.close();
      }
    }
    expect(hashes[0]).toHaveLength(11);
    expect(hashes[1]).toEqual(hashes[0]);
  });
});
