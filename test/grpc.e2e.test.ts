// gRPC, chain info and tx search by optchain events on a real single-validator chain (app + CometBFT): what
// grpc.test.ts cannot reach in process (broadcast, txs, node info come from CometBFT).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import * as grpc from "@grpc/grpc-js";
import { SigningStargateClient, StargateClient } from "@cosmjs/stargate";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { BroadcastMode, BroadcastTxRequest, BroadcastTxResponse, GetTxRequest, GetTxResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { DEFAULT_CHAIN_ID, devAccountWallet, optchainRegistry } from "../client";
import type { KeplrChainInfo } from "../client/chain-info";
import { depositCollateralMsg } from "../client/options";
import { writeChainInfo } from "../localnet/chain-info";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { sleep } from "../localnet/network";
import { startTestnet } from "./helpers/chain";

jest.setTimeout(180_000);
const GRPCURL = process.env.GRPCURL_BIN ?? path.join(PROJECT_ROOT, ".bin", "grpcurl");

describe("gRPC API, chain info and event search on a real chain", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let grpcAddress: string;
  let client: grpc.Client;

  beforeAll(async () => {
    chain = await startTestnet(1);
    grpcAddress = `127.0.0.1:${chain.net.nodes[0].ports.grpc}`;
    client = new grpc.Client(grpcAddress, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await chain?.stop();
  });

  const call = (method: string, request: Uint8Array) =>
    new Promise<Buffer>((resolve, reject) => client.makeUnaryRequest(method, (b: Buffer) => b, (b: Buffer) => b, Buffer.from(request), (err, value) => (err ? reject(err) : resolve(value!))));

  test("optd chain-info's Keplr ChainInfo reaches the chain: CosmJS connects through its rpc, its rest serves the denoms' metadata", async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "optchain-chain-info-"));
    try {
      writeChainInfo(chain.net.nodes[0].home, out);
      const keplr = JSON.parse(readFileSync(path.join(out, "keplr-chain-info.json"), "utf8")) as KeplrChainInfo;
      const chainJson = JSON.parse(readFileSync(path.join(out, "chain.json"), "utf8"));
      expect(chainJson.apis.grpc).toEqual([{ address: grpcAddress }]);
      const cosmjs = await StargateClient.connect(keplr.rpc);
      expect(await cosmjs.getChainId()).toBe(keplr.chainId);
      cosmjs.disconnect();
      const metadata = (await (await fetch(`${keplr.rest}/cosmos/bank/v1beta1/denoms_metadata`)).json()) as { metadatas: Array<{ base: string; display: string }> };
      expect(metadata.metadatas.map((m) => `${m.base}/${m.display}`)).toEqual(["uopt/opt", "uusdc/usdc"]);
      expect(keplr.currencies.map((c) => c.coinMinimalDenom)).toEqual(["uopt", "uusdc"]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test("grpcurl GetNodeInfo; BroadcastTx and GetTx over gRPC; the tx found by its optchain event over REST (query= and events=)", async () => {
    const { stdout } = await promisify(execFile)(GRPCURL, ["-plaintext", grpcAddress, "cosmos.base.tendermint.v1beta1.Service/GetNodeInfo"], { timeout: 30_000 });
    expect(JSON.parse(stdout).default_node_info.network).toBe(DEFAULT_CHAIN_ID);

    const wallet = await devAccountWallet(1);
    const [{ address }] = await wallet.getAccounts();
    const signer = await SigningStargateClient.connectWithSigner(chain.net.rpc(0), wallet, { registry: optchainRegistry() });
    const signed = await signer.sign(address, [depositCollateralMsg(address, "uusdc", 2_500_000n)], { amount: [{ denom: "uopt", amount: "10000" }], gas: "400000" }, "");
    signer.disconnect();
    const { txResponse } = BroadcastTxResponse.decode(await call("/cosmos.tx.v1beta1.Service/BroadcastTx", BroadcastTxRequest.encode({ txBytes: TxRaw.encode(signed).finish(), mode: BroadcastMode.BROADCAST_MODE_SYNC }).finish()));
    expect(txResponse).toMatchObject({ code: 0, txhash: expect.stringMatching(/^[0-9A-F]{64}$/) });
    const hash = txResponse!.txhash;

    let found: GetTxResponse | undefined;
    for (let i = 0; !found && i < 100; i++) {
      found = await call("/cosmos.tx.v1beta1.Service/GetTx", GetTxRequest.encode({ hash }).finish()).then(GetTxResponse.decode, (err: grpc.ServiceError) => {
        if (err.code !== grpc.status.NOT_FOUND) throw err;
        return undefined;
      });
      if (!found) await sleep(200);
    }
    expect(found!.txResponse).toMatchObject({ txhash: hash, code: 0 });
    expect(found!.tx!.body!.messages[0].typeUrl).toBe("/optchain.options.v1.MsgDepositCollateral");
    await expect(call("/cosmos.tx.v1beta1.Service/GetTx", GetTxRequest.encode({ hash: "zz" }).finish())).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });

    const api = `http://127.0.0.1:${chain.net.nodes[0].ports.api}`;
    const event = `collateral_deposited.owner='${address}'`;
    for (const param of ["query", "events"]) {
      const body = (await (await fetch(`${api}/cosmos/tx/v1beta1/txs?${param}=${encodeURIComponent(event)}`)).json()) as { total: string; tx_responses: Array<{ txhash: string }> };
      expect(body.total).toBe("1");
      expect(body.tx_responses[0].txhash).toBe(hash);
    }
  });
});
