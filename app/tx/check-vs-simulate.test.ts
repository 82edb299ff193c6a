import fc from "fast-check";
import { SimulateRequest, SimulateResponse } from "cosmjs-types/cosmos/tx/v1beta1/service";
import { DEV_ACCOUNT_BALANCE, devWallet } from "../../client";
import { accAddressBytes, toAccAddress } from "../address";
import type { OptchainApp } from "../app";
import { FEE_COLLECTOR_ADDRESS } from "./pipeline";
import * as auth from "../../modules/auth/keeper";
import { devGenesis, initChain, openApp, runBlock, sendMsg, signTx } from "../../test/helpers/inprocess";

jest.setTimeout(300_000);

/** Simulate runs on a copy of CheckTx's state and builds everything a block builds: events, the msg responses' data. */
function simulate(app: OptchainApp, tx: Uint8Array): { code: number; codespace: string; log: string; gasUsed: bigint } {
  const response = app.query({ path: "/cosmos.tx.v1beta1.Service/Simulate", data: SimulateRequest.encode({ txBytes: tx }).finish(), height: 0n, prove: false });
  if (response.code !== 0) return { code: response.code, codespace: response.codespace, log: response.log, gasUsed: -1n };
  const { gasInfo, result } = SimulateResponse.decode(response.value);
  expect(result?.events.length).toBeGreaterThan(0);
  return { code: 0, codespace: "", log: "", gasUsed: gasInfo!.gasUsed };
}

/**
 * CheckTx runs a tx's messages without building what its response leaves out (events, the msg responses' data):
 * its verdict and gas must stay those of Simulate on the same state, which builds all of it. (Simulate reports
 * no gas for a refused tx.)
 */
test("property: CheckTx's verdict and gas are Simulate's, for transfers that pass, fail in the ante or fail in the message", async () => {
  const addresses = (await (await devWallet(3)).getAccounts()).map((a) => a.address);
  const sender = accAddressBytes(addresses[0]);
  const recipients = [addresses[1], addresses[2], toAccAddress(FEE_COLLECTOR_ADDRESS), toAccAddress(Uint8Array.from({ length: 20 }, (_, i) => i + 1))];
  const transfer = fc.record({
    recipient: fc.nat(recipients.length - 1),
    amount: fc.oneof(fc.bigInt({ min: 1n, max: 1_000n }), fc.constant(DEV_ACCOUNT_BALANCE), fc.constant(DEV_ACCOUNT_BALANCE * 2n)),
    denom: fc.constantFrom("uusdc", "uopt", "nope"),
    staleSequence: fc.boolean(),
    inBlock: fc.boolean(),
  });
  const opened: Array<() => void> = [];
  const outcomes = new Set<string>();
  try {
    await fc.assert(
      fc.asyncProperty(fc.array(transfer, { minLength: 1, maxLength: 6 }), async (transfers) => {
        const { app, close } = openApp();
        opened.push(close);
        initChain(app, await devGenesis(3));
        runBlock(app, 1, []);
        let height = 2;
        for (const t of transfers) {
          const committed = Number(auth.getAccount(app.store, sender)?.sequence ?? 0n);
          const sequence = t.staleSequence && committed > 0 ? committed - 1 : committed;
          const tx = await signTx(0, [sendMsg(addresses[0], recipients[t.recipient], t.amount.toString(), t.denom)], { accountNumber: 0, sequence });
          const simulated = simulate(app, tx);
          const { code, codespace, log, gasUsed } = app.checkTx({ tx, type: 0 });
          expect({ code, codespace, log, gasUsed: simulated.code === 0 ? gasUsed : -1n }).toEqual(simulated);
          outcomes.add(`${codespace}/${code}`);
          // a block moves the sequence and the balances on, and fills the fee collector that CheckTx's state sees
          if (t.inBlock) runBlock(app, height++, [tx]);
        }
      }),
      { numRuns: 25 },
    );
  } finally {
    opened.forEach((close) => close());
  }
  // accepted, insufficient funds (in the message), wrong sequence (in the ante), blocked recipient (decoding)
  expect([...outcomes]).toEqual(expect.arrayContaining(["/0", "sdk/32", "sdk/5"]));
});
