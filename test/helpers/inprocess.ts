import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SigningStargateClient, type StdFee } from "@cosmjs/stargate";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { RequestFinalizeBlock } from "cosmjs-types/tendermint/abci/types";
import type { EvidenceParams } from "cosmjs-types/tendermint/types/params";
import { OptchainApp } from "../../app/app";
import type { AbciApplication } from "../../app/abci/application";
import { toAccAddress, toValoper, accAddressBytes } from "../../app/address";
import { DEFAULT_CHAIN_ID } from "../../app/config";
import { BONDED_POOL_ADDRESS } from "../../modules/staking/keeper";
import { DEV_ACCOUNT_BALANCE, devAccountWallet, devWallet, optchainRegistry } from "../../client";
import { expectNoBrokenEvents } from "./broken-events";

export const quietLogger = { info: () => undefined, error: () => undefined };
export const GENESIS_TIME = { seconds: 1_800_000_000n, nanos: 0 };

/** Dev accounts 0..n-1 funded, one validator with a fixed consensus key: a genesis for in-process app tests. */
export async function devGenesis(accounts = 4): Promise<Record<string, unknown>> {
  const addresses = (await (await devWallet(accounts)).getAccounts()).map((a) => a.address);
  const tokens = 100_000_000n;
  return {
    auth: { accounts: [] },
    bank: {
      balances: [
        ...addresses.map((address) => ({
          address,
          coins: [
            { denom: "uopt", amount: DEV_ACCOUNT_BALANCE.toString() },
            { denom: "uusdc", amount: DEV_ACCOUNT_BALANCE.toString() },
          ],
        })),
        { address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: tokens.toString() }] },
      ],
    },
    staking: {
      validators: [
        {
          operator_address: toValoper(accAddressBytes(addresses[0])),
          moniker: "v0",
          consensus_pubkey: Buffer.alloc(32, 7).toString("base64"),
          tokens: tokens.toString(),
          jailed: false,
        },
      ],
    },
  };
}

export function openApp(): { app: OptchainApp; dir: string; close: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "optchain-app-"));
  const app = new OptchainApp({ dataDir: dir, logger: quietLogger });
  return { app, dir, close: () => (app.close(), rmSync(dir, { recursive: true, force: true })) };
}

/**
 * `voteExtensionsEnableHeight` and `evidence`: CometBFT's consensus params, when the test wants vote extensions
 * or evidence age limits.
 */
export function initChain(app: OptchainApp, appState: Record<string, unknown>, voteExtensionsEnableHeight?: bigint, evidence?: EvidenceParams) {
  const consensusParams = {
    ...(voteExtensionsEnableHeight === undefined ? {} : { abci: { voteExtensionsEnableHeight } }),
    ...(evidence === undefined ? {} : { evidence }),
  };
  return app.initChain({
    time: GENESIS_TIME,
    chainId: DEFAULT_CHAIN_ID,
    validators: [],
    appStateBytes: Buffer.from(JSON.stringify(appState)),
    initialHeight: 1n,
    ...(Object.keys(consensusParams).length === 0 ? {} : { consensusParams }),
  });
}

type Consensus = Pick<Partial<RequestFinalizeBlock>, "decidedLastCommit" | "misbehavior">;
/** The app, or a wrapper around it as CometBFT calls it (app/metrics.ts's instrument()). */
type Finalizer = Pick<AbciApplication, "finalizeBlock" | "commit">;

/**
 * FinalizeBlock + Commit of one block at a deterministic time; returns the FinalizeBlock response.
 * `consensus` stands in for what CometBFT reports: the last commit's signatures and any misbehavior.
 * Throws after the commit if the block or any of its txs emitted a broken-invariant or block-error event.
 */
export function runBlock(app: Finalizer, height: number, txs: Uint8Array[], consensus: Consensus = {}) {
  const response = finalizeAndCommit(app, height, txs, consensus);
  expectNoBrokenEvents([{ height, blockEvents: response.events, txResults: response.txResults }]);
  return response;
}

/** runBlock without the check for broken-invariant and block-error events, for tests that break the chain on purpose. */
export function finalizeAndCommit(app: Finalizer, height: number, txs: Uint8Array[], consensus: Consensus = {}) {
  const response = app.finalizeBlock({
    ...blockAt(height, txs),
    decidedLastCommit: consensus.decidedLastCommit ?? { round: 0, votes: [] },
    misbehavior: consensus.misbehavior ?? [],
  });
  app.commit();
  return response;
}

/** The fields FinalizeBlock, PrepareProposal and ProcessProposal share, for a block at `height` one second per height after genesis. */
export function blockAt(height: number, txs: Uint8Array[]) {
  return {
    txs,
    misbehavior: [],
    hash: new Uint8Array(32),
    height: BigInt(height),
    time: { seconds: GENESIS_TIME.seconds + BigInt(height), nanos: 0 },
    nextValidatorsHash: new Uint8Array(32),
    proposerAddress: new Uint8Array(20),
  };
}

export const DEFAULT_FEE: StdFee = { amount: [{ denom: "uopt", amount: "5000" }], gas: "200000" };

const signers = new Map<number, Promise<{ address: string; client: SigningStargateClient }>>();

/** HD derivation costs tens of milliseconds, so each dev account's offline signer is made once. */
function offlineSigner(accountIndex: number) {
  let signer = signers.get(accountIndex);
  if (!signer) {
    signer = (async () => {
      const wallet = await devAccountWallet(accountIndex);
      const [{ address }] = await wallet.getAccounts();
      return { address, client: await SigningStargateClient.offline(wallet, { registry: optchainRegistry() }) };
    })();
    signers.set(accountIndex, signer);
  }
  return signer;
}

/** Signs offline exactly as a CosmJS wallet does, with explicit account number and sequence. */
export async function signTx(
  accountIndex: number,
  msgs: EncodeObject[],
  signer: { accountNumber: number; sequence: number },
  fee: StdFee = DEFAULT_FEE,
  memo = "",
): Promise<Uint8Array> {
  const { address, client } = await offlineSigner(accountIndex);
  const raw = await client.sign(address, msgs, fee, memo, { accountNumber: BigInt(signer.accountNumber), sequence: signer.sequence, chainId: DEFAULT_CHAIN_ID });
  return TxRaw.encode(raw).finish();
}

export function sendMsg(from: string, to: string, amount: string, denom = "uusdc"): EncodeObject {
  return { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: from, toAddress: to, amount: [{ denom, amount }] } };
}
