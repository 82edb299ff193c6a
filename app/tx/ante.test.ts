import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { QueryBalanceRequest, QueryBalanceResponse } from "cosmjs-types/cosmos/bank/v1beta1/query";
import { devWallet } from "../../client";
import type { OptchainApp } from "../app";
import { DEFAULT_FEE, devGenesis, initChain, openApp, runBlock, sendMsg, signTx } from "../../test/helpers/inprocess";
import { isLowS } from "./sigverify";

jest.setTimeout(60_000);

const ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

describe("ante checks through CheckTx and FinalizeBlock", () => {
  let app: OptchainApp;
  let close: () => void;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    ({ app, close } = openApp());
    initChain(app, await devGenesis(2));
    runBlock(app, 1, []);
    [alice, bob] = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
  });
  afterAll(() => close());

  const check = (tx: Uint8Array) => app.checkTx({ tx, type: 0 });
  const balance = (address: string, denom = "uusdc") =>
    BigInt(QueryBalanceResponse.decode(app.query({ path: "/cosmos.bank.v1beta1.Query/Balance", data: QueryBalanceRequest.encode({ address, denom }).finish(), height: 0n, prove: false }).value).balance!.amount);

  function mutateSignature(tx: Uint8Array, mutate: (sig: Uint8Array) => Uint8Array): Uint8Array {
    const raw = TxRaw.decode(tx);
    return TxRaw.encode({ ...raw, signatures: [mutate(Uint8Array.from(raw.signatures[0]))] }).finish();
  }

  const cases: Array<[string, () => Promise<Uint8Array>, number, RegExp]> = [
    ["flipped signature bit", async () => mutateSignature(await signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 0 }), (s) => (s[10] ^= 1, s)), 4, /signature verification failed/],
    [
      "high-S twin of a valid signature",
      async () =>
        mutateSignature(await signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 0 }), (sig) => {
          const s = BigInt("0x" + Buffer.from(sig.subarray(32)).toString("hex"));
          const high = Buffer.from((ORDER - s).toString(16).padStart(64, "0"), "hex");
          expect(isLowS(Uint8Array.from([...sig.subarray(0, 32), ...high]))).toBe(false);
          return Uint8Array.from([...sig.subarray(0, 32), ...high]);
        }),
      4,
      /signature verification failed/,
    ],
    ["wrong account number in the sign doc", () => signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 1, sequence: 0 }), 4, /signature verification failed; please verify account number \(0\)/],
    ["sequence from the future", () => signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 5 }), 32, /account sequence mismatch, expected 0, got 5/],
    ["fee below min gas price × gas", () => signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 0 }, { amount: [{ denom: "uopt", amount: "4999" }], gas: "200000" }), 13, /insufficient fee; got: "4999uopt" required: "5000uopt"/],
    ["fee in the wrong denom", () => signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 0 }, { amount: [{ denom: "uusdc", amount: "99999" }], gas: "200000" }), 13, /insufficient fee/],
    ["gas limit too small for the work", () => signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 0 }, { amount: [{ denom: "uopt", amount: "100" }], gas: "4000" }), 11, /out of gas/],
    ["memo over the limit", () => signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 0 }, DEFAULT_FEE, "m".repeat(257)), 12, /maximum number of characters is 256/],
    ["message signed by someone else", () => signTx(1, [sendMsg(alice, bob, "1")], { accountNumber: 1, sequence: 0 }), 8, /public key does not belong to signer/],
    ["overdraft", () => signTx(0, [sendMsg(alice, bob, "999999999999999999999")], { accountNumber: 0, sequence: 0 }), 5, /insufficient funds/],
    ["zero amount", () => signTx(0, [sendMsg(alice, bob, "0")], { accountNumber: 0, sequence: 0 }), 10, /must be positive/],
    ["garbage bytes", async () => Uint8Array.from([1, 2, 3, 4, 5]), 2, /tx parse error/],
  ];

  test.each(cases)("%s is refused with its registered code and leaves no trace", async (_name, build, code, log) => {
    const before = [await balance(alice), await balance(bob), await balance(alice, "uopt")];
    const response = check(await build());
    expect(response.code).toBe(code);
    expect(response.codespace).toBe("sdk");
    expect(response.log).toMatch(log);
    expect([await balance(alice), await balance(bob), await balance(alice, "uopt")]).toEqual(before);
    // sequence 0 still valid: the refused tx bumped nothing in the check state either
    const probe = await signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 0 });
    const ok = app.checkTx({ tx: probe, type: 0 });
    expect(ok.code).toBe(0);
    // undo the probe's effect on the check state by committing an empty block (check state resets at Commit)
    runBlock(app, Number(app.info().lastBlockHeight) + 1, []);
  });

  test("a failing message in a block still pays its fee and moves the sequence on, as in the SDK", async () => {
    const seq = Number(app.info().lastBlockHeight) + 1;
    const feeBefore = await balance(alice, "uopt");
    const usdcBefore = await balance(alice);
    const tx = await signTx(0, [sendMsg(alice, bob, "999999999999999999999")], { accountNumber: 0, sequence: 0 });
    const response = runBlock(app, seq, [tx]);
    expect(response.txResults[0].code).toBe(5);
    expect(await balance(alice, "uopt")).toBe(feeBefore - 5000n);
    expect(await balance(alice)).toBe(usdcBefore);
    expect(check(await signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 0 })).code).toBe(32);
    expect(check(await signTx(0, [sendMsg(alice, bob, "1")], { accountNumber: 0, sequence: 1 })).code).toBe(0);
  });
});
