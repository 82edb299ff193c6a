import {
  QueryAppliedPlanRequest,
  QueryAppliedPlanResponse,
  QueryAuthorityResponse,
  QueryCurrentPlanResponse,
  QueryModuleVersionsRequest,
  QueryModuleVersionsResponse,
} from "cosmjs-types/cosmos/upgrade/v1beta1/query";
import type { QueryHandler } from "../../app/module";
import type { UpgradeKeeper } from "./keeper";

export function upgradeQueries(keeper: UpgradeKeeper, authority: string): Record<string, QueryHandler> {
  return {
    "/cosmos.upgrade.v1beta1.Query/CurrentPlan": (state) => QueryCurrentPlanResponse.encode({ plan: keeper.plan(state) }).finish(),
    "/cosmos.upgrade.v1beta1.Query/AppliedPlan": (state, data) => {
      const { name } = QueryAppliedPlanRequest.decode(data);
      return QueryAppliedPlanResponse.encode({ height: keeper.appliedHeight(state, name) ?? 0n }).finish();
    },
    "/cosmos.upgrade.v1beta1.Query/ModuleVersions": (state, data) => {
      const { moduleName } = QueryModuleVersionsRequest.decode(data);
      const versions = [...keeper.moduleVersions(state)]
        .filter(([name]) => moduleName === "" || name === moduleName)
        .map(([name, version]) => ({ name, version: BigInt(version) }));
      return QueryModuleVersionsResponse.encode({ moduleVersions: versions }).finish();
    },
    "/cosmos.upgrade.v1beta1.Query/Authority": () => QueryAuthorityResponse.encode({ address: authority }).finish(),
  };
}
