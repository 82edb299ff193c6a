// Legacy Amino JSON for every message the chain routes: what Ledger (and any amino signer) signs. The chain
// rebuilds the sign doc from the proto messages with this same table, so a wallet and the chain cannot disagree.
import type { AminoMsg, Pubkey } from "@cosmjs/amino";
import { decodePubkey, encodePubkey } from "@cosmjs/proto-signing";
import type { AminoConverters } from "@cosmjs/stargate";
import { MsgSend } from "cosmjs-types/cosmos/bank/v1beta1/tx";
import { MsgFundCommunityPool, MsgSetWithdrawAddress, MsgWithdrawDelegatorReward, MsgWithdrawValidatorCommission } from "cosmjs-types/cosmos/distribution/v1beta1/tx";
import { MsgCancelUpgrade, MsgSoftwareUpgrade } from "cosmjs-types/cosmos/upgrade/v1beta1/tx";
import { MsgBeginRedelegate, MsgCancelUnbondingDelegation, MsgCreateValidator, MsgDelegate, MsgEditValidator, MsgUndelegate } from "cosmjs-types/cosmos/staking/v1beta1/tx";
import { ErrInvalidPubKey, ErrInvalidType, ErrTxDecode } from "../app/errors";
import type { MsgCodec } from "../app/module";
import { decodeCanonical } from "../app/tx/canonical";
import { decFromString, decToString } from "../lib/fixed";
import { optchain } from "../proto/gen/optchain";

/**
 * Scalars as legacy amino writes them: 64-bit integers as decimal strings, 32-bit ones and enums as numbers,
 * and the SDK's LegacyDec (its 18-decimal atomics on the proto wire) as a decimal with all 18 places.
 */
type Scalar = "string" | "int64" | "uint64" | "uint32" | "enum" | "dec";

interface Field {
  /** the proto field name, which amino JSON uses */
  readonly json: string;
  /** protobufjs's camelCase property */
  readonly js: string;
  readonly type: Scalar | Fields | typeof ANY | typeof PUBKEY | typeof TIME;
  readonly repeated: boolean;
  /** written even when empty (the SDK's amino.dont_omitempty); every other default value is left out, as gogoproto's omitempty does */
  readonly keep: boolean;
}
type Fields = readonly Field[];

/** optchain.gov.v1.Any: a nested message, written as {type, value} under its own amino name. */
const ANY: unique symbol = Symbol("any");
/** A consensus public key in a google.protobuf.Any, written as amino's {type: "tendermint/PubKeyEd25519", value}. */
const PUBKEY: unique symbol = Symbol("pubkey");
/** A google.protobuf.Timestamp, written as Go writes a time.Time: RFC 3339 with the nanoseconds' trailing zeros cut. */
const TIME: unique symbol = Symbol("time");

const camel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function field(json: string, type: Field["type"], options: { repeated?: boolean; keep?: boolean } = {}): Field {
  return { json, js: camel(json), type, repeated: options.repeated ?? false, keep: options.keep ?? false };
}
const str = (json: string) => field(json, "string");
const u64 = (json: string) => field(json, "uint64");
const i64 = (json: string) => field(json, "int64");
const u32 = (json: string) => field(json, "uint32");
const enumeration = (json: string) => field(json, "enum");
const message = (json: string, fields: Fields) => field(json, fields);
const list = (json: string, type: Field["type"]) => field(json, type, { repeated: true });

const COIN: Fields = [field("denom", "string", { keep: true }), field("amount", "string", { keep: true })];
const kept = (json: string, type: Field["type"]) => field(json, type, { keep: true });
// CosmJS's staking converters write every description field, and MsgCreateValidator's deprecated delegator_address,
// empty or not (an SDK v0.50 chain would leave them out); wallets sign what CosmJS writes.
const DESCRIPTION: Fields = ["moniker", "identity", "website", "security_contact", "details"].map((name) => kept(name, "string"));
// upgraded_client_state as an Any: no amino name for an IBC client state, so a plan carrying one is refused (ErrInvalidType).
const PLAN: Fields = [str("name"), field("time", TIME), i64("height"), str("info"), field("upgraded_client_state", ANY)];
const DELEGATION: Fields = [str("delegator_address"), str("validator_address"), kept("amount", COIN)];
const BREAKER: Fields = [list("type_urls", "string"), message("scope", [u64("series_id"), str("underlying")])];
const GUARDIAN_ACTION: Fields = [
  message("trip_breaker", BREAKER),
  message("reset_breaker", BREAKER),
  message("freeze_market", [str("underlying")]),
  message("unfreeze_market", [str("underlying")]),
  message("halt_chain", [i64("height")]),
  message("cancel_halt", []),
  message("veto_proposal", [u64("proposal_id")]),
];

