import { accAddressBytes, sameAccAddress } from "../../app/address";
import { parseCoins } from "../../app/coins";
import type { MsgHandler } from "../../app/module";
import { MAX_PARAMS_DEPTH, parseBoundedJson } from "../../app/params";
import { Branch } from "../../app/store/branch";
import type { KVReader } from "../../app/store/types";
import { optchain } from "../../proto/gen/optchain";
import { ErrInvalidChanges, ErrInvalidProposal, ErrInvalidVote, ErrUnauthorized, ErrUnknownModule } from "./errors";
import * as events from "./events";
import type { ParamsStore } from "./expected";
import { GOV_AUTHORITY, type GovKeeper, VOTE_OPTIONS, type VoteOption } from "./keeper";

const pb = optchain.gov.v1;
type MsgSubmitProposal = ReturnType<typeof pb.MsgSubmitProposal.decode>;
type MsgDeposit = ReturnType<typeof pb.MsgDeposit.decode>;
type MsgVote = ReturnType<typeof pb.MsgVote.decode>;
type MsgUpdateParams = ReturnType<typeof pb.MsgUpdateParams.decode>;

const MAX_TITLE = 140;
const MAX_SUMMARY = 10_000;
const MAX_CHANGES_BYTES = 65_536;

const storedMessages = (msg: MsgSubmitProposal) => msg.messages.map((any) => ({ type_url: any.typeUrl ?? "", value: Buffer.from(any.value ?? new Uint8Array()).toString("base64") }));

export function msgSubmitProposalHandler(keeper: GovKeeper): MsgHandler<MsgSubmitProposal> {
  return {
    typeUrl: "/optchain.gov.v1.MsgSubmitProposal",
    responseTypeUrl: "/optchain.gov.v1.MsgSubmitProposalResponse",
    codec: pb.MsgSubmitProposal,
    signers: (msg) => [msg.proposer],
    checkStateless(msg) {
      accAddressBytes(msg.proposer);
      if (msg.title.trim() === "" || msg.title.length > MAX_TITLE) throw ErrInvalidProposal.wrap(`title must have 1 to ${MAX_TITLE} characters`);
      if (msg.summary.length > MAX_SUMMARY) throw ErrInvalidProposal.wrap(`summary is longer than ${MAX_SUMMARY} characters`);
      if (msg.messages.length === 0) throw ErrInvalidProposal.wrap("a proposal needs at least one message");
      parseCoins(msg.initialDeposit.map((coin) => ({ denom: coin.denom ?? "", amount: coin.amount ?? "" })), true);
      keeper.checkGovernanceOnly(storedMessages(msg).map(({ type_url: typeUrl, value }) => ({ typeUrl, msg: keeper.decodeMessage(typeUrl, Buffer.from(value, "base64")).msg })));
    },
    checkStateful(ctx, msg) {
      const max = keeper.params(ctx.store).max_messages;
      if (msg.messages.length > max) throw ErrInvalidProposal.wrap(`${msg.messages.length} messages, at most ${max}`);
      const deposit = parseCoins(msg.initialDeposit.map((coin) => ({ denom: coin.denom ?? "", amount: coin.amount ?? "" })), true);
      keeper.checkDepositDenoms(ctx.store, deposit);
      keeper.checkInitialDeposit(ctx.store, deposit);
      keeper.checkMessagesNow(ctx, storedMessages(msg));
    },
    execute(ctx, msg) {
      const deposit = parseCoins(msg.initialDeposit.map((coin) => ({ denom: coin.denom ?? "", amount: coin.amount ?? "" })), true);
      const id = keeper.submit(ctx, msg.proposer, storedMessages(msg), deposit, msg.title, msg.summary);
      return pb.MsgSubmitProposalResponse.encode({ proposalId: Number(id) }).finish();
    },
  };
}

export function msgDepositHandler(keeper: GovKeeper): MsgHandler<MsgDeposit> {
  const amountOf = (msg: MsgDeposit) => parseCoins(msg.amount.map((coin) => ({ denom: coin.denom ?? "", amount: coin.amount ?? "" })));
  return {
    typeUrl: "/optchain.gov.v1.MsgDeposit",
    responseTypeUrl: "/optchain.gov.v1.MsgDepositResponse",
    codec: pb.MsgDeposit,
    signers: (msg) => [msg.depositor],
    checkStateless(msg) {
      accAddressBytes(msg.depositor);
      amountOf(msg);
    },
    checkStateful(ctx, msg) {
      keeper.checkDepositDenoms(ctx.store, amountOf(msg));
      keeper.assertAcceptsDeposits(ctx, BigInt(msg.proposalId));
    },
    execute(ctx, msg) {
      keeper.addDepositTo(ctx, BigInt(msg.proposalId), msg.depositor, amountOf(msg));
      return pb.MsgDepositResponse.encode({}).finish();
    },
  };
}

