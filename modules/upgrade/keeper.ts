import { Plan } from "cosmjs-types/cosmos/upgrade/v1beta1/upgrade";
import { APP_VERSION } from "../../app/config";
import type { Context } from "../../app/context";
import { utf8 } from "../../app/keys";
import type { KVReader, KVStore } from "../../app/store/types";
import { ErrAlreadyApplied, ErrInvalidPlan } from "./errors";
import { upgradeApplied, upgradeCancelled, upgradeScheduled } from "./events";
import type { UpgradeHandlers } from "./expected";
import { APP_VERSION_KEY, DONE_PREFIX, LAST_APPLIED_KEY, PLAN_KEY, VERSION_PREFIX, doneKey, versionKey } from "./keys";

// cosmovisor makes a directory of the name (upgrades/<name>/bin): no separators, no "..", bounded.
const PLAN_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,139}$/;
const MAX_INFO_BYTES = 10_000;

const decimal = (value: bigint | number) => Buffer.from(value.toString(), "utf8");

export class UpgradeKeeper {
  constructor(
    private readonly handlers: UpgradeHandlers,
    /** Every module's consensus version in this binary. */
    private readonly binaryVersions: () => ReadonlyMap<string, number>,
  ) {}

  plan(state: KVReader): Plan | undefined {
    const bytes = state.get(PLAN_KEY);
    return bytes ? Plan.decode(bytes) : undefined;
  }

  appliedHeight(state: KVReader, name: string): bigint | undefined {
    const bytes = state.get(doneKey(name));
    return bytes ? BigInt(utf8(bytes)) : undefined;
  }

  appliedPlans(state: KVReader): Array<{ name: string; height: bigint }> {
    return state.iterate(DONE_PREFIX).map(([k, v]) => ({ name: utf8(k.subarray(DONE_PREFIX.length)), height: BigInt(utf8(v)) }));
  }

  moduleVersions(state: KVReader): Map<string, number> {
    return new Map(state.iterate(VERSION_PREFIX).map(([k, v]) => [utf8(k.subarray(VERSION_PREFIX.length)), Number(utf8(v))]));
  }

  appVersion(state: KVReader): bigint | undefined {
    const bytes = state.get(APP_VERSION_KEY);
    return bytes ? BigInt(utf8(bytes)) : undefined;
  }

  /** The plan's shape, as MsgSoftwareUpgrade's stateless check and genesis need it. */
  validatePlan(plan: Plan | undefined): asserts plan is Plan {
    if (!plan) throw ErrInvalidPlan.wrap("no plan");
    if (!PLAN_NAME.test(plan.name)) throw ErrInvalidPlan.wrap(`name "${plan.name.slice(0, 150)}" must be 1-140 of [A-Za-z0-9._+-], starting with a letter or digit`);
    if (plan.height <= 0n) throw ErrInvalidPlan.wrap(`height ${plan.height} must be positive`);
    // The SDK refuses time-based plans since v0.46 and IBC client states here would go nowhere.
    if (plan.time && (plan.time.seconds !== 0n || plan.time.nanos !== 0)) throw ErrInvalidPlan.wrap("time-based plans are not supported; set height");
    if (plan.upgradedClientState) throw ErrInvalidPlan.wrap("upgraded_client_state is not supported");
    if (Buffer.byteLength(plan.info, "utf8") > MAX_INFO_BYTES) throw ErrInvalidPlan.wrap(`info is over ${MAX_INFO_BYTES} bytes`);
  }

  checkSchedule(state: KVReader, height: bigint, plan: Plan): void {
    if (plan.height <= height) throw ErrInvalidPlan.wrap(`height ${plan.height} is not above the current height ${height}`);
    const applied = this.appliedHeight(state, plan.name);
    if (applied !== undefined) throw ErrAlreadyApplied.wrap(`"${plan.name}" was applied at height ${applied}`);
  }

  /** A new plan replaces the scheduled one, as in the SDK. */
  schedule(ctx: Context, plan: Plan): void {
    this.setPlan(ctx.store, Plan.fromPartial({ name: plan.name, height: plan.height, info: plan.info }));
    ctx.events.push(upgradeScheduled(plan.name, plan.height));
  }

  cancel(ctx: Context): void {
    const plan = this.plan(ctx.store);
    if (!plan) return;
    ctx.store.delete(PLAN_KEY);
    ctx.events.push(upgradeCancelled(plan.name));
  }

  /** Records the binary's module versions and APP_VERSION (InitChain and after an upgrade). */
  setVersions(store: KVStore): void {
    for (const [module, version] of this.binaryVersions()) store.set(versionKey(module), decimal(version));
    store.set(APP_VERSION_KEY, decimal(APP_VERSION));
  }

  /**
   * Why this binary may not build block `height` on the committed state: a plan due at or before it that this
   * binary has no handler for, or one whose height passed unapplied. Undefined when the block may run.
   */
  refusal(committed: KVReader, height: bigint): { plan: Plan; reason: string; needsBinary: boolean } | undefined {
    const plan = this.plan(committed);
    if (!plan || plan.height > height) return undefined;
    if (!this.handlers.has(plan.name)) return { plan, reason: `UPGRADE NEEDED: ${plan.name} at height ${plan.height}`, needsBinary: true };
    if (plan.height < height) return { plan, reason: `upgrade ${plan.name} was due at height ${plan.height} but never applied; this state cannot go on to height ${height}`, needsBinary: false };
    return undefined;
  }

  /** A binary that lacks the handler of the last applied plan predates it: running on would fork. */
  startRefusal(committed: KVReader): string | undefined {
    const last = committed.get(LAST_APPLIED_KEY);
    if (!last) return undefined;
    const name = utf8(last);
    if (this.handlers.has(name)) return undefined;
    return `this binary has no handler for upgrade ${name}, applied at height ${this.appliedHeight(committed, name)}: it predates that upgrade and would fork; run the upgraded binary`;
  }

  /** At the plan's height, first in the block: the handler's migrations, then the plan is applied and cleared. */
  beginBlock(ctx: Context): void {
    const plan = this.plan(ctx.store);
    if (!plan || plan.height !== ctx.height) return;
    const handler = this.handlers.get(plan.name);
    // The app refused this block already (refusal); reaching here without a handler is a bug.
    if (!handler) throw new Error(`UPGRADE NEEDED: ${plan.name} at height ${plan.height}`);
    handler(ctx, plan, this.moduleVersions(ctx.store));
    this.setVersions(ctx.store);
    ctx.store.set(doneKey(plan.name), decimal(ctx.height));
    ctx.store.set(LAST_APPLIED_KEY, Buffer.from(plan.name, "utf8"));
    ctx.store.delete(PLAN_KEY);
    ctx.events.push(upgradeApplied(plan.name, ctx.height));
  }

  /** Genesis import: applied plans keep their heights, so a name cannot be reused after an export. */
  importApplied(store: KVStore, name: string, height: bigint, last: boolean): void {
    store.set(doneKey(name), decimal(height));
    if (last) store.set(LAST_APPLIED_KEY, Buffer.from(name, "utf8"));
  }

  lastApplied(state: KVReader): string | undefined {
    const bytes = state.get(LAST_APPLIED_KEY);
    return bytes ? utf8(bytes) : undefined;
  }

  setPlan(store: KVStore, plan: Plan): void {
    store.set(PLAN_KEY, Plan.encode(plan).finish());
  }
}
