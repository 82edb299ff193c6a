// The binary records round-trip, price entries are exactly the vote extension's wire form, and the block's
// one-pass tally (tallyAssets) equals lib/median's tallyBallot asset by asset.
import fc from "fast-check";
import { tallyBallot } from "../../lib/median";
import { DEC_ONE } from "../../lib/fixed";
import { type AssetMissCount, addMissCounts, addRewardWeight, assetPositions, bytesBigint, decodeAssetMissCounts, decodeBallotEntry, decodeMissCounter, decodePriceEntries, decodePricesAt, decodeRewardWeight, decodeVote, encodeBallotEntry, encodeMissCounter, encodePriceEntries, encodeRewardWeight, encodeVote, LIMB_LIMIT, missCounterTemplate, priceRowOf, priceRows } from "./codec";
import { rowPrices } from "../../test/helpers/price-rows";
import { selectMedian, sortSlots, tallyAssets } from "./tally";
import { encodeVoteExtension } from "./ve";
import { MAX_PRICE } from "./vote";

const RUNS = { numRuns: 300 };
const assetName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._-]{0,31}$/);
const price = fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 56n }), fc.bigInt({ min: 1n, max: MAX_PRICE }));
const entries = fc
  .uniqueArray(fc.tuple(assetName, price), { maxLength: 12, selector: ([name]) => name })
  .map((list) => list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

describe("codec", () => {
  test("price entries are the vote extension's bytes and decode back to themselves", () => {
    fc.assert(
      fc.property(entries, (list) => {
        const bytes = encodePriceEntries(list);
        expect(Buffer.from(bytes).equals(Buffer.from(encodeVoteExtension(new Map(list))))).toBe(true);
        expect(decodePriceEntries(bytes)).toEqual(list);
      }),
      RUNS,
    );
  });

  test("any single-byte change of a price-entries encoding decodes to other prices or is refused", () => {
    fc.assert(
      fc.property(entries.filter((list) => list.length > 0), fc.nat(), fc.integer({ min: 1, max: 255 }), (list, at, flip) => {
        const bytes = Buffer.from(encodePriceEntries(list));
        bytes[at % bytes.length] ^= flip;
        const decoded = decodePriceEntries(bytes);
        if (typeof decoded !== "string") {
          expect(decoded).not.toEqual(list);
          // whatever decodes is in the one canonical form
          expect(Buffer.from(encodePriceEntries(decoded)).equals(bytes)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  test("bytesBigint reads any bytes range as the hex reading and the six-bytes-from-the-front reading it replaced do", () => {
    // the reading before the top piece went first: six bytes from the front, each piece shifted by its own length
    const fromTheFront = (bytes: Uint8Array, from: number, to: number) => {
      let value = 0n;
      for (let i = from; i < to; i += 6) {
        const end = Math.min(i + 6, to);
        let chunk = 0;
        for (let j = i; j < end; j++) chunk = chunk * 256 + bytes[j];
        value = (value << BigInt(8 * (end - i))) | BigInt(chunk);
      }
      return value;
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const from = bytes.length === 0 ? 0 : a % (bytes.length + 1);
        const to = from + (bytes.length === 0 ? 0 : b % (bytes.length - from + 1));
        const hex = Buffer.from(bytes.subarray(from, to)).toString("hex");
        expect(bytesBigint(bytes, from, to)).toBe(hex === "" ? 0n : BigInt(`0x${hex}`));
        expect(bytesBigint(bytes, from, to)).toBe(fromTheFront(bytes, from, to));
      }),
      { numRuns: 2000 },
    );
  });

  test("ballot entries, votes, miss counters and reward weights round-trip", () => {
    const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 });
    fc.assert(
      fc.property(entries, fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), fc.boolean(), u32, u32, fc.bigInt({ min: 0n, max: 2n ** 200n }), fc.nat(), (list, power, voted, a, b, weight, period) => {
        const prices = encodePriceEntries(list);
        const ballot = decodeBallotEntry(encodeBallotEntry(power, voted ? prices : null));
        expect(ballot.power).toBe(power);
        expect(ballot.prices === null ? null : Buffer.from(ballot.prices).toString("hex")).toEqual(voted ? prices.toString("hex") : null);
        expect(decodeMissCounter(encodeMissCounter(a, b))).toEqual({ misses: a, ballots: b });
        const perAsset = list.map(([asset], i) => ({ asset, misses: (a + i) % 2 ** 32, ballots: b }));
        const counter = encodeMissCounter(a, b, perAsset);
        expect([decodeMissCounter(counter), decodeAssetMissCounts(counter)]).toEqual([{ misses: a, ballots: b }, perAsset]);
        expect(decodeRewardWeight(encodeRewardWeight(weight, a))).toEqual({ weight, inBand: a });
        const vote = decodeVote(encodeVote(period, prices));
        expect([vote.period, Buffer.from(vote.prices).toString("hex")]).toEqual([period, prices.toString("hex")]);
      }),
      RUNS,
    );
  });
});

describe("addRewardWeight", () => {
  test("writes what decoding, adding as bigints and re-encoding writes, or leaves the record to that path", () => {
    const weight = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 2n ** 48n - 1n }), fc.bigInt({ min: 2n ** 47n, max: 2n ** 64n }), fc.constantFrom(2n ** 48n - 1n, 2n ** 48n, 2n ** 53n - 1n));
    const inBand = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2 ** 32 - 60, max: 2 ** 32 - 1 }));
    const power = fc.oneof(fc.bigInt({ min: 1n, max: 2n ** 40n }), fc.bigInt({ min: 2n ** 45n, max: 2n ** 60n }), fc.constant(2n ** 53n - 1n));
    const stored = fc.oneof(
      fc.tuple(weight, inBand).map(([w, band]) => encodeRewardWeight(w, band)),
      fc.constant(undefined),
      fc.uint8Array({ minLength: 0, maxLength: 12 }).map((bytes) => Buffer.from(bytes)),
    );
    fc.assert(
      fc.property(stored, power, fc.integer({ min: 1, max: 50 }), (bytes, votePower, count) => {
        const added = addRewardWeight(bytes, Number(votePower) * count, count);
        let expected: string;
        try {
          const before = bytes === undefined ? { weight: 0n, inBand: 0 } : decodeRewardWeight(bytes);
          expected = encodeRewardWeight(before.weight + votePower * BigInt(count), before.inBand + count).toString("hex");
        } catch {
          expected = "refused";
        }
        if (added !== undefined) expect(added.toString("hex")).toBe(expected);
        // the usual record, a small weight well inside the bounds, is added in place
        if (bytes !== undefined && expected !== "refused" && bytes.length >= 4 && bytes.length <= 9 && votePower * BigInt(count) < 2n ** 50n && bytes.readUInt32BE(0) < 2 ** 31) expect(added).toBeDefined();
      }),
      { numRuns: 5_000 },
    );
  });
});

