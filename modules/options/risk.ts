import { toAccAddress } from "../../app/address";
import { COLLATERAL_DENOM } from "../../app/config";
import type { KVReader, KVStore } from "../../app/store/types";
import { type Dec, DEC_ONE, decFromString, decMul, divRound, maxBig, minBig, mulIntByDec } from "../../lib/fixed";
import { countedAmount, effectiveHaircut, realisedVol } from "../../lib/collateral";
import { type AccountMargin, type Holding, MissingMarketError, type OptionSeries, RiskEngine, type UnderlyingRisk } from "../../lib/margin";
import { DEFAULT_MAX_SMILE_MULTIPLE, smileCallAsset, smileFromVotes, smilePutAsset } from "../../lib/smile";
import { advanceRegime, chooseVol, currentRealisedVol, ewmaUpdate, marginVolAt, type VolChoice, volFromVariance } from "../../lib/volatility";
import type { OptionsKeeper, SeriesRecord } from "./keeper";
import { type OptionsParams, type ParsedParams, parseParams } from "./params";

/** Implied vol is voted into the oracle like a price, under this name. */
export const impliedVolAsset = (underlying: string) => `${underlying}-IV`;

export interface UnderlyingMarket {
  /** At the IM regime: marks, IM and the engine everything but MM uses. */
  risk: UnderlyingRisk;
  /** At the MM regime, which follows a rise only after it has held (the same object when the two agree). */
  mmRisk: UnderlyingRisk;
  choice: VolChoice;
}

/**
 * Which prices a Market values at: the oracle's latest tallies, or for liquidation the circuit's confirmed
 * ones — so a single jumped print, which the breaker has not confirmed yet, liquidates nobody.
 */
export type SpotSource = "latest" | "confirmed";

/** How collateral is priced: by the Market's source, or at the lower of latest and confirmed (withdrawals). */
export type CollateralPricing = "source" | "lower";

/**
 * The market as of one block time: oracle spots, the volatility choice per underlying and the risk engine
 * built on them. One per tx, query or block hook; everything it caches is a function of the state it reads.
 */
export class Market {
  readonly params: OptionsParams;
  readonly parsed: ParsedParams;
  readonly engine: RiskEngine;
  private mmEngineAtLag?: RiskEngine;
  private readonly underlyings = new Map<string, UnderlyingMarket | MissingMarketError>();
  private readonly collateralPrices = new Map<string, Dec | MissingMarketError>();
  private readonly collateralHaircuts = new Map<string, Dec>();
  private readonly collateralTotals = new Map<string, bigint>();
  private readonly seriesCache = new Map<bigint, { record: SeriesRecord; series: OptionSeries }>();

  constructor(
    readonly keeper: OptionsKeeper,
    readonly state: KVReader,
    readonly nowNs: bigint,
    readonly spots: SpotSource = "latest",
    readonly collateralPricing: CollateralPricing = "source",
  ) {
    this.params = keeper.params(state);
    this.parsed = parseParams(this.params);
    this.engine = new RiskEngine(this.parsed.margin, nowNs, (underlying) => this.underlying(underlying).risk);
  }

  /** The engine at the MM regimes; only needed for MM while some underlying's MM regime lags its IM one. */
  get mmEngine(): RiskEngine {
    this.mmEngineAtLag ??= new RiskEngine(this.parsed.margin, this.nowNs, (underlying) => this.underlying(underlying).mmRisk);
    return this.mmEngineAtLag;
  }

  /** Spot and volatility of an underlying; MissingMarketError when the oracle has no fresh spot. */
  underlying(asset: string): UnderlyingMarket {
    let entry = this.underlyings.get(asset);
    if (!entry) {
      entry = this.loadUnderlying(asset);
      this.underlyings.set(asset, entry);
    }
    if (entry instanceof MissingMarketError) throw entry;
    return entry;
  }

  private loadUnderlying(asset: string): UnderlyingMarket | MissingMarketError {
    const spot = this.price(asset, this.spots);
    if (spot instanceof MissingMarketError) return spot;
    const ewma = this.keeper.ewma(this.state, asset);
    const realised = ewma && ewma.samples > 0 ? volFromVariance(ewma.variance) : undefined;
    const vote = (oracleAsset: string) => freshVote(this.keeper, this.state, oracleAsset, this.nowNs, this.spots);
    const choice = chooseVol({ implied: vote(impliedVolAsset(asset)), realised }, this.parsed.vol);
    // Read like the implied vol: fresh tallies only, so a smile nobody votes any more prices flat.
    const smile = smileFromVotes(
      { put: vote(smilePutAsset(asset)), call: vote(smileCallAsset(asset)) },
      DEFAULT_MAX_SMILE_MULTIPLE,
    );
    // Before the first end-block that saw the asset there is no regime state: the observed regime stands for both.
    const { im, mm } = ewma?.regime ?? { im: choice.regime, mm: choice.regime };
    const at = (regime: Dec): UnderlyingRisk => ({ spot, markVol: choice.markVol, marginVol: marginVolAt(choice.markVol, regime, this.parsed.vol), regime, smile });
    const risk = at(im);
    return { risk, mmRisk: mm === im ? risk : at(mm), choice };
  }

