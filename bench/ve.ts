// Vote-extension prices: ve_block_ms, what FinalizeBlock does with the proposer's injected votes of 100
// validators × 50 assets (decode, consensus address → operator, 50 stake-weighted medians, prices, history,
// tallies, miss counters: the oracle's begin-block, store reads and writes included), in process with the real
// keepers; and price_latency_blocks, how many blocks a price source's move takes to become the on-chain price
// on a real 4-validator localnet.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RequestFinalizeBlock } from "cosmjs-types/tendermint/abci/types";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import { consensusAddress, toAccAddress, toValoper } from "../app/address";
import type { Context } from "../app/context";
import { infiniteGasMeter } from "../app/gas";
import { Branch } from "../app/store/branch";
import { DEC_ONE } from "../lib/fixed";
import * as auth from "../modules/auth/keeper";
import { BankKeeper } from "../modules/bank/keeper";
import { bankModule } from "../modules/bank/module";
import { OracleKeeper } from "../modules/oracle/keeper";
import { oracleModule } from "../modules/oracle/module";
import { DEFAULT_PARAMS } from "../modules/oracle/params";
import { encodeInjectedVotes, encodeVoteExtension } from "../modules/oracle/ve";
import { SlashingKeeper } from "../modules/slashing/keeper";
import { BONDED_POOL_ADDRESS, StakingKeeper } from "../modules/staking/keeper";
import { stakingModule } from "../modules/staking/module";
import { blockEvents } from "../test/helpers/live";
import { Localnet } from "../localnet/network";
import type { Samples } from "./record";

const VALIDATORS = 100;
const ASSETS = 50;
const RUNS = 30;
/**
 * Every block runs it, so the code is compiled and warm; the first runs measure V8 instead. After 20 runs the
 * first section of a process still ran at about twice its later median: V8 had not finished optimising it.
 */
const WARMUP_RUNS = 200;

export function veBlock(): Samples {
  const base = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
  const bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
  const staking = new StakingKeeper();
  const oracle = new OracleKeeper(staking, new SlashingKeeper(staking, bank));
  const module = oracleModule(oracle, staking, { carriesExtensions: () => true });
  const ctx = (store: Branch): Context => ({ store, chainId: "bench", height: 99n, timeNs: 1_800_000_000_000_000_000n, mode: "block", gas: infiniteGasMeter(), events: [] });
  const operators = Array.from({ length: VALIDATORS }, (_, i) => Buffer.from(`bench-validator-${String(i).padStart(4, "0")}`).subarray(0, 20));
  const pubkeys = operators.map((_, i) => Buffer.alloc(32, i + 1));
  // uneven stake, as on a real chain: 1 to 100 units of power
  const tokens = operators.map((_, i) => BigInt(1 + ((i * 37) % 100)) * 1_000_000n);
  const bonded = tokens.reduce((sum, t) => sum + t, 0n);
  const genesis = ctx(base);
  bankModule(bank, new Set()).initGenesis(genesis, { balances: [{ address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: bonded.toString() }] }] });
  stakingModule(staking, bank).initGenesis(genesis, {
    validators: operators.map((operator, i) => ({ operator_address: toValoper(operator), moniker: "", consensus_pubkey: pubkeys[i].toString("base64"), tokens: tokens[i].toString(), jailed: false })),
  });
  const assets = Array.from({ length: ASSETS }, (_, a) => ({ name: `ASSET${a}`, vote_threshold: "0.5" }));
  oracle.setParams(base, { ...DEFAULT_PARAMS, slash_window: 100_000, assets });
  // in uusdc per unit, spread ±0.5 % around 1000 + a dollars; every seventh validator is far off (as oracle_tally's reveals)
  const votes = operators.map((_, v) => {
    const offset = (a: number) => (v % 7 === 0 ? 300 : ((v * 13 + a * 7) % 11) - 5);
    const prices = new Map(assets.map((asset, a) => [asset.name, BigInt((1000 + a + offset(a)) * 1_000_000 + ((v * 31 + a) % 1000) * 1000) * DEC_ONE]));
    // the signatures are ProcessProposal's to check, not FinalizeBlock's
    return { validator: { address: consensusAddress(pubkeys[v]), power: tokens[v] / 1_000_000n }, voteExtension: encodeVoteExtension(prices), extensionSignature: new Uint8Array(64), blockIdFlag: BlockIDFlag.BLOCK_ID_FLAG_COMMIT };
  });
  const block = { txs: [encodeInjectedVotes({ round: 0, votes })] } as unknown as RequestFinalizeBlock;
  // one block into the base state, so each timed one finds what a live chain holds mid-window: ballot entries,
  // miss counters (per asset) and reward weights to read and rewrite, prices and history to push onto
  module.beginBlock?.(ctx(base), block);

  const times: number[] = [];
  // CPU time as well as wall: on the shared box, wall time mostly measures who else holds the two cores
  const cpuTimes: number[] = [];
  for (let run = -WARMUP_RUNS; run < RUNS; run++) {
    const state = new Branch(base);
    const context = ctx(state);
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    module.beginBlock?.(context, block);
    const cpu = process.cpuUsage(cpuBefore);
    if (run >= 0) {
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    const updated = context.events.filter((event) => event.type === "oracle_price_updated").length;
    if (updated !== ASSETS) throw new Error(`the benchmark's extensions priced ${updated} of ${ASSETS} assets`);
  }
  const round2 = (t: number) => Math.round(t * 100) / 100;
  return { ve_block_ms: times.map(round2), ve_block_cpu_ms: cpuTimes.map(round2) };
}

const MOVES = 6;

/**
 * Every validator's sources read one price file; the bench moves BTC in it by 1 % and counts the blocks from
 * the last one committed before the move to the one whose tally carries the new price. Each validator's sidecar
 * reads the file at every new height its app asks for (and every 500 ms), the app asks every 100 ms and signs the
 * answer into its next precommit, tallied in the block after: 1–2 blocks is the design.
 */
export async function priceLatencyBlocks(): Promise<Samples> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-latency-"));
  const file = path.join(dir, "prices.json");
  const write = (btc: bigint) => writeFileSync(file, JSON.stringify({ BTC: btc.toString(), ETH: "3200000000" }));
  let btc = 65_000_000_000n;
  write(btc);
  const net = await Localnet.create({ dir: path.join(dir, "net"), validators: 4, timeoutCommitMs: 400, priceSources: () => ({ sources: [{ type: "file", name: "prices", path: file }], assets: ["BTC", "ETH"] }) });
  try {
    await net.start();
    const rpc = net.rpc(0);
    const tallied = async (from: number, price: bigint): Promise<number> => {
      for (let height = from; ; ) {
        if ((await net.height(0)) < height) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        // /status counts a block once stored, before it has executed: its results can lag
        const events = await blockEvents(rpc, height, "oracle_price_updated").catch(() => undefined);
        if (!events) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        const event = events.find((e) => e.asset === "BTC");
        if (event?.price === price.toString()) return height;
        if (height - from > 30) throw new Error(`BTC ${price} not tallied within 30 blocks of height ${from}`);
        height++;
      }
    };
    await tallied(3, btc);
    const samples: number[] = [];
    for (let move = 0; move < MOVES; move++) {
      // just after a block is committed, so the move lands at a known point of the next height
      const before = await net.height(0);
      for (;;) if ((await net.height(0)) > before) break; else await new Promise((resolve) => setTimeout(resolve, 20));
      const committed = await net.height(0);
      btc = (btc * 101n) / 100n;
      write(btc);
      samples.push((await tallied(committed + 1, btc)) - committed);
    }
    return { price_latency_blocks: samples };
  } finally {
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
