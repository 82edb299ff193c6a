// Consensus version 4 keeps each asset's price, history ring and last tally in binary (codec.ts), and the last
// ballot in one record. Held here to version 3 (90b9a50), whose writes of a block's tally are kept below as the
// reference: on generated blocks the events are the same, every record reads back as the JSON version 3 wrote,
// the ballot record holds version 3's entries, and migrating version 3's state gives the bytes version 4 wrote.
// The records themselves round-trip and have one encoding each.
import fc from "fast-check";
import { toAccAddress, toValoper } from "../../app/address";
import type { Event } from "cosmjs-types/tendermint/abci/types";
import type { Context } from "../../app/context";
import { infiniteGasMeter } from "../../app/gas";
import { readJson, writeJson } from "../../app/json-state";
import { Branch } from "../../app/store/branch";
import type { KVStore } from "../../app/store/types";
import { DEC_ONE, type Dec, decToString } from "../../lib/fixed";
import * as auth from "../auth/keeper";
import { BankKeeper } from "../bank/keeper";
import { bankModule } from "../bank/module";
import { SlashingKeeper } from "../slashing/keeper";
import { BONDED_POOL_ADDRESS, StakingKeeper } from "../staking/keeper";
import { stakingModule } from "../staking/module";
import { type BallotLine, type OperatorRow, type PriceRecord, type TallyRecord, decodeBallot, decodeOperatorRows, encodeBallot, encodeOperatorRows, operatorRow, updateOperatorRows, decodeBallotEntry, decodePriceRecord, decodeTallyRecord, encodeBallotEntry, encodePriceEntries, encodePriceRecord, encodeTallyRecord, encodeTime } from "./codec";
import * as events from "./events";
import { OracleKeeper, type StoredPrice, type StoredTally } from "./keeper";
import { BALLOT_PREFIX, HISTORY_COUNT_PREFIX, HISTORY_PREFIX, LAST_BALLOT_KEY, PRICE_PREFIX, TALLY_PREFIX, ballotKey, historyCountKey, historyKey, priceKey, tallyKey } from "./keys";
import { migrateOracle } from "./migrations";
import { DEFAULT_PARAMS } from "./params";
import type { AssetTally } from "./tally";
import { MAX_PRICE } from "./vote";

const emptyStore = () => new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
const hexPairs = (store: Branch, prefixes: readonly Uint8Array[]) =>
  prefixes.flatMap((prefix) => store.iterate(prefix).map(([k, v]) => [Buffer.from(k).toString("hex"), Buffer.from(v).toString("hex")]));
const RECORD_PREFIXES = [PRICE_PREFIX, TALLY_PREFIX, HISTORY_PREFIX, HISTORY_COUNT_PREFIX, BALLOT_PREFIX, LAST_BALLOT_KEY];

const height = fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(0, 1, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -1, -(2 ** 32), Number.MIN_SAFE_INTEGER));
const timeNs = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 10n ** 20n - 1n }), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.constantFrom(0n, 1n, 255n, 256n));
const positive = fc.oneof(fc.bigInt({ min: 1n, max: 1000n * DEC_ONE }), fc.bigInt({ min: 1n, max: MAX_PRICE }), fc.bigInt({ min: 1n, max: 2n ** 2000n }), fc.constantFrom(1n, 255n, 256n, 2n ** 48n, 2n ** 101n));
const nonNegative = fc.oneof(fc.constant(0n), positive);
const priceRecord: fc.Arbitrary<PriceRecord> = fc.record({ height, timeNs, price: positive });
const tallyRecord: fc.Arbitrary<TallyRecord> = fc.record({
  passed: fc.boolean(),
  height,
  period: height,
  timeNs,
  votedPower: nonNegative,
  totalPower: nonNegative,
  median: fc.option(nonNegative, { nil: undefined }),
  standardDeviation: fc.option(nonNegative, { nil: undefined }),
  band: fc.option(nonNegative, { nil: undefined }),
  voteThreshold: fc.oneof(fc.constantFrom("0.5", "0", "0.666666666666666667", ""), fc.string({ unit: "grapheme", maxLength: 8 })),
});

