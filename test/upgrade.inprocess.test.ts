// x/upgrade inside the whole app: plans scheduled only by a passed proposal, the block at the plan's height
// refused by a binary without the plan's handler (as the guardians' halt is), and run with the handler by one
// that has it; restarts on the same state as cosmovisor does them.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { EncodeObject } from "@cosmjs/proto-signing";
import fc from "fast-check";
import { MsgCancelUpgrade, MsgSoftwareUpgrade } from "cosmjs-types/cosmos/upgrade/v1beta1/tx";
import { QueryAppliedPlanRequest, QueryAppliedPlanResponse, QueryCurrentPlanResponse, QueryModuleVersionsRequest, QueryModuleVersionsResponse } from "cosmjs-types/cosmos/upgrade/v1beta1/query";
import { Plan } from "cosmjs-types/cosmos/upgrade/v1beta1/upgrade";
import { ResponseProcessProposal_ProposalStatus } from "cosmjs-types/tendermint/abci/types";
import { OptchainApp } from "../app/app";
import { APP_VERSION } from "../app/config";
import { GOV_AUTHORITY, VoteOption, submitProposalMsg, voteMsg } from "../client/governance";
import type { UpgradeHandler } from "../modules/upgrade/expected";
import { upgradeInfoPath, writeUpgradeInfo } from "../modules/upgrade/info";
import { ALICE, Chain, V0, codeOf } from "./helpers/governance-chain";
import { quietLogger } from "./helpers/inprocess";

jest.setTimeout(120_000);

const softwareUpgrade = (authority: string, name: string, height: number, info = ""): EncodeObject => ({
  typeUrl: "/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade",
  value: MsgSoftwareUpgrade.fromPartial({ authority, plan: { name, height: BigInt(height), info } }),
});
const cancelUpgrade = (authority: string): EncodeObject => ({ typeUrl: "/cosmos.upgrade.v1beta1.MsgCancelUpgrade", value: MsgCancelUpgrade.fromPartial({ authority }) });

const proposalOf = (proposer: string, msgs: EncodeObject[]) => submitProposalMsg(proposer, msgs, [{ denom: "uopt", amount: "1000" }], "upgrade");

