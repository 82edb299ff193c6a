import * as sdk from "cosmjs-types/cosmos/slashing/v1beta1/query";
import type { Params as SdkParams, ValidatorSigningInfo } from "cosmjs-types/cosmos/slashing/v1beta1/slashing";
import { consensusAddress, sameAddress, toValcons, valconsBytes, valoperBytes } from "../../app/address";
import { ErrKeyNotFound } from "../../app/errors";
import type { QueryHandler } from "../../app/module";
import { cosmosPageResponse, pageResponse, paginate, paginateList } from "../../app/pagination";
import type { KVReader } from "../../app/store/types";
import { decFromString } from "../../lib/fixed";
import { optchain } from "../../proto/gen/optchain";
import { timestampFromNs } from "../staking/keeper";
import { ErrNoValidator } from "./errors";
import type { SlashableValidators } from "./expected";
import { type SlashingKeeper, type StoredPendingJail, type StoredSlash, freshSigningInfo } from "./keeper";
import { JAIL_QUEUE_PREFIX, SLASH_PREFIX } from "./keys";
import type { SlashingParams } from "./params";

const pb = optchain.slashing.v1;
const MAX_HISTORY = 100;

export function paramsToProto(params: SlashingParams) {
  return pb.Params.create({
    signedBlocksWindow: params.signed_blocks_window,
    minSignedPerWindow: params.min_signed_per_window,
    downtimeJailDurationSeconds: params.downtime_jail_duration_seconds,
    slashFractionDowntime: params.slash_fraction_downtime,
    slashFractionDoubleSign: params.slash_fraction_double_sign,
    maxJailedPowerPerBlock: params.max_jailed_power_per_block,
  });
}

/** A LegacyDec in a `bytes` field, as gogoproto's customtype marshals it: the text of its 18-decimal atomics (as staking's rates). */
const legacyDecBytes = (text: string) => Buffer.from(decFromString(text).toString(), "utf8");

/** The SDK's Params: its fields without optchain's jail cap, which the SDK does not have. */
export function paramsToSdk(params: SlashingParams): SdkParams {
  return {
    signedBlocksWindow: BigInt(params.signed_blocks_window),
    minSignedPerWindow: legacyDecBytes(params.min_signed_per_window),
    downtimeJailDuration: { seconds: BigInt(params.downtime_jail_duration_seconds), nanos: 0 },
    slashFractionDoubleSign: legacyDecBytes(params.slash_fraction_double_sign),
    slashFractionDowntime: legacyDecBytes(params.slash_fraction_downtime),
  };
}

const slashToProto = (record: StoredSlash) =>
  pb.SlashRecord.create({
    id: record.id,
    validator: record.validator,
    reason: record.reason,
    height: record.height,
    timeUnixNanos: record.time_ns,
    fraction: record.fraction,
    burned: record.burned,
    jailSeconds: record.jail_seconds,
    tombstoned: record.tombstoned,
  });