  private price(asset: string, source: SpotSource): Dec | MissingMarketError {
    return oraclePrice(this.keeper, this.state, asset, this.nowNs, source);
  }

  /**
   * uusdc per 1 unit of a collateral denom. Liquidation values it at the confirmed price; everything that takes
   * risk or money out at the lower of latest and confirmed, so a tally the breaker has not confirmed (a jump,
   * perhaps validators pumping the token they hold) counts only downward, and with no confirmed price at all
   * the collateral counts for nothing.
   */
  collateralPrice(denom: string): Dec {
    if (denom === COLLATERAL_DENOM) return DEC_ONE;
    let entry = this.collateralPrices.get(denom);
    if (entry === undefined) {
      const asset = this.parsed.haircuts.get(denom)?.oracleAsset;
      if (!asset) entry = new MissingMarketError(denom, "not an accepted collateral");
      else if (this.spots === "confirmed" && this.collateralPricing === "source") entry = this.price(asset, "confirmed");
      else {
        const [latest, confirmed] = [this.price(asset, "latest"), this.price(asset, "confirmed")];
        entry = latest instanceof MissingMarketError ? latest : confirmed instanceof MissingMarketError ? 0n : minBig(latest, confirmed);
      }
      this.collateralPrices.set(denom, entry);
    }
    if (entry instanceof MissingMarketError) throw entry;
    return entry;
  }

  /**
   * The haircut a collateral counts at now: its base one, less as its realised vol rises past calm. Realised
   * vol reads every tally, a jump the breaker never confirmed included, so it gates new risk and withdrawals
   * only: liquidation keeps the base haircut at the confirmed price, and one pumped or dumped tick
   * liquidates nobody who holds the token.
   */
  collateralHaircut(denom: string): Dec {
    const rule = this.parsed.haircuts.get(denom);
    if (!rule) return 0n; // a denom no longer accepted counts for nothing but may be withdrawn
    if (!rule.vol || (this.spots === "confirmed" && this.collateralPricing === "source")) return rule.haircut;
    let haircut = this.collateralHaircuts.get(denom);
    if (haircut === undefined) {
      const points = this.keeper.prices.history(this.state, rule.oracleAsset, this.nowNs - rule.vol.windowNs);
      haircut = effectiveHaircut(rule.haircut, realisedVol(points), rule.vol);
      this.collateralHaircuts.set(denom, haircut);
    }
    return haircut;
  }

  /**
   * Haircut value of an amount of collateral: debts (negative uusdc) count in full, credits round down, and
   * what lies past the denom's caps counts for nothing.
   */
  collateralValue(denom: string, amount: bigint): bigint {
    if (amount <= 0n) return amount;
    const rule = this.parsed.haircuts.get(denom);
    if (!rule) return 0n;
    let counted = amount;
    if (rule.caps) {
      let total = this.collateralTotals.get(denom);
      if (total === undefined) this.collateralTotals.set(denom, (total = this.keeper.collateralTotal(this.state, denom)));
      counted = countedAmount(amount, total, rule.caps);
    }
    return mulIntByDec(counted, decMul(this.collateralPrice(denom), this.collateralHaircut(denom), "down"), "down");
  }

  seriesRecord(id: bigint): SeriesRecord {
    return this.series(id).record;
  }

  series(id: bigint): { record: SeriesRecord; series: OptionSeries } {
    let entry = this.seriesCache.get(id);
    if (!entry) {
      const record = this.keeper.mustSeries(this.state, id);
      entry = { record, series: toOptionSeries(record) };
      this.seriesCache.set(id, entry);
    }
    return entry;
  }
}

export function toOptionSeries(record: SeriesRecord): OptionSeries {
  return {
    id: BigInt(record.id),
    underlying: record.underlying,
    kind: record.kind,
    strike: decFromString(record.strike),
    contractSize: decFromString(record.contract_size),
    expiryNs: BigInt(record.expiry_ns),
  };
}