const pb = optchain;

/**
 * Every field of every message, in proto order (amino-signing.test.ts checks optchain's against the .proto files,
 * amino-sdk-messages.test.ts the SDK's against CosmJS's stock converters: a field left out here would be a part of
 * the tx that an amino signature does not cover). The amino name is
 * `optchain/<Msg>`, or the SDK's own for its messages; all fit the SDK's 39-character limit.
 */
const MESSAGES: ReadonlyArray<readonly [typeUrl: string, aminoType: string, codec: MsgCodec<unknown>, fields: Fields]> = [
  ["/cosmos.bank.v1beta1.MsgSend", "cosmos-sdk/MsgSend", MsgSend, [field("from_address", "string", { keep: true }), field("to_address", "string", { keep: true }), field("amount", COIN, { repeated: true, keep: true })]],
  [
    "/cosmos.staking.v1beta1.MsgCreateValidator",
    "cosmos-sdk/MsgCreateValidator",
    MsgCreateValidator,
    [
      kept("description", DESCRIPTION),
      kept("commission", [kept("rate", "dec"), kept("max_rate", "dec"), kept("max_change_rate", "dec")]),
      kept("min_self_delegation", "string"),
      kept("delegator_address", "string"),
      str("validator_address"),
      field("pubkey", PUBKEY),
      kept("value", COIN),
    ],
  ],
  ["/cosmos.staking.v1beta1.MsgEditValidator", "cosmos-sdk/MsgEditValidator", MsgEditValidator, [kept("description", DESCRIPTION), str("validator_address"), field("commission_rate", "dec"), str("min_self_delegation")]],
  ["/cosmos.staking.v1beta1.MsgDelegate", "cosmos-sdk/MsgDelegate", MsgDelegate, DELEGATION],
  ["/cosmos.staking.v1beta1.MsgUndelegate", "cosmos-sdk/MsgUndelegate", MsgUndelegate, DELEGATION],
  [
    "/cosmos.staking.v1beta1.MsgBeginRedelegate",
    "cosmos-sdk/MsgBeginRedelegate",
    MsgBeginRedelegate,
    [str("delegator_address"), str("validator_src_address"), str("validator_dst_address"), kept("amount", COIN)],
  ],
  ["/cosmos.staking.v1beta1.MsgCancelUnbondingDelegation", "cosmos-sdk/MsgCancelUnbondingDelegation", MsgCancelUnbondingDelegation, [...DELEGATION, kept("creation_height", "int64")]],
  ["/cosmos.distribution.v1beta1.MsgSetWithdrawAddress", "cosmos-sdk/MsgModifyWithdrawAddress", MsgSetWithdrawAddress, [str("delegator_address"), str("withdraw_address")]],
  ["/cosmos.distribution.v1beta1.MsgWithdrawDelegatorReward", "cosmos-sdk/MsgWithdrawDelegationReward", MsgWithdrawDelegatorReward, [str("delegator_address"), str("validator_address")]],
  // The SDK's name (CosmJS 0.39 writes cosmos-sdk/MsgWithdrawValidatorCommission, 41 characters, which SDK chains refuse).
  ["/cosmos.distribution.v1beta1.MsgWithdrawValidatorCommission", "cosmos-sdk/MsgWithdrawValCommission", MsgWithdrawValidatorCommission, [str("validator_address")]],
  ["/cosmos.distribution.v1beta1.MsgFundCommunityPool", "cosmos-sdk/MsgFundCommunityPool", MsgFundCommunityPool, [field("amount", COIN, { repeated: true, keep: true }), str("depositor")]],
  // Only a passed proposal signs these, as gov's authority: they are signed nested in an optchain/MsgSubmitProposal.
  ["/cosmos.upgrade.v1beta1.MsgSoftwareUpgrade", "cosmos-sdk/MsgSoftwareUpgrade", MsgSoftwareUpgrade, [str("authority"), kept("plan", PLAN)]],
  ["/cosmos.upgrade.v1beta1.MsgCancelUpgrade", "cosmos-sdk/MsgCancelUpgrade", MsgCancelUpgrade, [str("authority")]],
  ["/optchain.oracle.v1.MsgDelegateFeedConsent", "optchain/MsgDelegateFeedConsent", pb.oracle.v1.MsgDelegateFeedConsent, [str("operator"), str("delegate")]],
  ["/optchain.oracle.v1.MsgAggregatePricePrevote", "optchain/MsgAggregatePricePrevote", pb.oracle.v1.MsgAggregatePricePrevote, [str("hash"), str("feeder"), str("validator")]],
  ["/optchain.oracle.v1.MsgAggregatePriceVote", "optchain/MsgAggregatePriceVote", pb.oracle.v1.MsgAggregatePriceVote, [str("salt"), str("prices"), str("feeder"), str("validator")]],
  ["/optchain.slashing.v1.MsgUnjail", "optchain/MsgUnjail", pb.slashing.v1.MsgUnjail, [str("validator_addr")]],
  [
    "/optchain.options.v1.MsgListSeries",
    "optchain/MsgListSeries",
    pb.options.v1.MsgListSeries,
    [str("authority"), str("underlying"), list("strikes", "string"), list("expiries_unix", "int64"), list("kinds", "enum"), str("contract_size")],
  ],
  ["/optchain.options.v1.MsgDepositCollateral", "optchain/MsgDepositCollateral", pb.options.v1.MsgDepositCollateral, [str("owner"), str("denom"), str("amount")]],
  ["/optchain.options.v1.MsgWithdrawCollateral", "optchain/MsgWithdrawCollateral", pb.options.v1.MsgWithdrawCollateral, [str("owner"), str("denom"), str("amount")]],
  [
    "/optchain.options.v1.MsgPlaceOrder",
    "optchain/MsgPlaceOrder",
    pb.options.v1.MsgPlaceOrder,
    [str("owner"), u64("series_id"), enumeration("side"), u64("quantity"), str("price"), enumeration("time_in_force"), str("client_order_id")],
  ],
  ["/optchain.options.v1.MsgCancelOrder", "optchain/MsgCancelOrder", pb.options.v1.MsgCancelOrder, [str("owner"), u64("order_id"), str("client_order_id")]],
  ["/optchain.options.v1.MsgDepositBackstop", "optchain/MsgDepositBackstop", pb.options.v1.MsgDepositBackstop, [str("owner"), str("amount")]],
  ["/optchain.options.v1.MsgWithdrawBackstop", "optchain/MsgWithdrawBackstop", pb.options.v1.MsgWithdrawBackstop, [str("owner"), str("shares")]],
  ["/optchain.options.v1.MsgBidAuction", "optchain/MsgBidAuction", pb.options.v1.MsgBidAuction, [str("bidder"), str("owner"), u32("percent")]],
  ["/optchain.circuit.v1.MsgGuardianPropose", "optchain/MsgGuardianPropose", pb.circuit.v1.MsgGuardianPropose, [str("guardian"), message("action", GUARDIAN_ACTION), str("reason")]],
  ["/optchain.circuit.v1.MsgGuardianApprove", "optchain/MsgGuardianApprove", pb.circuit.v1.MsgGuardianApprove, [str("guardian"), u64("proposal_id")]],
  [
    "/optchain.gov.v1.MsgSubmitProposal",
    "optchain/MsgSubmitProposal",
    pb.gov.v1.MsgSubmitProposal,
    [str("proposer"), list("messages", ANY), list("initial_deposit", COIN), str("title"), str("summary")],
  ],
  ["/optchain.gov.v1.MsgDeposit", "optchain/MsgDeposit", pb.gov.v1.MsgDeposit, [str("depositor"), u64("proposal_id"), list("amount", COIN)]],
  ["/optchain.gov.v1.MsgVote", "optchain/MsgVote", pb.gov.v1.MsgVote, [str("voter"), u64("proposal_id"), enumeration("option")]],
  ["/optchain.gov.v1.MsgUpdateParams", "optchain/MsgUpdateParams", pb.gov.v1.MsgUpdateParams, [str("authority"), str("module"), str("changes")]],
];