export function slashingQueries(keeper: SlashingKeeper, staking: SlashableValidators): Record<string, QueryHandler> {
  const consensusAddressOf = (record: { consensus_pubkey: string }) => consensusAddress(Buffer.from(record.consensus_pubkey, "base64"));
  /** Every validator has signing info to show, even before its first signed block. */
  const infoOf = (state: KVReader, operator: Uint8Array) => {
    const record = staking.validator(state, operator);
    if (!record) throw ErrNoValidator.wrap(`validator with operator bytes ${Buffer.from(operator).toString("hex")}`);
    const info = keeper.signingInfo(state, operator) ?? freshSigningInfo(0n);
    return pb.ValidatorSigningInfo.create({
      validator: record.operator_address,
      consensusAddress: Buffer.from(consensusAddressOf(record)).toString("hex").toUpperCase(),
      startHeight: info.start_height,
      indexOffset: info.index_offset,
      missedBlocksCounter: info.missed_blocks_counter,
      jailedUntilUnixNanos: info.jailed_until_ns,
      tombstoned: info.tombstoned,
      jailed: record.jailed,
      jailPending: keeper.isJailPending(state, operator),
    });
  };
  const sdkInfoOf = (state: KVReader, operator: Uint8Array, consAddress: Uint8Array): ValidatorSigningInfo => {
    const info = keeper.signingInfo(state, operator) ?? freshSigningInfo(0n);
    return {
      address: toValcons(consAddress),
      startHeight: BigInt(info.start_height),
      indexOffset: BigInt(info.index_offset),
      jailedUntil: timestampFromNs(BigInt(info.jailed_until_ns)),
      tombstoned: info.tombstoned,
      missedBlocksCounter: BigInt(info.missed_blocks_counter),
    };
  };
  return {
    // The Cosmos SDK's x/slashing queries, for CosmJS's setupSlashingExtension and explorers: keyed by consensus address.
    "/cosmos.slashing.v1beta1.Query/Params": (state) => sdk.QueryParamsResponse.encode({ params: paramsToSdk(keeper.params(state)) }).finish(),
    "/cosmos.slashing.v1beta1.Query/SigningInfo": (state, request) => {
      const { consAddress } = sdk.QuerySigningInfoRequest.decode(request);
      const bytes = valconsBytes(consAddress);
      const operator = staking.operatorByConsensusAddress(state, bytes);
      if (!operator) throw ErrKeyNotFound.wrap(`SigningInfo not found for validator ${consAddress}`);
      return sdk.QuerySigningInfoResponse.encode({ valSigningInfo: sdkInfoOf(state, operator, bytes) }).finish();
    },
    // Paged by consensus address, the SDK's store order.
    "/cosmos.slashing.v1beta1.Query/SigningInfos": (state, request) => {
      const { pagination } = sdk.QuerySigningInfosRequest.decode(request);
      const withAddress = staking.validators(state).map(({ operator, record }) => ({ operator, consAddress: consensusAddressOf(record) }));
      const page = paginateList(withAddress, ({ consAddress }) => consAddress, pagination);
      return sdk.QuerySigningInfosResponse.encode({ info: page.items.map(({ operator, consAddress }) => sdkInfoOf(state, operator, consAddress)), pagination: cosmosPageResponse(page) }).finish();
    },
    "/optchain.slashing.v1.Query/Params": (state) => pb.QueryParamsResponse.encode({ params: paramsToProto(keeper.params(state)) }).finish(),
    "/optchain.slashing.v1.Query/SigningInfo": (state, request) => {
      const { validator } = pb.QuerySigningInfoRequest.decode(request);
      return pb.QuerySigningInfoResponse.encode({ info: infoOf(state, valoperBytes(validator)) }).finish();
    },
    // One per validator, a list staking owns: paged in memory by operator bytes.
    "/optchain.slashing.v1.Query/SigningInfos": (state, request) => {
      const { pagination } = pb.QuerySigningInfosRequest.decode(request);
      const page = paginateList(staking.validators(state), ({ operator }) => operator, pagination);
      return pb.QuerySigningInfosResponse.encode({ infos: page.items.map(({ operator }) => infoOf(state, operator)), pagination: pageResponse(page) }).finish();
    },
    // Newest first (pagination.reverse gives oldest first); the legacy limit applies when pagination has none.
    "/optchain.slashing.v1.Query/SlashHistory": (state, request) => {
      const { validator, limit, pagination } = pb.QuerySlashHistoryRequest.decode(request);
      const operator = validator ? valoperBytes(validator) : undefined;
      const legacyLimit = limit > 0 && limit < MAX_HISTORY ? limit : MAX_HISTORY;
      const page = paginate(state, SLASH_PREFIX, { ...pagination, limit: Number(pagination?.limit ?? 0) || legacyLimit, reverse: pagination?.reverse !== true }, (_, value) => {
        const record = JSON.parse(Buffer.from(value).toString("utf8")) as StoredSlash;
        return operator === undefined || sameAddress(valoperBytes(record.validator), operator) ? slashToProto(record) : undefined;
      });
      return pb.QuerySlashHistoryResponse.encode({ slashes: page.items, pagination: pageResponse(page) }).finish();
    },
    "/optchain.slashing.v1.Query/JailQueue": (state, request) => {
      const { pagination } = pb.QueryJailQueueRequest.decode(request);
      const page = paginate(state, JAIL_QUEUE_PREFIX, pagination, (_, value) => {
        const entry = JSON.parse(Buffer.from(value).toString("utf8")) as StoredPendingJail;
        return pb.PendingJail.create({
          id: entry.id,
          validator: entry.validator,
          reason: entry.reason,
          queuedHeight: entry.queued_height,
          jailSeconds: entry.jail_seconds,
          tombstoned: entry.tombstoned,
        });
      });
      return pb.QueryJailQueueResponse.encode({ pending: page.items, pagination: pageResponse(page) }).finish();
    },
  };
}
