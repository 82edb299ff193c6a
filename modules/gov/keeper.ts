import type { Event } from "cosmjs-types/tendermint/abci/types";
import { accAddressBytes, moduleAddress, sameAccAddress, toAccAddress } from "../../app/address";
import { type Coin, formatCoins } from "../../app/coins";
import { type Context, withStore } from "../../app/context";
import { errorCode } from "../../app/errors";
import { readJson, readParams, writeJson } from "../../app/json-state";
import { utf8 } from "../../app/keys";
import { decodeMsg, type MsgGate } from "../../app/module";
import { Branch } from "../../app/store/branch";
import type { KVReader, KVStore } from "../../app/store/types";
import { DEC_ONE, decFromString } from "../../lib/fixed";
import {
  ErrEscrowSpent,
  ErrInactiveProposal,
  ErrInvalidDeposit,
  ErrInvalidProposal,
  ErrNoVotingPower,
  ErrNotInTimelock,
  ErrNotVetoable,
  ErrUnauthorized,
  ErrUnknownProposal,
} from "./errors";
import * as events from "./events";
import type { DepositBank, MessageRouter, ValidatorSet } from "./expected";
import {
  DEPOSIT_PREFIX,
  NEXT_PROPOSAL_ID_KEY,
  PARAMS_KEY,
  PROPOSAL_PREFIX,
  type Phase,
  depositKey,
  depositsOf,
  proposalKey,
  queueKey,
  queuePrefix,
  voteKey,
  votesOf,
} from "./keys";
import { DEFAULT_PARAMS, type GovParams, validateParams } from "./params";
import { optchain } from "../../proto/gen/optchain";

export const GOV_MODULE = "gov";
/** Holds deposits, and is the authority every proposal message is signed by: nobody has its key. */
export const GOV_MODULE_ADDRESS = moduleAddress(GOV_MODULE);
export const GOV_AUTHORITY = toAccAddress(GOV_MODULE_ADDRESS);

const NS_PER_SECOND = 1_000_000_000n;
const U64 = 8;
const MSG_UPDATE_PARAMS = "/optchain.gov.v1.MsgUpdateParams";
/**
 * Modules whose params are governance's hold over the guardians: circuit's (the guardian set, the breakers'
 * settings) and gov's own. Guardians cannot veto a proposal changing them, nor trip a breaker on the messages
 * that pass one (circuit's GOVERNANCE_MSG_TYPES).
 */
const GOVERNANCE_MODULES = ["circuit", "gov"];

/** Whether the message changes governance's hold over the guardians (circuit or gov params). */
function changesGovernance(typeUrl: string, msg: unknown): boolean {
  return typeUrl === MSG_UPDATE_PARAMS && GOVERNANCE_MODULES.includes((msg as optchain.gov.v1.MsgUpdateParams).module);
}

export type ProposalStatus = "deposit" | "voting" | "passed" | "rejected" | "vetoed" | "vetoed_by_guardians" | "executed" | "failed" | "dropped";
/** SDK numbering (cosmos.gov.v1.VoteOption). */
export const VOTE_OPTIONS = { 1: "yes", 2: "abstain", 3: "no", 4: "no_with_veto" } as const;
export type VoteOption = keyof typeof VOTE_OPTIONS;

export interface StoredTally {
  yes: string;
  abstain: string;
  no: string;
  no_with_veto: string;
  total_power: string;
}

export interface StoredProposal {
  id: string;
  proposer: string;
  title: string;
  summary: string;
  /** type URL and base64 bytes of each message, executed in order, all or nothing */
  messages: Array<{ type_url: string; value: string }>;
  status: ProposalStatus;
  total_deposit: Array<{ denom: string; amount: string }>;
  submit_time_ns: string;
  deposit_end_time_ns: string;
  voting_start_time_ns: string;
  voting_end_time_ns: string;
  timelock_end_time_ns: string;
  final_tally: StoredTally | null;
  vetoed_by_guardian_proposal: string;
  failed_reason: string;
  executed_height: number;
}

export interface Tally {
  yes: bigint;
  abstain: bigint;
  no: bigint;
  noWithVeto: bigint;
  totalPower: bigint;
}

const parse = <T>(bytes: Uint8Array) => JSON.parse(utf8(bytes)) as T;
const toCoins = (coins: Array<{ denom: string; amount: string }>): Coin[] => coins.map((coin) => ({ denom: coin.denom, amount: BigInt(coin.amount) }));
const fromCoins = (coins: Coin[]) => coins.map((coin) => ({ denom: coin.denom, amount: coin.amount.toString() }));

