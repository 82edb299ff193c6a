// A validator that never votes must not skip its oracle slash windows by leaving the voter set for one block of
// each (an adversarial review of the newcomer rule: with max_validators = 100, the 100th and 101st swap ranks by
// a small redelegation, and staking leaves the one that fell out Unbonding). Counters of validators not judged at
// a window's end are carried, and a validator is judged once its own counted ballots reach a whole window's worth.
import { BondStatus } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import fc from "fast-check";
import { decFromString } from "../lib/fixed";
import { StakingKeeper } from "../modules/staking/keeper";
import { oracleKeepers } from "./helpers/oracle-keepers";

const BTC = [decFromString("50000")];

/** Runs `windows` windows; validator 0 never votes and is out of the voter set (Unbonding) whenever `out(height)`. */
function churn(window: number, windows: number, out: (height: number) => boolean) {
  const net = oracleKeepers(4, ["BTC"], BTC, window, "0.5");
  const staking = new StakingKeeper();
  const dodger = net.operators[0];
  for (let height = 0; height < window * windows; height++) {
    const record = staking.getValidator(net.store, dodger)!;
    if (!record.jailed) staking.writeValidator(net.store, dodger, { ...record, status: out(height) ? BondStatus.BOND_STATUS_UNBONDING : BondStatus.BOND_STATUS_BONDED });
    net.block(height, [[false], [true], [true], [true]]);
  }
  return net;
}

test("a validator that never votes and leaves the set for one block mid-window is slashed and jailed by the end of its second window", () => {
  const WINDOW = 20;
  const net = churn(WINDOW, 2, (height) => height % WINDOW === 5);
  expect(net.wasSlashed()).toEqual([true, false, false, false]);
  expect(net.jailed()).toEqual([true, false, false, false]);
});

test("a validator that never votes and is out of the set at every window's last block is still slashed and jailed", () => {
  const WINDOW = 20;
  const net = churn(WINDOW, 3, (height) => height % WINDOW === WINDOW - 1);
  expect(net.wasSlashed()).toEqual([true, false, false, false]);
  expect(net.jailed()).toEqual([true, false, false, false]);
});

test("control: in the set for the whole window, it is slashed at the first window's end", () => {
  const net = churn(20, 1, () => false);
  expect(net.wasSlashed()).toEqual([true, false, false, false]);
});

test("a carried counter is kept while its validator is unbonding and dropped once it has finished unbonding", () => {
  const WINDOW = 10;
  const net = churn(WINDOW, 1, (height) => height === 3);
  const counter = () => net.oracle.missCounters(net.store).find(({ operator }) => Buffer.compare(Buffer.from(operator), net.operators[0]) === 0)?.counter;
  expect(counter()).toMatchObject({ misses: WINDOW - 1, ballots: WINDOW - 1 });
  const staking = new StakingKeeper();
  staking.writeValidator(net.store, net.operators[0], { ...staking.getValidator(net.store, net.operators[0])!, status: BondStatus.BOND_STATUS_UNBONDING });
  for (let height = WINDOW; height < 2 * WINDOW; height++) net.block(height, [[false], [true], [true], [true]]);
  expect(counter()).toMatchObject({ misses: WINDOW - 1, ballots: WINDOW - 1 });
  staking.writeValidator(net.store, net.operators[0], { ...staking.getValidator(net.store, net.operators[0])!, status: BondStatus.BOND_STATUS_UNBONDED });
  for (let height = 2 * WINDOW; height < 3 * WINDOW; height++) net.block(height, [[false], [true], [true], [true]]);
  expect(counter()).toBeUndefined();
  expect(net.wasSlashed()).toEqual([false, false, false, false]);
});

test("property: whatever its presence in the set across windows, a validator that never votes is slashed at the ballot that brings its own counted ballots to a whole window's worth, not before; one that votes honestly is never slashed", () => {
  const assets = ["BTC", "ETH"];
  const prices = [decFromString("65000"), decFromString("3000")];
  const staking = new StakingKeeper();
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 10 }),
      fc.integer({ min: 1, max: assets.length }),
      fc.constantFrom("0.05", "0.5", "1"),
      // per block, for the silent validator 0 and the honest validator 1: in the voter set unless 0
      fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { minLength: 60, maxLength: 60 }),
      (window, assetCount, minValid, presence) => {
        const net = oracleKeepers(4, assets.slice(0, assetCount), prices, window, minValid);
        const wholeWindow = window * assetCount;
        let counted = 0;
        for (let height = 0; height < presence.length; height++) {
          [0, 1].forEach((v) => {
            const record = staking.getValidator(net.store, net.operators[v])!;
            if (!record.jailed) staking.writeValidator(net.store, net.operators[v], { ...record, status: presence[height][v] > 0 ? BondStatus.BOND_STATUS_BONDED : BondStatus.BOND_STATUS_UNBONDING });
          });
          const present = presence[height][0] > 0;
          const votes = Array.from({ length: assetCount }, () => true);
          net.block(height, [votes.map(() => false), votes, votes, votes]);
          // validators 2 and 3 vote every asset in every block, so each block counts one ballot per asset
          if (present) counted += assetCount;
          expect(net.wasSlashed()[0]).toBe(counted >= wholeWindow);
          if (counted >= wholeWindow) break;
        }
        expect(net.wasSlashed().slice(1)).toEqual([false, false, false]);
      },
    ),
    { numRuns: 150 },
  );
});
