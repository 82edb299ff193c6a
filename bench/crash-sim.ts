// crash_sim: the stress suite's crash at scale. 500 writers of BTC puts and 500 buyers (1,000 trading accounts),
// nobody bidding in the auctions, BTC −40 % in a straight line over ten minutes (600 one-second blocks, a
// tally each) and up to a minute at the bottom until nobody is under maintenance. Every block is checked as in
// test/options.stress.test.ts (a broken invariant stops the bench); the figures say where the losses went.
import { tenMinuteCrash } from "../test/helpers/stress";

const WRITERS = 500;

export async function crashSim(): Promise<Record<string, number>> {
  let wallMs = 0;
  const run = await tenMinuteCrash(WRITERS, async (crash) => {
    const started = process.hrtime.bigint();
    try {
      return await crash();
    } finally {
      wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    }
  });
  const { tally, end } = run;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    // goal 0: losses beyond an account's own equity that the fund did not take within its cap
    // (socialised by ADL, bad debt left past the cap, settlement shortfalls shared, negative equity left hidden)
    crash_sim_bad_debt_uusdc: Number(end.badDebtOutsideFund),
    crash_sim_adl_closes: tally.closes.adl,
    // insolvent accounts' losses the fund took over, within its cap
    crash_sim_fund_loss_uusdc: Number(tally.fundLoss),
    crash_sim_fund_positions: end.fund.positions,
    crash_sim_fund_contracts: Number(end.fund.contracts),
    crash_sim_fund_position_value_uusdc: Number(end.fund.positionValue),
    crash_sim_fund_mm_uusdc: Number(end.fund.mm),
    crash_sim_fund_cap_uusdc: Number(end.fund.cap),
    crash_sim_largest_queue: tally.largestQueue,
    crash_sim_longest_wait_blocks: tally.longestWait,
    crash_sim_liquidations: tally.liquidations,
    crash_sim_under_mm_at_end: end.underMaintenance,
    crash_sim_blocks: tally.blocks,
    crash_sim_trades_filled: run.book.filled,
    // the crash's blocks as the harness drives them (FinalizeBlock + Commit, the feeder's signed vote), without
    // the bench's own per-block check of every account
    crash_sim_wall_s: round1((wallMs - run.checkMs) / 1000),
  };
}
