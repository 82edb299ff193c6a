// A feeder whose reveal the chain refuses sends its prevote alone: its log must then not say that it revealed.
// With a vote period of one block every reveal is refused: the tx lands at least two blocks after the prevote it
// reveals, when the chain no longer holds that prevote. So the refusal is certain rather than timing's luck.
import { accAddressBytes, toValoper } from "../app/address";
import { devWallet } from "../client";
import { Feeder } from "../client/feeder/feeder";
import { LOCALNET_ORACLE_PARAMS } from "../localnet/feeders";
import { startTestnet } from "./helpers/chain";
import { TestPrices, until } from "./helpers/live";
import { nativeDevSigner } from "./helpers/native-signer";

jest.setTimeout(240_000);

describe("a feeder's refused reveal", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let feeder: Feeder | undefined;
  let feeding: Promise<void> | undefined;
  const lines: string[] = [];

  beforeAll(async () => {
    const addresses = (await (await devWallet(10)).getAccounts()).map((a) => a.address);
    const valoper = toValoper(accAddressBytes(addresses[0]));
    chain = await startTestnet(1, {
      voteExtensionsEnableHeight: 0,
      // blocks ~1 s apart, so the feeder sees the block after its prevote's and reveals then, always too late
      timeoutCommitMs: 1000,
      appState: { oracle: { params: { ...LOCALNET_ORACLE_PARAMS, vote_period: 1, slash_window: 10_000 }, feeder_delegations: [{ validator: valoper, feeder: addresses[9] }] } },
    });
    feeder = await Feeder.connect({
      rpc: chain.net.rpc(0),
      validator: valoper,
      signer: await nativeDevSigner(9),
      sources: [new TestPrices()],
      log: { info: (line) => lines.push(`info ${line}`), error: (line) => lines.push(`error ${line}`) },
    });
    feeding = feeder.run();
  });

  afterAll(async () => {
    feeder?.stop();
    await feeding;
    feeder?.disconnect();
    await chain?.stop();
  });

  test("logs the prevote it sent alone without claiming the refused reveal", async () => {
    const refused = await until("a refused reveal and the prevote sent after it", async () => {
      const at = lines.findIndex((line) => /^error period \d+: reveal refused \(.*\); sending the prevote alone$/.test(line));
      const after = lines.slice(at + 1).find((line) => /^info period \d+: .*committed to /.test(line));
      return at >= 0 && after !== undefined ? { at, after } : undefined;
    });
    expect(lines[refused.at]).toMatch(/no prevote to reveal/);
    expect(refused.after).not.toMatch(/revealed/);
    expect(refused.after).toMatch(/^info period \d+: committed to \S+ at height \d+$/);
  });
});
