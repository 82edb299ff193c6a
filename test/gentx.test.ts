// genutil: gentxs delivered at InitChain through the tx pipeline, and the attacks a genesis coordinator must refuse.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { SigningStargateClient } from "@cosmjs/stargate";
import type { EncodeObject } from "@cosmjs/proto-signing";
import { PubKey as Ed25519PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { accAddressBytes, toValoper } from "../app/address";
import { DEFAULT_CHAIN_ID } from "../app/config";
import * as auth from "../modules/auth/keeper";
import { DEV_ACCOUNT_BALANCE, devAccountWallet, optchainRegistry } from "../client";
import { addGenesisAccount, defaultPorts, genesisPath, initHome, validateGenesisFile } from "../localnet/genesis";
import { Keyring, newMnemonic } from "../cli/keyring";
import { collectGentxs, createGentx, gentxDir } from "../cli/gentx";
import { initChain, openApp, runBlock, sendMsg } from "./helpers/inprocess";

const TOKENS = 50_000_000n;

async function address(index: number): Promise<string> {
  return (await (await devAccountWallet(index)).getAccounts())[0].address;
}

/** Dev accounts 0..2 funded, no validator yet: the founding set comes from the gentxs. */
async function genesis(genTxs: Uint8Array[] | string[]): Promise<Record<string, unknown>> {
  const balances = await Promise.all(
    [0, 1, 2].map(async (i) => ({ address: await address(i), coins: [{ denom: "uopt", amount: DEV_ACCOUNT_BALANCE.toString() }] })),
  );
  return {
    auth: { accounts: [] },
    bank: { balances },
    staking: { validators: [] },
    genutil: { gen_txs: genTxs.map((tx) => (typeof tx === "string" ? tx : Buffer.from(tx).toString("base64"))) },
  };
}

function createValidator(operator: string, consensusKeyByte: number, amount = TOKENS): EncodeObject {
  return {
    typeUrl: "/cosmos.staking.v1beta1.MsgCreateValidator",
    value: {
      description: { moniker: `v-${consensusKeyByte}`, identity: "", website: "", securityContact: "", details: "" },
      commission: { rate: "100000000000000000", maxRate: "200000000000000000", maxChangeRate: "10000000000000000" },
      minSelfDelegation: "1",
      delegatorAddress: operator,
      validatorAddress: toValoper(accAddressBytes(operator)),
      pubkey: { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: Ed25519PubKey.encode({ key: Buffer.alloc(32, consensusKeyByte) }).finish() },
      value: { denom: "uopt", amount: amount.toString() },
    },
  };
}

/** A gentx as `optd genesis gentx` signs it: account number 0, sequence 0, no fee, by dev account `signer`. */
async function gentx(signer: number, msgs: EncodeObject[], chainId = DEFAULT_CHAIN_ID): Promise<Uint8Array> {
  const wallet = await devAccountWallet(signer);
  const [{ address: from }] = await wallet.getAccounts();
  const client = await SigningStargateClient.offline(wallet, { registry: optchainRegistry() });
  const raw = await client.sign(from, msgs, { amount: [], gas: "200000" }, "", { accountNumber: 0n, sequence: 0, chainId });
  return TxRaw.encode(raw).finish();
}

function startWith(appState: Record<string, unknown>) {
  const { app, close } = openApp();
  try {
    return { response: initChain(app, appState), app, close };
  } catch (err) {
    close();
    throw err;
  }
}

describe("gentxs at InitChain", () => {
  it("bonds each gentx's validator through the tx pipeline, answers the set, and exports no pending gentx", async () => {
    const [a0, a1] = [await address(0), await address(1)];
    const { response, app, close } = startWith(await genesis([await gentx(0, [createValidator(a0, 1)]), await gentx(1, [createValidator(a1, 2)])]));
    try {
      expect(response.validators.map((v) => [Buffer.from(v.pubKey!.ed25519!).toString("hex"), v.power]).sort()).toEqual([
        [Buffer.alloc(32, 1).toString("hex"), 50n],
        [Buffer.alloc(32, 2).toString("hex"), 50n],
      ]);
      runBlock(app, 1, []);
      // Each operator's sequence moved on, as for any delivered tx; the account numbers were not 0 for both.
      expect(auth.getAccount(app.store, accAddressBytes(a1))?.sequence).toBe(1n);
      const exported = app.exportGenesis();
      expect(exported.genutil).toBeUndefined();
      const second = openApp();
      try {
        const answer = initChain(second.app, exported);
        expect(answer.validators).toHaveLength(2);
        runBlock(second.app, 1, []);
        expect(second.app.exportGenesis()).toEqual(exported);
      } finally {
        second.close();
      }
    } finally {
      close();
    }
  });

  it("refuses a gentx signed by another key than its delegator", async () => {
    const a0 = await address(0);
    // Account 1 signs account 0's MsgCreateValidator with its own key and pubkey.
    await expect(async () => startWith(await genesis([await gentx(1, [createValidator(a0, 1)])]))).rejects.toThrow(/gentx 0 .*public key does not belong/);
  });

  it("refuses a gentx signed for another chain id", async () => {
    const a0 = await address(0);
    await expect(async () => startWith(await genesis([await gentx(0, [createValidator(a0, 1)], "other-chain")]))).rejects.toThrow(
      /gentx 0 .*signature verification failed.*chain-id/,
    );
  });

  it("refuses the same gentx twice", async () => {
    const tx = await gentx(0, [createValidator(await address(0), 1)]);
    await expect(async () => startWith(await genesis([tx, tx]))).rejects.toThrow(/gentx 1 .*sequence mismatch/);
  });

  it("refuses a non-canonical gentx and non-canonical base64", async () => {
    const tx = await gentx(0, [createValidator(await address(0), 1)]);
    // An unknown field (15, varint 1) after the signatures: the same signed content under another hash.
    const padded = Buffer.concat([tx, Buffer.from([0x78, 0x01])]);
    await expect(async () => startWith(await genesis([padded]))).rejects.toThrow(/gentx 0 /);
    const base64 = Buffer.from(tx).toString("base64");
    await expect(async () => startWith(await genesis([` ${base64}`]))).rejects.toThrow(/gentx 0: not canonical base64/);
  });

  it("accepts only MsgCreateValidator in a gentx", async () => {
    const [a0, a1] = [await address(0), await address(1)];
    await expect(async () => startWith(await genesis([await gentx(0, [createValidator(a0, 1), sendMsg(a0, a1, "1", "uopt")])]))).rejects.toThrow(
      /gentx 0 .*only \/cosmos.staking.v1beta1.MsgCreateValidator, got \/cosmos.bank.v1beta1.MsgSend/,
    );
    await expect(async () => startWith(await genesis([await gentx(0, [sendMsg(a0, a1, "1", "uopt")])]))).rejects.toThrow(/gentx 0 .*only/);
  });

  it("refuses a self-delegation above the account's genesis balance", async () => {
    const a0 = await address(0);
    await expect(async () => startWith(await genesis([await gentx(0, [createValidator(a0, 1, DEV_ACCOUNT_BALANCE + 1n)])]))).rejects.toThrow(/gentx 0 .*insufficient/);
  });

  it("never starts from a gentx with any byte changed (fast-check)", async () => {
    const tx = Buffer.from(await gentx(0, [createValidator(await address(0), 1)]));
    const base = await genesis([]);
    const { app, close } = openApp();
    try {
      fc.assert(
        fc.property(fc.nat(tx.length - 1), fc.integer({ min: 1, max: 255 }), (index, delta) => {
          const mutated = Buffer.from(tx);
          mutated[index] = (mutated[index] + delta) & 0xff;
          const appState = { ...base, genutil: { gen_txs: [mutated.toString("base64")] } };
          expect(() => initChain(app, appState)).toThrow(/gentx 0 /);
        }),
        { numRuns: 60 },
      );
    } finally {
      close();
    }
  });
});

describe("optd genesis gentx / collect-gentxs", () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  async function home(moniker: string): Promise<{ home: string; address: string }> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "optd-gentx-"));
    dirs.push(dir);
    initHome(dir, { moniker, chainId: "gentx-1", ports: defaultPorts(0) });
    const info = await new Keyring(path.join(dir, "keyring-test"), "test").add("op", newMnemonic(), undefined);
    return { home: dir, address: info.address };
  }
  const noPassphrase = () => Promise.reject(new Error("the test backend asks no passphrase"));

  it("signs each home's gentx, collects them into a genesis that starts with both validators, and sets peers", async () => {
    const [coordinator, other] = [await home("alpha"), await home("beta")];
    const coordinatorGenesis = genesisPath(coordinator.home);
    addGenesisAccount(coordinatorGenesis, coordinator.address, "100000000uopt");
    addGenesisAccount(coordinatorGenesis, other.address, "100000000uopt");
    writeFileSync(genesisPath(other.home), readFileSync(coordinatorGenesis));
    // AMOUNT above the account's genesis balance is refused before anything is signed.
    await expect(createGentx({ home: other.home, keyName: "op", amount: "100000001uopt", chainId: "gentx-1", keyringBackend: "test", passphrase: noPassphrase })).rejects.toThrow(
      /less than the 100000001uopt.*optd genesis add-account/,
    );
    const otherFile = await createGentx({ home: other.home, keyName: "op", amount: "60000000uopt", chainId: "gentx-1", keyringBackend: "test", passphrase: noPassphrase });
    const own = await createGentx({ home: coordinator.home, keyName: "op", amount: "40000000uopt", chainId: "gentx-1", keyringBackend: "test", passphrase: noPassphrase });
    const signed = JSON.parse(readFileSync(otherFile, "utf8"));
    expect(signed.body.messages[0]["@type"]).toBe("/cosmos.staking.v1beta1.MsgCreateValidator");
    expect(signed.body.messages[0].pubkey["@type"]).toBe("/cosmos.crypto.ed25519.PubKey");
    expect(signed.auth_info.fee.amount).toEqual([]);
    writeFileSync(path.join(gentxDir(coordinator.home), path.basename(otherFile)), readFileSync(otherFile));

    const { files, peers } = collectGentxs(coordinator.home);
    expect(files.map((f) => path.basename(f))).toEqual([path.basename(own), path.basename(otherFile)].sort());
    expect(peers).toBe(signed.body.memo);
    expect(readFileSync(path.join(coordinator.home, "cometbft/config/config.toml"), "utf8")).toContain(`persistent_peers = "${signed.body.memo}"`);
    expect(validateGenesisFile(coordinatorGenesis)).toEqual({ chainId: "gentx-1", validators: 2 });
    // A gentx slipped in twice by hand after collecting: `optd genesis validate` names it before any node starts.
    const edited = JSON.parse(readFileSync(coordinatorGenesis, "utf8"));
    edited.app_state.genutil.gen_txs.push(edited.app_state.genutil.gen_txs[0]);
    writeFileSync(coordinatorGenesis, JSON.stringify(edited));
    expect(() => validateGenesisFile(coordinatorGenesis)).toThrow(/gentx 2 \([0-9A-F]{64}\) failed: sdk\/32 account sequence mismatch/);
  });

  it("refuses to collect an edited gentx file or one for another chain, naming it, and writes nothing", async () => {
    const coordinator = await home("gamma");
    addGenesisAccount(genesisPath(coordinator.home), coordinator.address, "100000000uopt");
    const before = readFileSync(genesisPath(coordinator.home), "utf8");
    const file = await createGentx({ home: coordinator.home, keyName: "op", amount: "1000000uopt", chainId: "gentx-1", keyringBackend: "test", passphrase: noPassphrase });
    const signed = JSON.parse(readFileSync(file, "utf8"));
    // A field the bytes do not carry: the file would say something its signature does not cover.
    writeFileSync(file, JSON.stringify({ ...signed, body: { ...signed.body, extra: "x" } }));
    expect(() => collectGentxs(coordinator.home)).toThrow(/gentx-.*\.json: not in canonical form/);
    const otherChain = await createGentx({ home: coordinator.home, keyName: "op", amount: "1000000uopt", chainId: "gentx-2", keyringBackend: "test", passphrase: noPassphrase });
    expect(() => collectGentxs(coordinator.home)).toThrow(new RegExp(`${path.basename(otherChain)}: gentx 0 .*chain-id \\(gentx-1\\)`));
    expect(readFileSync(genesisPath(coordinator.home), "utf8")).toBe(before);
  });
});
