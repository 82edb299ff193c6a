import { key } from "../../app/keys";

// upgrade/plan → cosmos.upgrade.v1beta1.Plan (protobuf): the one scheduled upgrade, if any
export const PLAN_KEY = key("upgrade/plan");
// upgrade/done/<name> → decimal height the named plan was applied at
export const DONE_PREFIX = key("upgrade/done/");
export const doneKey = (name: string) => key(DONE_PREFIX, name);
// upgrade/last_applied → name of the plan applied last: a binary without its handler would fork
export const LAST_APPLIED_KEY = key("upgrade/last_applied");
// upgrade/version/<module name> → decimal consensus version of that module's state
export const VERSION_PREFIX = key("upgrade/version/");
export const versionKey = (module: string) => key(VERSION_PREFIX, module);
// upgrade/app_version → decimal APP_VERSION of the binary that last set the module versions
export const APP_VERSION_KEY = key("upgrade/app_version");