const ballotLines: fc.Arbitrary<BallotLine[]> = fc
  .uniqueArray(fc.record({ operator: fc.uint8Array({ minLength: 1, maxLength: 32 }), power: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), prices: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }) }), { maxLength: 6, selector: (line) => Buffer.from(line.operator).toString("hex") })
  .map((lines) => lines.sort((a, b) => Buffer.compare(a.operator, b.operator)));
const plainLines = (lines: readonly BallotLine[]) => lines.map(({ operator, power, prices }) => [Buffer.from(operator).toString("hex"), power, prices && Buffer.from(prices).toString("hex")]);

/** Bytes near a valid record: one byte changed, cut short, or something appended. */
const mutated = (valid: fc.Arbitrary<Buffer>) =>
  // bytes that mean something in the headers (zero, a sign, a length), more often than chance gives them
  fc.tuple(valid, fc.oneof(fc.nat(), fc.integer({ min: 0, max: 24 })), fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 1, 0x80, 0x81, 0xff)), fc.constantFrom("change", "cut", "append")).map(([bytes, at, byte, how]) => {
    const out = Buffer.from(bytes);
    if (how === "change") out[at % out.length] = byte;
    if (how === "cut") return out.subarray(0, at % out.length);
    if (how === "append") return Buffer.concat([out, Uint8Array.of(byte)]);
    return out;
  });

