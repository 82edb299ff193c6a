import { accAddressBytes } from "../../app/address";
import type { MsgHandler } from "../../app/module";
import { optchain } from "../../proto/gen/optchain";
import { ErrInvalidAction, ErrUnknownProposal } from "./errors";
import { type CircuitKeeper, type StoredAction, validateAction } from "./keeper";

const pb = optchain.circuit.v1;
type MsgGuardianPropose = ReturnType<typeof pb.MsgGuardianPropose.decode>;
type MsgGuardianApprove = ReturnType<typeof pb.MsgGuardianApprove.decode>;
const MAX_REASON = 512;

/** The stored form of a proto GuardianAction; exactly one action must be set. */
export function actionFromProto(action: optchain.circuit.v1.GuardianAction.$Properties | null | undefined): StoredAction {
  const base: StoredAction = { kind: "cancel_halt", type_urls: [], series_id: "0", underlying: "", height: "0", proposal_id: "0" };
  const set = [action?.tripBreaker, action?.resetBreaker, action?.freezeMarket, action?.unfreezeMarket, action?.haltChain, action?.cancelHalt, action?.vetoProposal].filter(
    (entry) => entry !== undefined && entry !== null,
  );
  if (!action || set.length !== 1) throw ErrInvalidAction.wrap("set exactly one action");
  const breaker = action.tripBreaker ?? action.resetBreaker;
  if (breaker) {
    return {
      ...base,
      kind: action.tripBreaker ? "trip_breaker" : "reset_breaker",
      type_urls: [...(breaker.typeUrls ?? [])],
      series_id: String(breaker.scope?.seriesId ?? 0),
      underlying: breaker.scope?.underlying ?? "",
    };
  }
  if (action.freezeMarket) return { ...base, kind: "freeze_market", underlying: action.freezeMarket.underlying ?? "" };
  if (action.unfreezeMarket) return { ...base, kind: "unfreeze_market", underlying: action.unfreezeMarket.underlying ?? "" };
  if (action.haltChain) return { ...base, kind: "halt_chain", height: String(action.haltChain.height ?? 0) };
  if (action.vetoProposal) return { ...base, kind: "veto_proposal", proposal_id: String(action.vetoProposal.proposalId ?? 0) };
  return base;
}

export function actionToProto(action: StoredAction): optchain.circuit.v1.GuardianAction {
  const scope = { seriesId: Number(action.series_id), underlying: action.underlying };
  switch (action.kind) {
    case "trip_breaker":
      return pb.GuardianAction.create({ tripBreaker: { typeUrls: action.type_urls, scope } });
    case "reset_breaker":
      return pb.GuardianAction.create({ resetBreaker: { typeUrls: action.type_urls, scope } });
    case "freeze_market":
      return pb.GuardianAction.create({ freezeMarket: { underlying: action.underlying } });
    case "unfreeze_market":
      return pb.GuardianAction.create({ unfreezeMarket: { underlying: action.underlying } });
    case "halt_chain":
      return pb.GuardianAction.create({ haltChain: { height: Number(action.height) } });
    case "cancel_halt":
      return pb.GuardianAction.create({ cancelHalt: {} });
    case "veto_proposal":
      return pb.GuardianAction.create({ vetoProposal: { proposalId: Number(action.proposal_id) } });
  }
}

export function msgGuardianProposeHandler(keeper: CircuitKeeper): MsgHandler<MsgGuardianPropose> {
  return {
    typeUrl: "/optchain.circuit.v1.MsgGuardianPropose",
    responseTypeUrl: "/optchain.circuit.v1.MsgGuardianProposeResponse",
    codec: pb.MsgGuardianPropose,
    signers: (msg) => [msg.guardian],
    checkStateless(msg) {
      accAddressBytes(msg.guardian);
      validateAction(actionFromProto(msg.action));
      if (msg.reason.length > MAX_REASON) throw ErrInvalidAction.wrap(`reason is longer than ${MAX_REASON} characters`);
    },
    checkStateful(ctx, msg) {
      keeper.assertGuardian(ctx.store, msg.guardian);
      keeper.checkAction(ctx, actionFromProto(msg.action));
    },
    execute(ctx, msg) {
      const { id, executed } = keeper.propose(ctx, msg.guardian, actionFromProto(msg.action), msg.reason);
      return pb.MsgGuardianProposeResponse.encode({ proposalId: Number(id), executed }).finish();
    },
  };
}

export function msgGuardianApproveHandler(keeper: CircuitKeeper): MsgHandler<MsgGuardianApprove> {
  return {
    typeUrl: "/optchain.circuit.v1.MsgGuardianApprove",
    responseTypeUrl: "/optchain.circuit.v1.MsgGuardianApproveResponse",
    codec: pb.MsgGuardianApprove,
    signers: (msg) => [msg.guardian],
    checkStateless(msg) {
      accAddressBytes(msg.guardian);
      if (!(msg.proposalId > 0)) throw ErrUnknownProposal.wrap("proposal_id must be positive");
    },
    checkStateful(ctx, msg) {
      keeper.assertGuardian(ctx.store, msg.guardian);
      keeper.approvable(ctx, msg.guardian, BigInt(msg.proposalId));
    },
    execute(ctx, msg) {
      const executed = keeper.approve(ctx, msg.guardian, BigInt(msg.proposalId));
      return pb.MsgGuardianApproveResponse.encode({ executed }).finish();
    },
  };
}
