// The automatic price breaker as pure functions: what one new oracle tally does to an asset's tracker.
import { DEC_ONE, type Dec, absBig, decFromString, decMul, decToString } from "../../lib/fixed";
import type { OraclePrice } from "./expected";

/** Per watched asset: the price liquidations may use, and a jumped price waiting to prove itself. */
export interface PriceTracker {
  /** height of the newest tally taken into account */
  seen_height: number;
  /** Dec string; "" until the first tally */
  confirmed_price: string;
  confirmed_height: number;
  confirmed_time_ns: string;
  /** a tally that jumped, "" when none */
  pending_price: string;
  pending_height: number;
  /** further tallies that stayed within max_price_jump of the pending price */
  pending_holds: number;
  /** the TWAP reference counts tallies from this time on: a confirmed jump starts a new regime */
  twap_from_ns: string;
}

export const EMPTY_TRACKER: PriceTracker = {
  seen_height: 0,
  confirmed_price: "",
  confirmed_height: 0,
  confirmed_time_ns: "0",
  pending_price: "",
  pending_height: 0,
  pending_holds: 0,
  twap_from_ns: "0",
};

export interface BreakerRule {
  maxJump: Dec;
  confirmations: number;
  twapWindowNs: bigint;
}

export interface Assessment {
  tracker: PriceTracker;
  /** the tally jumped away from the confirmed price (or TWAP) and did not continue a pending jump: freeze */
  tripped: boolean;
  /** the reference it jumped from, when it did */
  reference?: Dec;
  /** a pending jump became the confirmed price with this tally */
  confirmedJump: boolean;
}

/** |price − reference| > maxJump × reference, exactly (cross-multiplied, no rounding). */
export function jumpExceeds(price: Dec, reference: Dec, maxJump: Dec): boolean {
  return absBig(price - reference) * DEC_ONE > maxJump * reference;
}

/**
 * Time-weighted average of the tallies over [fromNs, toNs): each holds from its time until the next one.
 * A tally before fromNs counts from fromNs. undefined when no tally covers any of the window.
 */
export function timeWeightedAverage(points: readonly OraclePrice[], fromNs: bigint, toNs: bigint): Dec | undefined {
  let weighted = 0n;
  let duration = 0n;
  for (let i = 0; i < points.length; i++) {
    const start = points[i].timeNs > fromNs ? points[i].timeNs : fromNs;
    const next = i + 1 < points.length ? points[i + 1].timeNs : toNs;
    const end = next < toNs ? next : toNs;
    if (end <= start) continue;
    weighted += points[i].price * (end - start);
    duration += end - start;
  }
  return duration === 0n ? undefined : weighted / duration;
}

/**
 * One new tally. `earlier` are the asset's tallies before it, oldest first (for the TWAP). A tally within
 * maxJump of the confirmed price and of the TWAP becomes the confirmed price at once. Otherwise it is a jump:
 * it either continues the pending jump (within maxJump of it; after `confirmations` such tallies it becomes
 * the confirmed price), or carries a sustained move on past it (see below), or starts a new pending jump and
 * trips the breaker.
 *
 * A sustained move whose every tally jumps again, further the same way, would otherwise never confirm, and
 * liquidation, which values at the confirmed price, would stop once that price aged out in a long crash. Such
 * tallies count towards confirmation too, but `confirmations` of them confirm only a step of maxJump from the
 * confirmed price towards the latest tally: the confirmed price tracks the trend, at most maxJump per
 * confirmation period, while a single print that reverts still confirms nothing.
 */
