import { toValoper, valoperBytes } from "../../app/address";
import type { AppModule } from "../../app/module";
import { NEXT_JAIL_ID_KEY, NEXT_SLASH_ID_KEY } from "./keys";
import { ErrInvalidGenesis } from "./errors";
import type { SlashableValidators } from "./expected";
import type { SlashingKeeper, StoredPendingJail, StoredSigningInfo, StoredSlash } from "./keeper";
import { msgUnjailHandler } from "./msgs";
import { DEFAULT_PARAMS, type SlashingParams } from "./params";
import { slashingQueries } from "./queries";

export interface SlashingGenesis {
  params: SlashingParams;
  signing_infos: Array<{ validator: string } & StoredSigningInfo>;
  /** base64 of each validator's missed-blocks bitmap */
  missed_bitmaps: Array<{ validator: string; bitmap: string }>;
  slashes: StoredSlash[];
  next_slash_id: number;
  jail_queue: StoredPendingJail[];
  next_jail_id: number;
}

export function slashingModule(keeper: SlashingKeeper, staking: SlashableValidators): AppModule {
  return {
    name: "slashing",
    msgs: [msgUnjailHandler(keeper, staking)],
    queries: slashingQueries(keeper, staking),

    initGenesis(ctx, raw) {
      const genesis = (raw ?? {}) as Partial<SlashingGenesis>;
      keeper.setParams(ctx.store, { ...DEFAULT_PARAMS, ...(genesis.params ?? {}) });
      for (const { validator, ...info } of genesis.signing_infos ?? []) keeper.setSigningInfo(ctx.store, valoperBytes(validator), info);
      for (const { validator, bitmap } of genesis.missed_bitmaps ?? []) keeper.setMissedBitmap(ctx.store, valoperBytes(validator), Buffer.from(bitmap, "base64"));
      let lastSlash = 0;
      for (const record of genesis.slashes ?? []) {
        if (!Number.isSafeInteger(record.id) || record.id <= lastSlash) throw ErrInvalidGenesis.wrap(`slash ids must increase, got ${record.id} after ${lastSlash}`);
        valoperBytes(record.validator);
        keeper.addSlashRecord(ctx.store, record);
        lastSlash = record.id;
      }
      let lastJail = 0;
      for (const entry of genesis.jail_queue ?? []) {
        if (!Number.isSafeInteger(entry.id) || entry.id <= lastJail) throw ErrInvalidGenesis.wrap(`jail queue ids must increase, got ${entry.id} after ${lastJail}`);
        keeper.enqueueJail(ctx.store, valoperBytes(entry.validator), entry);
        lastJail = entry.id;
      }
      const nextSlash = genesis.next_slash_id ?? lastSlash + 1;
      const nextJail = genesis.next_jail_id ?? lastJail + 1;
      if (nextSlash <= lastSlash || nextJail <= lastJail) throw ErrInvalidGenesis.wrap("next ids must be above every id in use");
      keeper.setNextId(ctx.store, NEXT_SLASH_ID_KEY, nextSlash);
      keeper.setNextId(ctx.store, NEXT_JAIL_ID_KEY, nextJail);
    },

    exportGenesis(state): SlashingGenesis {
      return {
        params: keeper.params(state),
        signing_infos: keeper.signingInfos(state).map(({ operator, info }) => ({ validator: toValoper(operator), ...info })),
        missed_bitmaps: keeper.missedBitmaps(state).map(({ operator, bitmap }) => ({ validator: toValoper(operator), bitmap: Buffer.from(bitmap).toString("base64") })),
        slashes: keeper.slashHistory(state),
        next_slash_id: keeper.nextId(state, NEXT_SLASH_ID_KEY),
        jail_queue: keeper.jailQueue(state),
        next_jail_id: keeper.nextId(state, NEXT_JAIL_ID_KEY),
      };
    },

    beginBlock(ctx, block) {
      keeper.handleCommit(ctx, block.decidedLastCommit?.votes ?? []);
      keeper.handleMisbehavior(ctx, block.misbehavior ?? []);
    },

    endBlock(ctx) {
      keeper.processJailQueue(ctx);
    },
  };
}
