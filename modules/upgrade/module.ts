import { Plan } from "cosmjs-types/cosmos/upgrade/v1beta1/upgrade";
import type { AppModule } from "../../app/module";
import { ErrInvalidGenesis } from "./errors";
import type { UpgradeKeeper } from "./keeper";
import { msgCancelUpgradeHandler, msgSoftwareUpgradeHandler } from "./msgs";
import { upgradeQueries } from "./queries";

export interface UpgradeGenesis {
  plan?: { name: string; height: string; info: string };
  applied: Array<{ name: string; height: string }>;
  last_applied?: string;
}

/**
 * Its block work (applying a due plan) is not a begin-block hook: the app runs it before every module's hooks
 * and outside their error isolation, so a failed migration stops the node instead of being dropped.
 */
export function upgradeModule(keeper: UpgradeKeeper, authority: string): AppModule {
  return {
    name: "upgrade",
    consensusVersion: 1,
    msgs: [msgSoftwareUpgradeHandler(keeper, authority), msgCancelUpgradeHandler(keeper, authority)],
    queries: upgradeQueries(keeper, authority),

    initGenesis(ctx, raw) {
      const genesis = (raw ?? {}) as Partial<UpgradeGenesis>;
      keeper.setVersions(ctx.store);
      for (const { name, height } of genesis.applied ?? []) {
        if (!/^[1-9][0-9]*$/.test(height)) throw ErrInvalidGenesis.wrap(`applied plan ${name}: height "${height}"`);
        keeper.importApplied(ctx.store, name, BigInt(height), name === genesis.last_applied);
      }
      if (genesis.last_applied !== undefined && keeper.appliedHeight(ctx.store, genesis.last_applied) === undefined) {
        throw ErrInvalidGenesis.wrap(`last_applied ${genesis.last_applied} is not among the applied plans`);
      }
      if (genesis.plan) {
        const plan = Plan.fromPartial({ name: genesis.plan.name, height: BigInt(genesis.plan.height), info: genesis.plan.info });
        keeper.validatePlan(plan);
        keeper.checkSchedule(ctx.store, ctx.height, plan);
        keeper.setPlan(ctx.store, plan);
      }
    },

    exportGenesis(state): UpgradeGenesis {
      const plan = keeper.plan(state);
      return {
        ...(plan ? { plan: { name: plan.name, height: plan.height.toString(), info: plan.info } } : {}),
        applied: keeper.appliedPlans(state).map(({ name, height }) => ({ name, height: height.toString() })),
        ...(keeper.lastApplied(state) !== undefined ? { last_applied: keeper.lastApplied(state) } : {}),
      };
    },
  };
}
