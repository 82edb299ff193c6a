// An asset a validator never prices is a miss in that asset's own count: over a slash window, a validator
// that votes honestly on every asset but one is punished for that one (issue 11), and the slashed set is
// exactly the validators with some asset's valid rate under min_valid_per_window.
import fc from "fast-check";
import { DEC_ONE, decFromString } from "../lib/fixed";
import { oracleKeepers } from "./helpers/oracle-keepers";

const ASSETS = ["BTC", "BTC-IV", "ETH"];
const PRICES = [decFromString("65000"), decFromString("0.55"), decFromString("3000")];

const setup = (count: number, slashWindow: number, minValid: string) => oracleKeepers(count, ASSETS, PRICES, slashWindow, minValid);

test("a validator that never votes one asset of three is slashed and jailed at the window's end", () => {
  const window = 30;
  const net = setup(4, window, "0.5");
  const skipsBtcIv = [true, false, true];
  for (let height = 0; height < window; height++) net.block(height, [[true, true, true], [true, true, true], [true, true, true], skipsBtcIv]);
  // 1/3 of its ballots missed overall (under the 1/2 bar in total), but BTC-IV's valid rate is 0
  expect(net.wasSlashed()).toEqual([false, false, false, true]);
  expect(net.jailed()).toEqual([false, false, false, true]);
});

test("property: the slashed set is exactly the validators with some asset under min_valid_per_window", () => {
  const validators = 4;
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 12 }),
      fc.constantFrom("0.25", "0.5", "0.75", "0.9"),
      fc.array(fc.array(fc.array(fc.boolean(), { minLength: ASSETS.length, maxLength: ASSETS.length }), { minLength: validators, maxLength: validators }), { minLength: 12, maxLength: 12 }),
      (window, minValid, pattern) => {
        const net = setup(validators, window, minValid);
        for (let height = 0; height < window; height++) net.block(height, pattern[height]);
        // reference: a ballot counts for an asset when anyone voted it; every vote cast is valid (all honest, one
        // price per asset, so in band when the ballot passes; one under the quorum blames no voter, only the absent)
        const threshold = decFromString(minValid);
        const expected = Array.from({ length: validators }, (_, v) =>
          ASSETS.some((_, a) => {
            let counted = 0;
            let valid = 0;
            for (let height = 0; height < window; height++) {
              const voters = pattern[height].filter((votes) => votes[a]).length;
              if (voters === 0) continue;
              counted++;
              if (pattern[height][v][a]) valid++;
            }
            return counted > 0 && BigInt(valid) * DEC_ONE < threshold * BigInt(counted);
          }),
        );
        expect(net.wasSlashed()).toEqual(expected);
      },
    ),
    { numRuns: 60 },
  );
});