export interface PositionState {
  qty: bigint;
  cost: bigint;
}

/**
 * A margin account loaded into memory: matching and liquidation try changes here, value the result, and
 * save only what they keep. Maps are filled in store key order and saved in sorted order.
 */
export class Account {
  readonly collateral = new Map<string, bigint>();
  readonly positions = new Map<bigint, PositionState>();
  private readonly dirtyCollateral = new Set<string>();
  private readonly dirtyPositions = new Set<bigint>();
  private bech32?: string;

  constructor(readonly owner: Uint8Array) {}

  static load(keeper: OptionsKeeper, state: KVReader, owner: Uint8Array): Account {
    const account = new Account(owner);
    for (const { denom, amount } of keeper.collaterals(state, owner)) account.collateral.set(denom, amount);
    for (const { seriesId, qty, cost } of keeper.positions(state, owner)) account.positions.set(seriesId, { qty, cost });
    return account;
  }

  get address(): string {
    this.bech32 ??= toAccAddress(this.owner);
    return this.bech32;
  }

  get cash(): bigint {
    return this.amount(COLLATERAL_DENOM);
  }

  amount(denom: string): bigint {
    return this.collateral.get(denom) ?? 0n;
  }

  add(denom: string, delta: bigint): void {
    if (delta === 0n) return;
    this.collateral.set(denom, this.amount(denom) + delta);
    this.dirtyCollateral.add(denom);
  }

  qty(seriesId: bigint): bigint {
    return this.positions.get(seriesId)?.qty ?? 0n;
  }

  setPosition(seriesId: bigint, qty: bigint, cost: bigint): void {
    if (qty === 0n) this.positions.delete(seriesId);
    else this.positions.set(seriesId, { qty, cost });
    this.dirtyPositions.add(seriesId);
  }

  /**
   * Buys (dq > 0) or sells contracts at a premium per contract: the buyer pays qty × price in uusdc.
   * Returns an undo that restores the position and cash exactly.
   */
  trade(seriesId: bigint, dq: bigint, price: bigint): () => void {
    const before = this.positions.get(seriesId);
    const cashBefore = this.cash;
    const position = before ?? { qty: 0n, cost: 0n };
    this.setPosition(seriesId, position.qty + dq, costAfterTrade(position, dq, price));
    this.add(COLLATERAL_DENOM, -dq * price);
    return () => {
      if (before) this.setPosition(seriesId, before.qty, before.cost);
      else this.setPosition(seriesId, 0n, 0n);
      this.collateral.set(COLLATERAL_DENOM, cashBefore);
    };
  }

  /** Moves everything this account holds into another account (the insurance fund taking it over). */
  transferAllTo(target: Account): void {
    for (const [denom, amount] of [...this.collateral.entries()]) {
      target.add(denom, amount);
      this.add(denom, -amount);
    }
    for (const [seriesId, position] of [...this.positions.entries()]) {
      const theirs = target.positions.get(seriesId) ?? { qty: 0n, cost: 0n };
      target.setPosition(seriesId, theirs.qty + position.qty, theirs.cost + position.cost);
      this.setPosition(seriesId, 0n, 0n);
    }
  }

  holdings(market: Market): Holding[] {
    return [...this.positions.entries()].map(([seriesId, position]) => ({ series: market.series(seriesId).series, qty: position.qty }));
  }

  underlyings(market: Market): string[] {
    return [...new Set([...this.positions.keys()].map((id) => market.seriesRecord(id).underlying))].sort();
  }

