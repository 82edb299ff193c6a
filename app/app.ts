import "./proto-binary";
import type * as abci from "cosmjs-types/tendermint/abci/types";
import { join } from "node:path";
import {
  ResponseProcessProposal_ProposalStatus,
  ResponseVerifyVoteExtension_VerifyStatus,
} from "cosmjs-types/tendermint/abci/types";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import type { AbciApplication } from "./abci/application";
import { APP_VERSION } from "./config";
import type { Context } from "./context";
import { AppError, ErrInvalidRequest, ErrUnknownRequest, errorCode } from "./errors";
import { infiniteGasMeter } from "./gas";
import { LAST_BLOCK_TIME_KEY, key } from "./keys";
import type { Logger } from "./logger";
import { type AppModule, type BlockPhase, type QueryHandler, blockHookError, onBranch } from "./module";
import { Branch } from "./store/branch";
import { CommitStore } from "./store/commit-store";
import { PROOF_OP_TYPE } from "./store/proof";
import type { Bytes, KVReader, KVStore } from "./store/types";
import { type BlockInfo, FEE_COLLECTOR, FEE_COLLECTOR_ADDRESS, TxPipeline } from "./tx/pipeline";
import { MsgRouter } from "./tx/router";
import { declaredGas, proposedTx } from "./tx/decode";
import { inSequence } from "./tx/proposal";
import { deliverGenesisTxs } from "./genutil";
import * as auth from "../modules/auth/keeper";
import { authModule } from "../modules/auth/module";
import { BankKeeper } from "../modules/bank/keeper";
import { bankModule } from "../modules/bank/module";
import { BONDED_POOL, BONDED_POOL_ADDRESS, NOT_BONDED_POOL, NOT_BONDED_POOL_ADDRESS, StakingKeeper } from "../modules/staking/keeper";
import { stakingModule } from "../modules/staking/module";
import { DISTRIBUTION_MODULE, DISTRIBUTION_MODULE_ADDRESS, DistributionKeeper } from "../modules/distribution/keeper";
import { distributionModule } from "../modules/distribution/module";
import { distributionInvariants } from "../modules/distribution/invariants";
import { stakingInvariants } from "../modules/staking/invariants";
import { OracleKeeper } from "../modules/oracle/keeper";
import { oracleModule } from "../modules/oracle/module";
import { ORACLE_REWARD_POOL, ORACLE_REWARD_POOL_ADDRESS, oracleRewardInvariants } from "../modules/oracle/rewards";
import { SlashingKeeper } from "../modules/slashing/keeper";
import { slashingModule } from "../modules/slashing/module";
import { INSURANCE_FUND_ADDRESS, OPTIONS_MODULE, OPTIONS_MODULE_ADDRESS, OptionsKeeper } from "../modules/options/keeper";
import { optionsModule } from "../modules/options/module";
import { bankInvariants } from "../modules/bank/invariants";
import { CircuitKeeper } from "../modules/circuit/keeper";
import { ChainHalt } from "../modules/circuit/halt";
import { optionsInvariants } from "../modules/circuit/invariants";
import { circuitModule } from "../modules/circuit/module";
import { GOV_AUTHORITY, GOV_MODULE, GOV_MODULE_ADDRESS, GovKeeper } from "../modules/gov/keeper";
import { govInvariants } from "../modules/gov/invariants";
import { govModule } from "../modules/gov/module";
import { UpgradeKeeper } from "../modules/upgrade/keeper";
import { upgradeModule } from "../modules/upgrade/module";
import type { UpgradeHandlers } from "../modules/upgrade/expected";
import type { Plan } from "cosmjs-types/cosmos/upgrade/v1beta1/upgrade";
import { AddressSet, addressFromPubkey, sha256 } from "./address";
import type { Coin } from "./coins";
import type { TestFaults } from "./faults";
import { type PriceFeed, VoteExtensions } from "./abci/vote-extensions";
import { isInjectedVotesTx } from "../modules/oracle/ve";
import { type SnapshotOptions, SnapshotManager } from "./abci/snapshots";
import { ErrInjectedVotes } from "../modules/oracle/errors";

