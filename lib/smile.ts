// The volatility smile: implied vol by strike, from two numbers per underlying that the validators vote into
// the oracle like prices (`BTC-SMILE-PUT`, `BTC-SMILE-CALL`, beside `BTC-IV`).
//
//   x = ln(K/F) / √T                                   expiry-normalised log-moneyness (F = spot: rate 0, T in years)
//   vol(K) = ATM vol × min(maxMultiple, 1 + w·|x|),    w = put vote − 1 below the money (x < 0), call vote − 1 above
//
// A vote is the vol multiple at |x| = 1 (a 30-day strike at ln(K/F) = ∓0.29, a 1-year one at ∓1): 1.3 means
// that strike trades at 1.3 × the ATM vol. Voting the multiple rather than the slope keeps every vote a
// positive number the oracle accepts, with 1 for a flat side, and keeps the oracle's relative reward band and
// any jump breaker meaningful (a slope near 0 would make every small change a huge relative one). Votes
// below 1 count as flat: a wing is never marked under the ATM vol. One pair serves every expiry through x.
// The cap bounds what a bad vote can do and keeps total variance linear in |ln K/F| in the far wings (Lee's
// moment bound). Below it the smile is a V in x, whose kink at the money only adds convexity in strike. The
// knee where the cap starts is the one place a butterfly prices below zero, slightly (about 1e-6 of spot for a
// 0.3 wing on a 1-day expiry); single options stay within their bounds everywhere (smile.test.ts).
//
// Deterministic: detLn and IEEE basic operations only.

import { detLn } from "./detmath";
import { type Dec, DEC_ONE, decFromString, decToFloat } from "./fixed";

export const smilePutAsset = (underlying: string) => `${underlying}-SMILE-PUT`;
export const smileCallAsset = (underlying: string) => `${underlying}-SMILE-CALL`;

/** No strike is marked above this multiple of the ATM vol, whatever is voted. */
export const DEFAULT_MAX_SMILE_MULTIPLE: Dec = decFromString("2.5");

/** One underlying's smile as margin reads it: wing slopes ≥ 0 and the cap (≥ 1). */
export interface Smile {
  putWing: Dec;
  callWing: Dec;
  maxMultiple: Dec;
}

/**
 * The smile from fresh votes (the vol multiple at x = −1 and x = +1; undefined when none is fresh). undefined
 * when both sides are flat, so a market without a smile values exactly as before.
 */
export function smileFromVotes(votes: { put?: Dec; call?: Dec }, maxMultiple: Dec): Smile | undefined {
  const wing = (vote?: Dec) => (vote !== undefined && vote > DEC_ONE ? vote - DEC_ONE : 0n);
  const [putWing, callWing] = [wing(votes.put), wing(votes.call)];
  if (putWing === 0n && callWing === 0n) return undefined;
  return { putWing, callWing, maxMultiple: maxMultiple > DEC_ONE ? maxMultiple : DEC_ONE };
}

/** The smile in float, converted once per series. */
export interface SmileCurve {
  put: number;
  call: number;
  cap: number;
}

export function smileCurve(smile: Smile): SmileCurve {
  return { put: decToFloat(smile.putWing), call: decToFloat(smile.callWing), cap: decToFloat(smile.maxMultiple) };
}

/** The multiple of the ATM vol at normalised log-moneyness x: 1 at the money, rising with |x|, at most the cap. */
export function smileMultiple(curve: SmileCurve, x: number): number {
  const multiple = 1 + (x < 0 ? curve.put * -x : curve.call * x);
  // a NaN x compares false and lands on the cap, never on a NaN vol
  return multiple < curve.cap ? multiple : curve.cap;
}

/**
 * The multiple for a strike at a spot, T years out. At expiry (T ≤ 0) vol prices nothing: 1. The caller
 * passes √T, which it needs anyway, so scenarios share it.
 */
export function smileMultipleAt(curve: SmileCurve | undefined, strike: number, spot: number, sqrtYears: number): number {
  if (!curve || !(sqrtYears > 0)) return 1;
  return smileMultiple(curve, detLn(strike / spot) / sqrtYears);
}

/** A stable text of the smile for cache keys ("" when flat). */
export function smileKey(smile: Smile | undefined): string {
  return smile ? `${smile.putWing}/${smile.callWing}/${smile.maxMultiple}` : "";
}