export function assessTally(tracker: PriceTracker, tally: OraclePrice, earlier: readonly OraclePrice[], rule: BreakerRule): Assessment {
  const seen = { ...tracker, seen_height: Number(tally.height) };
  const confirm = (regime: boolean): PriceTracker => ({
    ...seen,
    confirmed_price: decToString(tally.price, { trimZeros: true }),
    confirmed_height: Number(tally.height),
    confirmed_time_ns: tally.timeNs.toString(),
    pending_price: "",
    pending_height: 0,
    pending_holds: 0,
    twap_from_ns: regime ? tally.timeNs.toString() : seen.twap_from_ns,
  });
  if (tracker.confirmed_price === "") return { tracker: confirm(true), tripped: false, confirmedJump: false };

  const confirmed = decFromString(tracker.confirmed_price);
  const twap = referenceTwap(tracker, tally, earlier, rule.twapWindowNs);
  const fromConfirmed = jumpExceeds(tally.price, confirmed, rule.maxJump);
  const fromTwap = twap !== undefined && jumpExceeds(tally.price, twap, rule.maxJump);
  if (!fromConfirmed && !fromTwap) return { tracker: confirm(false), tripped: false, confirmedJump: false };

  const pending = tracker.pending_price === "" ? undefined : decFromString(tracker.pending_price);
  if (pending !== undefined && !jumpExceeds(tally.price, pending, rule.maxJump)) {
    const holds = tracker.pending_holds + 1;
    if (holds >= rule.confirmations) return { tracker: confirm(true), tripped: false, confirmedJump: true };
    return { tracker: { ...seen, pending_price: decToString(tally.price, { trimZeros: true }), pending_holds: holds }, tripped: false, confirmedJump: false };
  }
  if (pending !== undefined && continuesTrend(confirmed, pending, tally.price)) {
    const holds = tracker.pending_holds + 1;
    const newPending = { ...seen, pending_price: decToString(tally.price, { trimZeros: true }), pending_height: Number(tally.height) };
    if (holds < rule.confirmations) return { tracker: { ...newPending, pending_holds: holds }, tripped: true, reference: pending, confirmedJump: false };
    const stepped = stepTowards(confirmed, tally.price, rule.maxJump);
    return {
      tracker: {
        ...newPending,
        pending_holds: 0,
        confirmed_price: decToString(stepped, { trimZeros: true }),
        confirmed_height: Number(tally.height),
        confirmed_time_ns: tally.timeNs.toString(),
        twap_from_ns: tally.timeNs.toString(),
      },
      tripped: true,
      reference: pending,
      confirmedJump: true,
    };
  }
  const reference = fromConfirmed ? confirmed : (twap as Dec);
  if (rule.confirmations === 0) return { tracker: confirm(true), tripped: true, reference, confirmedJump: true };
  return {
    tracker: { ...seen, pending_price: decToString(tally.price, { trimZeros: true }), pending_height: Number(tally.height), pending_holds: 0 },
    tripped: true,
    reference,
    confirmedJump: false,
  };
}

/** The pending jump lies on one side of the confirmed price and the tally further out on that side. */
function continuesTrend(confirmed: Dec, pending: Dec, price: Dec): boolean {
  return (pending < confirmed && price < pending) || (pending > confirmed && price > pending);
}

/**
 * A move of maxJump from `from` towards `to`. It never passes `to`: a trend tally lies more than maxJump
 * beyond the pending price, which lies beyond `from` on the same side.
 */
function stepTowards(from: Dec, to: Dec, maxJump: Dec): Dec {
  return decMul(from, to < from ? DEC_ONE - maxJump : DEC_ONE + maxJump, to < from ? "up" : "down");
}

/** The TWAP a tally is judged against: tallies before it, within the window and since the current regime began. */
function referenceTwap(tracker: PriceTracker, tally: OraclePrice, earlier: readonly OraclePrice[], windowNs: bigint): Dec | undefined {
  if (windowNs === 0n) return undefined;
  const regimeStart = BigInt(tracker.twap_from_ns);
  const windowStart = tally.timeNs - windowNs;
  const from = windowStart > regimeStart ? windowStart : regimeStart;
  return timeWeightedAverage(
    earlier.filter((point) => point.timeNs >= regimeStart),
    from,
    tally.timeNs,
  );
}