// app/chain_id → the chain id fixed at InitChain, needed to verify signatures after a restart
const CHAIN_ID_KEY = key("app/chain_id");
// app/block_max_gas → consensus_params.block.max_gas from InitChain (decimal; -1 = no limit), which a restarted
// node is not told again
const BLOCK_MAX_GAS_KEY = key("app/block_max_gas");
// app/ve_enable_height → consensus_params.abci.vote_extensions_enable_height from InitChain (decimal; 0 = off)
const VE_ENABLE_HEIGHT_KEY = key("app/ve_enable_height");

export interface AppOptions {
  dataDir: string;
  logger: Logger;
  /** Historical versions kept for queries at a height; 0 keeps all. */
  keepRecent?: number;
  faults?: TestFaults;
  /** Halt heights the operator restarted past (`optd start --resume-halt H`); see modules/circuit/halt.ts. */
  resumeHalts?: readonly bigint[];
  /** CometBFT keeps only the last N blocks (Commit's retain_height); 0 keeps every block. */
  minRetainBlocks?: number;
  /** This validator's own prices for its vote extensions; without one it abstains. */
  priceFeed?: PriceFeed;
  /** State sync: where snapshots go and how often they are taken; absent = <dataDir>/snapshots, none taken. */
  snapshots?: SnapshotOptions;
  /** The upgrades this binary was released for, by plan name (see modules/upgrade); none ships yet. */
  upgradeHandlers?: UpgradeHandlers;
  /** Called once when a plan this binary has no handler for is due: the node must stop (cosmovisor swaps binaries). */
  onUpgradeNeeded?: (plan: Plan) => void;
}

interface PendingBlock {
  height: bigint;
  state: Branch;
  root: Bytes;
}

/** Module accounts may not receive user sends, so their balances only move through their modules. */
export const MODULE_ACCOUNTS: Record<string, Uint8Array> = {
  [FEE_COLLECTOR]: FEE_COLLECTOR_ADDRESS,
  [BONDED_POOL]: BONDED_POOL_ADDRESS,
  [NOT_BONDED_POOL]: NOT_BONDED_POOL_ADDRESS,
  [OPTIONS_MODULE]: OPTIONS_MODULE_ADDRESS,
  // Lives in options' books, not bank's: coins sent to it in bank would be lost to everyone.
  "options/insurance_fund": INSURANCE_FUND_ADDRESS,
  [GOV_MODULE]: GOV_MODULE_ADDRESS,
  [ORACLE_REWARD_POOL]: ORACLE_REWARD_POOL_ADDRESS,
  [DISTRIBUTION_MODULE]: DISTRIBUTION_MODULE_ADDRESS,
};

export class OptchainApp implements AbciApplication {
  readonly store: CommitStore;
  readonly bank: BankKeeper;
  readonly staking: StakingKeeper;
  readonly distribution: DistributionKeeper;
  readonly oracle: OracleKeeper;
  readonly slashing: SlashingKeeper;
  readonly options: OptionsKeeper;
  readonly gov: GovKeeper;
  readonly circuit: CircuitKeeper;
  readonly upgrade: UpgradeKeeper;
  private readonly halt: ChainHalt;
  private readonly onUpgradeNeeded?: (plan: Plan) => void;
  private upgradeNeededReported = false;
  private readonly voteExtensions: VoteExtensions;
  /** The one explicit order of genesis, begin-block and end-block work. */
  readonly modules: readonly AppModule[];
  private readonly router: MsgRouter;
  private readonly pipeline: TxPipeline;
  private readonly queries = new Map<string, QueryHandler>();
  private readonly log: Logger;
  /** What the last PrepareProposal did to the mempool's order, for the node's metrics (no consensus state). */
  lastProposalOrder = { moved: 0, leftOut: 0 };
  private checkState: Branch;
  /** Genesis writes wait in here until the first block commits, as InitChain must not persist on its own. */
  private genesisState?: Branch;
  private pending?: PendingBlock;
  private chainId = "";
  /** Bounds the gas_wanted of the txs of one block; negative for no bound, as in CometBFT. */
  private blockMaxGas = -1n;
  private readonly snapshots: SnapshotManager;
  private readonly faults: TestFaults;
  private readonly minRetainBlocks: bigint;
  /** What CheckTx judges by until the next Commit. */
  private checkBlockInfo?: BlockInfo;
  /** The state of the block being finalized, while its hooks run: the circuit's invariants read its writes. */
  private blockState?: Branch;