describe("the price-entry walk reading one-byte lengths in place", () => {
  /** 7ecbd9f's walk (every length through a varint reader), with decodePriceEntries' checks: the reference. */
  const readVarint = (bytes: Uint8Array, at: number) => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 4; i++, scale *= 128) {
      const byte = bytes[at + i];
      if (byte === undefined) return undefined;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return i > 0 && byte === 0 ? undefined : { value, next: at + i + 1 };
    }
    return undefined;
  };
  const before = (bytes: Uint8Array): Array<[string, bigint]> | string => {
    const out: Array<[string, bigint]> = [];
    let pos = 0;
    while (pos < bytes.length) {
      if (bytes[pos++] !== 0x0a) return `byte ${pos - 1}: not a price entry`;
      const inner = readVarint(bytes, pos);
      if (inner === undefined) return `byte ${pos}: bad length`;
      pos = inner.next;
      const end = pos + inner.value;
      if (end > bytes.length) return `byte ${pos}: entry past the end`;
      if (bytes[pos++] !== 0x0a) return `byte ${pos - 1}: entry without an asset first`;
      const nameLength = readVarint(bytes, pos);
      if (nameLength === undefined || nameLength.value === 0) return `byte ${pos}: bad asset length`;
      pos = nameLength.next;
      const nameEnd = pos + nameLength.value;
      if (nameEnd > end) return `byte ${pos}: asset past its entry`;
      const raw = Buffer.from(bytes.subarray(pos, nameEnd));
      const name = raw.toString("utf8");
      if (!Buffer.from(name, "utf8").equals(raw)) return `byte ${pos}: asset name is not UTF-8`;
      if (out.length > 0 && !(out[out.length - 1][0] < name)) return `asset ${name} out of order or repeated`;
      pos = nameEnd;
      if (bytes[pos++] !== 0x12 || pos > end) return `byte ${pos - 1}: entry without a price after its asset`;
      const priceLength = readVarint(bytes, pos);
      if (priceLength === undefined || priceLength.value === 0) return `byte ${pos}: bad price length`;
      pos = priceLength.next;
      if (pos + priceLength.value !== end) return `byte ${pos}: price does not end its entry`;
      if (bytes[pos] === 0) return `price at byte ${pos} is not a minimal positive integer`;
      out.push([name, bytesBigint(bytes, pos, end)]);
      pos = end;
    }
    return out;
  };
  // names up to 200 bytes, so entries and names take two-byte lengths too
  const longEntries = fc
    .uniqueArray(fc.tuple(fc.oneof(assetName, fc.stringMatching(/^[A-Z][A-Z0-9]{100,199}$/)), price), { maxLength: 6, selector: ([name]) => name })
    .map((list) => list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

  test("accepts and refuses, with the same message, exactly as the walk it replaced", () => {
    fc.assert(
      fc.property(longEntries, fc.boolean(), fc.array(fc.tuple(fc.nat(), fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0, 0x80, 0x81, 0x7f, 0x0a, 0x12))), { maxLength: 3 }), fc.nat(), (list, reversed, changes, cut) => {
        // reversed: names out of order, so an order refusal and a framing one can meet in one entry
        let bytes = Buffer.concat((reversed ? [...list].reverse() : list).map((entry) => encodePriceEntries([entry])));
        for (const [at, byte] of changes) if (bytes.length > 0) bytes[at % bytes.length] = byte;
        if (cut % 5 === 0 && bytes.length > 0) bytes = bytes.subarray(0, cut % bytes.length);
        expect(decodePriceEntries(bytes)).toEqual(before(bytes));
      }),
      { numRuns: 5000 },
    );
  });
});

