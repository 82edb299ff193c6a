import { PubKey } from "cosmjs-types/cosmos/crypto/secp256k1/keys";
import { BaseAccount } from "cosmjs-types/cosmos/auth/v1beta1/auth";
import { accAddressBytes, toAccAddress } from "../../app/address";
import type { AppModule } from "../../app/module";
import { ErrInvalidGenesis } from "./errors";
import { NEXT_ACCOUNT_NUMBER_KEY } from "./keys";
import { SECP256K1_PUBKEY_TYPE, allAccounts, getAccount, getParams, secp256k1PubkeyOf, setAccount, setParams } from "./keeper";
import { DEFAULT_PARAMS, type AuthParams } from "./params";
import { queryAccount } from "./queries";

export interface AuthGenesis {
  params: AuthParams;
  accounts: Array<{ address: string; account_number: string; sequence: string; pub_key?: string }>;
}

export const authModule: AppModule = {
  name: "auth",
  msgs: [],
  queries: { "/cosmos.auth.v1beta1.Query/Account": queryAccount },

  initGenesis(ctx, raw) {
    const genesis = (raw ?? {}) as Partial<AuthGenesis>;
    setParams(ctx.store, { ...DEFAULT_PARAMS, ...(genesis.params ?? {}) });
    let next = 0n;
    const seen = new Set<bigint>();
    for (const entry of genesis.accounts ?? []) {
      const number = BigInt(entry.account_number);
      if (seen.has(number)) throw ErrInvalidGenesis.wrap(`account number ${number} used twice`);
      seen.add(number);
      const address = accAddressBytes(entry.address);
      if (getAccount(ctx.store, address)) throw ErrInvalidGenesis.wrap(`account ${entry.address} listed twice`);
      setAccount(
        ctx.store,
        address,
        BaseAccount.fromPartial({
          address: toAccAddress(address),
          accountNumber: number,
          sequence: BigInt(entry.sequence),
          pubKey: entry.pub_key
            ? { typeUrl: SECP256K1_PUBKEY_TYPE, value: PubKey.encode({ key: Buffer.from(entry.pub_key, "base64") }).finish() }
            : undefined,
        }),
      );
      if (number >= next) next = number + 1n;
    }
    ctx.store.set(NEXT_ACCOUNT_NUMBER_KEY, Buffer.from(next.toString(), "utf8"));
  },

  exportGenesis(state): AuthGenesis {
    return {
      params: getParams(state),
      accounts: allAccounts(state).map((account) => {
        const pubkey = secp256k1PubkeyOf(account);
        return {
          address: account.address,
          account_number: account.accountNumber.toString(),
          sequence: account.sequence.toString(),
          ...(pubkey ? { pub_key: Buffer.from(pubkey).toString("base64") } : {}),
        };
      }),
    };
  },
};
