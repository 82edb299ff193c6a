import { COLLATERAL_DENOM } from "../../app/config";
import { devWallet } from "../../client";
import { LOCALNET_FUND } from "../../localnet/options";
import { fundAddress } from "../../modules/options/keeper";
import { assertNoBrokenInvariants } from "./broken-events";
import { startTestnet } from "./chain";

jest.setTimeout(180_000);

test("on a real chain, assertNoBrokenInvariants and the testnet's stop fail on a block that reported invariant_broken, naming its height", async () => {
  const holder = (await (await devWallet(2)).getAccounts())[1].address;
  // Genesis checks the options collateral but not open interest: one long contract with no short against it
  // passes InitChain and is caught at the end of the circuit's first pass over positions: these few are one
  // page, so in block 1.
  const chain = await startTestnet(1, {
    appState: {
      options: {
        accounts: [
          { owner: fundAddress(), collateral: [{ denom: COLLATERAL_DENOM, amount: LOCALNET_FUND.toString() }], positions: [] },
          { owner: holder, collateral: [], positions: [{ series_id: "1", qty: "1", cost: "0" }] },
        ],
      },
    },
  });
  let stopped = false;
  try {
    await chain.net.waitForHeight(2);
    await expect(assertNoBrokenInvariants(chain.net)).rejects.toThrow(
      /height 1, end-block: invariant_broken invariant=options\/open-interest detail=series 1: open long 1 but open short 0/,
    );
    stopped = true;
    await expect(chain.stop()).rejects.toThrow(/invariant_broken invariant=options\/open-interest/);
    // the check failing does not leave the chain running
    expect(chain.net.isAlive(0)).toBe(false);
  } finally {
    if (!stopped) await chain.net.stop();
  }
});
