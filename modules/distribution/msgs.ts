import {
  MsgFundCommunityPool,
  MsgFundCommunityPoolResponse,
  MsgSetWithdrawAddress,
  MsgSetWithdrawAddressResponse,
  MsgWithdrawDelegatorReward,
  MsgWithdrawDelegatorRewardResponse,
  MsgWithdrawValidatorCommission,
  MsgWithdrawValidatorCommissionResponse,
} from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { accAddressBytes, toAccAddress, valoperBytes } from "../../app/address";
import { parseCoins } from "../../app/coins";
import type { MsgHandler } from "../../app/module";
import type { DistributionKeeper } from "./keeper";

const toProtoCoins = (coins: Array<{ denom: string; amount: bigint }>) => coins.map((c) => ({ denom: c.denom, amount: c.amount.toString() }));

/** The delegator signs; the validator and delegation must exist (checked in the keeper, before any write). */
export function msgWithdrawDelegatorRewardHandler(keeper: DistributionKeeper): MsgHandler<MsgWithdrawDelegatorReward> {
  return {
    typeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward",
    responseTypeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawDelegatorRewardResponse",
    codec: MsgWithdrawDelegatorReward,
    signers: (msg) => [msg.delegatorAddress],
    checkStateless(msg) {
      accAddressBytes(msg.delegatorAddress);
      valoperBytes(msg.validatorAddress);
    },
    checkStateful(ctx, msg) {
      keeper.mustHaveDelegation(ctx.store, accAddressBytes(msg.delegatorAddress), valoperBytes(msg.validatorAddress));
    },
    execute(ctx, msg) {
      const coins = keeper.withdrawAndRestart(ctx, valoperBytes(msg.validatorAddress), accAddressBytes(msg.delegatorAddress));
      return MsgWithdrawDelegatorRewardResponse.encode({ amount: toProtoCoins(coins) }).finish();
    },
  };
}

/** Only the operator's own account signs for its commission: the signer is derived from the valoper bytes. */
export function msgWithdrawValidatorCommissionHandler(keeper: DistributionKeeper): MsgHandler<MsgWithdrawValidatorCommission> {
  return {
    typeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawValidatorCommission",
    responseTypeUrl: "/cosmos.distribution.v1beta1.MsgWithdrawValidatorCommissionResponse",
    codec: MsgWithdrawValidatorCommission,
    signers: (msg) => [toAccAddress(valoperBytes(msg.validatorAddress))],
    checkStateless(msg) {
      valoperBytes(msg.validatorAddress);
    },
    checkStateful() {},
    execute(ctx, msg) {
      const coins = keeper.withdrawValidatorCommission(ctx, valoperBytes(msg.validatorAddress));
      return MsgWithdrawValidatorCommissionResponse.encode({ amount: toProtoCoins(coins) }).finish();
    },
  };
}

export function msgSetWithdrawAddressHandler(keeper: DistributionKeeper): MsgHandler<MsgSetWithdrawAddress> {
  return {
    typeUrl: "/cosmos.distribution.v1beta1.MsgSetWithdrawAddress",
    responseTypeUrl: "/cosmos.distribution.v1beta1.MsgSetWithdrawAddressResponse",
    codec: MsgSetWithdrawAddress,
    signers: (msg) => [msg.delegatorAddress],
    checkStateless(msg) {
      accAddressBytes(msg.delegatorAddress);
      keeper.checkWithdrawAddress(accAddressBytes(msg.withdrawAddress));
    },
    checkStateful(ctx) {
      keeper.checkWithdrawAddressEnabled(ctx.store);
    },
    execute(ctx, msg) {
      keeper.setWithdrawAddress(ctx, accAddressBytes(msg.delegatorAddress), accAddressBytes(msg.withdrawAddress));
      return MsgSetWithdrawAddressResponse.encode({}).finish();
    },
  };
}

export function msgFundCommunityPoolHandler(keeper: DistributionKeeper): MsgHandler<MsgFundCommunityPool> {
  return {
    typeUrl: "/cosmos.distribution.v1beta1.MsgFundCommunityPool",
    responseTypeUrl: "/cosmos.distribution.v1beta1.MsgFundCommunityPoolResponse",
    codec: MsgFundCommunityPool,
    signers: (msg) => [msg.depositor],
    checkStateless(msg) {
      accAddressBytes(msg.depositor);
      parseCoins(msg.amount);
    },
    checkStateful() {},
    execute(ctx, msg) {
      keeper.fundCommunityPool(ctx, accAddressBytes(msg.depositor), parseCoins(msg.amount));
      return MsgFundCommunityPoolResponse.encode({}).finish();
    },
  };
}
