// Guardians, the price breaker, governance and the halt height on a real single-validator chain, through
// CosmJS as a wallet uses them. Localnet genesis: guardians are dev accounts 7, 8, 9 (2 of 3), governance
// votes for 10 s with a 10 s timelock, the oracle tallies every 3 blocks and validator 0 votes through its
// delegated feeder key, here fed from a price file the test rewrites.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet, type EncodeObject } from "@cosmjs/proto-signing";
import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { accAddressBytes, toValoper } from "../app/address";
import { consoleLogger } from "../app/logger";
import { BECH32_PREFIX, DEV_MNEMONIC, devAccountWallet, devWallet, optchainRegistry } from "../client";
import { Feeder } from "../client/feeder/feeder";
import { FileSource } from "../client/feeder/sources";
import { GovernanceQueries, VoteOption, guardianApproveMsg, guardianProposeMsg, submitProposalMsg, updateParamsMsg, voteMsg } from "../client/governance";
import { feederHdPath, fundFeeders } from "../localnet/feeders";
import { rpcGet, sleep } from "../localnet/network";
import { optchain } from "../proto/gen/optchain";
import { startTestnet } from "./helpers/chain";

jest.setTimeout(300_000);

const FEE = { amount: [{ denom: "uopt", amount: "10000" }], gas: "400000" };