/** Sum of coin lists, sorted by denom. */
export function addCoins(a: Coin[], b: Coin[]): Coin[] {
  const sums = new Map<string, bigint>();
  for (const coin of [...a, ...b]) sums.set(coin.denom, (sums.get(coin.denom) ?? 0n) + coin.amount);
  return [...sums.keys()].sort().map((denom) => ({ denom, amount: sums.get(denom) as bigint }));
}

export function meetsMinimum(total: Coin[], minimum: Coin[]): boolean {
  return minimum.every((need) => (total.find((coin) => coin.denom === need.denom)?.amount ?? 0n) >= need.amount);
}

/** Quorum, veto and threshold as the SDK applies them; `passed` needs more yes than threshold of the non-abstaining stake. */
export function tallyOutcome(tally: Tally, params: GovParams): "passed" | "rejected" | "vetoed" {
  const voted = tally.yes + tally.abstain + tally.no + tally.noWithVeto;
  if (tally.totalPower === 0n || voted * DEC_ONE < decFromString(params.quorum) * tally.totalPower) return "rejected";
  if (tally.noWithVeto * DEC_ONE > decFromString(params.veto_threshold) * voted) return "vetoed";
  const decisive = voted - tally.abstain;
  if (decisive > 0n && tally.yes * DEC_ONE > decFromString(params.threshold) * decisive) return "passed";
  return "rejected";
}

export class GovKeeper {
  constructor(private readonly deps: { bank: DepositBank; validators: ValidatorSet; router: MessageRouter; gate: MsgGate }) {}

  params(state: KVReader): GovParams {
    return readParams(state, PARAMS_KEY, DEFAULT_PARAMS);
  }

  setParams(store: KVStore, params: GovParams): void {
    validateParams(params);
    writeJson(store, PARAMS_KEY, params);
  }

  nextProposalId(state: KVReader): bigint {
    const bytes = state.get(NEXT_PROPOSAL_ID_KEY);
    return bytes === undefined ? 1n : BigInt(utf8(bytes));
  }

  setNextProposalId(store: KVStore, id: bigint): void {
    store.set(NEXT_PROPOSAL_ID_KEY, Buffer.from(id.toString(), "utf8"));
  }

  proposal(state: KVReader, id: bigint): StoredProposal | undefined {
    return readJson<StoredProposal>(state, proposalKey(id));
  }

  mustProposal(state: KVReader, id: bigint): StoredProposal {
    const proposal = this.proposal(state, id);
    if (!proposal) throw ErrUnknownProposal.wrap(`proposal ${id}`);
    return proposal;
  }

  proposals(state: KVReader): StoredProposal[] {
    return state.iterate(PROPOSAL_PREFIX).map(([, value]) => parse<StoredProposal>(value));
  }

  /** Writes the proposal and keeps its queue entry in step with its status. */
  setProposal(store: KVStore, proposal: StoredProposal, previous?: StoredProposal): void {
    const id = BigInt(proposal.id);
    if (previous) {
      const entry = queueEntry(previous);
      if (entry) store.delete(queueKey(entry.phase, entry.endNs, id));
    }
    writeJson(store, proposalKey(id), {
      id: proposal.id,
      proposer: proposal.proposer,
      title: proposal.title,
      summary: proposal.summary,
      messages: proposal.messages.map((msg) => ({ type_url: msg.type_url, value: msg.value })),
      status: proposal.status,
      total_deposit: proposal.total_deposit,
      submit_time_ns: proposal.submit_time_ns,
      deposit_end_time_ns: proposal.deposit_end_time_ns,
      voting_start_time_ns: proposal.voting_start_time_ns,
      voting_end_time_ns: proposal.voting_end_time_ns,
      timelock_end_time_ns: proposal.timelock_end_time_ns,
      final_tally: proposal.final_tally,
      vetoed_by_guardian_proposal: proposal.vetoed_by_guardian_proposal,
      failed_reason: proposal.failed_reason,
      executed_height: proposal.executed_height,
    });
    const entry = queueEntry(proposal);
    if (entry) store.set(queueKey(entry.phase, entry.endNs, id), new Uint8Array());
  }

  // --- deposits ---

