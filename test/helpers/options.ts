// The options module inside the whole app, in process: generated accounts (hundreds sign fast with
// libsecp256k1), one validator whose own account feeds the real oracle module every block (vote period 1:
// reveal last block's prices, prevote this block's), and typed queries as a wallet sends them.
import { createHash } from "node:crypto";
import { rmSync } from "node:fs";
import { encodeSecp256k1Signature } from "@cosmjs/amino";
import { type DirectSignResponse, type EncodeObject, type OfflineDirectSigner, makeSignBytes } from "@cosmjs/proto-signing";
import { SigningStargateClient } from "@cosmjs/stargate";
import type { SignDoc } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import secp256k1 from "secp256k1/bindings";
import { OptchainApp } from "../../app/app";
import { addressFromPubkey, accAddressBytes, toAccAddress, toValoper } from "../../app/address";
import { DEFAULT_CHAIN_ID } from "../../app/config";
import { optchainRegistry } from "../../client";
import { prevoteMsg, voteMsg } from "../../client/oracle";
import { fundAddress, OPTIONS_MODULE_ADDRESS } from "../../modules/options/keeper";
import { openInterestViolations } from "../../modules/circuit/invariants";
import type { CircuitParams } from "../../modules/circuit/params";
import type { GenesisListing } from "../../modules/options/module";
import { type CollateralParam, type OptionsParams, QUOTE_COLLATERAL } from "../../modules/options/params";
import type { OracleParams } from "../../modules/oracle/params";
import { aggregateVoteHash } from "../../modules/oracle/vote";
import { BONDED_POOL_ADDRESS } from "../../modules/staking/keeper";
import { getAccount } from "../../modules/auth/keeper";
import { optchain } from "../../proto/gen/optchain";
import { GENESIS_TIME, initChain, openApp, quietLogger, runBlock } from "./inprocess";

const pb = optchain.options.v1;
export const USDC = 1_000_000n;
export const GAS = 1_000_000;
const FEE = { amount: [{ denom: "uopt", amount: String(GAS / 40) }], gas: String(GAS) };
const TOKENS = 100_000_000n;
const BALANCE = 1_000_000_000_000_000n;

/** Accounts from fixed private keys; account i gets account number i in the genesis below. */
export interface TestAccount {
  address: string;
  client: SigningStargateClient;
  sequence: number;
  accountNumber: number;
}

function keySigner(privkey: Uint8Array): { address: string; signer: OfflineDirectSigner } {
  const pubkey = secp256k1.publicKeyCreate(privkey, true);
  const address = toAccAddress(addressFromPubkey(pubkey));
  return {
    address,
    signer: {
      getAccounts: async () => [{ address, algo: "secp256k1", pubkey }],
      signDirect: async (_signer: string, signDoc: SignDoc): Promise<DirectSignResponse> => {
        const digest = createHash("sha256").update(makeSignBytes(signDoc)).digest();
        return { signed: signDoc, signature: encodeSecp256k1Signature(pubkey, secp256k1.ecdsaSign(digest, privkey).signature) };
      },
    },
  };
}

export async function testAccounts(count: number): Promise<TestAccount[]> {
  const registry = optchainRegistry();
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { address, signer } = keySigner(createHash("sha256").update(`optchain options test account ${i}`).digest());
      return { address, client: await SigningStargateClient.offline(signer, { registry }), sequence: 0, accountNumber: i };
    }),
  );
}

/** uopt as the tests' chains accept it: 1 million OPT an account, 100 million in all, volatility over an hour. */
export const TEST_UOPT_COLLATERAL: CollateralParam = {
  denom: "uopt",
  oracle_asset: "uopt",
  haircut: "0.5",
  max_per_account: "1000000000000",
  max_total: "100000000000000",
  calm_vol: "1",
  vol_haircut_slope: "0.5",
  vol_window_s: 3600,
};