describe("circuit breakers and governance on a running chain", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let queries: GovernanceQueries;
  let addresses: string[];
  const clients = new Map<number, SigningStargateClient>();
  let feeder: Feeder | undefined;
  let feeding: Promise<void> | undefined;
  const priceDir = mkdtempSync(path.join(os.tmpdir(), "optchain-prices-"));
  const priceFile = path.join(priceDir, "prices.json");

  async function client(index: number): Promise<SigningStargateClient> {
    let signer = clients.get(index);
    if (!signer) {
      signer = await SigningStargateClient.connectWithSigner(chain.net.rpc(0), await devAccountWallet(index), {
        registry: optchainRegistry(),
        gasPrice: GasPrice.fromString("0.025uopt"),
        broadcastPollIntervalMs: 200,
      });
      clients.set(index, signer);
    }
    return signer;
  }

  async function send(index: number, msgs: EncodeObject[]) {
    return (await client(index)).signAndBroadcast(addresses[index], msgs, FEE);
  }

  async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
      await sleep(250);
    }
  }

  async function stopFeeder(): Promise<void> {
    feeder?.stop();
    await feeding;
    feeder?.disconnect();
    feeder = undefined;
  }

  beforeAll(async () => {
    chain = await startTestnet(1, { timeoutCommitMs: 250, voteExtensionsEnableHeight: 0 }); // its feeder votes by commit-reveal
    queries = await GovernanceQueries.connect(chain.net.rpc(0));
    addresses = (await (await devWallet(10)).getAccounts()).map((a) => a.address);
  });

  afterAll(async () => {
    await stopFeeder();
    for (const signer of clients.values()) signer.disconnect();
    queries?.disconnect();
    await chain?.stop();
    rmSync(priceDir, { recursive: true, force: true });
  });

  test("guardians freeze the market with two of three approvals, and unfreeze it", async () => {
    const proposed = await send(7, [guardianProposeMsg(addresses[7], { freezeMarket: { underlying: "" } }, "exchange outage")]);
    expect(proposed.code).toBe(0);
    expect((await queries.market("BTC"))?.frozen).toBe(false);
    const approved = await send(8, [guardianApproveMsg(addresses[8], 1)]);
    expect(approved.code).toBe(0);
    expect(approved.events.map((e) => e.type)).toEqual(expect.arrayContaining(["market_frozen", "guardian_proposal_executed"]));
    expect(await queries.market("ETH")).toMatchObject({ frozen: true, freezes: [{ underlying: "", kind: "guardian", detail: "guardian proposal 1: exchange outage" }] });

    await expect(send(1, [guardianProposeMsg(addresses[1], { unfreezeMarket: { underlying: "" } }, "let me trade")])).rejects.toThrow(/signer is not a guardian/);

    await send(9, [guardianProposeMsg(addresses[9], { unfreezeMarket: { underlying: "" } }, "resolved")]);
    await send(7, [guardianApproveMsg(addresses[7], 2)]);
    // users could close through the freeze: no grace period after it (issue 10)
    expect(await queries.market("ETH")).toMatchObject({ frozen: false, inGracePeriod: false });
    expect((await queries.guardianProposals()).map((p) => p.status)).toEqual(["executed", "executed"]);
  });

  test("a governance proposal changes a param only after voting and the timelock", async () => {
    const submitted = await send(1, [submitProposalMsg(addresses[1], [updateParamsMsg("oracle", { max_price_age_seconds: 90 })], [{ denom: "uopt", amount: "1000000" }], "longer price age")]);
    expect(submitted.code).toBe(0);
    const id = Number((await queries.proposals("voting"))[0].id);
    expect((await send(0, [voteMsg(addresses[0], id, VoteOption.VOTE_OPTION_YES)])).code).toBe(0);
    const maxAge = async () =>
      optchain.oracle.v1.QueryParamsResponse.decode((await queries.queryClient.queryAbci("/optchain.oracle.v1.Query/Params", new Uint8Array())).value).params?.maxPriceAgeSeconds;
    const before = await maxAge();
    expect(before).not.toBe(90);

    const passed = await waitFor("the vote to end", () => queries.proposal(id), (p) => p?.status !== "voting");
    expect(passed).toMatchObject({ status: "passed", tally: { yes: "100000000", totalPower: "100000000" } });
    expect(await maxAge()).toBe(before);
    expect(BigInt(passed!.timelockEndTimeNs!) - BigInt(passed!.votingEndTimeNs!)).toBeGreaterThanOrEqual(10_000_000_000n);

    const executed = await waitFor("the timelock to end", () => queries.proposal(id), (p) => p?.status !== "passed");
    expect(executed?.status).toBe("executed");
    expect(await maxAge()).toBe(90);
  });

  test("a price jump trips the breaker automatically and it resets after the cooldown", async () => {
    writeFileSync(priceFile, JSON.stringify({ BTC: "60000000000" }));
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(DEV_MNEMONIC, { prefix: BECH32_PREFIX, hdPaths: [stringToPath(feederHdPath(0))] });
    await fundFeeders([chain.net.rpc(0)], [(await wallet.getAccounts())[0].address]);
    feeder = await Feeder.connect({
      rpc: chain.net.rpc(0),
      validator: toValoper(accAddressBytes(addresses[0])),
      signer: wallet,
      sources: [new FileSource("file", priceFile)],
      assets: ["BTC"],
      log: consoleLogger("feeder", true),
    });
    feeding = feeder.run();
    await waitFor("a confirmed BTC price", () => queries.priceBreakers(), (assets) => assets.some((a) => a.asset === "BTC" && a.confirmedPrice === "60000000000"));
    expect((await queries.market("BTC"))?.frozen).toBe(false);

    writeFileSync(priceFile, JSON.stringify({ BTC: "78000000000" }));
    const frozen = await waitFor("the breaker to trip", () => queries.market("BTC"), (m) => !!m?.frozen);
    const freeze = frozen!.freezes![0];
    expect(freeze).toMatchObject({ underlying: "BTC", kind: "price_jump", detail: expect.stringMatching(/tally 78000000000 at height \d+ moved more than 0.1 from 60000000000/) });
    expect(Number(freeze.untilHeight) - Number(freeze.sinceHeight)).toBe((await queries.circuitParams())!.cooldownBlocks);
    expect((await queries.market("ETH"))?.frozen).toBe(false);

    const confirmed = await waitFor("the jump to hold", () => queries.priceBreakers(), (assets) => assets.some((a) => a.asset === "BTC" && a.confirmedPrice === "78000000000"));
    expect(confirmed.find((a) => a.asset === "BTC")?.pendingPrice).toBe("");
    const reset = await waitFor("the cooldown to pass", () => queries.market("BTC"), (m) => !m?.frozen);
    expect(reset).toMatchObject({ frozen: false, inGracePeriod: false });
    expect(await chain.net.height(0)).toBeGreaterThanOrEqual(Number(freeze.untilHeight));
  });

  test("a halt stops the chain at exactly its height; a restart past it resumes with the same app hash", async () => {
    await stopFeeder();
    const haltHeight = (await chain.net.height(0)) + 12;
    expect((await send(8, [guardianProposeMsg(addresses[8], { haltChain: { height: haltHeight } }, "v2 upgrade")])).code).toBe(0);
    const proposalId = (await queries.guardianProposals()).length;
    expect((await send(9, [guardianApproveMsg(addresses[9], proposalId)])).code).toBe(0);
    expect((await queries.halt()).halt).toMatchObject({ height: haltHeight, reason: "v2 upgrade" });

    await chain.net.waitForHeight(haltHeight, [0], 60_000);
    await sleep(6_000);
    // CometBFT decided nothing past the halt, and the app committed the halt height itself.
    expect(await chain.net.height(0)).toBe(haltHeight);
    const info = (await rpcGet(chain.net.rpc(0), "abci_info")).response;
    expect(Number(info.last_block_height)).toBe(haltHeight);
    const haltAppHash = Buffer.from(info.last_block_app_hash, "base64").toString("hex").toUpperCase();

    await chain.net.stopNode(0);
    await chain.net.startNode(0, { OPTCHAIN_RESUME_HALT: String(haltHeight) });
    await chain.net.waitForHeight(haltHeight + 3, [0], 60_000);
    expect(await chain.net.appHashAfter(0, haltHeight)).toBe(haltAppHash);
    queries.disconnect();
    queries = await GovernanceQueries.connect(chain.net.rpc(0));
    expect(await queries.halt()).toMatchObject({ halt: null, lastHalt: { height: haltHeight }, lastResumedAtHeight: haltHeight + 1 });
    const sent = await send(1, [{ typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: addresses[1], toAddress: addresses[2], amount: [{ denom: "uusdc", amount: "1" }] } }]);
    expect(sent.code).toBe(0);
  });
});
