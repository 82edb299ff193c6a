import fc from "fast-check";
import type { OptchainApp } from "../../app/app";
import { Branch } from "../../app/store/branch";
import { PARAMS_KEY } from "../../modules/options/keys";
import { OPTIONS_MODULE_ADDRESS } from "../../modules/options/keeper";
import { BROKEN_EVENT_TYPES, type BlockOutcome, brokenEvents, expectNoBrokenEvents } from "./broken-events";
import { devWallet } from "../../client";
import { devGenesis, initChain, openApp, runBlock, sendMsg, signTx } from "./inprocess";

/**
 * Commits `corrupt`'s writes as height `height`, past every keeper and past FinalizeBlock: what a keeper bug
 * or a disk fault leaves behind. The app then runs the next block on that state as a node would.
 */
function commitCorruption(app: OptchainApp, height: number, corrupt: (state: Branch) => void): void {
  const branch = new Branch(app.store);
  corrupt(branch);
  app.store.commit(height, branch.changes());
}

async function appAfterOneBlock() {
  const opened = openApp();
  // every block runs the full invariant check, so a corruption is seen on the very next one
  initChain(opened.app, { ...(await devGenesis()), circuit: { params: { invariant_check_period: 1 } } });
  runBlock(opened.app, 1, []);
  return opened;
}

describe("in-process blocks fail the test on a broken-invariant or block-error event", () => {
  test("runBlock throws on the first block after uusdc no margin account owns reaches the options module account, naming height and invariant", async () => {
    const { app, close } = await appAfterOneBlock();
    try {
      // minted through bank, so supply stays right and only the options collateral invariant can notice
      commitCorruption(app, 2, (state) => app.bank.mint(state, [], OPTIONS_MODULE_ADDRESS, [{ denom: "uusdc", amount: 1000n }]));
      expect(() => runBlock(app, 3, [])).toThrow(/height 3, end-block: invariant_broken .*invariant=options\/collateral.*module account holds 1000 but accounts and fund sum to 0/);
    } finally {
      close();
    }
  });

  test("runBlock throws when an options end-block phase fails on unreadable params and reports options_block_error", async () => {
    const { app, close } = await appAfterOneBlock();
    try {
      commitCorruption(app, 2, (state) => state.set(PARAMS_KEY, Uint8Array.of(0xff, 0xff, 0xff)));
      expect(() => runBlock(app, 3, [])).toThrow(/height 3, end-block: options_block_error phase=\w+ error=/);
    } finally {
      close();
    }
  });

  test("a healthy block with a transfer passes: ordinary tx events do not fire the check", async () => {
    const { app, close } = await appAfterOneBlock();
    try {
      const [alice, bob] = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
      const tx = await signTx(0, [sendMsg(alice, bob, "7")], { accountNumber: 0, sequence: 0 });
      const response = runBlock(app, 2, [tx]);
      expect(response.txResults.map((r) => r.code)).toEqual([0]);
      expect(response.txResults[0].events.map((e) => e.type)).toContain("transfer");
    } finally {
      close();
    }
  });
});

describe("brokenEvents", () => {
  const attribute = fc.record({ key: fc.string({ minLength: 1, maxLength: 8 }), value: fc.string({ maxLength: 12 }) });
  const eventType = fc.oneof(fc.constantFrom(...BROKEN_EVENT_TYPES, "transfer", "message", "invariant_checked", "options_block"), fc.string({ maxLength: 20 }));
  const event = fc.record({ type: eventType, attributes: fc.array(attribute, { maxLength: 3 }) });
  const outcome: fc.Arbitrary<BlockOutcome> = fc.record({
    height: fc.integer({ min: 1, max: 1_000_000 }),
    blockEvents: fc.array(event, { maxLength: 5 }),
    txResults: fc.array(fc.record({ code: fc.nat(40), events: fc.array(event, { maxLength: 4 }) }), { maxLength: 4 }),
  });

  test("flags exactly the events whose type is a broken one, in block or tx results, each with its height and place", () => {
    fc.assert(
      fc.property(outcome, (o) => {
        const lines = brokenEvents(o);
        const inBlock = o.blockEvents.filter((e) => BROKEN_EVENT_TYPES.has(e.type));
        const inTxs = o.txResults.flatMap((r, i) => r.events.filter((e) => BROKEN_EVENT_TYPES.has(e.type)).map((e) => ({ i, e })));
        expect(lines).toHaveLength(inBlock.length + inTxs.length);
        inBlock.forEach((e, k) => expect(lines[k].startsWith(`height ${o.height}, end-block: ${e.type}`)).toBe(true));
        inTxs.forEach(({ i, e }, k) => expect(lines[inBlock.length + k].startsWith(`height ${o.height}, tx ${i}: ${e.type}`)).toBe(true));
        if (lines.length === 0) expect(() => expectNoBrokenEvents([o])).not.toThrow();
        else expect(() => expectNoBrokenEvents([o])).toThrow(lines[0]);
      }),
    );
  });

  test("a block_hook_error in a tx's events fails the check like the others", () => {
    const hook = { type: "block_hook_error", attributes: [{ key: "hook", value: "oracle/end_block" }] };
    expect(() => expectNoBrokenEvents([{ height: 9, blockEvents: [], txResults: [{ code: 0, events: [] }, { code: 0, events: [hook] }] }])).toThrow(
      "height 9, tx 1: block_hook_error hook=oracle/end_block",
    );
  });
});