describe("decodePricesAt skipping unlisted names (the reveal's rule)", () => {
  // listed names in an order other than name order; others unlisted, non-ASCII, and a pair whose UTF-16 and
  // UTF-8 orders differ (U+FF21 sorts after U+1F600's surrogates as text, before its 4 bytes as UTF-8)
  const LISTED = ["uopt", "ETH", "BTC", "BTC-IV"];
  const NAMES = [...LISTED, "ADA", "BTC-", "Z", "a", "\u00e9", "\uff21", "\u{1f600}", "x\u{1f600}", "x\uff21"];
  const positions = assetPositions(LISTED);
  /** What tallyPeriod read before: decodePriceEntries, then each price at its whitelist position, unlisted ones left out. */
  const reference = (bytes: Uint8Array) => {
    const entries = decodePriceEntries(bytes);
    if (typeof entries === "string") return "refused";
    const out = new Array<bigint | undefined>(LISTED.length).fill(undefined);
    for (const [asset, value] of entries) if (LISTED.includes(asset)) out[LISTED.indexOf(asset)] = value;
    return out;
  };
  const entryList = fc.array(fc.tuple(fc.constantFrom(...NAMES), price), { maxLength: 8 });
  /** Entries in any order and with repeats, written in the price-entry framing as they come. */
  const framed = (list: Array<[string, bigint]>) => Buffer.concat(list.map((entry) => encodePriceEntries([entry])));

  test("accepts, refuses and places prices exactly as decodePriceEntries and the whitelist did", () => {
    fc.assert(
      fc.property(entryList, fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 }), (list, sorted, at, flip) => {
        const ordered = sorted ? [...new Map(list)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : list;
        const bytes = framed(ordered);
        if (bytes.length > 0) bytes[at % bytes.length] ^= flip;
        const decoded = decodePricesAt(bytes, positions, "skip");
        expect(typeof decoded === "string" ? "refused" : rowPrices(decoded)).toEqual(reference(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  test("a block's rows cut from one buffer (priceRows) hold what each input decoded alone gives, refusals and rows past the planned count included", () => {
    const inputs = fc.array(fc.tuple(entryList, fc.boolean(), fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 });
    fc.assert(
      fc.property(inputs, fc.integer({ min: 0, max: 12 }), fc.constantFrom("skip" as const, "refuse" as const), (list, planned, unlisted) => {
        const inputsBytes = list.map(([entries, sorted, at, flip]) => {
          const bytes = framed(sorted ? [...new Map(entries)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : entries);
          if (bytes.length > 0 && flip % 4 === 0) bytes[at % bytes.length] ^= flip;
          return bytes;
        });
        const newRow = priceRows(planned, LISTED.length);
        // all decoded first, then read: a row that shared memory with a later one would show the later prices
        const shared = inputsBytes.map((bytes) => decodePricesAt(bytes, positions, unlisted, newRow()));
        const alone = inputsBytes.map((bytes) => decodePricesAt(bytes, positions, unlisted));
        expect(shared.map((row) => (typeof row === "string" ? row : rowPrices(row)))).toEqual(alone.map((row) => (typeof row === "string" ? row : rowPrices(row))));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("addMissCounts", () => {
  /** The merge it stands for, kept here as the reference: each listed asset's counts plus this block's, kept once counted. */
  const merged = (before: readonly AssetMissCount[], listed: readonly string[], missed: ReadonlyArray<Uint8Array | undefined>, voter: number) =>
    listed.flatMap((asset, k) => {
      const previous = before.find((entry) => entry.asset === asset);
      const misses = (previous?.misses ?? 0) + (missed[k]?.[voter] ?? 0);
      const ballots = (previous?.ballots ?? 0) + (missed[k] === undefined ? 0 : 1);
      return ballots > 0 ? [{ asset, misses, ballots }] : [];
    });
  // names of every length class the word-wise check takes (under 3 bytes, one word, a word and an overlapping
  // one, several), some equal but for one byte (first, middle or last)
  const POOL = ["A", "ADA", "BTC", "BTC-IV", "BTC-IW", "ETH", "LONG-ASSET-NAME", "LONG-BSSET-NAME", "SOL", "XY", "YY", "uopt"];
  // now and then at the u32 edge, where the in-place add must give way to the merge (which refuses it)
  const count = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 1000 }), weight: 9 }, { arbitrary: fc.integer({ min: 2 ** 32 - 3, max: 2 ** 32 - 1 }), weight: 1 });
  const VOTERS = 4;
  const block = fc
    .subarray(POOL, { minLength: 1 })
    .chain((listed) =>
      fc.record({
        listed: fc.constant(listed),
        // half the time the usual counter: every listed asset, each counted before
        before: fc.oneof(
          fc.tuple(...listed.map(() => fc.tuple(count, fc.integer({ min: 1, max: 1000 })))).map((counts) => listed.map((asset, k) => ({ asset, misses: counts[k][0], ballots: counts[k][1] }))),
          fc.subarray(POOL).chain((names) => fc.tuple(...names.map(() => fc.tuple(count, count))).map((counts) => names.map((asset, k) => ({ asset, misses: counts[k][0], ballots: counts[k][1] })))),
        ),
        missed: fc.tuple(...listed.map(() => fc.option(fc.uint8Array({ min: 0, max: 1, minLength: VOTERS, maxLength: VOTERS }), { nil: undefined }))),
        totals: fc.tuple(count, count, count, count),
        voter: fc.integer({ min: 0, max: VOTERS - 1 }),
      }),
    );

  test("adds in place exactly what merging and re-encoding writes, for every counter of all listed assets, and leaves any other untouched", () => {
    fc.assert(
      fc.property(block, ({ listed, before, missed, totals: [misses, ballots, addMisses, addBallots], voter }) => {
        const bytes = encodeMissCounter(misses, ballots, before);
        const added = addMissCounts(bytes, missCounterTemplate(listed.map((name) => Buffer.from(name))), addMisses, addBallots, missed, voter);
        const usual = before.length === listed.length && before.every((entry, k) => entry.asset === listed[k] && entry.ballots > 0);
        const after = merged(before, listed, missed, voter);
        const fits = [misses + addMisses, ballots + addBallots, ...after.flatMap((entry) => [entry.misses, entry.ballots])].every((value) => value <= 2 ** 32 - 1);
        expect(added).toBe(usual && fits);
        // added to in place, or (for the merge to take) left exactly as it was
        expect(bytes.toString("hex")).toBe((added ? encodeMissCounter(misses + addMisses, ballots + addBallots, after) : encodeMissCounter(misses, ballots, before)).toString("hex"));
      }),
      RUNS,
    );
  });

  test("a counter of all listed assets with any one length or name byte changed is left untouched", () => {
    const changed = fc.subarray(POOL, { minLength: 1 }).chain((listed) =>
      fc.record({
        listed: fc.constant(listed),
        asset: fc.nat(listed.length - 1),
        // a position in the asset's [length][name], and what is added to the byte there
        at: fc.nat(64),
        delta: fc.integer({ min: 1, max: 255 }),
      }),
    );
    fc.assert(
      fc.property(changed, ({ listed, asset, at, delta }) => {
        const bytes = encodeMissCounter(3, 9, listed.map((name) => ({ asset: name, misses: 1, ballots: 2 })));
        let pos = 8;
        for (let k = 0; k < asset; k++) pos += 9 + listed[k].length;
        pos += at % (1 + listed[asset].length);
        bytes[pos] = (bytes[pos] + delta) & 0xff;
        const before = Buffer.from(bytes);
        const missed = listed.map(() => Uint8Array.of(1));
        expect(addMissCounts(bytes, missCounterTemplate(listed.map((name) => Buffer.from(name))), 1, 1, missed, 0)).toBe(false);
        expect(bytes.equals(before)).toBe(true);
      }),
      RUNS,
    );
  });
});

/** A ballot of `list`'s prices at `from` in a block's slot arrays (after other slots), voter i at slot from + i. */
function ballotSlots(list: ReadonlyArray<{ price: bigint }>, from: number) {
  const size = from + list.length;
  const slots = { voterOf: new Int32Array(size), high: new Float64Array(size), low: new Float64Array(size), keys: new Float64Array(size), widePrices: new Array<bigint>(size) };
  list.forEach((entry, voter) => {
    const row = priceRowOf([entry.price]);
    slots.voterOf[from + voter] = voter;
    slots.high[from + voter] = row.high[0];
    slots.low[from + voter] = row.low[0];
    if (row.wide) slots.widePrices[from + voter] = row.wide[0] as bigint;
    slots.keys[from + voter] = Number(entry.price);
  });
  return slots;
}

describe("sortSlots", () => {
  test("orders exactly as Array.prototype.sort by price then rank did, equal votes in input order", () => {
    // prices close together far above 2^53 share a Number key: the exact comparison must decide them, in the
    // row form (under 2^101, split at 2^48) and beyond it
    const near = (base: bigint) => fc.bigInt({ min: 0n, max: 64n }).map((offset) => base + offset);
    const vote = fc.record({
      price: fc.oneof(fc.bigInt({ min: 1n, max: 8n }), near(2n ** 48n - 32n), near(2n ** 80n), near(LIMB_LIMIT - 32n), fc.bigInt({ min: 1n, max: MAX_PRICE })),
      rank: fc.integer({ min: 0, max: 6 }),
    });
    fc.assert(
      fc.property(fc.array(vote, { maxLength: 140 }), fc.nat(5), (list, from) => {
        const slots = { ...ballotSlots(list, from), rank: Int32Array.from(list, (entry) => entry.rank) };
        const reference = list.map((entry, input) => ({ ...entry, input })).sort((a, b) => (a.price !== b.price ? (a.price < b.price ? -1 : 1) : a.rank - b.rank));
        expect([...sortSlots(slots, from, list.length)]).toEqual(reference.map((entry) => from + entry.input));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("selectMedian", () => {
  test("gives a slot at the price of the sorted order's weighted median, or gives up (undefined) when out of rounds", () => {
    const near = (base: bigint) => fc.bigInt({ min: 0n, max: 64n }).map((offset) => base + offset);
    const vote = fc.record({
      price: fc.oneof(fc.bigInt({ min: 1n, max: 8n }), near(2n ** 80n), near(LIMB_LIMIT - 32n), fc.bigInt({ min: 1n, max: MAX_PRICE })),
      power: fc.integer({ min: 0, max: 1000 }),
    });
    fc.assert(
      fc.property(fc.array(vote, { minLength: 1, maxLength: 120 }), fc.nat(5), fc.integer({ min: 0, max: 20 }), (list, from, rounds) => {
        const votedPower = list.reduce((sum, entry) => sum + entry.power, 0);
        fc.pre(votedPower > 0);
        const slots = { ...ballotSlots(list, from), powers: Float64Array.from(list, (entry) => entry.power), sorted: new Int32Array(from + list.length) };
        const byPrice = [...list].sort((a, b) => (a.price < b.price ? -1 : a.price > b.price ? 1 : 0));
        let cumulative = 0;
        const median = byPrice.find((entry) => (cumulative += entry.power) >= Math.floor((votedPower + 1) / 2))?.price;
        const slot = selectMedian(slots, from, list.length, BigInt(votedPower), rounds);
        if (rounds === 0) expect(slot).toBeUndefined();
        if (slot !== undefined) expect(list[slot - from].price).toBe(median);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("tallyAssets", () => {
  const ASSETS = ["A", "B", "C"].map((name) => ({ name, vote_threshold: "0" }));
  const BAND = DEC_ONE / 50n;
  // prices on a coarse grid so that ties (price and tie-break order) are common
  const votePrice = fc.oneof(fc.integer({ min: 95, max: 105 }).map((p) => BigInt(p) * DEC_ONE), fc.bigInt({ min: 1n, max: 10n ** 24n }));
  const voters = fc.uniqueArray(
    fc.record({
      validator: fc.stringMatching(/^[a-z0-9]{1,4}$/),
      power: fc.bigInt({ min: 1n, max: 1000n }),
      prices: fc.option(fc.tuple(fc.option(votePrice), fc.option(votePrice), fc.option(votePrice)), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 25, selector: (v) => v.validator },
  );

  test("each asset's median, σ, band and classification are tallyBallot's; misses and in-band counts follow them", () => {
    fc.assert(
      fc.property(voters, (list) => {
        const input = list.map((v) => ({ validator: v.validator, power: v.power, prices: v.prices?.map((p) => p ?? undefined) }));
        const block = tallyAssets(ASSETS, input.map((v) => ({ ...v, prices: v.prices && priceRowOf(v.prices) })), BAND, "0");
        const misses = new Map<string, number>();
        const inBand = new Map<string, number>();
        let counted = 0;
        ASSETS.forEach((_, a) => {
          const votes = input.flatMap((v) => (v.prices?.[a] === undefined ? [] : [{ voter: v.validator, price: v.prices[a] as bigint, power: v.power }]));
          const reference = tallyBallot(votes, BAND);
          const result = block.results[a];
          const ballot = result.ballot && { ...result.ballot, votes: result.ballot.votes.map(({ voter, price, power, inBand: inside }) => ({ voter, price, power, inBand: inside })) };
          expect(ballot ?? null).toEqual(reference);
          if (votes.length === 0) return;
          counted++;
          const classified = new Map(reference?.votes.map((vote) => [vote.voter, vote.inBand]));
          for (const v of input) {
            if (classified.get(v.validator) === true) inBand.set(v.validator, (inBand.get(v.validator) ?? 0) + 1);
            else misses.set(v.validator, (misses.get(v.validator) ?? 0) + 1);
          }
        });
        expect(block.countedBallots).toBe(counted);
        expect([...block.misses]).toEqual(input.map((v) => misses.get(v.validator) ?? 0));
        expect([...block.inBand]).toEqual(input.map((v) => inBand.get(v.validator) ?? 0));
      }),
      RUNS,
    );
  });
});