  deposit(state: KVReader, id: bigint, depositor: Uint8Array): Coin[] {
    const stored = readJson<Array<{ denom: string; amount: string }>>(state, depositKey(id, depositor));
    return stored ? toCoins(stored) : [];
  }

  deposits(state: KVReader, id: bigint): Array<{ depositor: Uint8Array; amount: Coin[] }> {
    const prefix = depositsOf(id);
    return state.iterate(prefix).map(([storeKey, value]) => ({ depositor: storeKey.subarray(prefix.length), amount: toCoins(parse(value)) }));
  }

  allDeposits(state: KVReader): Array<{ id: bigint; depositor: Uint8Array; amount: Coin[] }> {
    return state.iterate(DEPOSIT_PREFIX).map(([storeKey, value]) => ({
      id: Buffer.from(storeKey.subarray(DEPOSIT_PREFIX.length, DEPOSIT_PREFIX.length + U64)).readBigUInt64BE(0),
      depositor: storeKey.subarray(DEPOSIT_PREFIX.length + U64),
      amount: toCoins(parse(value)),
    }));
  }

  setDeposit(store: KVStore, id: bigint, depositor: Uint8Array, amount: Coin[]): void {
    writeJson(store, depositKey(id, depositor), fromCoins(amount));
  }

  /** Deposits must be in the denoms of min_deposit; nothing else counts towards it. */
  checkDepositDenoms(state: KVReader, amount: Coin[]): void {
    const denoms = this.params(state).min_deposit.map((coin) => coin.denom);
    for (const coin of amount) {
      if (!denoms.includes(coin.denom)) throw ErrInvalidDeposit.wrap(`${coin.denom} is not a deposit denom (${denoms.join(", ")})`);
    }
  }

  /** At submission a proposal brings min_initial_deposit_ratio of min_deposit, rounded up, in every denom. */
  checkInitialDeposit(state: KVReader, deposit: Coin[]): void {
    const params = this.params(state);
    const ratio = decFromString(params.min_initial_deposit_ratio);
    const required = toCoins(params.min_deposit)
      .map((coin) => ({ denom: coin.denom, amount: (coin.amount * ratio + DEC_ONE - 1n) / DEC_ONE }))
      .filter((coin) => coin.amount > 0n);
    if (!meetsMinimum(deposit, required)) {
      throw ErrInvalidDeposit.wrap(`initial deposit ${formatCoins(deposit) || "none"} is below ${formatCoins(required)} (min_initial_deposit_ratio ${params.min_initial_deposit_ratio} of min_deposit)`);
    }
  }

  private addDeposit(ctx: Context, proposal: StoredProposal, depositor: Uint8Array, amount: Coin[]): void {
    const id = BigInt(proposal.id);
    this.deps.bank.send(ctx.store, ctx.events, depositor, GOV_MODULE_ADDRESS, amount);
    this.setDeposit(ctx.store, id, depositor, addCoins(this.deposit(ctx.store, id, depositor), amount));
    proposal.total_deposit = fromCoins(addCoins(toCoins(proposal.total_deposit), amount));
    ctx.events.push(events.proposalDeposit(id, toAccAddress(depositor), formatCoins(amount), formatCoins(toCoins(proposal.total_deposit))));
  }

  /** Returns (or burns) every deposit of the proposal; the total stays on the proposal record. */
  private settleDeposits(ctx: Context, id: bigint, burn: boolean): void {
    for (const { depositor, amount } of this.deposits(ctx.store, id)) {
      if (burn) this.deps.bank.burn(ctx.store, ctx.events, GOV_MODULE_ADDRESS, amount);
      else this.deps.bank.send(ctx.store, ctx.events, GOV_MODULE_ADDRESS, depositor, amount);
      ctx.store.delete(depositKey(id, depositor));
    }
  }

  // --- proposals ---

