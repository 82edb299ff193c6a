// The price feeder: every vote period, prices from the sources, their median, and one tx that reveals the
// previous period's commitment and commits to this one.
import { randomBytes } from "node:crypto";
import type { EncodeObject, OfflineDirectSigner } from "@cosmjs/proto-signing";
import { BroadcastTxError, GasPrice, SigningStargateClient, calculateFee } from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { sha256 } from "../../app/address";
import type { Logger } from "../../app/logger";
import { aggregateVoteHash, formatPrices } from "../../modules/oracle/vote";
import { optchainRegistry } from "../index";
import { OracleSlashingQueries, prevoteMsg, voteMsg } from "../oracle";
import { type PriceSource, collectPrices } from "./sources";
import type { FeederMetrics } from "./telemetry";

export interface FeederOptions {
  rpc: string;
  /** optvaloper… of the validator this feeder votes for (it must have delegated to the signer). */
  validator: string;
  /** Holds the feeder's own account as its first account. */
  signer: OfflineDirectSigner;
  sources: PriceSource[];
  /** Assets to vote on; default: the chain's whitelist, re-read now and then. */
  assets?: string[];
  gasPrice?: string;
  /**
   * Vote txs touch a fixed set of keys, so their gas follows from their size and needs no simulation round
   * trip; default 120,000 + 80 per character of prices (about 1.7× what they use).
   */
  gasLimit?: number;
  pollMs?: number;
  log: Logger;
  /** Votes sent and the validator's misses as the chain counts them, for /metrics. */
  metrics?: FeederMetrics;
}

/** What the chain said about a tx, whether at CheckTx or in a block. */
interface TxOutcome {
  code: number;
  codespace: string;
  log: string;
  height?: number;
}

// Oracle errors that mean "this reveal cannot be accepted": send the prevote alone instead.
const REVEAL_REFUSED = new Set([8, 9, 10]);
const ORACLE_VALIDATOR_NOT_ACTIVE = 12;
const SDK_WRONG_SEQUENCE = 32;
const PARAMS_REFRESH_PERIODS = 20;