interface Entry {
  typeUrl: string;
  aminoType: string;
  codec: MsgCodec<unknown>;
  fields: Fields;
}
const byTypeUrl = new Map<string, Entry>();
const byAminoType = new Map<string, Entry>();
for (const [typeUrl, aminoType, codec, fields] of MESSAGES) {
  // Two messages under one name would let a signature for one be replayed as the other.
  if (byTypeUrl.has(typeUrl) || byAminoType.has(aminoType)) throw new Error(`amino type ${aminoType} (${typeUrl}) registered twice`);
  const entry = { typeUrl, aminoType, codec, fields };
  byTypeUrl.set(typeUrl, entry);
  byAminoType.set(aminoType, entry);
}

function entryOf(typeUrl: string): Entry {
  const entry = byTypeUrl.get(typeUrl);
  if (!entry) throw ErrInvalidType.wrap(`${typeUrl} has no amino JSON form; sign it with SIGN_MODE_DIRECT`);
  return entry;
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function scalarToAmino(type: Scalar, value: unknown): string | number {
  switch (type) {
    case "string":
      return isSet(value) ? String(value) : "";
    case "int64":
    case "uint64":
      // number, bigint or Long alike; the chain's decoder yields exact numbers (it refuses anything past 2^53)
      return isSet(value) ? String(value) : "0";
    case "uint32":
    case "enum":
      return isSet(value) ? Number(value) : 0;
    case "dec": {
      const atomics = isSet(value) ? String(value) : "";
      if (atomics === "") return "";
      // the SDK cannot decode anything else into a LegacyDec: such a tx never reaches its signature check
      if (!/^-?\d{1,80}$/.test(atomics)) throw ErrTxDecode.wrap(`${JSON.stringify(atomics.slice(0, 90))} is not a LegacyDec`);
      return decToString(BigInt(atomics));
    }
  }
}

/**
 * The one key a validator's pubkey may be, as amino JSON. Bytes the PubKey codec would not write itself are
 * refused: the JSON shows only the key, so anything else in them could be changed under a valid signature.
 */
function pubkeyToAmino(value: unknown): Pubkey {
  const any = value as { typeUrl?: string; value?: Uint8Array };
  let pubkey: Pubkey;
  try {
    pubkey = decodePubkey({ typeUrl: any.typeUrl ?? "", value: any.value ?? new Uint8Array() });
  } catch (err) {
    throw ErrInvalidPubKey.wrap((err as Error).message);
  }
  if (pubkey.type !== "tendermint/PubKeyEd25519") throw ErrInvalidPubKey.wrap(`a validator's consensus key must be ed25519, got ${pubkey.type}`);
  if (!Buffer.from(encodePubkey(pubkey).value).equals(Buffer.from(any.value ?? []))) throw ErrTxDecode.wrap("pubkey bytes are not in canonical form");
  return pubkey;
}

const NS_DIGITS = 9;
/** Go's time.Time JSON covers years 1 to 9999; this is that range in Unix seconds. */
const MIN_TIME_SECONDS = -62_135_596_800n;
const MAX_TIME_SECONDS = 253_402_300_799n;

function timeToAmino(value: unknown): string {
  const { seconds, nanos } = value as { seconds: bigint; nanos: number };
  const s = BigInt(seconds);
  if (s < MIN_TIME_SECONDS || s > MAX_TIME_SECONDS || !Number.isInteger(nanos) || nanos < 0 || nanos >= 1_000_000_000) {
    throw ErrTxDecode.wrap(`timestamp ${s}s ${nanos}ns is outside the range amino JSON can write`);
  }
  const fraction = nanos === 0 ? "" : `.${String(nanos).padStart(NS_DIGITS, "0").replace(/0+$/, "")}`;
  return `${new Date(Number(s) * 1000).toISOString().slice(0, 19)}${fraction}Z`;
}

function timeFromAmino(json: unknown): { seconds: bigint; nanos: number } {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(String(json));
  const ms = match ? Date.parse(`${match[1]}Z`) : Number.NaN;
  if (!match || Number.isNaN(ms)) throw new Error(`${String(json)} is not an RFC 3339 UTC time`);
  return { seconds: BigInt(ms / 1000), nanos: Number((match[2] ?? "").padEnd(NS_DIGITS, "0")) };
}

function scalarFromAmino(type: Scalar, json: unknown): string | number {
  switch (type) {
    case "string":
      return isSet(json) ? String(json) : "";
    case "int64":
    case "uint64": {
      const text = isSet(json) ? String(json) : "0";
      const value = Number(text);
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) throw new Error(`${text} is not an integer the chain can hold`);
      return value;
    }
    case "uint32":
    case "enum":
      return isSet(json) ? Number(json) : 0;
    case "dec":
      return isSet(json) && json !== "" ? decFromString(String(json)).toString() : "";
  }
}

