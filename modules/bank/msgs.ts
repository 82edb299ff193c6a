import { MsgSend, MsgSendResponse } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { type AddressSet, accAddressBytes } from "../../app/address";
import { parseCoins } from "../../app/coins";
import type { MsgHandler } from "../../app/module";
import { MSG_SEND } from "../../app/tx/canonical";
import { ErrBlockedAddress, ErrSendDisabled } from "./errors";
import type { BankKeeper } from "./keeper";

export function msgSendHandler(keeper: BankKeeper, blocked: AddressSet): MsgHandler<MsgSend> {
  return {
    typeUrl: "/cosmos.bank.v1beta1.MsgSend",
    responseTypeUrl: "/cosmos.bank.v1beta1.MsgSendResponse",
    codec: MsgSend,
    schema: MSG_SEND,
    signers: (msg) => [msg.fromAddress],
    checkStateless(msg) {
      accAddressBytes(msg.fromAddress);
      const recipient = accAddressBytes(msg.toAddress);
      parseCoins(msg.amount);
      if (blocked.has(recipient)) throw ErrBlockedAddress.wrap(`${msg.toAddress} is not allowed to receive funds`);
    },
    checkStateful(ctx) {
      if (!keeper.params(ctx.store).default_send_enabled) throw ErrSendDisabled.wrap("bank sends are switched off by params");
    },
    execute(ctx, msg) {
      // A mempool check's events are dropped (app.ts), so the transfer's are not built there.
      keeper.send(ctx.store, ctx.mode === "check" ? undefined : ctx.events, accAddressBytes(msg.fromAddress), accAddressBytes(msg.toAddress), parseCoins(msg.amount));
      return MsgSendResponse.encode({}).finish();
    },
  };
}
