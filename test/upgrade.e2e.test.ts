// Issue 12, done-when step 7 on a real single-validator chain: a software-upgrade proposal passes, the node
// stops at the plan's height writing upgrade-info.json where cosmovisor looks, and the same home started with
// a binary that has the plan's handler (test/fixtures/optd-upgraded.ts) migrates and goes on past the height.
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { GasPrice, SigningStargateClient } from "@cosmjs/stargate";
import { QueryAppliedPlanRequest, QueryAppliedPlanResponse } from "cosmjs-types/cosmos/upgrade/v1beta1/query";
import { MsgSoftwareUpgrade } from "cosmjs-types/cosmos/upgrade/v1beta1/tx";
import { devAccountWallet, devWallet, optchainRegistry } from "../client";
import { GOV_AUTHORITY, VoteOption, submitProposalMsg, voteMsg } from "../client/governance";
import { LOCALNET_GOV_PARAMS } from "../localnet/governance";
import { rpcGet, sleep } from "../localnet/network";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { upgradeInfoPath } from "../modules/upgrade/info";
import { startTestnet } from "./helpers/chain";

jest.setTimeout(180_000);

const FEE = { amount: [{ denom: "uopt", amount: "10000" }], gas: "400000" };

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await sleep(250);
  }
}

test("a passed upgrade stops the chain at its height and the upgraded binary continues it", async () => {
  const chain = await startTestnet(1, { voteExtensionsEnableHeight: 0, appState: { gov: { params: { ...LOCALNET_GOV_PARAMS, voting_period_seconds: 2, timelock_seconds: 1 } } } });
  const { net } = chain;
  const home = net.nodes[0].home;
  let upgraded: ChildProcess | undefined;
  let failure: unknown;
  try {
    const addresses = (await (await devWallet(2)).getAccounts()).map((a) => a.address);
    const client = async (index: number) =>
      SigningStargateClient.connectWithSigner(net.rpc(0), await devAccountWallet(index), { registry: optchainRegistry(), gasPrice: GasPrice.fromString("0.025uopt"), broadcastPollIntervalMs: 200 });
    const [proposer, voter] = [await client(1), await client(0)];
    const upgradeHeight = (await net.height(0)) + 40;
    const plan = { name: "v2", height: BigInt(upgradeHeight), info: "" };
    const submitted = await proposer.signAndBroadcast(
      addresses[1],
      [submitProposalMsg(addresses[1], [{ typeUrl: "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade", value: MsgSoftwareUpgrade.fromPartial({ authority: GOV_AUTHORITY, plan }) }], [{ denom: "uopt", amount: "1000000" }], "v2")],
      FEE,
    );
    expect(submitted.code).toBe(0);
    // The chain's first proposal.
    expect((await voter.signAndBroadcast(addresses[0], [voteMsg(addresses[0], 1, VoteOption.VOTE_OPTION_YES)], FEE)).code).toBe(0);
    proposer.disconnect();
    voter.disconnect();

    // The app stops itself at the height: no block upgradeHeight is ever committed by this binary.
    const app = net.nodes[0].app!;
    if (app.exitCode === null && app.signalCode === null) await Promise.race([once(app, "exit"), sleep(120_000).then(() => Promise.reject(new Error("the app never stopped for the upgrade")))]);
    const appLog = readFileSync(path.join(home, "app.log"), "utf8");
    expect(appLog).toContain(`UPGRADE NEEDED: v2 at height ${upgradeHeight}`);
    expect(JSON.parse(readFileSync(upgradeInfoPath(home), "utf8"))).toEqual({ name: "v2", time: "0001-01-01T00:00:00Z", height: upgradeHeight, info: "" });
    await net.killComet(0, "SIGTERM");

    // The upgraded binary on the same home: CometBFT reconnects and the chain goes on.
    const log = openSync(path.join(home, "app-upgraded.log"), "a");
    upgraded = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "test", "fixtures", "optd-upgraded.ts"), "--home", home, "--upgrade", "v2"], { stdio: ["ignore", log, log], cwd: PROJECT_ROOT });
    closeSync(log);
    await waitFor("the upgraded app to listen", async () => readFileSync(path.join(home, "app-upgraded.log"), "utf8"), (text) => text.includes("ABCI listening"), 60_000);
    net.startComet(0);
    await net.waitForHeight(upgradeHeight + 2, [0], 90_000);
    const upgradedLog = readFileSync(path.join(home, "app-upgraded.log"), "utf8");
    expect(upgradedLog.match(/migrating for v2 at height (\d+)/)?.[1]).toBe(String(upgradeHeight));
    expect(upgradedLog.match(/migrating for v2/g)).toHaveLength(1);
    const data = Buffer.from(QueryAppliedPlanRequest.encode({ name: "v2" }).finish()).toString("hex");
    const answer = await rpcGet(net.rpc(0), `abci_query?path="/cosmos.upgrade.v1beta1.Query/AppliedPlan"&data=0x${data}`);
    expect(QueryAppliedPlanResponse.decode(Buffer.from(answer.response.value, "base64")).height).toBe(BigInt(upgradeHeight));
    expect(existsSync(upgradeInfoPath(home))).toBe(true);
  } catch (err) {
    failure = err;
  } finally {
    // CometBFT first (the upgraded app is no process the localnet knows): it must not see its app vanish.
    await chain.stop().catch((err) => (failure ??= err));
    if (upgraded && upgraded.exitCode === null) {
      upgraded.kill("SIGTERM");
      await once(upgraded, "exit");
    }
  }
  if (failure !== undefined) throw failure;
});