describe("software upgrades", () => {
  let chain: Chain;
  let proposals = 0;
  const homes: string[] = [];
  beforeEach(async () => {
    chain = await Chain.start();
    proposals = 0;
    await chain.block();
  });
  afterEach(() => {
    chain.close();
    for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
  });

  /** Submits, votes yes and runs blocks until the proposal executed (voting 5 s, timelock 5 s, a block a second). */
  async function govExecutes(msgs: EncodeObject[]) {
    const submitted = await chain.block([await chain.tx(ALICE, [proposalOf(chain.addresses[ALICE], msgs)])]);
    expect(submitted.txResults.map(codeOf)).toEqual(["/0"]);
    const id = (proposals += 1);
    await chain.block([await chain.tx(V0, [voteMsg(chain.addresses[V0], id, VoteOption.VOTE_OPTION_YES)])]);
    while (!["executed", "failed"].includes(chain.proposal(id).status ?? "")) await chain.block();
    return chain.proposal(id);
  }

  const currentPlan = () => chain.query("/cosmos.upgrade.v1beta1.Query/CurrentPlan", (b) => QueryCurrentPlanResponse.decode(b).plan);
  const appliedHeight = (name: string) =>
    chain.query("/cosmos.upgrade.v1beta1.Query/AppliedPlan", (b) => QueryAppliedPlanResponse.decode(b).height, QueryAppliedPlanRequest.encode({ name }).finish());
  const moduleVersions = () =>
    chain.query("/cosmos.upgrade.v1beta1.Query/ModuleVersions", (b) => QueryModuleVersionsResponse.decode(b).moduleVersions, QueryModuleVersionsRequest.encode({ moduleName: "" }).finish());

  function reopen(handlers: Map<string, UpgradeHandler> = new Map(), onUpgradeNeeded?: (plan: Plan) => void): void {
    chain.app.close();
    chain.app = new OptchainApp({ dataDir: chain.dir, logger: quietLogger, upgradeHandlers: handlers, onUpgradeNeeded });
  }

  const proposalFor = (height: number) => ({
    height: BigInt(height),
    txs: [],
    proposedLastCommit: { round: 0, votes: [] },
    misbehavior: [],
    hash: new Uint8Array(32),
    time: { seconds: 0n, nanos: 0 },
    nextValidatorsHash: new Uint8Array(32),
    proposerAddress: new Uint8Array(20),
  });

  test("nobody but the gov authority schedules or cancels; the genesis versions are recorded", async () => {
    const alice = chain.addresses[ALICE];
    const direct = await chain.block([await chain.tx(ALICE, [softwareUpgrade(alice, "v2", 100)]), await chain.tx(ALICE, [cancelUpgrade(alice)])]);
    expect(direct.txResults.map(codeOf)).toEqual(["upgrade/3", "upgrade/3"]);
    expect(direct.txResults[0].log).toMatch(/is not opt1/);
    expect(currentPlan()).toBeUndefined();
    const versions = moduleVersions();
    expect(versions.map((v) => v.name)).toEqual([...chain.app.modules.map((m) => m.name)].sort());
    expect(versions.map((v) => [v.name, v.version])).toEqual(versions.map((v) => [v.name, BigInt(chain.app.modules.find((m) => m.name === v.name)?.consensusVersion ?? 1)]));
    expect(chain.app.upgrade.appVersion(chain.app.store)).toBe(APP_VERSION);
  });

  test("a passed plan stops an old binary at its height; the binary with the handler migrates once and continues", async () => {
    const upgradeHeight = chain.height + 16;
    const executed = await govExecutes([softwareUpgrade(GOV_AUTHORITY, "v2", upgradeHeight, '{"binaries":{}}')]);
    expect(executed).toMatchObject({ status: "executed" });
    expect(currentPlan()).toMatchObject({ name: "v2", height: BigInt(upgradeHeight), info: '{"binaries":{}}' });
    while (chain.height < upgradeHeight - 1) await chain.block();
    const lastHash = Buffer.from(chain.app.info().lastBlockAppHash).toString("hex");

    // The old binary: every validator rejects the proposal and refuses to finalize it, and tells its node once.
    const home = mkdtempSync(path.join(os.tmpdir(), "optchain-upgrade-home-"));
    homes.push(home);
    const needed: Plan[] = [];
    reopen(new Map(), (plan) => (needed.push(plan), writeUpgradeInfo(home, plan)));
    expect(chain.app.processProposal(proposalFor(upgradeHeight)).status).toBe(ResponseProcessProposal_ProposalStatus.REJECT);
    await expect(chain.block()).rejects.toThrow(`UPGRADE NEEDED: v2 at height ${upgradeHeight}`);
    chain.height -= 1;
    expect(needed.map((p) => p.name)).toEqual(["v2"]);
    expect(JSON.parse(readFileSync(upgradeInfoPath(home), "utf8"))).toEqual({ name: "v2", time: "0001-01-01T00:00:00Z", height: upgradeHeight, info: '{"binaries":{}}' });
    expect(Buffer.from(chain.app.info().lastBlockAppHash).toString("hex")).toBe(lastHash);

    // The new binary, on the same state.
    let migrations = 0;
    let seenFrom: ReadonlyMap<string, number> | undefined;
    reopen(new Map([["v2", (_ctx, plan, from) => ((migrations += 1), (seenFrom = from), expect(plan.name).toBe("v2"))]]));
    expect(chain.app.processProposal(proposalFor(upgradeHeight)).status).toBe(ResponseProcessProposal_ProposalStatus.ACCEPT);
    const applied = await chain.block();
    expect(applied.events.map((e) => e.type)).toContain("upgrade_applied");
    expect(migrations).toBe(1);
    expect(seenFrom?.get("options")).toBe(1);
    expect(appliedHeight("v2")).toBe(BigInt(upgradeHeight));
    expect(currentPlan()).toBeUndefined();
    await chain.block();
    await chain.block();
    expect(migrations).toBe(1);

    // A binary from before v2 would fork from here: it refuses to start.
    chain.app.close();
    expect(() => new OptchainApp({ dataDir: chain.dir, logger: quietLogger })).toThrow(/no handler for upgrade v2, applied at height \d+: it predates that upgrade/);
    chain.app = new OptchainApp({ dataDir: chain.dir, logger: quietLogger, upgradeHandlers: new Map([["v2", () => undefined]]) });
    // The name is used up: gov's check at submission already refuses it.
    const again = await chain.block([await chain.tx(ALICE, [proposalOf(chain.addresses[ALICE], [softwareUpgrade(GOV_AUTHORITY, "v2", chain.height + 30)])])]);
    expect(again.txResults.map(codeOf)).toEqual(["upgrade/4"]);
    expect(again.txResults[0].log).toMatch(/"v2" was applied at height \d+/);
  });

  test("a cancelled plan does not stop the chain", async () => {
    const upgradeHeight = chain.height + 30;
    await govExecutes([softwareUpgrade(GOV_AUTHORITY, "v2", upgradeHeight)]);
    expect(currentPlan()?.name).toBe("v2");
    const cancelled = await govExecutes([cancelUpgrade(GOV_AUTHORITY)]);
    expect(cancelled).toMatchObject({ status: "executed" });
    expect(currentPlan()).toBeUndefined();
    while (chain.height < upgradeHeight + 1) await chain.block();
  });

  test("attacks: an empty or path-like name, a height already past; a second plan replaces the first", async () => {
    // Each from its own account: a refused tx does not use up its signer's sequence.
    for (const [account, name] of [[3, ""], [4, "../../bin"], [5, "v2/evil"]] as const) {
      const refused = await chain.block([await chain.tx(account, [proposalOf(chain.addresses[account], [softwareUpgrade(GOV_AUTHORITY, name, 1000)])])]);
      expect(refused.txResults.map(codeOf)).toEqual(["upgrade/2"]);
    }
    // The height is judged when the proposal executes, so a plan that the vote outlasted fails there.
    const late = await govExecutes([softwareUpgrade(GOV_AUTHORITY, "v2", chain.height + 5)]);
    expect(late).toMatchObject({ status: "failed" });
    expect(late.failedReason).toMatch(/is not above the current height/);
    expect(currentPlan()).toBeUndefined();

    await govExecutes([softwareUpgrade(GOV_AUTHORITY, "v2", chain.height + 40)]);
    const second = chain.height + 40;
    await govExecutes([softwareUpgrade(GOV_AUTHORITY, "v3", second)]);
    expect(currentPlan()).toMatchObject({ name: "v3", height: BigInt(second) });
  });

  test("every name the plan check accepts stays one directory under cosmovisor's upgrades/", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 160 }), (name) => {
        let accepted = true;
        try {
          chain.app.upgrade.validatePlan(Plan.fromPartial({ name, height: 10n }));
        } catch {
          accepted = false;
        }
        if (accepted) expect(path.dirname(path.join("upgrades", name))).toBe("upgrades");
        if (accepted) expect(path.basename(name)).toBe(name);
      }),
    );
  });
});
