// The deviation filter across providers (or sources) of one asset: the defence against one that lies.
import { type Dec, DEC_ONE, absBig, decFromString, decToString } from "../../lib/fixed";
import { weightedMedian } from "../../lib/median";

export const DEFAULT_DEVIATION_THRESHOLD = decFromString("0.05");

/** Why a provider's price for an asset was not used. */
export interface Drop {
  provider: string;
  asset: string;
  reason: "stale" | "deviation" | "no_conversion";
  message: string;
}

export interface Candidate {
  provider: string;
  value: Dec;
}

const percent = (ratio: Dec) => `${decToString(ratio * 100n, { trimZeros: true }).replace(/(\.\d{0,2})\d*$/, "$1").replace(/\.$/, "")}%`;
export const medianOf = (candidates: readonly Candidate[]) => weightedMedian(candidates.map((c) => ({ voter: c.provider, price: c.value, power: 1n })));

/**
 * The median of the providers within `threshold` (a fraction) of their median, and the ones dropped. With
 * fewer than a strict majority left it abstains: two providers 30 % apart cannot tell which one lies, and a
 * vote taken from either would be the liar's half the time.
 */
export function filterDeviation(asset: string, candidates: readonly Candidate[], threshold: Dec): { price?: Dec; drops: Drop[]; abstain?: string } {
  const median = medianOf(candidates);
  if (median === null) return { drops: [] };
  const drops: Drop[] = [];
  const kept = candidates.filter((candidate) => {
    const deviation = absBig(candidate.value - median);
    if (deviation * DEC_ONE <= threshold * median) return true;
    const ratio = (deviation * DEC_ONE) / median;
    drops.push({
      provider: candidate.provider,
      asset,
      reason: "deviation",
      message: `${candidate.provider} ${asset} ${decToString(candidate.value, { trimZeros: true })} is ${percent(ratio)} from the median ${decToString(median, { trimZeros: true })} (threshold ${percent(threshold)}): dropped`,
    });
    return false;
  });
  if (kept.length * 2 <= candidates.length) {
    return { drops, abstain: `${asset}: only ${kept.length} of ${candidates.length} providers within ${percent(threshold)} of their median: abstaining` };
  }
  return { price: medianOf(kept) ?? undefined, drops };
}

