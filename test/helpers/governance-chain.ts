// One app driven in process with guardians (dev accounts 7, 8, 9), short governance periods and a BTC oracle:
// the harness of the governance tests, honest and adversarial.
import { rmSync } from "node:fs";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { OptchainApp } from "../../app/app";
import { accAddressBytes, toValoper } from "../../app/address";
import { devWallet } from "../../client";
import { GOV_AUTHORITY } from "../../client/governance";
import { prevoteMsg, voteMsg as priceVoteMsg } from "../../client/oracle";
import { aggregateVoteHash } from "../../modules/oracle/vote";
import { optchain } from "../../proto/gen/optchain";
import { devGenesis, finalizeAndCommit, initChain, openApp, quietLogger, runBlock, signTx } from "./inprocess";
import { Sequences } from "./validators";

const circuitPb = optchain.circuit.v1;
const govPb = optchain.gov.v1;
export const [V0, ALICE, BOB] = [0, 1, 2];
export const [G7, G8, G9] = [7, 8, 9];
export const CIRCUIT = { guardian_threshold: 2, cooldown_blocks: 6, confirmations: 2, twap_window_seconds: 0, max_price_age_seconds: 20, grace_period_blocks: 3, invariant_check_period: 5 };
export const GOV = { min_deposit: [{ denom: "uopt", amount: "1000" }], max_deposit_period_seconds: 10, voting_period_seconds: 5, timelock_seconds: 5 };

export const codeOf = (result: { code: number; codespace: string }) => `${result.codespace}/${result.code}`;

export class Chain {
  height = 0;
  readonly seq = new Sequences();
  private committedPrices?: { salt: string; prices: string };

  private constructor(public app: OptchainApp, readonly dir: string, readonly addresses: string[]) {}

  /** `adjust` may change the genesis (module sections are merged over the defaults above) before InitChain. */
  static async start(adjust: (appState: Record<string, Record<string, unknown>>) => void = () => undefined): Promise<Chain> {
    const addresses = (await (await devWallet(10)).getAccounts()).map((a) => a.address);
    const appState = (await devGenesis(10)) as Record<string, Record<string, unknown>>;
    Object.assign(appState, {
      circuit: { params: { ...CIRCUIT, guardians: [G7, G8, G9].map((i) => addresses[i]) } },
      gov: { params: GOV },
      oracle: { params: { vote_period: 1, max_price_age_seconds: 20, assets: [{ name: "BTC", vote_threshold: "0.5" }] } },
      options: { params: { authority: GOV_AUTHORITY } },
    });
    adjust(appState);
    const { app, dir } = openApp();
    initChain(app, appState);
    return new Chain(app, dir, addresses);
  }

  async tx(account: number, msgs: EncodeObject[]): Promise<Uint8Array> {
    return signTx(account, msgs, this.seq.take(account));
  }

  /** One block; with `btc`, validator 0's own account reveals last block's price and commits to this one. */
  async block(txs: Uint8Array[] = [], btc?: string) {
    const all = [...txs];
    if (btc !== undefined) {
      const valoper = toValoper(accAddressBytes(this.addresses[V0]));
      const prices = `BTC:${btc}`;
      const msgs: EncodeObject[] = [];
      if (this.committedPrices) msgs.push(priceVoteMsg(this.addresses[V0], valoper, this.committedPrices.salt, this.committedPrices.prices));
      const salt = (this.height + 1).toString(16).padStart(16, "0");
      msgs.push(prevoteMsg(this.addresses[V0], valoper, aggregateVoteHash(salt, prices, valoper)));
      this.committedPrices = { salt, prices };
      all.unshift(await this.tx(V0, msgs));
    }
    this.height += 1;
    const response = runBlock(this.app, this.height, all);
    return { ...response, txResults: btc !== undefined ? response.txResults.slice(1) : response.txResults };
  }

  /**
   * One block without the harness's check for broken-invariant and block-error events: for the tests that
   * break the chain on purpose and assert those events themselves.
   */
  brokenBlock() {
    this.height += 1;
    return finalizeAndCommit(this.app, this.height, []);
  }

  query<T>(path: string, decode: (bytes: Uint8Array) => T, data: Uint8Array = new Uint8Array()): T {
    const response = this.app.query({ path, data, height: 0n, prove: false });
    if (response.code !== 0) throw new Error(`${path}: ${response.log}`);
    return decode(response.value);
  }

  market(underlying: string) {
    return this.query("/optchain.circuit.v1.Query/Market", (b) => circuitPb.QueryMarketResponse.decode(b).market!, circuitPb.QueryMarketRequest.encode({ underlying }).finish());
  }

  proposal(proposalId: number) {
    return this.query("/optchain.gov.v1.Query/Proposal", (b) => govPb.QueryProposalResponse.decode(b).proposal!, govPb.QueryProposalRequest.encode({ proposalId }).finish());
  }

  oracleMaxAge(): number {
    return this.app.oracle.params(this.app.store).max_price_age_seconds;
  }

  reopen(resumeHalts: bigint[] = []): void {
    this.app.close();
    this.app = new OptchainApp({ dataDir: this.dir, logger: quietLogger, resumeHalts });
  }

  close(): void {
    this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
