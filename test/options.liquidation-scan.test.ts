// Issue 10, figure liquidation_block_ms: liquidation's per-block work must be bounded by params whatever the
// number of accounts, and bounding it must not let an account under maintenance escape. A block valued up to
// max_accounts_scanned_per_block from the watch list AND as many again from the rotation, so its cost was up to
// twice what the param said. Accounts are written straight into a branch of real app state (prices tallied by
// the real oracle), then the real end-block liquidation runs on it block after block.
import { createHash } from "node:crypto";
import fc from "fast-check";
import type { Context } from "../app/context";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import type { KVStore } from "../app/store/types";
import { runLiquidations, scanShares } from "../modules/options/liquidation";
import { Account, Market, valueAccount } from "../modules/options/risk";
import { OptionsChain, USDC } from "./helpers/options";

jest.setTimeout(300_000);

const BTC = (usd: number) => (BigInt(usd) * USDC).toString();
const EXPIRY = OptionsChain.timeOf(3600);

let chain: OptionsChain;
beforeAll(async () => {
  chain = await OptionsChain.start({
    accounts: 1,
    fund: 1_000_000n * USDC,
    listings: [{ underlying: "BTC", strikes: [BTC(60_000)], expiries_unix: [EXPIRY], kinds: ["call"], contract_size: "1" }],
  });
  chain.prices = { BTC: BTC(60_000), "BTC-IV": "0.6", uopt: "1" };
  await chain.settlePrices();
});
afterAll(() => chain.close());

type Health = "healthy" | "near" | "under";

/**
 * Accounts short 5 calls each (a long holder pairs them, so open interest nets), with uusdc set so equity is
 * 3 × MM (healthy), 1.2 × MM and on the watch list (near), or 0.5 × MM (under). Owners are hashed with a seed,
 * so where each kind falls in the rotation is arbitrary.
 */
function population(healths: Health[], seed: number, params: { budget: number; liquidations: number }): { store: Branch; owners: Uint8Array[] } {
  const keeper = chain.app.options;
  const store = new Branch(chain.app.store);
  // auctions never reach their floor here: the first liquidation of each account is what is being timed
  keeper.setParams(store, { ...keeper.params(store), max_accounts_scanned_per_block: params.budget, max_liquidations_per_block: params.liquidations, auction_blocks: 10_000 });
  const probe = new Account(new Uint8Array(20));
  probe.setPosition(1n, -5n, 0n);
  const bare = valueAccount(new Market(keeper, store, timeNs(0), "confirmed"), probe);
  const cashFor = (times10: bigint) => (bare.mm * times10) / 10n - bare.positionValue;
  const owners = healths.map((_, i) => createHash("sha256").update(`scan test ${seed} ${i}`).digest().subarray(0, 20));
  healths.forEach((health, i) => {
    keeper.setPosition(store, owners[i], 1n, -5n, -5n * 1000n * USDC);
    keeper.setCollateral(store, owners[i], "uusdc", cashFor(health === "healthy" ? 30n : health === "near" ? 12n : 5n));
    if (health === "near") keeper.setWatched(store, owners[i], true);
  });
  const long = createHash("sha256").update(`scan test ${seed} long`).digest().subarray(0, 20);
  keeper.setPosition(store, long, 1n, 5n * BigInt(healths.length), 0n);
  keeper.setCollateral(store, long, "uusdc", 1_000_000n * USDC);
  return { store, owners };
}

const timeNs = (block: number) => BigInt(chain.nowUnix + block) * 1_000_000_000n;

function liquidationBlock(store: KVStore, block: number) {
  const ctx: Context = { store, chainId: "t", height: BigInt(chain.height + 1 + block), timeNs: timeNs(block), mode: "block", gas: infiniteGasMeter(), events: [] };
  const report = runLiquidations(ctx, chain.app.options);
  const liquidated = ctx.events.filter((e) => e.type === "liquidation").map((e) => e.attributes.find((a) => a.key === "account")!.value);
  return { report, liquidated };
}

const addressOf = (owner: Uint8Array) => new Account(owner).address;

describe("liquidation's per-block work is bounded by max_accounts_scanned_per_block", () => {
  test("a block values at most the budget, its watch list included", () => {
    const budget = 10;
    const healths: Health[] = [...Array<Health>(30).fill("healthy"), ...Array<Health>(20).fill("near")];
    const { store } = population(healths, 1, { budget, liquidations: 20 });
    for (let block = 0; block < 6; block++) expect(liquidationBlock(store, block).report.scanned).toBeLessThanOrEqual(budget);
  });

  test("a watch list longer than the budget takes at most half of it: the rotation still reaches the others", () => {
    const budget = 8;
    const healths: Health[] = [...Array<Health>(40).fill("near"), ...Array<Health>(11).fill("healthy"), "under"];
    const { store, owners } = population(healths, 2, { budget, liquidations: 20 });
    const exposed = healths.length + 1;
    const within = Math.ceil(exposed / scanShares(budget).rotation);
    const found: number[] = [];
    for (let block = 0; block < within; block++) if (liquidationBlock(store, block).liquidated.includes(addressOf(owners[owners.length - 1]))) found.push(block);
    expect(found).toHaveLength(1);
  });

  test("an account that cannot be valued (a broken record) is reported and passed over: it cannot hold up the liquidation of every other", () => {
    const budget = 4;
    const healths: Health[] = ["healthy", "healthy", "under", "healthy", "healthy", "under"];
    const { store, owners } = population(healths, 3, { budget, liquidations: 20 });
    // a position in a series that does not exist: no tx can make one, a bug could
    const broken = createHash("sha256").update("scan test broken").digest().subarray(0, 20);
    chain.app.options.setPosition(store, broken, 999n, -1n, 0n);
    const under = new Set(owners.filter((_, i) => healths[i] === "under").map(addressOf));
    const reported = new Set<string>();
    for (let block = 0; block < 2 * Math.ceil((healths.length + 2) / scanShares(budget).rotation); block++) {
      const ctx: Context = { store, chainId: "t", height: BigInt(chain.height + 1 + block), timeNs: timeNs(block), mode: "block", gas: infiniteGasMeter(), events: [] };
      runLiquidations(ctx, chain.app.options);
      for (const e of ctx.events) {
        const attributes = Object.fromEntries(e.attributes.map((a) => [a.key, a.value]));
        if (e.type === "liquidation") under.delete(attributes.account);
        if (e.type === "liquidation_error") reported.add(attributes.account);
      }
    }
    expect([...under]).toEqual([]);
    expect([...reported]).toEqual([addressOf(broken)]);
  });

  test("property: every account under maintenance is liquidated within ceil(exposed / rotation share) + ceil(under / max_liquidations_per_block) blocks, and no block values more than the budget", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Health>("healthy", "healthy", "near", "under"), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (healths, budget, liquidations, seed) => {
          const { store, owners } = population(healths, seed, { budget, liquidations });
          const under = new Set(owners.filter((_, i) => healths[i] === "under").map(addressOf));
          const everUnder = new Set(under);
          const exposed = healths.length + 1;
          const bound = Math.ceil(exposed / scanShares(budget).rotation) + Math.ceil(under.size / liquidations);
          for (let block = 0; block < bound && under.size > 0; block++) {
            const { report, liquidated } = liquidationBlock(store, block);
            expect(report.scanned).toBeLessThanOrEqual(budget);
            for (const address of liquidated) {
              expect(everUnder.has(address)).toBe(true);
              under.delete(address);
            }
          }
          expect([...under]).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
