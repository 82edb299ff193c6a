// The SDK v0.50 gateway routes of the staking, distribution, slashing and upgrade queries, as one table: each
// row is the google.api.http path of the upstream query.proto, the ABCI path the app's router answers, the
// cosmjs-types codecs, and which query parameters fill which request field (path parameters fill the field of
// their own name). A row whose ABCI path no module answers yet is served and answers 501, as the SDK does
// for an unimplemented method, so a module landing later needs no change here.
import * as staking from "cosmjs-types/cosmos/staking/v1beta1/query";
import * as distribution from "cosmjs-types/cosmos/distribution/v1beta1/query";
import * as slashing from "cosmjs-types/cosmos/slashing/v1beta1/query";
import * as upgrade from "cosmjs-types/cosmos/upgrade/v1beta1/query";
import type { PageRequest } from "cosmjs-types/cosmos/base/query/v1beta1/pagination";
import { BadParam, type JsonCodec } from "./json";

/** How a query parameter is read into its field. */
type ParamKind = "string" | "uint64";

/** A cosmjs-types request codec, seen only through the calls the table makes. */
interface RequestCodec {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fromPartial(object: any): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  encode(message: any): { finish(): Uint8Array };
}

export interface SdkRoute {
  /** The gateway's path template, `{field}` for a path parameter. */
  template: string;
  /** The gRPC method, which is also the ABCI query path. */
  path: string;
  request: RequestCodec;
  response: JsonCodec<unknown>;
  /** Query parameters besides `pagination.*`, snake_case as the gateway names them. */
  params: Record<string, ParamKind>;
  /** The request has a `pagination` PageRequest. */
  paged: boolean;
}

function route(
  template: string,
  path: string,
  codecs: { request: RequestCodec; response: JsonCodec<never> },
  options: { params?: Record<string, ParamKind>; paged?: boolean } = {},
): SdkRoute {
  return { template, path, request: codecs.request, response: codecs.response as JsonCodec<unknown>, params: options.params ?? {}, paged: options.paged ?? false };
}

const codecs = <M extends Record<string, unknown>>(module: M, name: string) =>
  ({ request: module[`Query${name}Request`], response: module[`Query${name}Response`] }) as { request: RequestCodec; response: JsonCodec<never> };

const S = "/cosmos/staking/v1beta1";
const SQ = "/cosmos.staking.v1beta1.Query";
const D = "/cosmos/distribution/v1beta1";
const DQ = "/cosmos.distribution.v1beta1.Query";
const L = "/cosmos/slashing/v1beta1";
const LQ = "/cosmos.slashing.v1beta1.Query";
const U = "/cosmos/upgrade/v1beta1";
const UQ = "/cosmos.upgrade.v1beta1.Query";
const paged = { paged: true };