  constructor(options: AppOptions) {
    this.log = options.logger;
    this.faults = options.faults ?? {};
    this.minRetainBlocks = BigInt(options.minRetainBlocks ?? 0);
    this.store = CommitStore.open(options.dataDir, { keepRecent: options.keepRecent ?? 0 });
    this.bank = new BankKeeper({ ensureAccount: auth.ensureAccount });
    this.staking = new StakingKeeper();
    this.distribution = new DistributionKeeper({ staking: this.staking, bank: this.bank, blocked: new AddressSet(Object.values(MODULE_ACCOUNTS)), feeCollector: FEE_COLLECTOR_ADDRESS });
    this.staking.setHooks(this.distribution.stakingHooks());
    this.slashing = new SlashingKeeper(this.staking, this.bank);
    // Oracle rewards are shared like fees: out of the pool into distribution, commission to the operator.
    const oracleRewards = {
      allocateToValidator: (store: KVStore, eventsOut: abci.Event[], operator: Uint8Array, coins: Coin[]) =>
        this.distribution.allocateTokensToValidator(store, eventsOut, operator, coins, ORACLE_REWARD_POOL_ADDRESS),
    };
    this.oracle = new OracleKeeper(this.staking, this.slashing, { bank: this.bank, allocator: oracleRewards, feeCollector: FEE_COLLECTOR_ADDRESS });
    // Gov executes through the router and the circuit's gate; guardians veto through gov: closures break the cycle.
    this.gov = new GovKeeper({
      bank: this.bank,
      validators: this.staking,
      router: { handler: (typeUrl) => this.router.handler(typeUrl) },
      gate: { allow: (ctx, typeUrl) => this.circuit.allow(ctx, typeUrl) },
    });
    this.circuit = new CircuitKeeper({ prices: this.oracle, gov: this.gov, committed: this.store, blockWrites: () => this.blockState?.changes() ?? [] });
    // Options asks the circuit before taking new risk and for the price it may liquidate on.
    this.options = new OptionsKeeper(this.bank, this.oracle, this.circuit);
    this.halt = new ChainHalt(this.circuit, options.resumeHalts);
    this.upgrade = new UpgradeKeeper(options.upgradeHandlers ?? new Map(), () => new Map(this.modules.map((module) => [module.name, module.consensusVersion ?? 1])));
    this.onUpgradeNeeded = options.onUpgradeNeeded;
    this.voteExtensions = new VoteExtensions({ oracle: this.oracle, staking: this.staking, log: this.log, feed: options.priceFeed, faults: this.faults });
    // Every module's params, changed only by a passed governance proposal (gov's MsgUpdateParams).
    const paramStores = {
      auth: { params: auth.getParams, setParams: auth.setParams },
      bank: this.bank,
      staking: this.staking,
      distribution: this.distribution,
      oracle: this.oracle,
      slashing: this.slashing,
      options: this.options,
      gov: this.gov,
      circuit: this.circuit,
    };
    // Oracle and slashing change validator power (slash, jail), so they run before staking reports the updates.
    this.modules = [
      // Its plan is applied in finalizeBlock before any module's begin-block.
      upgradeModule(this.upgrade, GOV_AUTHORITY),
      authModule,
      bankModule(this.bank, Object.values(MODULE_ACCOUNTS)),
      // Shares out the previous block's fees before anything can slash (slashing's begin-block ends a period).
      distributionModule(this.distribution, this.bank),
      oracleModule(this.oracle, this.staking, { carriesExtensions: (height) => this.voteExtensions.carriesExtensions(height) }),
      slashingModule(this.slashing, this.staking),
      // Options margins, liquidates and settles on the prices the oracle tallied in this same end-block.
      optionsModule(this.options),
      govModule(this.gov, paramStores),
      stakingModule(this.staking, this.bank),
      // Last: its invariants see the block's final state, its price breakers this block's tally.
      circuitModule(this.circuit, [...bankInvariants(this.bank), ...optionsInvariants(this.options), ...govInvariants(this.gov, this.bank), ...oracleRewardInvariants(this.oracle.rewards, this.bank), ...distributionInvariants(this.distribution, this.bank), ...stakingInvariants(this.staking, this.bank)]),
    ];
    this.router = new MsgRouter(this.modules);
    this.pipeline = new TxPipeline(this.router, this.bank, this.circuit);
    for (const module of this.modules) {
      for (const [path, handler] of Object.entries(module.queries)) this.queries.set(path, handler);
    }
    this.checkState = new Branch(this.store);
    this.loadChainSettings();
    const predates = this.upgrade.startRefusal(this.store);
    if (predates !== undefined) {
      this.store.close();
      throw new Error(predates);
    }
    this.snapshots = new SnapshotManager(this.store, options.snapshots ?? { dir: join(options.dataDir, "snapshots"), interval: 0, keepRecent: 0 }, this.log, () => {
      this.checkState = new Branch(this.store);
      this.checkBlockInfo = undefined;
      this.loadChainSettings();
    });
  }