  submit(ctx: Context, proposer: string, messages: StoredProposal["messages"], initialDeposit: Coin[], title: string, summary: string): bigint {
    const id = this.nextProposalId(ctx.store);
    this.setNextProposalId(ctx.store, id + 1n);
    const params = this.params(ctx.store);
    const proposal: StoredProposal = {
      id: id.toString(),
      proposer,
      title,
      summary,
      messages,
      status: "deposit",
      total_deposit: [],
      submit_time_ns: ctx.timeNs.toString(),
      deposit_end_time_ns: (ctx.timeNs + BigInt(params.max_deposit_period_seconds) * NS_PER_SECOND).toString(),
      voting_start_time_ns: "0",
      voting_end_time_ns: "0",
      timelock_end_time_ns: "0",
      final_tally: null,
      vetoed_by_guardian_proposal: "0",
      failed_reason: "",
      executed_height: 0,
    };
    if (initialDeposit.length > 0) this.addDeposit(ctx, proposal, accAddressBytes(proposer), initialDeposit);
    if (meetsMinimum(toCoins(proposal.total_deposit), toCoins(params.min_deposit))) this.startVoting(ctx, proposal, params);
    this.setProposal(ctx.store, proposal);
    ctx.events.push(events.proposalSubmitted(id, proposer, messages.map((msg) => msg.type_url).join(","), proposal.status));
    return id;
  }

  private startVoting(ctx: Context, proposal: StoredProposal, params: GovParams): void {
    const end = ctx.timeNs + BigInt(params.voting_period_seconds) * NS_PER_SECOND;
    proposal.status = "voting";
    proposal.voting_start_time_ns = ctx.timeNs.toString();
    proposal.voting_end_time_ns = end.toString();
    ctx.events.push(events.votingStarted(BigInt(proposal.id), end));
  }

  /** Deposits are taken while the deposit period runs (block time before its end). */
  assertAcceptsDeposits(ctx: Context, id: bigint): StoredProposal {
    const proposal = this.mustProposal(ctx.store, id);
    if (proposal.status !== "deposit" || ctx.timeNs >= BigInt(proposal.deposit_end_time_ns)) {
      throw ErrInactiveProposal.wrap(`proposal ${id} is ${proposal.status}, not in its deposit period`);
    }
    return proposal;
  }

  addDepositTo(ctx: Context, id: bigint, depositor: string, amount: Coin[]): void {
    const proposal = this.assertAcceptsDeposits(ctx, id);
    const previous = { ...proposal };
    this.addDeposit(ctx, proposal, accAddressBytes(depositor), amount);
    const params = this.params(ctx.store);
    if (meetsMinimum(toCoins(proposal.total_deposit), toCoins(params.min_deposit))) this.startVoting(ctx, proposal, params);
    this.setProposal(ctx.store, proposal, previous);
  }

  // --- votes ---

  /** A voter's stake: its validator's tokens, zero when jailed or not a validator. */
  votingPower(state: KVReader, voter: Uint8Array): bigint {
    const record = this.deps.validators.validator(state, voter);
    return record && !record.jailed ? BigInt(record.tokens) : 0n;
  }

  assertCanVote(ctx: Context, id: bigint, voter: string): void {
    const proposal = this.mustProposal(ctx.store, id);
    if (proposal.status !== "voting" || ctx.timeNs >= BigInt(proposal.voting_end_time_ns)) {
      throw ErrInactiveProposal.wrap(`proposal ${id} is ${proposal.status}, not in its voting period`);
    }
    if (this.votingPower(ctx.store, accAddressBytes(voter)) === 0n) throw ErrNoVotingPower.wrap(`${voter} is not the operator of a bonded validator`);
  }

  vote(ctx: Context, id: bigint, voter: string, option: VoteOption): void {
    writeJson(ctx.store, voteKey(id, accAddressBytes(voter)), { option });
    ctx.events.push(events.proposalVote(id, voter, VOTE_OPTIONS[option]));
  }

  votes(state: KVReader, id: bigint): Array<{ voter: Uint8Array; option: VoteOption }> {
    const prefix = votesOf(id);
    return state.iterate(prefix).map(([storeKey, value]) => ({ voter: storeKey.subarray(prefix.length), option: parse<{ option: VoteOption }>(value).option }));
  }

  /** Stake behind each option now; total = every unjailed validator's tokens. */
  tally(state: KVReader, id: bigint): Tally {
    const tally: Tally = { yes: 0n, abstain: 0n, no: 0n, noWithVeto: 0n, totalPower: 0n };
    for (const { record } of this.deps.validators.validators(state)) if (!record.jailed) tally.totalPower += BigInt(record.tokens);
    for (const { voter, option } of this.votes(state, id)) {
      const power = this.votingPower(state, voter);
      if (option === 1) tally.yes += power;
      else if (option === 2) tally.abstain += power;
      else if (option === 3) tally.no += power;
      else tally.noWithVeto += power;
    }
    return tally;
  }

  // --- the timelock and the guardians' veto (circuit's ProposalVetoer) ---

