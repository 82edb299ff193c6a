// Issue 9, finding 3, as the attacker plays it: bech32 is case-insensitive and accepted 20- or 32-byte
// payloads, while bank blocked module recipients by their lower-case string and read balance keys as if every
// address were 20 bytes. One uusdc sent to `OPT1…` (the options module account in upper case) broke the options
// conservation invariant and froze the whole market at every full check, forever; one sent to a 32-byte address
// broke bank's own supply invariant. Every tx here goes through the real pipeline: CheckTx, then FinalizeBlock.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { toBech32 } from "@cosmjs/encoding";
import type { Event } from "cosmjs-types/tendermint/abci/types";
import { MODULE_ACCOUNTS, type OptchainApp } from "../app/app";
import { accAddressBytes, toAccAddress, toValoper } from "../app/address";
import { Branch } from "../app/store/branch";
type Coin = { denom: string; amount: string };
import { getAccount } from "../modules/auth/keeper";
import { BALANCE_PREFIX } from "../modules/bank/keys";
import { devWallet } from "../client";
import { devGenesis, initChain, openApp, runBlock, signTx } from "./helpers/inprocess";

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, "..");
const ALICE = 1;
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * Every module account the code defines, found from the code itself: each exported `…_ADDRESS` of a source
 * file that derives one with moduleAddress(). A module account added later is covered without editing this test.
 */
function moduleAccountsInCode(): Array<{ name: string; bytes: Uint8Array }> {
  const found: Array<{ name: string; bytes: Uint8Array }> = [];
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
  for (const file of [...walk(path.join(ROOT, "app")), ...walk(path.join(ROOT, "modules"))].sort()) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts") || !/moduleAddress\(/.test(readFileSync(file, "utf8"))) continue;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(file) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (name.endsWith("_ADDRESS") && value instanceof Uint8Array) found.push({ name: `${path.relative(ROOT, file)}:${name}`, bytes: value });
    }
  }
  return found;
}

const MODULE_ACCOUNTS_IN_CODE = moduleAccountsInCode();

class Chain {
  height = 0;
  readonly events: Event[] = [];
  private constructor(readonly app: OptchainApp, readonly close: () => void, readonly addresses: string[]) {}

  static async start(): Promise<Chain> {
    const addresses = (await (await devWallet(4)).getAccounts()).map((a) => a.address);
    // A full invariant check after every block, so a broken invariant shows in the very block that broke it.
    const appState = { ...(await devGenesis(4)), circuit: { params: { invariant_check_period: 1 } } };
    const { app, close } = openApp();
    initChain(app, appState);
    const chain = new Chain(app, close, addresses);
    chain.block([]);
    return chain;
  }

  state() {
    return new Branch(this.app.store);
  }

  block(txs: Uint8Array[]) {
    this.height += 1;
    const response = runBlock(this.app, this.height, txs);
    this.events.push(...response.events, ...response.txResults.flatMap((r) => r.events));
    return response;
  }

  /** A MsgSend of `coins` from `account`, signed with the account's current number and sequence. */
  async send(account: number, to: string, coins: Coin[]): Promise<Uint8Array> {
    const from = this.addresses[account];
    const stored = getAccount(this.state(), accAddressBytes(from))!;
    const msg = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: from, toAddress: to, amount: coins } };
    return signTx(account, [msg], { accountNumber: Number(stored.accountNumber), sequence: Number(stored.sequence) });
  }

  /** Every balance and supply, the sender's sequence: what a refused tx must leave exactly as it was. */
  snapshot(bytes: Uint8Array) {
    const state = this.state();
    const balances = this.app.bank.everyBalance(state).map(({ address, denom, amount }) => `${hex(address)}/${denom}=${amount}`);
    const supply = this.app.bank.totalSupply(state).map(({ denom, amount }) => `${denom}=${amount}`);
    // Read raw: a 32-byte recipient cannot go through the keeper, whose keys take 20-byte addresses only.
    const recipient = state.iterate(Buffer.concat([BALANCE_PREFIX, bytes])).map(([k, v]) => `${hex(k)}=${Buffer.from(v).toString()}`);
    return { balances, supply, recipient };
  }

  sequence(account: number): bigint {
    return getAccount(this.state(), accAddressBytes(this.addresses[account]))!.sequence;
  }

  brokenInvariants(): string[] {
    return this.events.filter((e) => e.type === "invariant_broken").map((e) => e.attributes.map((a) => `${a.key}=${a.value}`).join(" "));
  }
}

/**
 * The tx is refused in CheckTx and in FinalizeBlock with `codespace/code`, and the block changes no balance.
 * It pays 1 of both denoms: options' invariant watches uusdc, gov's watches its deposit denom uopt.
 */
async function expectRefused(chain: Chain, to: string, recipientBytes: Uint8Array, codespace: string, code: number, log: RegExp) {
  const before = chain.snapshot(recipientBytes);
  const sequence = chain.sequence(ALICE);
  const tx = await chain.send(ALICE, to, [{ denom: "uopt", amount: "1" }, { denom: "uusdc", amount: "1" }]);
  const checked = chain.app.checkTx({ tx, type: 0 });
  const [result] = chain.block([tx]).txResults;
  expect({ codespace: checked.codespace, code: checked.code }).toEqual({ codespace, code });
  expect(checked.log).toMatch(log);
  expect({ codespace: result.codespace, code: result.code }).toEqual({ codespace, code });
  expect(result.log).toMatch(log);
  expect(chain.snapshot(recipientBytes)).toEqual(before);
  expect(chain.sequence(ALICE)).toBe(sequence);
  expect(chain.brokenInvariants()).toEqual([]);
}