  /** What InitChain fixed and a restarted (or state-synced) node is not told again, from the committed state. */
  private loadChainSettings(): void {
    const storedChainId = this.store.get(CHAIN_ID_KEY);
    this.chainId = storedChainId ? Buffer.from(storedChainId).toString("utf8") : "";
    const storedMaxGas = this.store.get(BLOCK_MAX_GAS_KEY);
    this.blockMaxGas = storedMaxGas ? BigInt(Buffer.from(storedMaxGas).toString("utf8")) : -1n;
    const storedEnableHeight = this.store.get(VE_ENABLE_HEIGHT_KEY);
    this.voteExtensions.enableHeight = storedEnableHeight ? BigInt(Buffer.from(storedEnableHeight).toString("utf8")) : 0n;
  }

  close(): void {
    this.snapshots.close();
    this.store.close();
  }

  /** The snapshot being written in the background, if any. */
  get snapshotInProgress(): Promise<void> | undefined {
    return this.snapshots.inProgress;
  }

  info(): abci.ResponseInfo {
    const height = BigInt(this.store.lastHeight);
    return {
      data: "optchain",
      version: "0.1.0",
      appVersion: APP_VERSION,
      lastBlockHeight: height,
      lastBlockAppHash: height > 0n ? this.store.lastAppHash : new Uint8Array(),
    };
  }

  initChain(req: abci.RequestInitChain): abci.ResponseInitChain {
    this.chainId = req.chainId;
    this.checkBlockInfo = undefined;
    const state = new Branch(this.store);
    state.set(CHAIN_ID_KEY, Buffer.from(req.chainId, "utf8"));
    this.blockMaxGas = req.consensusParams?.block?.maxGas ?? -1n;
    state.set(BLOCK_MAX_GAS_KEY, Buffer.from(this.blockMaxGas.toString(), "utf8"));
    this.voteExtensions.enableHeight = req.consensusParams?.abci?.voteExtensionsEnableHeight ?? 0n;
    state.set(VE_ENABLE_HEIGHT_KEY, Buffer.from(this.voteExtensions.enableHeight.toString(), "utf8"));
    const appState = req.appStateBytes.length > 0 ? JSON.parse(Buffer.from(req.appStateBytes).toString("utf8")) : {};
    const ctx = this.blockContext(state, req.initialHeight - 1n, timestampNs(req.time), "genesis");
    for (const module of this.modules) module.initGenesis(ctx, appState[module.name]);
    this.slashing.setEvidenceMaxAge(state, req.consensusParams?.evidence);
    // The SDK's InitGenesis creates every module account, so their numbers are fixed at genesis (after the genesis
    // accounts, here in name order) instead of by which one first receives coins, and ahead of any user's new account.
    for (const name of Object.keys(MODULE_ACCOUNTS).sort()) auth.ensureAccount(state, MODULE_ACCOUNTS[name]);
    // Gentxs go through the whole tx pipeline on the genesis state, then the bonded set is ranked again with them.
    const block: BlockInfo = { chainId: req.chainId, height: ctx.height, timeNs: ctx.timeNs };
    if (deliverGenesisTxs(appState.genutil, (tx) => this.pipeline.run("genesis", tx, state, block)) > 0) this.staking.applySetUpdates(ctx, this.bank);
    this.genesisState = state;
    this.log.info(`init chain ${req.chainId}: ${this.staking.validatorSet(state).length} validators`);
    return { validators: this.staking.validatorSet(state), appHash: this.store.computeRoot(state.changes()) };
  }