export const ORACLE: Partial<OracleParams> = {
  vote_period: 1,
  slash_window: 1000,
  max_price_age_seconds: 30,
  history_length: 1000,
  assets: ["BTC", "BTC-IV", "ETH", "ETH-IV", "uopt"].map((name) => ({ name, vote_threshold: "0.5" })),
};

export interface ChainOptions {
  accounts: number;
  options?: Partial<OptionsParams>;
  listings?: GenesisListing[];
  oracle?: Partial<OracleParams>;
  /** uusdc the insurance fund starts with (account 0 owns its shares). */
  fund?: bigint;
  /** Backstop shares account 0 holds in that fund (default: one per uusdc); 0 leaves the fund's equity ownerless. */
  fundShares?: bigint;
  /** Guardians, breaker and grace-period settings; the circuit module's defaults otherwise. */
  circuit?: Partial<CircuitParams>;
}

/** Prices as the oracle takes them: uusdc per 1 unit of the asset; IV as a fraction. */
export type Prices = Record<string, string>;

function fundBackstop(owner: string, shares: bigint) {
  return { total_shares: shares.toString(), shares: shares > 0n ? [{ owner, shares: shares.toString() }] : [], withdrawals: [] };
}

export class OptionsChain {
  height = 0;
  prices: Prices = {};
  private committed?: { salt: string; prices: string };
  private readonly signedThisBlock = new Set<TestAccount>();
  readonly valoper: string;
  /** What blocks are finalized through: the app itself, or a wrapper around it as CometBFT calls it (app/metrics.ts). */
  finalizer?: Parameters<typeof runBlock>[0];

  private constructor(
    public app: OptchainApp,
    readonly dir: string,
    readonly accounts: TestAccount[],
    /** The validator's operator account, which also feeds the oracle (not one of `accounts`). */
    private readonly validator: TestAccount,
  ) {
    this.valoper = toValoper(accAddressBytes(validator.address));
  }

