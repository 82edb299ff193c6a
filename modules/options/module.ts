import { accAddressBytes, toAccAddress } from "../../app/address";
import { validateDenom } from "../../app/coins";
import { type Context, event, withStore } from "../../app/context";
import type { AppModule } from "../../app/module";
import { Branch } from "../../app/store/branch";
import type { KVReader } from "../../app/store/types";
import { everyAuction, setAuction } from "./auction";
import { processBackstopWithdrawals } from "./backstop";
import { ErrInvalidGenesis } from "./errors";
import {
  type OptionKind,
  type OptionsKeeper,
  type OrderRecord,
  type SeriesRecord,
  settlingFromStored,
  settlingToStored,
  type StoredSettling,
  type WithdrawalRecord,
} from "./keeper";
import { runLiquidations } from "./liquidation";
import { listSeries, optionsMsgs } from "./msgs";
import { DEFAULT_PARAMS, type OptionsParams } from "./params";
import { optionsQueries } from "./queries";
import { updateRealisedVol } from "./risk";
import { DEC_ONE } from "../../lib/fixed";
import { regimeFromStored, regimeToStored, type StoredRegime } from "../../lib/volatility";
import { runSettlements } from "./settlement";

export interface GenesisListing {
  underlying: string;
  strikes: string[];
  expiries_unix: number[];
  kinds: OptionKind[];
  contract_size: string;
}

export interface GenesisAccount {
  owner: string;
  collateral: Array<{ denom: string; amount: string }>;
  positions: Array<{ series_id: string; qty: string; cost: string }>;
}

export interface OptionsGenesis {
  params: OptionsParams;
  /** Grids to list at genesis as MsgListSeries would, after `series`; ids continue from the counters. */
  listings: GenesisListing[];
  series: SeriesRecord[];
  /** Margin accounts, the insurance fund's (owner = its address) included; the options module account must hold their sum. */
  accounts: GenesisAccount[];
  orders: OrderRecord[];
  backstop: { total_shares: string; shares: Array<{ owner: string; shares: string }>; withdrawals: WithdrawalRecord[] };
  /** Realised-vol EWMA per underlying, with the IM and MM regimes margin uses (absent before the first block). */
  volatility: Array<{ asset: string; variance: string; last_price: string; last_time_ns: string; samples: number; regime?: StoredRegime }>;
  settlement_waits: string[];
  /** Settlements under way (status settling): uusdc paid to longs and collected from shorts so far. */
  settling?: Array<{ series_id: string } & StoredSettling>;
  /** Accounts whose positions are up for a liquidation auction, with the height it started at. */
  auctions?: Array<{ owner: string; start_height: string }>;
  counters: { next_series_id: string; next_order_id: string; next_withdrawal_id: string };
}

const bigintOf = (text: string, what: string) => {
  if (!/^-?[0-9]{1,80}$/.test(text)) throw ErrInvalidGenesis.wrap(`${what} ${JSON.stringify(text)} is not an integer`);
  return BigInt(text);
};

/** Counters never hand out an id that genesis already used. */
const nextAbove = (ids: string[], current: bigint) => ids.reduce((max, id) => (BigInt(id) >= max ? BigInt(id) + 1n : max), current);

/**
 * One end-block phase on its own branch: a bug in one phase is reported as an event and leaves its writes
 * out, instead of throwing out of FinalizeBlock and halting the chain (DESIGN.md §3.4).
 */
function phase(ctx: Context, name: string, work: (phaseCtx: Context) => void): void {
  const branch = new Branch(ctx.store);
  const phaseCtx = withStore(ctx, branch, []);
  try {
    work(phaseCtx);
  } catch (err) {
    ctx.events.push(event("options_block_error", { phase: name, error: err instanceof Error ? err.message : String(err) }));
    return;
  }
  branch.write();
  ctx.events.push(...phaseCtx.events);
}

