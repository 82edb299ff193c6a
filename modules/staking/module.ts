import { consensusAddress, valoperBytes } from "../../app/address";
import { parseAmount } from "../../app/coins";
import type { AppModule } from "../../app/module";
import { ErrInvalidGenesis } from "./errors";
import { BONDED_POOL_ADDRESS, type StakingKeeper, type ValidatorRecord } from "./keeper";
import { DEFAULT_PARAMS, type StakingParams } from "./params";
import { stakingQueries } from "./queries";
import type { BalanceReader } from "./expected";

export interface StakingGenesis {
  params: StakingParams;
  validators: ValidatorRecord[];
}

export function stakingModule(keeper: StakingKeeper, bank: BalanceReader): AppModule {
  return {
    name: "staking",
    msgs: [],
    queries: stakingQueries(keeper),

    initGenesis(ctx, raw) {
      const genesis = (raw ?? {}) as Partial<StakingGenesis>;
      const params = { ...DEFAULT_PARAMS, ...(genesis.params ?? {}) };
      keeper.setParams(ctx.store, params);
      let bonded = 0n;
      const consensusKeys = new Set<string>();
      for (const record of genesis.validators ?? []) {
        const operator = valoperBytes(record.operator_address);
        const pubkey = Buffer.from(record.consensus_pubkey, "base64");
        if (pubkey.length !== 32) throw ErrInvalidGenesis.wrap(`validator ${record.operator_address}: consensus key must be 32 bytes of ed25519`);
        const consHex = Buffer.from(consensusAddress(pubkey)).toString("hex");
        if (consensusKeys.has(consHex)) throw ErrInvalidGenesis.wrap(`consensus key of ${record.operator_address} used twice`);
        consensusKeys.add(consHex);
        if (keeper.validator(ctx.store, operator)) throw ErrInvalidGenesis.wrap(`validator ${record.operator_address} listed twice`);
        bonded += parseAmount(record.tokens, `tokens of ${record.operator_address}`);
        keeper.setValidator(ctx.store, [], operator, {
          operator_address: record.operator_address,
          moniker: record.moniker ?? "",
          // Re-encoded: base64 decoding is lenient, and the stored key has one spelling like every address.
          consensus_pubkey: pubkey.toString("base64"),
          tokens: record.tokens,
          jailed: record.jailed ?? false,
        });
      }
      // The bonded pool must hold exactly the validators' tokens, or supply and stake would disagree.
      const pool = bank.balance(ctx.store, BONDED_POOL_ADDRESS, params.bond_denom);
      if (pool !== bonded) throw ErrInvalidGenesis.wrap(`bonded pool holds ${pool}${params.bond_denom} but validators have ${bonded}`);
      // InitChain reports the whole set itself, so nothing is pending after genesis.
      keeper.takePendingUpdates(ctx.store);
    },

    exportGenesis(state): StakingGenesis {
      return { params: keeper.params(state), validators: keeper.validators(state).map(({ record }) => record) };
    },

    endBlock(ctx) {
      return keeper.takePendingUpdates(ctx.store);
    },
  };
}