  assertVetoable(state: KVReader, id: bigint, nowNs: bigint): void {
    const proposal = this.mustProposal(state, id);
    if (proposal.status !== "passed") throw ErrNotInTimelock.wrap(`proposal ${id} is ${proposal.status}`);
    const governs = proposal.messages.some(({ type_url: typeUrl, value }) => changesGovernance(typeUrl, this.decodeMessage(typeUrl, Buffer.from(value, "base64")).msg));
    if (governs) throw ErrNotVetoable.wrap(`proposal ${id} changes guardians, circuit or gov params: guardians may not veto it`);
    if (nowNs >= BigInt(proposal.timelock_end_time_ns)) throw ErrNotInTimelock.wrap(`the timelock of proposal ${id} ended at ${proposal.timelock_end_time_ns} ns`);
  }

  veto(ctx: Context, id: bigint, guardianProposalId: bigint): void {
    this.assertVetoable(ctx.store, id, ctx.timeNs);
    const proposal = this.mustProposal(ctx.store, id);
    this.setProposal(ctx.store, { ...proposal, status: "vetoed_by_guardians", vetoed_by_guardian_proposal: guardianProposalId.toString() }, proposal);
    ctx.events.push(events.proposalVetoedByGuardians(id, guardianProposalId));
  }

  // --- end of block: periods that ended, in time order ---

  endBlock(ctx: Context): void {
    const params = this.params(ctx.store);
    for (const id of this.due(ctx.store, "deposit", ctx.timeNs)) {
      const proposal = this.mustProposal(ctx.store, id);
      this.settleDeposits(ctx, id, false);
      this.setProposal(ctx.store, { ...proposal, status: "dropped" }, proposal);
      ctx.events.push(events.proposalDropped(id, formatCoins(toCoins(proposal.total_deposit))));
    }
    for (const id of this.due(ctx.store, "voting", ctx.timeNs)) {
      const proposal = this.mustProposal(ctx.store, id);
      const tally = this.tally(ctx.store, id);
      const outcome = tallyOutcome(tally, params);
      this.settleDeposits(ctx, id, outcome === "vetoed");
      const timelockEnd = outcome === "passed" ? ctx.timeNs + BigInt(params.timelock_seconds) * NS_PER_SECOND : 0n;
      const finalTally: StoredTally = {
        yes: tally.yes.toString(),
        abstain: tally.abstain.toString(),
        no: tally.no.toString(),
        no_with_veto: tally.noWithVeto.toString(),
        total_power: tally.totalPower.toString(),
      };
      this.setProposal(ctx.store, { ...proposal, status: outcome, final_tally: finalTally, timelock_end_time_ns: timelockEnd.toString() }, proposal);
      ctx.events.push(events.proposalTallied(id, outcome, tally.yes, tally.no, tally.abstain, tally.noWithVeto, tally.totalPower, timelockEnd));
    }
    for (const id of this.due(ctx.store, "timelock", ctx.timeNs)) this.execute(ctx, this.mustProposal(ctx.store, id));
  }

  /** Proposals whose `phase` ends at or before nowNs, earliest first. */
  private due(state: KVReader, phase: Phase, nowNs: bigint): bigint[] {
    const prefix = queuePrefix(phase);
    const ids: bigint[] = [];
    for (const [storeKey] of state.iterate(prefix)) {
      const view = Buffer.from(storeKey.subarray(prefix.length));
      if (view.readBigUInt64BE(0) > nowNs) break;
      ids.push(view.readBigUInt64BE(U64));
    }
    return ids;
  }