  /** A new tx and a recheck go through methods of their own so that a CPU profile tells the two apart. */
  checkTx(req: abci.RequestCheckTx): abci.ResponseCheckTx {
    return req.type === 1 ? this.recheckTx(req.tx) : this.checkNewTx(req.tx);
  }

  private checkNewTx(tx: Uint8Array): abci.ResponseCheckTx {
    return this.checkTxAs("check", tx);
  }

  private recheckTx(tx: Uint8Array): abci.ResponseCheckTx {
    return this.checkTxAs("recheck", tx);
  }

  private checkTxAs(mode: "check" | "recheck", tx: Uint8Array): abci.ResponseCheckTx {
    if (isInjectedVotesTx(tx)) {
      // Only a proposer may put one in a block (as tx 0): from the mempool it would be charged nothing and skip the ante.
      const { code, codespace, log } = errorCode(ErrInjectedVotes.wrap("refused from the mempool"));
      return { code, codespace, log, data: new Uint8Array(), info: "", gasWanted: 0n, gasUsed: 0n, events: [] };
    }
    const outcome = this.pipeline.run(mode, tx, this.checkState, this.checkBlock());
    return {
      code: outcome.code,
      codespace: outcome.codespace,
      log: outcome.log,
      data: new Uint8Array(),
      info: "",
      gasWanted: outcome.gasWanted,
      gasUsed: outcome.gasUsed,
      events: [],
    };
  }

  prepareProposal(req: abci.RequestPrepareProposal): abci.ResponsePrepareProposal {
    const txs: Uint8Array[] = [];
    let bytes = 0n;
    let gas = 0n;
    const injected = this.voteExtensions.injectedTx(req);
    if (injected) {
      txs.push(injected);
      bytes += BigInt(injected.length);
    }
    const params = auth.getParams(this.store);
    const proposed = req.txs.filter((tx) => !isInjectedVotesTx(tx)).map((tx) => proposedTx(tx, this.pipeline.remembered(tx, params)));
    const nextSequence = (pubkey: Uint8Array) => auth.getAccount(this.store, addressFromPubkey(pubkey))?.sequence;
    const ordered = inSequence(proposed, nextSequence);
    this.lastProposalOrder = { moved: ordered.moved, leftOut: ordered.leftOut };
    if (ordered.moved > 0 || ordered.leftOut > 0) {
      this.log.info(`proposal for height ${req.height}: ${ordered.moved} tx(s) put back in sequence order, ${ordered.leftOut} left in the mempool (a gap or a used sequence)`);
    }
    for (const { bytes: tx, gasLimit } of ordered.txs) {
      if (bytes + BigInt(tx.length) > req.maxTxBytes) break;
      const wanted = this.blockMaxGas >= 0n ? gasLimit : 0n;
      if (this.blockMaxGas >= 0n && gas + wanted > this.blockMaxGas) break;
      bytes += BigInt(tx.length);
      gas += wanted;
      txs.push(tx);
    }
    return { txs };
  }