describe("oracle price and tally records (consensus version 4)", () => {
  test("each record decodes to what was encoded", () => {
    fc.assert(fc.property(priceRecord, (record) => expect(decodePriceRecord(encodePriceRecord(record.height, encodeTime(record.timeNs), record.price))).toEqual(record)));
    fc.assert(fc.property(tallyRecord, (record) => expect(decodeTallyRecord(encodeTallyRecord(record))).toEqual(record)));
    fc.assert(fc.property(ballotLines.filter((lines) => lines.length > 0), (lines) => expect(plainLines(decodeBallot(encodeBallot(lines)))).toEqual(plainLines(lines))));
  });

  test("one encoding each: bytes near a record either are refused or are exactly the encoding of what they decode to", () => {
    const prices = priceRecord.map((record) => encodePriceRecord(record.height, encodeTime(record.timeNs), record.price));
    fc.assert(
      fc.property(mutated(prices), (bytes) => {
        let record: PriceRecord;
        try {
          record = decodePriceRecord(bytes);
        } catch {
          return;
        }
        expect(encodePriceRecord(record.height, encodeTime(record.timeNs), record.price).equals(bytes)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(mutated(tallyRecord.map((record) => encodeTallyRecord(record))), (bytes) => {
        let record: TallyRecord;
        try {
          record = decodeTallyRecord(bytes);
        } catch {
          return;
        }
        expect(encodeTallyRecord(record).equals(bytes)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(mutated(ballotLines.filter((lines) => lines.length > 0).map(encodeBallot)), (bytes) => {
        let lines: BallotLine[];
        try {
          lines = decodeBallot(bytes);
        } catch {
          return;
        }
        expect(encodeBallot(lines).equals(bytes)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

const tableRows: fc.Arbitrary<OperatorRow[]> = fc
  .uniqueArray(fc.record({ operator: fc.uint8Array({ minLength: 1, maxLength: 32 }), value: fc.uint8Array({ maxLength: 40 }) }), { minLength: 1, maxLength: 6, selector: (row) => Buffer.from(row.operator).toString("hex") })
  .map((rows) => rows.sort((a, b) => Buffer.compare(a.operator, b.operator)));
const plainRows = (rows: readonly OperatorRow[]) => rows.map(({ operator, value }) => [Buffer.from(operator).toString("hex"), Buffer.from(value).toString("hex")]);

describe("per-validator tables: the ballot (version 4), miss counters and reward weights (version 5)", () => {
  test("a table decodes to its rows, and bytes near one are refused or are exactly the encoding of what they decode to", () => {
    fc.assert(fc.property(tableRows, (rows) => expect(plainRows(decodeOperatorRows(encodeOperatorRows(rows, "t"), "t"))).toEqual(plainRows(rows))));
    fc.assert(
      fc.property(mutated(tableRows.map((rows) => encodeOperatorRows(rows, "t"))), (bytes) => {
        let rows: OperatorRow[];
        try {
          rows = decodeOperatorRows(bytes, "t");
        } catch {
          return;
        }
        expect(encodeOperatorRows(rows, "t").equals(bytes)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test("no rows, rows out of operator order, a repeated or an empty operator: refused both ways, so no table has a second form", () => {
    expect(() => decodeOperatorRows(new Uint8Array(), "t")).toThrow(/no rows/);
    expect(() => encodeOperatorRows([], "t")).toThrow(/no rows/);
    const row = (operator: number[], value: number[]) => ({ operator: Uint8Array.from(operator), value: Uint8Array.from(value) });
    // rows laid out by hand: [operator length][operator][value length: u32][value]
    const bytes = (rows: Array<{ operator: Uint8Array; value: Uint8Array }>) =>
      Buffer.concat(rows.flatMap(({ operator, value }) => [Uint8Array.of(operator.length), operator, Uint8Array.of(0, 0, 0, value.length), value]));
    for (const rows of [[row([2], [9]), row([1], [9])], [row([1], [9]), row([1], [8])], [row([], [9])]]) {
      expect(() => encodeOperatorRows(rows, "t")).toThrow(/out of order or repeated/);
      expect(() => decodeOperatorRows(bytes(rows), "t")).toThrow(/bad row/);
    }
    expect(plainRows(decodeOperatorRows(bytes([row([1], [9]), row([1, 0], [])]), "t"))).toEqual([["01", "09"], ["0100", ""]]);
  });

  test("operatorRow finds a row as a scan does; updateOperatorRows changes exactly the named rows, in operator order", () => {
    const operators = fc.uniqueArray(fc.uint8Array({ minLength: 1, maxLength: 3 }), { maxLength: 6, selector: (operator) => Buffer.from(operator).toString("hex") });
    fc.assert(
      fc.property(tableRows, operators, fc.uint8Array({ minLength: 1, maxLength: 3 }), (rows, named, probe) => {
        const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
        const found = operatorRow(rows, probe);
        expect(found && hex(found)).toEqual(rows.map((r) => [hex(r.operator), hex(r.value)]).find(([operator]) => operator === hex(probe))?.[1]);
        // the model: a map by operator in which each named one's value becomes its index (odd indices: dropped)
        const model = new Map(rows.map(({ operator, value }) => [hex(operator), hex(value)]));
        const seen: number[] = [];
        const updated = updateOperatorRows(rows, named, (i, value) => {
          expect(value && hex(value)).toEqual(model.get(hex(named[i])));
          seen.push(i);
          return i % 2 === 1 ? undefined : Uint8Array.of(i);
        });
        named.forEach((operator, i) => (i % 2 === 1 ? model.delete(hex(operator)) : model.set(hex(operator), hex(Uint8Array.of(i)))));
        expect(updated.map(({ operator, value }) => [hex(operator), hex(value)])).toEqual([...model].sort(([a], [b]) => Buffer.compare(Buffer.from(a, "hex"), Buffer.from(b, "hex"))));
        expect(seen.map((i) => hex(named[i]))).toEqual(named.map(hex).sort((a, b) => Buffer.compare(Buffer.from(a, "hex"), Buffer.from(b, "hex"))));
      }),
    );
  });
});

/** 90b9a50's text of a tally (version 3's storedTally), the reference. */
function storedTallyV3(result: AssetTally, height: number, timeNs: string, period: number): StoredTally {
  const ballot = result.ballot;
  const dec = (value: Dec | undefined) => (value === undefined ? "" : decToString(value, { trimZeros: true }));
  return {
    asset: result.asset,
    height,
    time_ns: timeNs,
    period,
    passed: result.passed,
    median: dec(ballot?.median),
    standard_deviation: dec(ballot?.standardDeviation),
    band: dec(ballot?.band),
    voted_power: result.votedPower.toString(),
    total_power: result.totalPower.toString(),
    vote_threshold: result.voteThreshold,
  };
}

/** 90b9a50's writes of a block's tally results (version 3: JSON records, the history count as decimal text) and its events. */
function writeBlockV3(store: KVStore, results: readonly AssetTally[], ctx: Context, period: number, historyLength: number, quote: string, quorum: string, thresholds: ReadonlyMap<string, string>): Event[] {
  const out: Event[] = [];
  const timeNs = ctx.timeNs.toString();
  for (const result of results) {
    const tally = storedTallyV3(result, Number(ctx.height), timeNs, period);
    writeJson(store, tallyKey(result.asset), tally);
    if (result.passed && result.ballot) {
      const price = { price: tally.median, height: tally.height, time_ns: timeNs };
      writeJson(store, priceKey(result.asset), price);
      const countBytes = store.get(historyCountKey(result.asset));
      const count = countBytes === undefined ? 0n : BigInt(Buffer.from(countBytes).toString("utf8"));
      writeJson(store, historyKey(result.asset, count % BigInt(historyLength)), price);
      store.set(historyCountKey(result.asset), Buffer.from((count + 1n).toString(), "utf8"));
      out.push(events.priceUpdated(result.asset, price.price, quote, tally.band, result.voteCount, result.outliers, result.absent.length));
    } else {
      out.push(events.ballotDropped(result.asset, result.votedPower, result.totalPower, thresholds.get(result.asset) as string, quorum));
    }
  }
  return out;
}

const ASSET_NAMES = ["BTC", "BTC-IV", "ETH", "SOL"];
const votePrice: fc.Arbitrary<Dec> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 95, max: 105 }).map((p) => BigInt(p) * DEC_ONE) },
  { weight: 2, arbitrary: fc.bigInt({ min: 99n * DEC_ONE, max: 101n * DEC_ONE }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 10n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 2n ** 101n - 4n, max: MAX_PRICE }) },
);
const blocks = fc.record({
  powers: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
  historyLength: fc.integer({ min: 1, max: 4 }),
  thresholds: fc.array(fc.constantFrom("0.334", "0.5", "0.666666666666666667", "0.9"), { minLength: ASSET_NAMES.length, maxLength: ASSET_NAMES.length }),
  quorum: fc.constantFrom("0.5", "0.666666666666666667", "1"),
  // per block: the height step, seconds since the last, and per validator: out of the commit, no extension, or a price (or none) per asset
  blocks: fc.array(
    fc.record({
      step: fc.integer({ min: 1, max: 3 }),
      seconds: fc.integer({ min: 0, max: 10 }),
      votes: fc.array(fc.oneof({ weight: 1, arbitrary: fc.constantFrom("out" as const, "silent" as const) }, { weight: 5, arbitrary: fc.array(fc.option(votePrice, { nil: undefined, freq: 4 }), { minLength: ASSET_NAMES.length, maxLength: ASSET_NAMES.length }) }), { minLength: 6, maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 12 },
  ),
});

describe("the tally's records against version 3's", () => {
  test("on generated blocks: the same events, every record reads back as version 3's JSON, and version 3's JSON migrates to version 4's bytes", () => {
    fc.assert(
      fc.property(blocks, ({ powers, historyLength, thresholds, quorum, blocks: generated }) => {
        const store = emptyStore();
        const v3 = emptyStore();
        const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
        const staking = new StakingKeeper();
        const oracle = new OracleKeeper(staking, new SlashingKeeper(staking, bank));
        const operators = powers.map((_, i) => Buffer.alloc(20, i + 1));
        const tokens = powers.map((p) => BigInt(p) * 1_000_000n);
        const genesis: Context = { store, chainId: "t", height: 0n, timeNs: 0n, mode: "block", gas: infiniteGasMeter(), events: [] };
        bankModule(bank, new Set()).initGenesis(genesis, { balances: [{ address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: tokens.reduce((a, b) => a + b, 0n).toString() }] }] });
        stakingModule(staking, bank).initGenesis(genesis, {
          validators: operators.map((operator, i) => ({ operator_address: toValoper(operator), moniker: "", consensus_pubkey: Buffer.alloc(32, i + 1).toString("base64"), tokens: tokens[i].toString(), jailed: false })),
        });
        const assets = ASSET_NAMES.map((name, a) => ({ name, vote_threshold: thresholds[a] }));
        oracle.setParams(store, { ...DEFAULT_PARAMS, assets, vote_period: 1, slash_window: 1_000_000, history_length: historyLength, vote_quorum: quorum });
        const params = oracle.params(store);
        let h = 0;
        let seconds = 0n;
        for (const block of generated) {
          h += block.step;
          seconds += BigInt(block.seconds);
          const ctx: Context = { store, chainId: "t", height: BigInt(h), timeNs: seconds * 1_000_000_000n + 7n, mode: "block", gas: infiniteGasMeter(), events: [] };
          const ballots = new Map<string, Map<string, Dec>>();
          const inCommit = new Set<string>();
          operators.forEach((operator, v) => {
            const vote = block.votes[v];
            if (vote === "out") return;
            const hex = operator.toString("hex");
            inCommit.add(hex);
            if (vote === "silent") return;
            const prices = new Map<string, Dec>();
            vote.forEach((price, a) => price !== undefined && prices.set(ASSET_NAMES[a], price));
            ballots.set(hex, prices);
          });
          // version 3's ballot: an entry per validator in the commit, the others' dropped
          const entriesBefore = v3.iterate(BALLOT_PREFIX);
          const lines = oracle.activeVoters(store).filter((voter) => inCommit.has(Buffer.from(voter.operator).toString("hex")));
          for (const [storeKey] of entriesBefore) if (!lines.some((voter) => Buffer.from(voter.operator).equals(Buffer.from(storeKey.subarray(BALLOT_PREFIX.length))))) v3.delete(storeKey);
          for (const voter of lines) {
            const prices = ballots.get(Buffer.from(voter.operator).toString("hex"));
            v3.set(ballotKey(voter.operator), encodeBallotEntry(voter.power, prices === undefined ? null : encodePriceEntries([...prices].sort(([a], [b]) => (a < b ? -1 : 1)))));
          }
          const results = oracle.tallyExtensions(ctx, ballots, inCommit);
          const expected = writeBlockV3(v3, results, ctx, h, historyLength, params.quote_denom, params.vote_quorum, new Map(assets.map((asset) => [asset.name, asset.vote_threshold])));
          expect(ctx.events).toEqual(expected);
          const kept = store.get(LAST_BALLOT_KEY);
          expect((kept === undefined ? [] : decodeBallot(kept)).map(({ operator, power, prices }) => [Buffer.from(operator).toString("hex"), power, prices && Buffer.from(prices).toString("hex")])).toEqual(
            v3.iterate(BALLOT_PREFIX).map(([storeKey, value]) => {
              const { power, prices } = decodeBallotEntry(value);
              return [Buffer.from(storeKey.subarray(BALLOT_PREFIX.length)).toString("hex"), power, prices && Buffer.from(prices).toString("hex")];
            }),
          );
          for (const asset of ASSET_NAMES) {
            expect(oracle.storedPrice(store, asset)).toEqual(readJson<StoredPrice>(v3, priceKey(asset)));
            expect(oracle.tally(store, asset)).toEqual(readJson<StoredTally>(v3, tallyKey(asset)));
            const count = v3.get(historyCountKey(asset));
            expect(oracle.historyCount(store, asset)).toBe(count === undefined ? 0n : BigInt(Buffer.from(count).toString("utf8")));
          }
          // in key order: names by length, then bytes
          expect(oracle.historyEntries(store)).toEqual(
            [...ASSET_NAMES].sort((x, y) => x.length - y.length || (x < y ? -1 : 1)).filter((asset) => v3.get(historyCountKey(asset)) !== undefined).map((asset) => ({
              asset,
              count: BigInt(Buffer.from(v3.get(historyCountKey(asset)) as Uint8Array).toString("utf8")),
              prices: v3.iterate(historyKey(asset, 0n).subarray(0, historyKey(asset, 0n).length - 8)).map(([, value]) => JSON.parse(Buffer.from(value).toString("utf8")) as StoredPrice).sort((a, b) => a.height - b.height),
            })),
          );
        }
        migrateOracle(v3, oracle, 3);
        expect(hexPairs(v3, RECORD_PREFIXES)).toEqual(hexPairs(store, RECORD_PREFIXES));
      }),
      { numRuns: 150 },
    );
  });
});
