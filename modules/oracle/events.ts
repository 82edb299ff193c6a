import { event } from "../../app/context";

export const feederDelegated = (validator: string, feeder: string) => event("oracle_feeder_delegated", { validator, feeder });
export const prevote = (validator: string, feeder: string, period: number) =>
  event("oracle_aggregate_prevote", { validator, feeder, period: period.toString() });
export const vote = (validator: string, feeder: string, period: number, prices: string) =>
  event("oracle_aggregate_vote", { validator, feeder, period: period.toString(), prices });
export const priceUpdated = (asset: string, price: string, quote: string, band: string, voters: number, outliers: number, absent: number) =>
  event("oracle_price_updated", {
    asset,
    price,
    quote,
    band,
    voters: voters.toString(),
    outliers: outliers.toString(),
    absent: absent.toString(),
  });
export const ballotDropped = (asset: string, votedPower: bigint, totalPower: bigint, threshold: string, quorum: string) =>
  event("oracle_ballot_dropped", { asset, voted_power: votedPower.toString(), total_power: totalPower.toString(), vote_threshold: threshold, vote_quorum: quorum });
export const slashWindowEnded = (height: bigint, punished: number) =>
  event("oracle_slash_window_ended", { height: height.toString(), punished: punished.toString() });
export const rewardFunded = (fees: string, minted: string) => event("oracle_reward_funded", { fees, minted });
export const reward = (validator: string, amount: string, weight: bigint, totalWeight: bigint) =>
  event("oracle_reward", { validator, amount, weight: weight.toString(), total_weight: totalWeight.toString() });
export const rewardRefused = (validator: string, amount: string, error: string) => event("oracle_reward_refused", { validator, amount, error });