  processProposal(req: abci.RequestProcessProposal): abci.ResponseProcessProposal {
    // Past a guardians' halt height no block may be decided: every validator prevotes nil until restarted past it.
    const halted = this.halt.refusal(this.store, BigInt(this.store.lastHeight), req.height);
    if (halted !== undefined) {
      this.log.error(`rejecting the proposal for height ${req.height}: ${halted}`);
      return { status: ResponseProcessProposal_ProposalStatus.REJECT };
    }
    // At a plan's height a binary without its handler would fork: no block is decided until nodes run one that has it.
    const upgrade = this.upgradeRefusal(req.height);
    if (upgrade !== undefined) return { status: ResponseProcessProposal_ProposalStatus.REJECT };
    // A proposer that drops, forges or invents the previous height's extended votes, or leaves them out.
    const refused = this.voteExtensions.refusal(this.store, this.chainId, req);
    if (refused !== undefined) {
      this.log.error(`rejecting the proposal for height ${req.height}: ${refused}`);
      return { status: ResponseProcessProposal_ProposalStatus.REJECT };
    }
    // A proposer past max_gas makes every validator do more work per block than the chain agreed to.
    if (this.blockMaxGas >= 0n) {
      const params = auth.getParams(this.store);
      const gas = req.txs.reduce((sum, tx) => sum + (this.pipeline.remembered(tx, params)?.gasLimit ?? declaredGas(tx)), 0n);
      if (gas > this.blockMaxGas) {
        this.log.error(`rejecting the proposal for height ${req.height}: its txs want ${gas} gas, over the block's max_gas ${this.blockMaxGas}`);
        return { status: ResponseProcessProposal_ProposalStatus.REJECT };
      }
    }
    // Undecodable or invalid txs fail one by one in FinalizeBlock, so there is nothing else to reject a whole block for.
    return { status: ResponseProcessProposal_ProposalStatus.ACCEPT };
  }

  extendVote(req: abci.RequestExtendVote): abci.ResponseExtendVote {
    return { voteExtension: this.voteExtensions.extendVote(this.store, req.height) };
  }

  verifyVoteExtension(req: abci.RequestVerifyVoteExtension): abci.ResponseVerifyVoteExtension {
    const refused = this.voteExtensions.verify(this.store, req.voteExtension);
    if (refused === undefined) return { status: ResponseVerifyVoteExtension_VerifyStatus.ACCEPT };
    this.log.error(`refusing the vote extension of ${Buffer.from(req.validatorAddress).toString("hex")} at height ${req.height}: ${refused}`);
    return { status: ResponseVerifyVoteExtension_VerifyStatus.REJECT };
  }

  finalizeBlock(req: abci.RequestFinalizeBlock): abci.ResponseFinalizeBlock {
    const expected = BigInt(this.store.lastHeight) + 1n;
    if (this.store.lastHeight > 0 && req.height !== expected) {
      throw new Error(`finalize block ${req.height} but the last committed height is ${this.store.lastHeight}`);
    }
    const halted = this.halt.refusal(this.store, BigInt(this.store.lastHeight), req.height);
    if (halted !== undefined) throw new Error(halted);
    const upgrade = this.upgradeRefusal(req.height);
    if (upgrade !== undefined) throw new Error(upgrade);
    const state = this.genesisState ?? new Branch(this.store);
    const block: BlockInfo = { chainId: this.chainId, height: req.height, timeNs: timestampNs(req.time) };
    const ctx = this.blockContext(state, req.height, block.timeNs, "block");
    state.set(LAST_BLOCK_TIME_KEY, Buffer.from(block.timeNs.toString(), "utf8"));
    this.blockState = state;
    // Outside runHook: a migration that throws must stop the node before this block commits, not be dropped.
    this.upgrade.beginBlock(ctx);
    for (const module of this.modules) if (module.beginBlock) this.runHook(ctx, module.name, "begin_block", (hookCtx) => module.beginBlock?.(hookCtx, req));

    const carries = this.voteExtensions.carriesExtensions(req.height);
    const txResults: abci.ExecTxResult[] = req.txs.map((tx, i) => {
      // The oracle's begin-block already tallied it; it is no user's tx, so no ante, fee or gas.
      if (carries && i === 0 && isInjectedVotesTx(tx)) return { code: 0, codespace: "", log: "", info: "", data: new Uint8Array(), gasWanted: 0n, gasUsed: 0n, events: [] };
      const outcome = this.pipeline.run("finalize", tx, state, block);
      return {
        code: outcome.code,
        codespace: outcome.codespace,
        log: outcome.log,
        info: "",
        data: outcome.data,
        gasWanted: outcome.gasWanted,
        gasUsed: outcome.gasUsed,
        events: outcome.events,
      };
    });

    const validatorUpdates: abci.ValidatorUpdate[] = [];
    for (const module of this.modules) {
      const updates = module.endBlock ? this.runHook(ctx, module.name, "end_block", (hookCtx) => module.endBlock?.(hookCtx)) : undefined;
      if (updates) validatorUpdates.push(...updates);
    }
    this.blockState = undefined;
    const root = this.store.computeRoot(state.changes());
    this.pending = { height: req.height, state, root };
    const faultFrom = this.faults.wrongAppHashFromHeight;
    const appHash = faultFrom !== undefined && req.height >= faultFrom ? sha256(Buffer.concat([root, Buffer.from("fault")])) : root;
    return { events: ctx.events, txResults, validatorUpdates, appHash };
  }