  save(keeper: OptionsKeeper, store: KVStore): void {
    for (const denom of [...this.dirtyCollateral].sort()) keeper.setCollateral(store, this.owner, denom, this.amount(denom));
    for (const seriesId of [...this.dirtyPositions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
      const position = this.positions.get(seriesId);
      keeper.setPosition(store, this.owner, seriesId, position?.qty ?? 0n, position?.cost ?? 0n);
    }
    this.dirtyCollateral.clear();
    this.dirtyPositions.clear();
  }
}

/**
 * Net premium paid for the open quantity: adding to a position adds the premium; reducing keeps the average
 * (cost scales with the remaining quantity); flipping through zero starts again at this trade's price.
 */
export function costAfterTrade(position: PositionState, dq: bigint, price: bigint): bigint {
  const after = position.qty + dq;
  if (position.qty === 0n || position.qty > 0n === dq > 0n) return position.cost + dq * price;
  if (after === 0n) return 0n;
  if (position.qty > 0n === after > 0n) return divRound(position.cost * after, position.qty, "down");
  return after * price;
}

export interface Valuation {
  collateralValue: bigint;
  positionValue: bigint;
  equity: bigint;
  mm: bigint;
  im: bigint;
  margin: AccountMargin;
}

/** Equity (haircut collateral + marks) and requirements of an account; MissingMarketError without prices. */
export function valueAccount(market: Market, account: Account, detail = false): Valuation {
  let collateralValue = 0n;
  for (const denom of [...account.collateral.keys()].sort()) collateralValue += market.collateralValue(denom, account.amount(denom));
  const holdings = account.holdings(market);
  const margin = market.engine.margin(holdings, { detail });
  const lagging = account.underlyings(market).some((underlying) => market.underlying(underlying).mmRisk !== market.underlying(underlying).risk);
  const mm = lagging ? market.mmEngine.margin(holdings).mm : margin.mm;
  return { collateralValue, positionValue: margin.positionValue, equity: collateralValue + margin.positionValue, mm, im: maxBig(margin.im, mm), margin };
}

/**
 * A withdrawal is judged at the latest prices and at the confirmed ones, collateral at the lower of the two in
 * both: a jumped, unconfirmed print can neither inflate collateral nor flatter a portfolio enough to take
 * money out. Both valuations must leave the account at IM.
 */
export function withdrawalValuations(keeper: OptionsKeeper, state: KVReader, nowNs: bigint, account: Account): Array<{ market: Market; valuation: Valuation }> {
  return (["latest", "confirmed"] as const).map((spots) => {
    const market = new Market(keeper, state, nowNs, spots, "lower");
    return { market, valuation: valueAccount(market, account) };
  });
}

/**
 * An oracle asset's price from a source. The oracle's freshness applies to both; the circuit only says which
 * of its recent tallies counts as confirmed.
 */
function oraclePrice(keeper: OptionsKeeper, state: KVReader, asset: string, nowNs: bigint, source: SpotSource): Dec | MissingMarketError {
  let price: Dec;
  try {
    price = keeper.prices.price(state, asset, nowNs).price;
  } catch (err) {
    return new MissingMarketError(asset, (err as Error).message);
  }
  if (source === "confirmed") {
    const confirmed = keeper.circuit.liquidationPrice(state, asset, nowNs);
    if (!confirmed) return new MissingMarketError(asset, "no confirmed price to liquidate on");
    price = confirmed.price;
  }
  if (price <= 0n) return new MissingMarketError(asset, "the oracle price is not positive");
  return price;
}

/**
 * A voted volatility figure (implied vol, a smile wing), read like a spot from the same source: liquidation and
 * the regime take the circuit's confirmed tally, so a vol print its breaker holds (a misread DVOL percentage, a
 * lie) moves no one's MM until it has held. None fresh: realised vol (or calm) stands in for implied, a flat
 * side for a wing.
 */
function freshVote(keeper: OptionsKeeper, state: KVReader, oracleAsset: string, nowNs: bigint, source: SpotSource): Dec | undefined {
  const vote = oraclePrice(keeper, state, oracleAsset, nowNs, source);
  return vote instanceof MissingMarketError ? undefined : vote;
}

/**
 * Every block, per listed underlying: samples the circuit's confirmed price into the realised-vol EWMA once
 * per return horizon (ewma_min_interval_s), and steps the IM and MM regimes towards the regime observed now.
 * Only confirmed prices count, so a tick the breaker rejected moves neither; the horizon keeps a tick that
 * reverts out of the variance, and the rise budget and MM lag bound what a confirmed one does.
 */
export function updateRealisedVol(store: KVStore, keeper: OptionsKeeper, nowNs: bigint): void {
  const parsed = parseParams(keeper.params(store));
  for (const asset of keeper.underlyings(store)) {
    const before = keeper.ewma(store, asset);
    const confirmed = keeper.circuit.liquidationPrice(store, asset, nowNs);
    const point = confirmed && { price: confirmed.price, timeNs: confirmed.timeNs };
    const ewma = point ? ewmaUpdate(before, [point], parsed.ewma) : before;
    if (!ewma) continue; // no confirmed price yet: nothing to measure or margin on
    const realised = currentRealisedVol(ewma, point, parsed.ewma);
    const target = chooseVol({ implied: freshVote(keeper, store, impliedVolAsset(asset), nowNs, "confirmed"), realised }, parsed.vol).regime;
    keeper.setEwma(store, asset, { ...ewma, regime: advanceRegime(ewma.regime, target, nowNs, parsed.regime) });
  }
}
