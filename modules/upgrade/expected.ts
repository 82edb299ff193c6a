import type { Plan } from "cosmjs-types/cosmos/upgrade/v1beta1/upgrade";
import type { Context } from "../../app/context";

/**
 * A binary's migrations for one named plan, run at the plan's height before any other module's block work.
 * `fromVersions` are the module consensus versions the state was written by; a throw stops the node before
 * the block commits, as the SDK's panic does (every node with this handler throws alike).
 */
export type UpgradeHandler = (ctx: Context, plan: Plan, fromVersions: ReadonlyMap<string, number>) => void;

/** Plan name → its handler: what this binary was released to upgrade to. */
export type UpgradeHandlers = ReadonlyMap<string, UpgradeHandler>;