/** The proto3 default of each scalar, as amino writes it: a string "0" is a value, only a 64-bit integer's "0" is the default. */
const DEFAULTS: Record<Scalar, string | number> = { string: "", dec: "", int64: "0", uint64: "0", uint32: 0, enum: 0 };

function valueToAmino(type: Field["type"], value: unknown): unknown {
  if (type === ANY) {
    const any = value as { typeUrl?: string; value?: Uint8Array };
    return nestedToAmino(any.typeUrl ?? "", any.value ?? new Uint8Array());
  }
  if (type === PUBKEY) return pubkeyToAmino(value);
  if (type === TIME) return timeToAmino(value);
  if (typeof type === "string") return scalarToAmino(type, value);
  return fieldsToAmino(type, value as Record<string, unknown>);
}

function fieldsToAmino(fields: Fields, value: Record<string, unknown>): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const { json: name, js, type, repeated, keep } of fields) {
    const v = value[js];
    if (repeated) {
      const items = (v ?? []) as unknown[];
      if (items.length > 0 || keep) json[name] = items.map((item) => valueToAmino(type, item));
    } else if (typeof type !== "string") {
      // a nested message present but empty ({}) is not an absent one: both are kept apart, as in the proto bytes
      if (isSet(v)) json[name] = valueToAmino(type, v);
    } else {
      const scalar = scalarToAmino(type, v);
      if (keep || scalar !== DEFAULTS[type]) json[name] = scalar;
    }
  }
  return json;
}