  /**
   * A passed proposal's messages, after its timelock, through the same gate and handlers as a tx's, all or
   * nothing: one failure discards every write and marks the proposal failed with the reason.
   */
  private execute(ctx: Context, proposal: StoredProposal): void {
    const id = BigInt(proposal.id);
    const branch = new Branch(ctx.store);
    const messageEvents: Event[] = [];
    const execCtx = withStore(ctx, branch, messageEvents);
    const escrow = this.deps.bank.allBalances(ctx.store, GOV_MODULE_ADDRESS);
    try {
      for (const { type_url: typeUrl, value } of proposal.messages) {
        const { handler, msg } = this.decodeMessage(typeUrl, Buffer.from(value, "base64"));
        this.assertAllowed(execCtx.store, typeUrl);
        this.deps.gate.allow(execCtx, typeUrl, msg);
        handler.checkStateful(execCtx, msg);
        handler.execute(execCtx, msg);
      }
      // The gov account holds open deposits and nothing else, so any coin it lost was someone's deposit.
      const spent = escrow
        .map((coin) => ({ denom: coin.denom, amount: coin.amount - this.deps.bank.balance(branch, GOV_MODULE_ADDRESS, coin.denom) }))
        .filter((coin) => coin.amount > 0n);
      if (spent.length > 0) throw ErrEscrowSpent.wrap(`its messages would spend ${formatCoins(spent)} of the deposits gov holds in escrow`);
    } catch (err) {
      const reason = errorCode(err).log;
      this.setProposal(ctx.store, { ...proposal, status: "failed", failed_reason: reason, executed_height: Number(ctx.height) }, proposal);
      ctx.events.push(events.proposalFailed(id, reason));
      return;
    }
    branch.write();
    ctx.events.push(...messageEvents);
    this.setProposal(ctx.store, { ...proposal, status: "executed", executed_height: Number(ctx.height) }, proposal);
    ctx.events.push(events.proposalExecuted(id));
  }

  /** A proposal message decoded by its handler, which must be signed by the gov authority alone and pass its stateless checks. */
  decodeMessage(typeUrl: string, bytes: Uint8Array): { handler: ReturnType<MessageRouter["handler"]>; msg: unknown } {
    // The gov account holds the open deposits and nothing else: it never proposes, deposits, votes or pays.
    if ((typeUrl.startsWith("/optchain.gov.v1.") && typeUrl !== "/optchain.gov.v1.MsgUpdateParams") || typeUrl === "/cosmos.bank.v1beta1.MsgSend") {
      throw ErrInvalidProposal.wrap(`${typeUrl} cannot be proposed`);
    }
    const handler = this.deps.router.handler(typeUrl);
    let msg: unknown;
    try {
      msg = decodeMsg(handler, bytes);
    } catch (err) {
      throw ErrInvalidProposal.wrap(`${typeUrl} does not decode: ${(err as Error).message}`);
    }
    const signers = handler.signers(msg);
    if (signers.length !== 1 || !sameAccAddress(signers[0], GOV_AUTHORITY)) {
      throw ErrUnauthorized.wrap(`${typeUrl} must be signed by the gov authority ${GOV_AUTHORITY} alone, not ${signers.join(", ")}`);
    }
    handler.checkStateless(msg);
    return { handler, msg };
  }

  /** Proposals carry only the message types governance listed in proposal_messages; checked at submission and execution. */
  assertAllowed(state: KVReader, typeUrl: string): void {
    const allowed = this.params(state).proposal_messages;
    if (!allowed.includes(typeUrl)) throw ErrInvalidProposal.wrap(`${typeUrl} is not in proposal_messages (${allowed.join(", ")})`);
  }

  /**
   * A proposal that changes circuit or gov params carries nothing else: guardians may not veto it, and that
   * must not shelter any other change bundled with it.
   */
  checkGovernanceOnly(messages: Array<{ typeUrl: string; msg: unknown }>): void {
    const governs = messages.map(({ typeUrl, msg }) => changesGovernance(typeUrl, msg));
    if (governs.includes(true) && governs.includes(false)) {
      throw ErrInvalidProposal.wrap("changes to circuit or gov params go in a proposal of their own, which guardians cannot veto");
    }
  }

  /** Whether each message would apply to the current state: run at submission so a typo fails then, not after the vote. */
  checkMessagesNow(ctx: Context, messages: StoredProposal["messages"]): void {
    const probe = withStore(ctx, new Branch(ctx.store), []);
    for (const { type_url: typeUrl, value } of messages) {
      const { handler, msg } = this.decodeMessage(typeUrl, Buffer.from(value, "base64"));
      this.assertAllowed(ctx.store, typeUrl);
      handler.checkStateful(probe, msg);
    }
  }
}

function queueEntry(proposal: StoredProposal): { phase: Phase; endNs: bigint } | undefined {
  if (proposal.status === "deposit") return { phase: "deposit", endNs: BigInt(proposal.deposit_end_time_ns) };
  if (proposal.status === "voting") return { phase: "voting", endNs: BigInt(proposal.voting_end_time_ns) };
  if (proposal.status === "passed") return { phase: "timelock", endNs: BigInt(proposal.timelock_end_time_ns) };
  return undefined;
}
