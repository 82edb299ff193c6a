import { toAccAddress, valoperBytes } from "../../app/address";
import type { MsgHandler } from "../../app/module";
import { optchain } from "../../proto/gen/optchain";
import { ErrJailTimeNotPassed, ErrNoValidator, ErrStakeTooLowToUnjail, ErrTombstoned, ErrValidatorNotJailed } from "./errors";
import type { SlashableValidators } from "./expected";
import type { SlashingKeeper } from "./keeper";

const pb = optchain.slashing.v1;
type MsgUnjail = optchain.slashing.v1.MsgUnjail;

export function msgUnjailHandler(keeper: SlashingKeeper, staking: SlashableValidators): MsgHandler<MsgUnjail> {
  return {
    typeUrl: "/optchain.slashing.v1.MsgUnjail",
    responseTypeUrl: "/optchain.slashing.v1.MsgUnjailResponse",
    codec: pb.MsgUnjail,
    signers: (msg) => [toAccAddress(valoperBytes(msg.validatorAddr))],
    checkStateless(msg) {
      valoperBytes(msg.validatorAddr);
    },
    checkStateful(ctx, msg) {
      const operator = valoperBytes(msg.validatorAddr);
      const record = staking.validator(ctx.store, operator);
      if (!record) throw ErrNoValidator.wrap(`validator ${msg.validatorAddr}`);
      const info = keeper.signingInfo(ctx.store, operator);
      if (info?.tombstoned) throw ErrTombstoned.wrap(`validator ${msg.validatorAddr}`);
      if (!record.jailed) throw ErrValidatorNotJailed.wrap(`validator ${msg.validatorAddr}${keeper.isJailPending(ctx.store, operator) ? " (its jail is pending)" : ""}`);
      const until = BigInt(info?.jailed_until_ns ?? "0");
      if (ctx.timeNs < until) throw ErrJailTimeNotPassed.wrap(`validator ${msg.validatorAddr} is jailed until ${until} ns (block time ${ctx.timeNs})`);
      if (staking.power(ctx.store, { tokens: record.tokens, jailed: false }) === 0n) {
        throw ErrStakeTooLowToUnjail.wrap(`validator ${msg.validatorAddr} has ${record.tokens} tokens, less than one unit of voting power`);
      }
      if (staking.selfDelegationBelowMin(ctx.store, operator)) {
        throw ErrStakeTooLowToUnjail.wrap(`the operator's own stake in ${msg.validatorAddr} is below its min_self_delegation`);
      }
    },
    execute(ctx, msg) {
      keeper.unjail(ctx, valoperBytes(msg.validatorAddr));
      return pb.MsgUnjailResponse.encode({}).finish();
    },
  };
}
