import { QueryAllBalancesRequest, QueryAllBalancesResponse, QueryTotalSupplyResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { createHash } from "node:crypto";
import { toAccAddress } from "../../app/address";
import { MODULE_ACCOUNTS } from "../../app/app";
import { ErrWrongSequence } from "../../app/errors";
import { devWallet } from "../../client";
import { type Localnet, rpcGet } from "../../localnet/network";
import { optchain } from "../../proto/gen/optchain";

async function abciQuery(rpc: string, path: string, data: Uint8Array): Promise<Uint8Array> {
  const { response } = await rpcGet(rpc, `abci_query?path="${path}"&data=0x${Buffer.from(data).toString("hex")}`);
  if (response.code !== 0) throw new Error(`${path}: ${response.log}`);
  return Buffer.from(response.value ?? "", "base64");
}

/** Every live node has the same block and the same app hash at every height both have. */
export async function expectAgreement(net: Localnet, live: number[], fromHeight = 1): Promise<number> {
  const top = Math.min(...(await Promise.all(live.map((i) => net.height(i)))));
  for (let height = fromHeight; height <= top; height++) {
    const headers = await Promise.all(live.map((i) => rpcGet(net.rpc(i), `block?height=${height}`)));
    const ids = new Set(headers.map((b) => `${b.block_id.hash}/${b.block.header.app_hash}`));
    if (ids.size !== 1) throw new Error(`nodes ${live.join(",")} disagree at height ${height}: ${[...ids].join(" vs ")}`);
  }
  return top;
}

/** Total supply per denom equals the sum of every balance (dev accounts and module accounts are all there are). */
export async function expectSupplyConsistent(rpc: string): Promise<Map<string, bigint>> {
  const supply = QueryTotalSupplyResponse.decode(await abciQuery(rpc, "/cosmos.bank.v1beta1.Query/TotalSupply", new Uint8Array()));
  const addresses = [
    ...(await (await devWallet(10)).getAccounts()).map((a) => a.address),
    ...Object.values(MODULE_ACCOUNTS).map(toAccAddress),
  ];
  const sums = new Map<string, bigint>();
  for (const address of addresses) {
    const { balances } = QueryAllBalancesResponse.decode(
      await abciQuery(rpc, "/cosmos.bank.v1beta1.Query/AllBalances", QueryAllBalancesRequest.encode(QueryAllBalancesRequest.fromPartial({ address })).finish()),
    );
    for (const coin of balances) {
      const amount = BigInt(coin.amount);
      if (amount < 0n) throw new Error(`negative balance ${coin.amount}${coin.denom} of ${address}`);
      sums.set(coin.denom, (sums.get(coin.denom) ?? 0n) + amount);
    }
  }
  const totals = new Map(supply.supply.map((coin) => [coin.denom, BigInt(coin.amount)]));
  for (const [denom, total] of totals) {
    if (sums.get(denom) !== total) throw new Error(`supply of ${denom} is ${total} but balances add up to ${sums.get(denom)}`);
  }
  return totals;
}

/**
 * uopt burned by slashing so far (every SlashHistory record): the one way supply shrinks on these networks. A
 * validator down long enough misses its oracle votes (prices come by vote extensions) and is slashed for it.
 */
export async function slashedUopt(rpc: string): Promise<bigint> {
  const history = optchain.slashing.v1;
  let burned = 0n;
  let key: Uint8Array | undefined;
  do {
    const request = history.QuerySlashHistoryRequest.encode({ pagination: { key, limit: 100 } }).finish();
    const response = history.QuerySlashHistoryResponse.decode(await abciQuery(rpc, "/optchain.slashing.v1.Query/SlashHistory", request));
    for (const slash of response.slashes) burned += BigInt(slash.burned || "0");
    key = response.pagination?.nextKey && response.pagination.nextKey.length > 0 ? response.pagination.nextKey : undefined;
  } while (key);
  return burned;
}

/**
 * The fewest txs a scenario's load must get accepted by CheckTx and then included, for a load that ran
 * `loadSeconds`: without a floor, a scenario whose senders never got one tx through passes every check
 * above vacuously. At least 20, and at least 2/3 per second (20 in a 30 s scenario). Why so low: the bench
 * measured 257 tx/s committed from 8 closed-loop senders on 4 validators on this 2-core machine
 * (bench/results.json, localnet4_tx_per_s), about 30 tx/s per sender, and a scenario runs 2 to 8 senders; even
 * with the cores shared by other jobs a working sender manages several txs a second, so a floor 40 times
 * under one sender's pace is met by any working load and missed by a broken one (every broadcast refused,
 * senders stuck reconnecting, nodes taking no txs).
 */
export function minIncluded(loadSeconds: number): number {
  return Math.max(20, Math.ceil((loadSeconds * 2) / 3));
}

/** Each hash appears in exactly one block up to `height`. */
/**
 * Every accepted tx takes effect exactly once: one inclusion with code 0, and any other inclusion refused by the
 * app's replay protection (the signer's sequence). CometBFT's mempool does not promise a committed tx never
 * reaches a later block (a CheckTx answer that lands after the mempool's post-block update re-admits it); the
 * application's "only once" is the sequence, so that is what is held here, with the result code of every copy.
 */
export async function expectTakesEffectOnce(rpc: string, hashes: string[], height: number): Promise<void> {
  const inclusions = new Map<string, Array<{ height: number; code: number; codespace: string }>>();
  for (let h = 1; h <= height; h++) {
    const { block } = await rpcGet(rpc, `block?height=${h}`);
    const txs = block.data.txs as string[];
    if (txs.length === 0) continue;
    const { txs_results: results } = await rpcGet(rpc, `block_results?height=${h}`);
    txs.forEach((tx, i) => {
      const hash = createHash("sha256").update(Buffer.from(tx, "base64")).digest("hex").toUpperCase();
      const result = results[i] as { code?: number; codespace?: string };
      const seen = inclusions.get(hash) ?? [];
      seen.push({ height: h, code: result.code ?? 0, codespace: result.codespace ?? "" });
      inclusions.set(hash, seen);
    });
  }
  const wrong = hashes.filter((hash) => {
    const seen = inclusions.get(hash) ?? [];
    const applied = seen.filter(({ code }) => code === 0);
    const replayRefused = seen.filter(({ code, codespace }) => codespace === ErrWrongSequence.codespace && code === ErrWrongSequence.code);
    return applied.length !== 1 || applied.length + replayRefused.length !== seen.length;
  });
  if (wrong.length > 0) {
    throw new Error(
      `${wrong.length} of ${hashes.length} accepted txs did not take effect exactly once, e.g. ${wrong[0]} included ${JSON.stringify(inclusions.get(wrong[0]) ?? [])}`,
    );
  }
}