describe("module accounts cannot be paid, whatever the case of their address", () => {
  let chain: Chain;
  beforeEach(async () => {
    chain = await Chain.start();
  });
  afterEach(() => chain.close());

  test("the code's module accounts are all found, and every one of them is blocked", () => {
    const names = MODULE_ACCOUNTS_IN_CODE.map((m) => m.name);
    for (const expected of ["FEE_COLLECTOR_ADDRESS", "BONDED_POOL_ADDRESS", "OPTIONS_MODULE_ADDRESS", "INSURANCE_FUND_ADDRESS", "GOV_MODULE_ADDRESS"]) {
      expect(names.some((name) => name.endsWith(`:${expected}`))).toBe(true);
    }
    const blocked = new Set(Object.values(MODULE_ACCOUNTS).map(hex));
    expect(MODULE_ACCOUNTS_IN_CODE.filter((m) => !blocked.has(hex(m.bytes))).map((m) => m.name)).toEqual([]);
  });

  test.each(MODULE_ACCOUNTS_IN_CODE.map((m) => [m.name, m.bytes] as const))("%s in lower case: refused as a blocked recipient", async (_name, bytes) => {
    await expectRefused(chain, toAccAddress(bytes), bytes, "bank", 10, /not allowed to receive funds/);
  });

  test.each(MODULE_ACCOUNTS_IN_CODE.map((m) => [m.name, m.bytes] as const))("%s in upper case: refused, it is not the canonical form", async (_name, bytes) => {
    await expectRefused(chain, toAccAddress(bytes).toUpperCase(), bytes, "sdk", 7, /must be lower case/);
  });

  test("a plain account in upper case is refused too: one spelling per address", async () => {
    const bob = chain.addresses[2];
    await expectRefused(chain, bob.toUpperCase(), accAddressBytes(bob), "sdk", 7, /must be lower case/);
  });

  test("mixed case is not bech32 at all", async () => {
    const bob = chain.addresses[2];
    const mixed = bob.slice(0, 10) + bob.slice(10).toUpperCase();
    await expectRefused(chain, mixed, accAddressBytes(bob), "sdk", 7, /invalid account address/);
  });

  test("a 32-byte recipient is refused: every address is 20 bytes", async () => {
    const long = Buffer.alloc(32, 0xab);
    await expectRefused(chain, toBech32("opt", long), long, "sdk", 7, /must be 20 bytes, got 32/);
  });

  test("a 32-byte recipient whose first 20 bytes are a module account is refused as well", async () => {
    const options = Object.values(MODULE_ACCOUNTS);
    for (const account of options) {
      const long = Buffer.concat([account, Buffer.from("uusdc-padding")]).subarray(0, 32);
      await expectRefused(chain, toBech32("opt", long), long, "sdk", 7, /must be 20 bytes, got 32/);
    }
  });

  test("a validator operator address or another chain's prefix is not an account address", async () => {
    const bob = accAddressBytes(chain.addresses[2]);
    await expectRefused(chain, toValoper(bob), bob, "sdk", 7, /must start with "opt1"/);
    await expectRefused(chain, toBech32("cosmos", bob), bob, "sdk", 7, /must start with "opt1"/);
  });

  test("an ordinary send still goes through", async () => {
    const bob = chain.addresses[2];
    const before = chain.app.bank.balance(chain.state(), accAddressBytes(bob), "uusdc");
    const [result] = chain.block([await chain.send(ALICE, bob, [{ denom: "uusdc", amount: "7" }])]).txResults;
    expect(result.code).toBe(0);
    expect(chain.app.bank.balance(chain.state(), accAddressBytes(bob), "uusdc")).toBe(before + 7n);
    expect(chain.brokenInvariants()).toEqual([]);
  });
});

type Genesis = {
  auth: { accounts: Array<{ address: string; account_number: string; sequence: string }> };
  bank: { balances: Array<{ address: string; coins: Coin[] }> };
  staking: { validators: Array<{ operator_address: string }> };
};

/** InitChain on the dev genesis after `edit`: the refusal's message, or "accepted". */
async function genesisOutcome(edit: (state: Genesis, addresses: string[]) => void): Promise<string> {
  const addresses = (await (await devWallet(4)).getAccounts()).map((a) => a.address);
  const state = (await devGenesis(4)) as unknown as Genesis;
  edit(state, addresses);
  const { app, close } = openApp();
  try {
    initChain(app, state as unknown as Record<string, unknown>);
    return "accepted";
  } catch (err) {
    return (err as Error).message;
  } finally {
    close();
  }
}

describe("genesis takes one spelling per address too", () => {
  test("an upper-case balance holder is refused", async () => {
    expect(await genesisOutcome((state, addresses) => state.bank.balances.push({ address: addresses[2].toUpperCase(), coins: [{ denom: "uusdc", amount: "1" }] }))).toMatch(/must be lower case/);
  });

  test("an upper-case validator operator is refused", async () => {
    expect(await genesisOutcome((state) => (state.staking.validators[0].operator_address = state.staking.validators[0].operator_address.toUpperCase()))).toMatch(/must be lower case/);
  });

  test("an auth account listed twice is refused instead of silently overwritten", async () => {
    const twice = (state: Genesis, addresses: string[]) => {
      state.auth.accounts = [
        { address: addresses[2], account_number: "7", sequence: "0" },
        { address: addresses[2], account_number: "8", sequence: "5" },
      ];
    };
    expect(await genesisOutcome(twice)).toMatch(/account .* listed twice/);
    expect(await genesisOutcome((state, addresses) => (state.auth.accounts = [{ address: addresses[2], account_number: "7", sequence: "0" }]))).toBe("accepted");
  });
});