  static async start(options: ChainOptions): Promise<OptionsChain> {
    const all = await testAccounts(options.accounts + 1);
    const accounts = all.slice(0, options.accounts);
    const { app, dir } = openApp();
    const chain = new OptionsChain(app, dir, accounts, all[options.accounts]);
    const fund = options.fund ?? 0n;
    const appState = {
      auth: { accounts: [] },
      bank: {
        balances: [
          ...all.map((a) => ({ address: a.address, coins: [{ denom: "uopt", amount: BALANCE.toString() }, { denom: "uusdc", amount: BALANCE.toString() }] })),
          { address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: TOKENS.toString() }] },
          ...(fund > 0n ? [{ address: toAccAddress(OPTIONS_MODULE_ADDRESS), coins: [{ denom: "uusdc", amount: fund.toString() }] }] : []),
        ],
      },
      staking: {
        validators: [{ operator_address: chain.valoper, moniker: "v0", consensus_pubkey: Buffer.alloc(32, 9).toString("base64"), tokens: TOKENS.toString(), jailed: false }],
      },
      oracle: { params: { ...ORACLE, ...(options.oracle ?? {}) } },
      circuit: { params: options.circuit ?? {} },
      options: {
        params: {
          authority: accounts[0].address,
          collateral: [
            TEST_UOPT_COLLATERAL,
            QUOTE_COLLATERAL,
          ],
          settlement_window_s: 10,
          backstop_withdrawal_delay_s: 5,
          ...(options.options ?? {}),
        },
        listings: options.listings ?? [],
        accounts: fund > 0n ? [{ owner: fundAddress(), collateral: [{ denom: "uusdc", amount: fund.toString() }], positions: [] }] : [],
        backstop: fund > 0n ? fundBackstop(accounts[0].address, options.fundShares ?? fund) : undefined,
      },
    };
    initChain(app, appState);
    return chain;
  }

  /** Unix seconds of block `height` (genesis time + height seconds, as runBlock stamps them). */
  static timeOf(height: number): number {
    return Number(GENESIS_TIME.seconds) + height;
  }

  get nowUnix(): number {
    return OptionsChain.timeOf(this.height);
  }

  async sign(index: number | TestAccount, msgs: EncodeObject[]): Promise<Uint8Array> {
    const account = typeof index === "number" ? this.accounts[index] : index;
    const raw = await account.client.sign(account.address, msgs, FEE, "", { accountNumber: BigInt(account.accountNumber), sequence: account.sequence, chainId: DEFAULT_CHAIN_ID });
    account.sequence += 1;
    this.signedThisBlock.add(account);
    return TxRaw.encode(raw).finish();
  }

  /** The feeder's tx for the next block: reveal what it committed last block, commit to the current prices. */
  private async feederTx(): Promise<Uint8Array> {
    const prices = Object.keys(this.prices)
      .sort()
      .map((asset) => `${asset}:${this.prices[asset]}`)
      .join(",");
    const feeder = this.validator.address;
    const msgs: EncodeObject[] = [];
    if (this.committed) msgs.push(voteMsg(feeder, this.valoper, this.committed.salt, this.committed.prices));
    const salt = (this.height + 1).toString(16).padStart(16, "0");
    msgs.push(prevoteMsg(feeder, this.valoper, aggregateVoteHash(salt, prices, this.valoper)));
    this.committed = { salt, prices };
    return this.sign(this.validator, msgs);
  }

  /** One block: the feeder's tx first (unless `feed` is false), then `txs`; results of `txs` only. */
  async block(txs: Uint8Array[] = [], feed = true) {
    const all = feed ? [await this.feederTx(), ...txs] : txs;
    if (!feed) this.committed = undefined;
    this.height += 1;
    const response = runBlock(this.finalizer ?? this.app, this.height, all);
    // A tx refused before the ante (a stateless check) does not use its sequence: follow the chain's count.
    for (const account of this.signedThisBlock) account.sequence = Number(getAccount(this.app.store, accAddressBytes(account.address))!.sequence);
    this.signedThisBlock.clear();
    const feederResult = feed ? response.txResults[0] : undefined;
    if (feederResult && feederResult.code !== 0) throw new Error(`feeder tx failed: ${feederResult.log}`);
    return { ...response, txResults: feed ? response.txResults.slice(1) : response.txResults };
  }

  /** Blocks with the feeder until the oracle has tallied the current prices (two blocks: commit, reveal). */
  async settlePrices(): Promise<void> {
    await this.block();
    await this.block();
  }

  query(path: string, data: Uint8Array = new Uint8Array()): Uint8Array {
    const response = this.app.query({ path: `/optchain.options.v1.Query/${path}`, data, height: 0n, prove: false });
    if (response.code !== 0) throw new Error(`${path}: ${response.log}`);
    return response.value;
  }

  account(index: number | string) {
    const owner = typeof index === "number" ? this.accounts[index].address : index;
    return pb.QueryAccountResponse.decode(this.query("Account", pb.QueryAccountRequest.encode({ owner }).finish()));
  }

  seriesList(includeSettled = true) {
    return pb.QuerySeriesListResponse.decode(this.query("SeriesList", pb.QuerySeriesListRequest.encode({ underlying: "", includeSettled }).finish())).series;
  }

  book(seriesId: number) {
    return pb.QueryBookResponse.decode(this.query("Book", pb.QueryBookRequest.encode({ seriesId, depth: 0 }).finish()));
  }

  fund() {
    return pb.QueryInsuranceFundResponse.decode(this.query("InsuranceFund"));
  }

  /** The options module's invariants: conservation, and open long = open short = the recorded open interest. */
  invariantViolations(): string[] {
    const { options, store } = this.app;
    return [...options.invariantViolations(store), ...openInterestViolations(options.everyPosition(store), options.openInterests(store))];
  }

  /** Closes the app and opens it again from its data dir, as a node restart would. */
  restart(): void {
    this.app.close();
    this.app = new OptchainApp({ dataDir: this.dir, logger: quietLogger });
  }

  close(): void {
    this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const events = (response: { events: Array<{ type: string; attributes: Array<{ key: string; value: string }> }> }, type: string) =>
  response.events.filter((e) => e.type === type).map((e) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value])));