  commit(): abci.ResponseCommit {
    const pending = this.pending;
    if (!pending) throw new Error("commit without a finalized block");
    if (this.faults.crashBeforeCommitHeight === pending.height) process.kill(process.pid, "SIGKILL");
    const root = this.store.commit(Number(pending.height), pending.state.changes());
    if (!Buffer.from(root).equals(Buffer.from(pending.root))) {
      throw new Error(`commit root ${Buffer.from(root).toString("hex")} differs from the finalized app hash`);
    }
    this.pending = undefined;
    this.genesisState = undefined;
    this.checkState = new Branch(this.store);
    this.checkBlockInfo = undefined;
    this.snapshots.afterCommit(Number(pending.height));
    // The node stops before its CometBFT votes at a plan's height, so the upgraded binary starts that height afresh.
    this.upgradeRefusal(pending.height + 1n);
    if (this.minRetainBlocks === 0n) return { retainHeight: 0n };
    return { retainHeight: this.snapshots.retainHeight(pending.height - this.minRetainBlocks + 1n, pending.height) };
  }

  query(req: abci.RequestQuery): abci.ResponseQuery {
    const latest = BigInt(this.store.lastHeight);
    const height = req.height === 0n ? latest : req.height;
    const base = { index: 0n, key: new Uint8Array(), value: new Uint8Array(), info: "", height, codespace: "", code: 0, log: "" };
    try {
      if (height > latest) throw ErrInvalidRequest.wrap(`height ${height} is not committed yet (latest ${latest})`);
      if (req.path === "/cosmos.tx.v1beta1.Service/Simulate") return { ...base, value: this.simulate(req.data) };
      if (req.path === "/store/key") return { ...base, ...this.queryKey(req.data, height, req.prove) };
      const handler = this.queries.get(req.path);
      if (!handler) throw ErrUnknownRequest.wrap(`unknown query path ${req.path}`);
      return { ...base, value: handler(this.readerAt(height), req.data) };
    } catch (err) {
      const { code, codespace, log } = errorCode(err);
      return { ...base, code, codespace, log };
    }
  }

  listSnapshots(): abci.ResponseListSnapshots {
    return this.snapshots.listSnapshots();
  }

  offerSnapshot(req: abci.RequestOfferSnapshot): abci.ResponseOfferSnapshot {
    return this.snapshots.offerSnapshot(req);
  }

  loadSnapshotChunk(req: abci.RequestLoadSnapshotChunk): abci.ResponseLoadSnapshotChunk {
    return this.snapshots.loadSnapshotChunk(req);
  }

  applySnapshotChunk(req: abci.RequestApplySnapshotChunk): abci.ResponseApplySnapshotChunk {
    return this.snapshots.applySnapshotChunk(req);
  }

  /** Genesis as `optd export` writes it: every module's state at the last committed height. */
  exportGenesis(): Record<string, unknown> {
    const appState: Record<string, unknown> = {};
    for (const module of this.modules) appState[module.name] = module.exportGenesis(this.store);
    return appState;
  }