export const SDK_ROUTES: SdkRoute[] = [
  route(`${S}/validators`, `${SQ}/Validators`, codecs(staking, "Validators"), { params: { status: "string" }, paged: true }),
  route(`${S}/validators/{validator_addr}`, `${SQ}/Validator`, codecs(staking, "Validator")),
  route(`${S}/validators/{validator_addr}/delegations`, `${SQ}/ValidatorDelegations`, codecs(staking, "ValidatorDelegations"), paged),
  route(`${S}/validators/{validator_addr}/delegations/{delegator_addr}`, `${SQ}/Delegation`, codecs(staking, "Delegation")),
  route(`${S}/validators/{validator_addr}/delegations/{delegator_addr}/unbonding_delegation`, `${SQ}/UnbondingDelegation`, codecs(staking, "UnbondingDelegation")),
  route(`${S}/validators/{validator_addr}/unbonding_delegations`, `${SQ}/ValidatorUnbondingDelegations`, codecs(staking, "ValidatorUnbondingDelegations"), paged),
  route(`${S}/delegations/{delegator_addr}`, `${SQ}/DelegatorDelegations`, codecs(staking, "DelegatorDelegations"), paged),
  route(`${S}/delegators/{delegator_addr}/unbonding_delegations`, `${SQ}/DelegatorUnbondingDelegations`, codecs(staking, "DelegatorUnbondingDelegations"), paged),
  route(`${S}/delegators/{delegator_addr}/redelegations`, `${SQ}/Redelegations`, codecs(staking, "Redelegations"), { params: { src_validator_addr: "string", dst_validator_addr: "string" }, paged: true }),
  route(`${S}/delegators/{delegator_addr}/validators`, `${SQ}/DelegatorValidators`, codecs(staking, "DelegatorValidators"), paged),
  route(`${S}/delegators/{delegator_addr}/validators/{validator_addr}`, `${SQ}/DelegatorValidator`, codecs(staking, "DelegatorValidator")),
  route(`${S}/pool`, `${SQ}/Pool`, codecs(staking, "Pool")),
  route(`${S}/params`, `${SQ}/Params`, codecs(staking, "Params")),

  route(`${D}/params`, `${DQ}/Params`, codecs(distribution, "Params")),
  route(`${D}/validators/{validator_address}/outstanding_rewards`, `${DQ}/ValidatorOutstandingRewards`, codecs(distribution, "ValidatorOutstandingRewards")),
  route(`${D}/validators/{validator_address}/commission`, `${DQ}/ValidatorCommission`, codecs(distribution, "ValidatorCommission")),
  route(`${D}/validators/{validator_address}/slashes`, `${DQ}/ValidatorSlashes`, codecs(distribution, "ValidatorSlashes"), { params: { starting_height: "uint64", ending_height: "uint64" }, paged: true }),
  route(`${D}/delegators/{delegator_address}/rewards`, `${DQ}/DelegationTotalRewards`, codecs(distribution, "DelegationTotalRewards")),
  route(`${D}/delegators/{delegator_address}/rewards/{validator_address}`, `${DQ}/DelegationRewards`, codecs(distribution, "DelegationRewards")),
  route(`${D}/delegators/{delegator_address}/validators`, `${DQ}/DelegatorValidators`, codecs(distribution, "DelegatorValidators")),
  route(`${D}/delegators/{delegator_address}/withdraw_address`, `${DQ}/DelegatorWithdrawAddress`, codecs(distribution, "DelegatorWithdrawAddress")),
  route(`${D}/community_pool`, `${DQ}/CommunityPool`, codecs(distribution, "CommunityPool")),

  route(`${L}/params`, `${LQ}/Params`, codecs(slashing, "Params")),
  route(`${L}/signing_infos`, `${LQ}/SigningInfos`, codecs(slashing, "SigningInfos"), paged),
  route(`${L}/signing_infos/{cons_address}`, `${LQ}/SigningInfo`, codecs(slashing, "SigningInfo")),

  route(`${U}/current_plan`, `${UQ}/CurrentPlan`, codecs(upgrade, "CurrentPlan")),
  route(`${U}/applied_plan/{name}`, `${UQ}/AppliedPlan`, codecs(upgrade, "AppliedPlan")),
  route(`${U}/module_versions`, `${UQ}/ModuleVersions`, codecs(upgrade, "ModuleVersions"), { params: { module_name: "string" } }),
  route(`${U}/authority`, `${UQ}/Authority`, codecs(upgrade, "Authority")),
];

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** fastify's spelling of a gateway template: `{name}` as `:name`. */
export const fastifyUrl = (template: string) => template.replace(/\{([a-z_]+)\}/g, ":$1");

const UINT64 = /^(0|[1-9][0-9]{0,19})$/;

/** The request message of a route from its path parameters, its single-valued query parameters and its page. */
export function sdkRequest(route: SdkRoute, pathParams: Record<string, string>, query: Record<string, string | undefined>, page: () => PageRequest): unknown {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(pathParams)) fields[camel(name)] = value;
  for (const [name, kind] of Object.entries(route.params)) {
    const value = query[name];
    if (value === undefined) continue;
    if (kind === "uint64" && !(UINT64.test(value) && BigInt(value) < 2n ** 64n)) throw new BadParam(`${name}: ${value} is not a uint64`);
    fields[camel(name)] = kind === "uint64" ? BigInt(value) : value;
  }
  if (route.paged) fields.pagination = page();
  return route.request.fromPartial(fields);
}
