import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { BlockIDFlag } from "cosmjs-types/tendermint/types/validator";
import { OptchainApp } from "../../app/app";
import { rpcGet } from "../../localnet/network";
import { expectNoBrokenEvents } from "./broken-events";

const quiet = { info: () => undefined, error: () => undefined };

function timestamp(rfc3339: string): { seconds: bigint; nanos: number } {
  const match = /^(.*?)(?:\.(\d+))?Z$/.exec(rfc3339)!;
  const seconds = BigInt(Math.floor(Date.parse(`${match[1]}Z`) / 1000));
  return { seconds, nanos: Number((match[2] ?? "").padEnd(9, "0").slice(0, 9)) };
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex").toUpperCase();

/**
 * Re-executes a live chain's blocks 1..upTo in a fresh app that never crashed and returns, per height,
 * [app hash the replay computed, app hash the chain recorded in the next header].
 */
export async function replayChain(rpc: string, upTo: number): Promise<Array<{ height: number; replayed: string; recorded: string }>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-replay-"));
  const app = new OptchainApp({ dataDir: dir, logger: quiet });
  try {
    const { genesis } = await rpcGet(rpc, "genesis");
    app.initChain({
      time: timestamp(genesis.genesis_time),
      chainId: genesis.chain_id,
      validators: [],
      appStateBytes: Buffer.from(JSON.stringify(genesis.app_state)),
      initialHeight: BigInt(genesis.initial_height),
      // CometBFT hands the genesis consensus params to InitChain, and the app keeps block.max_gas in state
      consensusParams: {
        block: { maxBytes: BigInt(genesis.consensus_params.block.max_bytes), maxGas: BigInt(genesis.consensus_params.block.max_gas) },
        // without it the replay would take the proposer's injected votes for a user tx and tally by commit-reveal
        abci: { voteExtensionsEnableHeight: BigInt(genesis.consensus_params.abci?.vote_extensions_enable_height ?? 0) },
        // slashing keeps the evidence age limits in state, so without them every replayed app hash differs
        evidence: evidenceParams(genesis.consensus_params.evidence),
      },
    });
    const results: Array<{ height: number; replayed: string; recorded: string }> = [];
    for (let height = 1; height <= upTo; height++) {
      const { block } = await rpcGet(rpc, `block?height=${height}`);
      const next = await rpcGet(rpc, `block?height=${height + 1}`);
      const votes =
        height === 1
          ? []
          : await lastCommitVotes(rpc, height - 1, block.last_commit.signatures as Array<{ block_id_flag: number; validator_address: string }>);
      const response = app.finalizeBlock({
        txs: (block.data.txs as string[]).map((tx) => Buffer.from(tx, "base64")),
        decidedLastCommit: { round: block.last_commit.round, votes },
        misbehavior: [],
        hash: Buffer.from(next.block.header.last_block_id.hash, "hex"),
        height: BigInt(height),
        time: timestamp(block.header.time),
        nextValidatorsHash: Buffer.from(block.header.next_validators_hash, "hex"),
        proposerAddress: Buffer.from(block.header.proposer_address, "hex"),
      });
      app.commit();
      expectNoBrokenEvents([{ height, blockEvents: response.events, txResults: response.txResults }]);
      results.push({ height, replayed: hex(response.appHash), recorded: next.block.header.app_hash });
    }
    return results;
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Genesis JSON's evidence params (durations as nanosecond strings) in InitChain's shape. */
function evidenceParams(evidence: { max_age_num_blocks: string; max_age_duration: string; max_bytes: string } | undefined) {
  if (evidence === undefined) return undefined;
  const ns = BigInt(evidence.max_age_duration);
  return {
    maxAgeNumBlocks: BigInt(evidence.max_age_num_blocks),
    maxAgeDuration: { seconds: ns / 1_000_000_000n, nanos: Number(ns % 1_000_000_000n) },
    maxBytes: BigInt(evidence.max_bytes),
  };
}

async function lastCommitVotes(rpc: string, height: number, signatures: Array<{ block_id_flag: number; validator_address: string }>) {
  const { validators } = await rpcGet(rpc, `validators?height=${height}&per_page=100`);
  return (validators as Array<{ address: string; voting_power: string }>).map((validator, i) => ({
    validator: { address: Buffer.from(validator.address, "hex"), power: BigInt(validator.voting_power) },
    blockIdFlag: (signatures[i]?.block_id_flag ?? BlockIDFlag.BLOCK_ID_FLAG_ABSENT) as BlockIDFlag,
  }));
}