const STOPPED: TxOutcome = { code: -1, codespace: "feeder", log: "feeder stopping" };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Feeder {
  private stopped = false;
  private lastPeriod = -1;
  private commitment?: { period: number; salt: string; prices: string };
  private account?: { accountNumber: bigint; sequence: number };
  private params?: { votePeriod: number; assets: string[]; readAtPeriod: number };
  private lastComplaint = "";
  /** Vote periods this feeder submitted in, for its status line and tests. */
  readonly submitted: number[] = [];

  private constructor(
    private readonly options: FeederOptions,
    private readonly client: SigningStargateClient,
    private readonly queries: OracleSlashingQueries,
    private readonly address: string,
    private readonly chainId: string,
  ) {}

  static async connect(options: FeederOptions): Promise<Feeder> {
    const [{ address }] = await options.signer.getAccounts();
    const client = await SigningStargateClient.connectWithSigner(options.rpc, options.signer, {
      registry: optchainRegistry(),
      gasPrice: GasPrice.fromString(options.gasPrice ?? "0.025uopt"),
      broadcastPollIntervalMs: options.pollMs ?? 200,
    });
    const queries = await OracleSlashingQueries.connect(options.rpc);
    return new Feeder(options, client, queries, address, await client.getChainId());
  }

  get feederAddress(): string {
    return this.address;
  }

  /** The chain id the node reports. */
  get chain(): string {
    return this.chainId;
  }

  /** Polls the chain until stop(); one submission per vote period at most. */
  async run(): Promise<void> {
    const feeder = await this.queries.feederDelegation(this.options.validator).catch(() => undefined);
    this.options.log.info(`feeding ${this.options.validator} from ${this.address} with ${this.options.sources.length} source(s)${feeder && feeder !== this.address ? `; WARNING: the chain names ${feeder} as its feeder` : ""}`);
    while (!this.stopped) {
      try {
        await this.step();
      } catch (err) {
        this.complain(`chain unreachable or refused: ${(err as Error).message}`);
        this.account = undefined;
      }
      await sleep(this.options.pollMs ?? 200);
    }
  }

  stop(): void {
    this.stopped = true;
  }

  disconnect(): void {
    this.client.disconnect();
    this.queries.disconnect();
  }

  /**
   * Acts once per vote period, as soon as the latest block belongs to it. Not earlier: CometBFT reports a block
   * before the app has committed it, and CheckTx judges by the committed height, so a tx aimed at the period of
   * the block after the latest one could be judged against the period before.
   */
  async step(): Promise<void> {
    const height = await this.client.getHeight();
    const params = await this.currentParams(height);
    const period = Math.floor(height / params.votePeriod);
    if (period <= this.lastPeriod) return;
    this.lastPeriod = period;
    await this.submitPeriod(period, params.assets);
  }

  private async currentParams(height: number): Promise<{ votePeriod: number; assets: string[] }> {
    const period = this.params ? Math.floor(height / this.params.votePeriod) : 0;
    if (!this.params || period - this.params.readAtPeriod >= PARAMS_REFRESH_PERIODS) {
      const params = await this.queries.params();
      if (!params) throw new Error("the chain answered no oracle params");
      const whitelist = (params.assets ?? []).map((asset) => asset.name ?? "");
      const assets = this.options.assets ? this.options.assets.filter((asset) => whitelist.includes(asset)) : whitelist;
      this.params = { votePeriod: Number(params.votePeriod), assets, readAtPeriod: Math.floor(height / Number(params.votePeriod)) };
    }
    return this.params;
  }

  private async submitPeriod(period: number, assets: string[]): Promise<void> {
    const { log } = this.options;
    const collected = await collectPrices(this.options.sources, { assets, period }, undefined, this.options.metrics);
    for (const problem of collected.problems) log.error(`period ${period}: ${problem}`);
    if (collected.abstained.length > 0) log.error(`period ${period}: abstaining on ${collected.abstained.join(", ")}: no healthy source`);
    const prices = formatPrices([...collected.prices].map(([asset, price]) => ({ asset, price })));
    const salt = randomBytes(16).toString("hex");
    const prevote = prevoteMsg(this.address, this.options.validator, aggregateVoteHash(salt, prices, this.options.validator));
    const reveal = this.commitment?.period === period - 1 ? this.commitment : undefined;
    const msgs: EncodeObject[] = reveal ? [voteMsg(this.address, this.options.validator, reveal.salt, reveal.prices), prevote] : [prevote];

    let outcome = await this.submit(msgs, prevote);
    // What the landed tx revealed: nothing once the chain refused the reveal and the prevote went alone.
    let revealed = reveal;
    if (reveal && outcome.code !== 0 && outcome.codespace === "oracle" && REVEAL_REFUSED.has(outcome.code)) {
      log.error(`period ${period}: reveal refused (${outcome.log}); sending the prevote alone`);
      revealed = undefined;
      outcome = await this.submit([prevote], prevote);
    }
    this.options.metrics?.voteSent(outcome.code === 0 ? "accepted" : "refused");
    void this.reportMisses();
    if (outcome.code !== 0) {
      this.commitment = undefined;
      if (outcome.codespace === "oracle" && outcome.code === ORACLE_VALIDATOR_NOT_ACTIVE) this.complain(`period ${period}: not voting: ${outcome.log}`);
      else log.error(`period ${period}: tx refused: ${outcome.codespace}/${outcome.code} ${outcome.log}`);
      return;
    }
    this.lastComplaint = "";
    // The prevote belongs to the period of the block that included it, which may be later than planned.
    const landed = outcome.height !== undefined && this.params ? Math.floor(outcome.height / this.params.votePeriod) : period;
    this.commitment = { period: landed, salt, prices };
    this.lastPeriod = Math.max(this.lastPeriod, landed);
    this.submitted.push(landed);
    log.info(`period ${landed}: ${revealed ? `revealed ${revealed.prices || "(abstained on all)"}, ` : ""}committed to ${prices || "(abstain on all)"} at height ${outcome.height}`);
  }

  /**
   * Signs with the tracked sequence and broadcasts; retries while the mempool is full or the sequence moved
   * (another tx of this account, a restart), then waits for the block. Never sends a second, different tx for
   * the same intent once one was accepted into the mempool.
   */
  private async submit(msgs: EncodeObject[], prevote: EncodeObject): Promise<TxOutcome> {
    const deadline = Date.now() + 60_000;
    const pricesLength = msgs.reduce((sum, msg) => sum + ((msg.value as { prices?: string }).prices?.length ?? 0), 0);
    const fee = calculateFee(this.options.gasLimit ?? 120_000 + 80 * pricesLength, GasPrice.fromString(this.options.gasPrice ?? "0.025uopt"));
    for (let attempt = 1; ; attempt++) {
      if (this.stopped) return STOPPED;
      if (Date.now() > deadline) return { code: -1, codespace: "feeder", log: "gave up broadcasting after 60 s" };
      const account = this.account ?? (this.account = await this.freshAccount());
      const signed = await this.client.sign(this.address, msgs, fee, "", { accountNumber: account.accountNumber, sequence: account.sequence, chainId: this.chainId });
      const bytes = TxRaw.encode(signed).finish();
      const hash = sha256(bytes).toString("hex").toUpperCase();
      try {
        await this.client.broadcastTxSync(bytes);
      } catch (err) {
        if (err instanceof BroadcastTxError) {
          if (err.codespace === "sdk" && err.code === SDK_WRONG_SEQUENCE) {
            this.options.log.error(`sequence mismatch (${err.log}); re-reading the account, attempt ${attempt}`);
            this.account = undefined;
            await sleep(300);
            continue;
          }
          return { code: err.code, codespace: err.codespace, log: err.log ?? "" };
        }
        const message = (err as Error).message;
        if (!/already exists in cache/i.test(message)) {
          this.options.log.error(`broadcast failed (${message.slice(0, 200)}); retrying, attempt ${attempt}`);
          await sleep(/mempool is full/i.test(message) ? 500 : 300);
          continue;
        }
      }
      account.sequence++;
      return this.waitForTx(hash, prevote);
    }
  }

  private async waitForTx(hash: string, prevote: EncodeObject): Promise<TxOutcome> {
    const periodMs = 30_000;
    const deadline = Date.now() + periodMs;
    while (Date.now() < deadline) {
      if (this.stopped) return STOPPED;
      const tx = await this.queries.comet.tx({ hash: Buffer.from(hash, "hex") }).catch(() => undefined);
      if (tx) {
        const { code, codespace, log } = tx.result;
        if (code !== 0 && codespace === "sdk" && code === SDK_WRONG_SEQUENCE) this.account = undefined;
        return { code, codespace: codespace ?? "", log: log ?? "", height: tx.height };
      }
      await sleep(this.options.pollMs ?? 200);
    }
    // Lost track of it (node restarted, indexer behind): the chain's prevote tells whether it landed.
    this.account = undefined;
    const onChain = await this.queries.aggregatePrevote(this.options.validator).catch(() => undefined);
    const ours = (prevote.value as { hash: string }).hash;
    if (onChain?.hash === ours) return { code: 0, codespace: "", log: "", height: Number(onChain.submitHeight) };
    return { code: -1, codespace: "feeder", log: `tx ${hash} not found within ${periodMs / 1000} s` };
  }

  private async freshAccount(): Promise<{ accountNumber: bigint; sequence: number }> {
    const { accountNumber, sequence } = await this.client.getSequence(this.address);
    return { accountNumber: BigInt(accountNumber), sequence };
  }

  private async reportMisses(): Promise<void> {
    if (!this.options.metrics) return;
    const counters = await this.queries.missCounters().catch(() => undefined);
    const ours = counters?.find((counter) => counter.validator?.toLowerCase() === this.options.validator.toLowerCase());
    if (ours) this.options.metrics.missCounter(this.options.validator, Number(ours.misses), Number(ours.ballots));
  }

  /** Repeated conditions (jailed, chain down) are logged when they start, not every period. */
  private complain(message: string): void {
    const gist = message.replace(/^period \d+: /, "");
    if (gist !== this.lastComplaint) this.options.log.error(message);
    this.lastComplaint = gist;
  }
}
