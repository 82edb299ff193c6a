// breaker_block_ms: the circuit's per-block price work with 50 watched assets whose oracle rings are full (500
// tallies each), in process with the real keepers: checkPrices (the end-block jump and staleness check) and one
// liquidationPrice per asset (what options asks every block), after a new tally of every asset. Chain defaults:
// 600-s TWAP window, 6-s blocks, a tally every block.
import type { Context } from "../app/context";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import { MsgRouter } from "../app/tx/router";
import * as auth from "../modules/auth/keeper";
import { BankKeeper } from "../modules/bank/keeper";
import { CircuitKeeper } from "../modules/circuit/keeper";
import { DEFAULT_PARAMS as CIRCUIT_DEFAULTS } from "../modules/circuit/params";
import { GovKeeper } from "../modules/gov/keeper";
import { OracleKeeper } from "../modules/oracle/keeper";
import { DEFAULT_PARAMS as ORACLE_DEFAULTS } from "../modules/oracle/params";
import { SlashingKeeper } from "../modules/slashing/keeper";
import { StakingKeeper } from "../modules/staking/keeper";
import type { Samples } from "./record";

const ASSETS = 50;
const BLOCK_SECONDS = 6n;
const RUNS = 30;
/** The ring is filled and the breaker has seen it all before timing starts, as on a chain that has run a while. */
const WARMUP_BLOCKS = ORACLE_DEFAULTS.history_length + 20;
/** Blocks that only fill the rings: the breaker's first check then judges them all at once, untimed. */
const FILL_BLOCKS = ORACLE_DEFAULTS.history_length - 100;
const SECOND = 1_000_000_000n;

export function breakerBlock(): Samples {
  const committed = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
  const staking = new StakingKeeper();
  const oracle = new OracleKeeper(staking, new SlashingKeeper(staking, bank));
  const gov = new GovKeeper({ bank, validators: staking, router: new MsgRouter([]), gate: { allow: (ctx, typeUrl) => circuit.allow(ctx, typeUrl) } });
  const circuit: CircuitKeeper = new CircuitKeeper({ prices: oracle, gov, committed });
  const assets = Array.from({ length: ASSETS }, (_, a) => `ASSET${a}`);
  oracle.setParams(committed, { ...ORACLE_DEFAULTS, assets: assets.map((name) => ({ name, vote_threshold: "0.5" })) });
  circuit.setParams(committed, { ...CIRCUIT_DEFAULTS, price_breaker_assets: assets.map((name) => ({ name, max_price_jump: "0.1" })) });

  const times: number[] = [];
  // CPU time as well as wall: on the shared box, wall time mostly measures who else holds the two cores
  const cpuTimes: number[] = [];
  for (let height = 1; height <= WARMUP_BLOCKS + RUNS; height++) {
    const store = new Branch(committed);
    const timeNs = BigInt(height) * BLOCK_SECONDS * SECOND;
    const ctx: Context = { store, chainId: "bench", height: BigInt(height), timeNs, mode: "block", gas: infiniteGasMeter(), events: [] };
    assets.forEach((asset, a) => {
      // small moves around 1000 + a, within the jump bound, so every tally confirms and nothing freezes
      const price = { price: `${1000 + a}.${(height * 7 + a) % 100}`, height, time_ns: timeNs.toString() };
      oracle.setStoredPrice(store, asset, price);
      oracle.pushHistory(store, asset, price);
    });
    if (height <= FILL_BLOCKS) {
      store.write();
      continue;
    }
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    for (const asset of assets) if (!circuit.liquidationPrice(store, asset, timeNs)) throw new Error(`no liquidation price for ${asset}`);
    circuit.checkPrices(ctx);
    const cpu = process.cpuUsage(cpuBefore);
    if (height > WARMUP_BLOCKS) {
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    if (ctx.events.some((event) => event.type === "market_frozen")) throw new Error("the benchmark's prices froze a market");
    store.write();
  }
  const round2 = (t: number) => Math.round(t * 100) / 100;
  return { breaker_block_ms: times.map(round2), breaker_block_cpu_ms: cpuTimes.map(round2) };
}