export function optionsModule(keeper: OptionsKeeper): AppModule {
  return {
    name: "options",
    msgs: optionsMsgs(keeper),
    queries: optionsQueries(keeper),

    initGenesis(ctx, raw) {
      const genesis = (raw ?? {}) as Partial<OptionsGenesis>;
      keeper.setParams(ctx.store, { ...DEFAULT_PARAMS, ...(genesis.params ?? {}) });
      const counters = genesis.counters;
      if (counters) {
        keeper.setCounters(ctx.store, {
          series: bigintOf(counters.next_series_id, "next_series_id"),
          order: bigintOf(counters.next_order_id, "next_order_id"),
          withdrawal: bigintOf(counters.next_withdrawal_id, "next_withdrawal_id"),
        });
      }
      for (const record of genesis.series ?? []) {
        if (keeper.series(ctx.store, BigInt(record.id))) throw ErrInvalidGenesis.wrap(`series ${record.id} listed twice`);
        keeper.setSeries(ctx.store, record);
      }
      const afterSeries = keeper.counters(ctx.store);
      keeper.setCounters(ctx.store, { ...afterSeries, series: nextAbove(keeper.allSeries(ctx.store).map((s) => s.id), afterSeries.series) });
      for (const listing of genesis.listings ?? []) {
        listSeries(ctx, keeper, {
          underlying: listing.underlying,
          strikes: listing.strikes,
          expiriesUnix: listing.expiries_unix.map(BigInt),
          kinds: listing.kinds,
          contractSize: listing.contract_size,
        });
      }
      for (const account of genesis.accounts ?? []) {
        const owner = accAddressBytes(account.owner);
        for (const { denom, amount } of account.collateral) {
          validateDenom(denom);
          keeper.setCollateral(ctx.store, owner, denom, bigintOf(amount, `collateral of ${account.owner}`));
        }
        for (const position of account.positions) {
          const seriesId = bigintOf(position.series_id, "series_id");
          keeper.mustSeries(ctx.store, seriesId);
          keeper.setPosition(ctx.store, owner, seriesId, bigintOf(position.qty, "qty"), bigintOf(position.cost, "cost"));
        }
      }
      for (const order of genesis.orders ?? []) {
        keeper.mustSeries(ctx.store, BigInt(order.series_id));
        keeper.restOrder(ctx.store, order, accAddressBytes(order.owner));
      }
      const backstop = genesis.backstop;
      if (backstop) {
        keeper.setLpTotal(ctx.store, bigintOf(backstop.total_shares, "total_shares"));
        let owned = 0n;
        for (const { owner, shares } of backstop.shares) {
          keeper.setLpShares(ctx.store, accAddressBytes(owner), bigintOf(shares, "shares"));
          owned += BigInt(shares);
        }
        for (const withdrawal of backstop.withdrawals) {
          keeper.addWithdrawal(ctx.store, withdrawal);
          owned += bigintOf(withdrawal.shares, "withdrawal shares");
        }
        if (owned !== BigInt(backstop.total_shares)) throw ErrInvalidGenesis.wrap(`backstop shares sum to ${owned}, total_shares says ${backstop.total_shares}`);
      }
      for (const v of genesis.volatility ?? []) {
        const regime = v.regime && regimeFromStored(v.regime);
        if (regime && !(DEC_ONE <= regime.mm && regime.mm <= regime.im)) throw ErrInvalidGenesis.wrap(`regimes of ${v.asset}: need 1 <= mm <= im`);
        keeper.setEwma(ctx.store, v.asset, { variance: BigInt(v.variance), lastPrice: BigInt(v.last_price), lastTimeNs: BigInt(v.last_time_ns), samples: v.samples, regime });
      }
      for (const id of genesis.settlement_waits ?? []) keeper.setSettlementWaiting(ctx.store, bigintOf(id, "settlement wait"));
      for (const { series_id, ...stored } of genesis.settling ?? []) {
        for (const amount of [stored.paid, stored.collected, stored.shortfall, stored.longs_owed, stored.payable]) if (amount !== undefined) bigintOf(amount, "settling total");
        if (stored.collected_through !== undefined && !/^([0-9a-f]{2})+$/.test(stored.collected_through)) throw ErrInvalidGenesis.wrap("settling collected_through is not hex");
        keeper.setSettlingTotals(ctx.store, bigintOf(series_id, "settling series_id"), settlingFromStored(stored));
      }
      for (const { owner, start_height } of genesis.auctions ?? []) setAuction(ctx.store, accAddressBytes(owner), bigintOf(start_height, "auction start_height"));
      const next = keeper.counters(ctx.store);
      keeper.setCounters(ctx.store, {
        ...next,
        order: nextAbove(keeper.everyOrder(ctx.store).map((o) => o.id), next.order),
        withdrawal: nextAbove(keeper.withdrawals(ctx.store).map((w) => w.id), next.withdrawal),
      });
      const violations = keeper.invariantViolations(ctx.store);
      if (violations.length > 0) throw ErrInvalidGenesis.wrap(`options module balance does not match its accounts: ${violations.join("; ")}`);
    },

    exportGenesis(state: KVReader): OptionsGenesis {
      const accounts = new Map<string, GenesisAccount>();
      const accountOf = (owner: Uint8Array) => {
        const address = toAccAddress(owner);
        let entry = accounts.get(address);
        if (!entry) {
          entry = { owner: address, collateral: [], positions: [] };
          accounts.set(address, entry);
        }
        return entry;
      };
      for (const { owner, denom, amount } of keeper.everyCollateral(state)) accountOf(owner).collateral.push({ denom, amount: amount.toString() });
      for (const { owner, seriesId, qty, cost } of keeper.everyPosition(state)) {
        accountOf(owner).positions.push({ series_id: seriesId.toString(), qty: qty.toString(), cost: cost.toString() });
      }
      const counters = keeper.counters(state);
      return {
        params: keeper.params(state),
        listings: [],
        series: keeper.allSeries(state),
        accounts: [...accounts.keys()].sort().map((address) => accounts.get(address)!),
        orders: keeper.everyOrder(state),
        backstop: {
          total_shares: keeper.lpTotal(state).toString(),
          shares: keeper.everyLp(state).map(({ owner, shares }) => ({ owner: toAccAddress(owner), shares: shares.toString() })),
          withdrawals: keeper.withdrawals(state),
        },
        volatility: keeper.everyEwma(state).map(({ asset, state: v }) => ({
          asset,
          variance: v.variance.toString(),
          last_price: v.lastPrice.toString(),
          last_time_ns: v.lastTimeNs.toString(),
          samples: v.samples,
          ...(v.regime ? { regime: regimeToStored(v.regime) } : {}),
        })),
        settlement_waits: keeper.waitingSettlements(state).map(String),
        settling: keeper.everySettlingTotals(state).map(({ id, ...totals }) => ({ series_id: id.toString(), ...settlingToStored(totals) })),
        auctions: everyAuction(state).map(({ owner, startHeight }) => ({ owner: toAccAddress(owner), start_height: startHeight.toString() })),
        counters: { next_series_id: counters.series.toString(), next_order_id: counters.order.toString(), next_withdrawal_id: counters.withdrawal.toString() },
      };
    },

    // After the oracle's end-block (app.ts runs options after it): the volatility input first, then expiries,
    // then margin and liquidation on the new prices, then backstop payouts from what is left.
    endBlock(ctx) {
      phase(ctx, "volatility", (c) => updateRealisedVol(c.store, keeper, c.timeNs));
      phase(ctx, "settlement", (c) => runSettlements(c, keeper));
      phase(ctx, "liquidation", (c) => runLiquidations(c, keeper));
      phase(ctx, "backstop", (c) => processBackstopWithdrawals(c, keeper));
    },
  };
}
