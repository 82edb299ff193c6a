import { MsgCancelUpgrade, MsgCancelUpgradeResponse, MsgSoftwareUpgrade, MsgSoftwareUpgradeResponse } from "cosmjs-types/cosmos/upgrade/v1beta1/tx";
import { accAddressBytes, sameAccAddress } from "../../app/address";
import type { MsgHandler } from "../../app/module";
import { ErrUnauthorized } from "./errors";
import type { UpgradeKeeper } from "./keeper";

function checkAuthority(signer: string, authority: string): void {
  if (!sameAccAddress(signer, authority)) throw ErrUnauthorized.wrap(`${signer} is not ${authority}`);
}

/** Only a passed governance proposal signs as `authority`, so an upgrade is always the chain's decision. */
export function msgSoftwareUpgradeHandler(keeper: UpgradeKeeper, authority: string): MsgHandler<MsgSoftwareUpgrade> {
  return {
    typeUrl: "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade",
    responseTypeUrl: "/cosmos.upgrade.v1beta1.MsgSoftwareUpgradeResponse",
    codec: MsgSoftwareUpgrade,
    signers: (msg) => [msg.authority],
    checkStateless(msg) {
      accAddressBytes(msg.authority);
      keeper.validatePlan(msg.plan);
    },
    checkStateful(ctx, msg) {
      checkAuthority(msg.authority, authority);
      keeper.validatePlan(msg.plan);
      keeper.checkSchedule(ctx.store, ctx.height, msg.plan);
    },
    execute(ctx, msg) {
      keeper.validatePlan(msg.plan);
      keeper.schedule(ctx, msg.plan);
      return MsgSoftwareUpgradeResponse.encode({}).finish();
    },
  };
}

export function msgCancelUpgradeHandler(keeper: UpgradeKeeper, authority: string): MsgHandler<MsgCancelUpgrade> {
  return {
    typeUrl: "/cosmos.upgrade.v1beta1.MsgCancelUpgrade",
    responseTypeUrl: "/cosmos.upgrade.v1beta1.MsgCancelUpgradeResponse",
    codec: MsgCancelUpgrade,
    signers: (msg) => [msg.authority],
    checkStateless(msg) {
      accAddressBytes(msg.authority);
    },
    checkStateful(_ctx, msg) {
      checkAuthority(msg.authority, authority);
    },
    execute(ctx) {
      keeper.cancel(ctx);
      return MsgCancelUpgradeResponse.encode({}).finish();
    },
  };
}
