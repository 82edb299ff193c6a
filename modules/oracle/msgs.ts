import { accAddressBytes, toAccAddress, valoperBytes } from "../../app/address";
import type { Context } from "../../app/context";
import type { MsgHandler } from "../../app/module";
import { optchain } from "../../proto/gen/optchain";
import {
  ErrDuplicatePrevote,
  ErrDuplicateVote,
  ErrFeederNotDelegated,
  ErrNoPrevote,
  ErrRevealPeriodMismatch,
  ErrUnknownAsset,
  ErrUnknownValidator,
  ErrValidatorNotActive,
  ErrVoteHashMismatch,
} from "./errors";
import * as events from "./events";
import type { ValidatorSet } from "./expected";
import { type OracleKeeper, votePeriodOf } from "./keeper";
import { aggregateVoteHash, parsePrices, validateHash, validateSalt } from "./vote";

const pb = optchain.oracle.v1;
type MsgDelegateFeedConsent = optchain.oracle.v1.MsgDelegateFeedConsent;
type MsgAggregatePricePrevote = optchain.oracle.v1.MsgAggregatePricePrevote;
type MsgAggregatePriceVote = optchain.oracle.v1.MsgAggregatePriceVote;

/** A vote counts only for a bonded, unjailed validator, cast by the feeder it chose. */
function checkVoter(ctx: Context, keeper: OracleKeeper, staking: ValidatorSet, validator: string, feeder: string): Uint8Array {
  const operator = valoperBytes(validator);
  const record = staking.validator(ctx.store, operator);
  if (!record) throw ErrUnknownValidator.wrap(`validator ${validator}`);
  if (staking.power(ctx.store, record) === 0n) throw ErrValidatorNotActive.wrap(`validator ${validator} is ${record.jailed ? "jailed" : "without voting power"}`);
  const allowed = keeper.feeder(ctx.store, operator);
  if (!Buffer.from(allowed).equals(Buffer.from(accAddressBytes(feeder)))) {
    throw ErrFeederNotDelegated.wrap(`${feeder} may not vote for ${validator}; its feeder is ${toAccAddress(allowed)}`);
  }
  return operator;
}

export function msgDelegateFeedConsentHandler(keeper: OracleKeeper, staking: ValidatorSet): MsgHandler<MsgDelegateFeedConsent> {
  return {
    typeUrl: "/optchain.oracle.v1.MsgDelegateFeedConsent",
    responseTypeUrl: "/optchain.oracle.v1.MsgDelegateFeedConsentResponse",
    codec: pb.MsgDelegateFeedConsent,
    signers: (msg) => [toAccAddress(valoperBytes(msg.operator))],
    checkStateless(msg) {
      valoperBytes(msg.operator);
      accAddressBytes(msg.delegate);
    },
    checkStateful(ctx, msg) {
      if (!staking.validator(ctx.store, valoperBytes(msg.operator))) throw ErrUnknownValidator.wrap(`validator ${msg.operator}`);
    },
    execute(ctx, msg) {
      keeper.setFeeder(ctx.store, valoperBytes(msg.operator), accAddressBytes(msg.delegate));
      ctx.events.push(events.feederDelegated(msg.operator, msg.delegate));
      return pb.MsgDelegateFeedConsentResponse.encode({}).finish();
    },
  };
}

export function msgAggregatePricePrevoteHandler(keeper: OracleKeeper, staking: ValidatorSet): MsgHandler<MsgAggregatePricePrevote> {
  return {
    typeUrl: "/optchain.oracle.v1.MsgAggregatePricePrevote",
    responseTypeUrl: "/optchain.oracle.v1.MsgAggregatePricePrevoteResponse",
    codec: pb.MsgAggregatePricePrevote,
    signers: (msg) => [msg.feeder],
    checkStateless(msg) {
      validateHash(msg.hash);
      accAddressBytes(msg.feeder);
      valoperBytes(msg.validator);
    },
    checkStateful(ctx, msg) {
      const operator = checkVoter(ctx, keeper, staking, msg.validator, msg.feeder);
      const period = votePeriodOf(ctx.height, keeper.params(ctx.store).vote_period);
      if (keeper.prevote(ctx.store, operator)?.period === period) throw ErrDuplicatePrevote.wrap(`${msg.validator} in period ${period}`);
    },
    execute(ctx, msg) {
      const operator = valoperBytes(msg.validator);
      const period = votePeriodOf(ctx.height, keeper.params(ctx.store).vote_period);
      keeper.setPrevote(ctx.store, operator, { hash: msg.hash, period, submit_height: Number(ctx.height) });
      ctx.events.push(events.prevote(msg.validator, msg.feeder, period));
      return pb.MsgAggregatePricePrevoteResponse.encode({}).finish();
    },
  };
}

export function msgAggregatePriceVoteHandler(keeper: OracleKeeper, staking: ValidatorSet): MsgHandler<MsgAggregatePriceVote> {
  return {
    typeUrl: "/optchain.oracle.v1.MsgAggregatePriceVote",
    responseTypeUrl: "/optchain.oracle.v1.MsgAggregatePriceVoteResponse",
    codec: pb.MsgAggregatePriceVote,
    signers: (msg) => [msg.feeder],
    checkStateless(msg) {
      validateSalt(msg.salt);
      parsePrices(msg.prices);
      accAddressBytes(msg.feeder);
      valoperBytes(msg.validator);
    },
    checkStateful(ctx, msg) {
      const operator = checkVoter(ctx, keeper, staking, msg.validator, msg.feeder);
      const period = votePeriodOf(ctx.height, keeper.params(ctx.store).vote_period);
      if (keeper.vote(ctx.store, operator)?.period === period) throw ErrDuplicateVote.wrap(`${msg.validator} in period ${period}`);
      const prevote = keeper.prevote(ctx.store, operator);
      if (!prevote) throw ErrNoPrevote.wrap(`${msg.validator} has no prevote`);
      if (prevote.period !== period - 1) {
        throw ErrRevealPeriodMismatch.wrap(`prevote of ${msg.validator} is from period ${prevote.period}, this block is in period ${period}`);
      }
      if (aggregateVoteHash(msg.salt, msg.prices, msg.validator) !== prevote.hash) {
        throw ErrVoteHashMismatch.wrap(`sha256("{salt}:{prices}:{validator}")[:20] of this reveal differs from ${prevote.hash}`);
      }
      for (const { asset } of parsePrices(msg.prices)) {
        if (!keeper.isWhitelisted(ctx.store, asset)) throw ErrUnknownAsset.wrap(`asset ${asset}`);
      }
    },
    execute(ctx, msg) {
      const operator = valoperBytes(msg.validator);
      const period = votePeriodOf(ctx.height, keeper.params(ctx.store).vote_period);
      keeper.setVote(ctx.store, operator, { period, prices: msg.prices });
      keeper.deletePrevote(ctx.store, operator);
      ctx.events.push(events.vote(msg.validator, msg.feeder, period, msg.prices));
      return pb.MsgAggregatePriceVoteResponse.encode({}).finish();
    },
  };
}