export function msgVoteHandler(keeper: GovKeeper): MsgHandler<MsgVote> {
  return {
    typeUrl: "/optchain.gov.v1.MsgVote",
    responseTypeUrl: "/optchain.gov.v1.MsgVoteResponse",
    codec: pb.MsgVote,
    signers: (msg) => [msg.voter],
    checkStateless(msg) {
      accAddressBytes(msg.voter);
      if (!(msg.option in VOTE_OPTIONS)) throw ErrInvalidVote.wrap(`option ${msg.option}; use 1 yes, 2 abstain, 3 no, 4 no_with_veto`);
    },
    checkStateful(ctx, msg) {
      keeper.assertCanVote(ctx, BigInt(msg.proposalId), msg.voter);
    },
    execute(ctx, msg) {
      keeper.vote(ctx, BigInt(msg.proposalId), msg.voter, msg.option as VoteOption);
      return pb.MsgVoteResponse.encode({}).finish();
    },
  };
}

/** The module's params with `changes` applied; every changed field must already exist. */
export function mergedParams(store: ParamsStore, state: KVReader, changesJson: string, module: string): object {
  const current = store.params(state) as Record<string, unknown>;
  const changes = parseChanges(changesJson);
  const merged: Record<string, unknown> = { ...current };
  for (const field of Object.keys(changes).sort()) {
    if (!Object.prototype.hasOwnProperty.call(current, field)) throw ErrInvalidChanges.wrap(`${module} has no param ${JSON.stringify(field)}`);
    merged[field] = changes[field];
  }
  return merged;
}

function parseChanges(text: string): Record<string, unknown> {
  const changes = parseBoundedJson(text, MAX_CHANGES_BYTES, MAX_PARAMS_DEPTH, ErrInvalidChanges, "changes");
  if (typeof changes !== "object" || changes === null || Array.isArray(changes) || Object.keys(changes).length === 0) {
    throw ErrInvalidChanges.wrap("changes must be a JSON object naming at least one param");
  }
  return changes as Record<string, unknown>;
}

/**
 * Changes any module's params, each through that module's own setParams (and so its validateParams). Signed
 * by the gov authority, so it only ever runs inside a passed proposal after its timelock.
 */
export function msgUpdateParamsHandler(paramStores: Readonly<Record<string, ParamsStore>>): MsgHandler<MsgUpdateParams> {
  const storeOf = (module: string) => {
    if (!Object.prototype.hasOwnProperty.call(paramStores, module)) {
      throw ErrUnknownModule.wrap(`${JSON.stringify(module)}; known: ${Object.keys(paramStores).sort().join(", ")}`);
    }
    return paramStores[module];
  };
  return {
    typeUrl: "/optchain.gov.v1.MsgUpdateParams",
    responseTypeUrl: "/optchain.gov.v1.MsgUpdateParamsResponse",
    codec: pb.MsgUpdateParams,
    signers: (msg) => [msg.authority],
    checkStateless(msg) {
      accAddressBytes(msg.authority);
      storeOf(msg.module);
      parseChanges(msg.changes);
    },
    checkStateful(ctx, msg) {
      if (!sameAccAddress(msg.authority, GOV_AUTHORITY)) throw ErrUnauthorized.wrap(`${msg.authority} is not ${GOV_AUTHORITY}`);
      const store = storeOf(msg.module);
      // The module's own validation, on a branch that is dropped: checks write nothing.
      store.setParams(new Branch(ctx.store), mergedParams(store, ctx.store, msg.changes, msg.module));
    },
    execute(ctx, msg) {
      const store = storeOf(msg.module);
      store.setParams(ctx.store, mergedParams(store, ctx.store, msg.changes, msg.module));
      ctx.events.push(events.paramsUpdated(msg.module, msg.changes));
      return pb.MsgUpdateParamsResponse.encode({}).finish();
    },
  };
}