  private simulate(request: Uint8Array): Uint8Array {
    const { txBytes } = SimulateRequest.decode(request);
    const outcome = this.pipeline.run("simulate", txBytes, new Branch(this.checkState), this.checkBlock());
    if (outcome.code !== 0) throw new AppError(outcome.codespace, outcome.code, outcome.log);
    return SimulateResponse.encode(
      SimulateResponse.fromPartial({
        gasInfo: { gasWanted: outcome.gasWanted, gasUsed: outcome.gasUsed },
        result: { data: outcome.data, log: outcome.log, events: outcome.events, msgResponses: outcome.msgResponses },
      }),
    ).finish();
  }

  private queryKey(storeKey: Uint8Array, height: bigint, prove: boolean): Partial<abci.ResponseQuery> {
    if (prove) {
      if (height !== BigInt(this.store.lastHeight)) throw ErrInvalidRequest.wrap("proofs are served for the latest height only");
      const { value, proof } = this.store.prove(storeKey);
      return { key: storeKey, value: value ?? new Uint8Array(), proofOps: { ops: [{ type: PROOF_OP_TYPE, key: storeKey, data: proof }] } };
    }
    return { key: storeKey, value: this.readerAt(height).get(storeKey) ?? new Uint8Array() };
  }

  private readerAt(height: bigint): KVReader {
    if (height === BigInt(this.store.lastHeight)) return this.store;
    const store = this.store;
    const at = Number(height);
    return {
      get: (storeKey) => store.getAt(storeKey, at),
      has: (storeKey) => store.getAt(storeKey, at) !== undefined,
      iterate: () => {
        throw ErrInvalidRequest.wrap(`listing queries are served for the latest height only, not ${height}`);
      },
    };
  }

  /** The upgrade refusal for block `height`, logged and reported to the node once. */
  private upgradeRefusal(height: bigint): string | undefined {
    const refused = this.upgrade.refusal(this.store, height);
    if (refused === undefined) return undefined;
    if (!this.upgradeNeededReported) {
      this.upgradeNeededReported = true;
      this.log.error(refused.reason);
      if (refused.needsBinary) this.onUpgradeNeeded?.(refused.plan);
    }
    return refused.reason;
  }

  /** CheckTx and Simulate judge a tx as the next block would. */
  private checkBlock(): BlockInfo {
    if (!this.checkBlockInfo) {
      const lastTime = this.store.get(LAST_BLOCK_TIME_KEY);
      const timeNs = lastTime ? BigInt(Buffer.from(lastTime).toString("utf8")) : 0n;
      this.checkBlockInfo = { chainId: this.chainId, height: BigInt(this.store.lastHeight) + 1n, timeNs };
    }
    return this.checkBlockInfo;
  }

  /**
   * One module's begin- or end-block on its own branch. A throw there is a bug or corrupted state: a user's
   * fault is refused in their tx, never thrown from a hook. A throw out of FinalizeBlock would halt the
   * chain, so the hook's writes are dropped, the error is emitted and logged, and the options market freezes
   * as for any broken invariant (DESIGN.md §3.4); the next blocks run the hook again.
   */
  private runHook<T>(ctx: Context, module: string, phase: BlockPhase, hook: (hookCtx: Context) => T): T | undefined {
    const outcome = onBranch(ctx, hook);
    if (outcome.ok) return outcome.value;
    const detail = `${module} ${phase} threw at height ${ctx.height}: ${outcome.error}`;
    this.log.error(`${detail}; its writes were dropped and the options market frozen`);
    ctx.events.push(blockHookError(module, phase, outcome.error));
    this.circuit.freezeForBrokenInvariant(ctx, detail);
    return undefined;
  }

  private blockContext(state: Branch, height: bigint, timeNs: bigint, mode: Context["mode"]): Context {
    return { store: state, chainId: this.chainId, height, timeNs, mode, gas: infiniteGasMeter(), events: [] };
  }
}

function timestampNs(time: { seconds: bigint; nanos: number } | undefined): bigint {
  return time ? time.seconds * 1_000_000_000n + BigInt(time.nanos) : 0n;
}