function valueFromAmino(type: Field["type"], json: unknown): unknown {
  if (type === ANY) {
    const { typeUrl, value } = fromAminoMsg(json as AminoMsg);
    return { typeUrl, value };
  }
  if (type === PUBKEY) return encodePubkey(json as Pubkey);
  if (type === TIME) return timeFromAmino(json);
  if (typeof type === "string") return scalarFromAmino(type, json);
  return fieldsFromAmino(type, json as Record<string, unknown>);
}

function fieldsFromAmino(fields: Fields, json: Record<string, unknown>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const { json: name, js, type, repeated } of fields) {
    const j = json[name];
    if (repeated) value[js] = ((j ?? []) as unknown[]).map((item) => valueFromAmino(type, item));
    else if (typeof type !== "string") {
      if (isSet(j)) value[js] = valueFromAmino(type, j);
    } else value[js] = valueFromAmino(type, j);
  }
  return value;
}

/**
 * A message nested in an Any, from its bytes. Refuses a type without an amino name (ErrInvalidType) and bytes
 * the codec would not write itself (ErrTxDecode): anything the JSON does not show could be changed under a
 * valid signature.
 */
function nestedToAmino(typeUrl: string, bytes: Uint8Array): AminoMsg {
  const entry = entryOf(typeUrl);
  return { type: entry.aminoType, value: fieldsToAmino(entry.fields, decodeCanonical(typeUrl, bytes, undefined, entry.codec) as Record<string, unknown>) };
}

/** The amino name of a message type; ErrInvalidType for a type without one. */
export function aminoTypeOf(typeUrl: string): string {
  return entryOf(typeUrl).aminoType;
}

/** The amino JSON of a decoded message, as the chain signs it; ErrInvalidType for a type without an amino name. */
export function aminoMsgOf(typeUrl: string, msg: unknown): AminoMsg {
  const entry = entryOf(typeUrl);
  return { type: entry.aminoType, value: fieldsToAmino(entry.fields, msg as Record<string, unknown>) };
}

function fromAminoMsg(msg: AminoMsg): { typeUrl: string; value: Uint8Array } {
  const entry = byAminoType.get(msg.type);
  if (!entry) throw new Error(`unknown amino type ${msg.type}`);
  return { typeUrl: entry.typeUrl, value: entry.codec.encode(fieldsFromAmino(entry.fields, msg.value as Record<string, unknown>)).finish() };
}

/**
 * Amino converters for every message of the chain (bank's MsgSend included), for `new AminoTypes(optchainAminoTypes())`,
 * e.g. as SigningStargateClient's `aminoTypes` with an amino-only signer such as Ledger or Secp256k1HdWallet.
 */
export function optchainAminoTypes(): AminoConverters {
  const converters: AminoConverters = {};
  for (const { typeUrl, aminoType, fields } of byTypeUrl.values()) {
    converters[typeUrl] = {
      aminoType,
      toAmino: (value: Record<string, unknown>) => fieldsToAmino(fields, value),
      fromAmino: (json: Record<string, unknown>) => fieldsFromAmino(fields, json),
    };
  }
  return converters;
}
