import { accAddressBytes, consensusAddress, valoperBytes } from "../../app/address";
import { parseAmount } from "../../app/coins";
import type { AppModule } from "../../app/module";
import { DEC_ONE, decFromString, decToString } from "../../lib/fixed";
import { ErrInvalidGenesis } from "./errors";
import {
  BONDED_POOL_ADDRESS,
  NOT_BONDED_POOL_ADDRESS,
  type StakingKeeper,
  consensusKeyOf,
  consensusPubkeyAny,
  nsFromTimestamp,
  timestampFromNs,
} from "./keeper";
import { DELEGATION_PREFIX, RED_PREFIX, UBD_PREFIX, VALIDATOR_PREFIX, redQueueKey, ubdQueueKey, valQueueKey } from "./keys";
import { stakingMsgs } from "./msgs";
import { DEFAULT_PARAMS, type StakingParams } from "./params";
import { stakingQueries } from "./queries";
import type { TokenMover } from "./expected";
import { BondStatus, Delegation, Redelegation, UnbondingDelegation, Validator } from "cosmjs-types/cosmos/staking/v1beta1/staking";

/**
 * A genesis validator. The first format had only operator_address, moniker, consensus_pubkey, tokens and
 * jailed: such a validator is bonded with a self-delegation of its tokens by its operator's account. The
 * other fields came with delegations and are written by export.
 */
export interface GenesisValidator {
  operator_address: string;
  moniker?: string;
  /** base64 ed25519 public key */
  consensus_pubkey: string;
  tokens: string;
  jailed?: boolean;
  delegator_shares?: string;
  status?: "bonded" | "unbonding" | "unbonded";
  unbonding_height?: string;
  unbonding_time_ns?: string;
  commission?: { rate: string; max_rate: string; max_change_rate: string; update_time_ns: string };
  min_self_delegation?: string;
  description?: { identity: string; website: string; security_contact: string; details: string };
}

export interface GenesisEntry {
  creation_height: string;
  completion_time_ns: string;
  initial_balance: string;
  balance?: string;
  shares_dst?: string;
}

export interface StakingGenesis {
  params: StakingParams;
  validators: GenesisValidator[];
  /** Absent in the first format (each validator then self-delegates its tokens). */
  delegations?: Array<{ delegator_address: string; validator_address: string; shares: string }>;
  unbonding_delegations?: Array<{ delegator_address: string; validator_address: string; entries: GenesisEntry[] }>;
  redelegations?: Array<{ delegator_address: string; validator_src_address: string; validator_dst_address: string; entries: GenesisEntry[] }>;
}

const STATUS_NAMES: Record<string, BondStatus> = {
  bonded: BondStatus.BOND_STATUS_BONDED,
  unbonding: BondStatus.BOND_STATUS_UNBONDING,
  unbonded: BondStatus.BOND_STATUS_UNBONDED,
};

function statusName(status: BondStatus): "bonded" | "unbonding" | "unbonded" {
  if (status === BondStatus.BOND_STATUS_BONDED) return "bonded";
  return status === BondStatus.BOND_STATUS_UNBONDING ? "unbonding" : "unbonded";
}

export function stakingModule(keeper: StakingKeeper, bank: TokenMover): AppModule {
  return {
    name: "staking",
    msgs: stakingMsgs(keeper, bank),
    queries: stakingQueries(keeper, bank),

    initGenesis(ctx, raw) {
      const genesis = (raw ?? {}) as Partial<StakingGenesis>;
      const params = { ...DEFAULT_PARAMS, ...(genesis.params ?? {}) };
      keeper.setParams(ctx.store, params);
      const legacy = genesis.delegations === undefined;
      let bonded = 0n;
      let notBonded = 0n;
      const consensusKeys = new Set<string>();
      for (const record of genesis.validators ?? []) {
        const operator = valoperBytes(record.operator_address);
        const pubkey = Buffer.from(record.consensus_pubkey, "base64");
        if (pubkey.length !== 32) throw ErrInvalidGenesis.wrap(`validator ${record.operator_address}: consensus key must be 32 bytes of ed25519`);
        const consHex = Buffer.from(consensusAddress(pubkey)).toString("hex");
        if (consensusKeys.has(consHex)) throw ErrInvalidGenesis.wrap(`consensus key of ${record.operator_address} used twice`);
        consensusKeys.add(consHex);
        if (keeper.getValidator(ctx.store, operator)) throw ErrInvalidGenesis.wrap(`validator ${record.operator_address} listed twice`);
        const tokens = parseAmount(record.tokens, `tokens of ${record.operator_address}`);
        const status = legacy ? BondStatus.BOND_STATUS_BONDED : STATUS_NAMES[record.status ?? ""];
        if (status === undefined) throw ErrInvalidGenesis.wrap(`validator ${record.operator_address}: status must be bonded, unbonding or unbonded`);
        const shares = legacy ? tokens * DEC_ONE : decFromString(record.delegator_shares ?? "0");
        const commission = record.commission ?? { rate: "0", max_rate: "1", max_change_rate: "1", update_time_ns: ctx.timeNs.toString() };
        const validator: Validator = {
          operatorAddress: record.operator_address,
          consensusPubkey: consensusPubkeyAny(pubkey),
          jailed: record.jailed ?? false,
          status,
          tokens: tokens.toString(),
          delegatorShares: shares.toString(),
          description: { moniker: record.moniker ?? "", identity: "", website: "", securityContact: "", details: "", ...camelDescription(record.description) },
          unbondingHeight: BigInt(record.unbonding_height ?? "0"),
          unbondingTime: timestampFromNs(BigInt(record.unbonding_time_ns ?? "0")),
          commission: {
            commissionRates: {
              rate: decFromString(commission.rate).toString(),
              maxRate: decFromString(commission.max_rate).toString(),
              maxChangeRate: decFromString(commission.max_change_rate).toString(),
            },
            updateTime: timestampFromNs(BigInt(commission.update_time_ns)),
          },
          minSelfDelegation: record.min_self_delegation ?? "1",
          unbondingOnHoldRefCount: 0n,
          unbondingIds: [],
        };
        // Hooks run for a hand-written genesis only: an exported one carries distribution's own state (as in the SDK).
        keeper.createValidator(ctx.store, ctx.events, operator, validator, legacy);
        if (status === BondStatus.BOND_STATUS_BONDED) bonded += tokens;
        else notBonded += tokens;
        if (status === BondStatus.BOND_STATUS_UNBONDING) ctx.store.set(valQueueKey(nsFromTimestamp(validator.unbondingTime), operator), new Uint8Array());
        if (legacy && tokens > 0n) {
          // The operator's account is the self-delegator: its shares are the tokens, one for one.
          keeper.importDelegation(ctx.store, ctx.events, operator, operator, shares, true);
        }
      }
      for (const d of genesis.delegations ?? []) {
        const operator = valoperBytes(d.validator_address);
        if (!keeper.getValidator(ctx.store, operator)) throw ErrInvalidGenesis.wrap(`delegation to unknown validator ${d.validator_address}`);
        keeper.importDelegation(ctx.store, ctx.events, accAddressBytes(d.delegator_address), operator, decFromString(d.shares), false);
      }
      for (const u of genesis.unbonding_delegations ?? []) {
        const delegator = accAddressBytes(u.delegator_address);
        const operator = valoperBytes(u.validator_address);
        const entries = u.entries.map((e) => ({ ...entryOf(e), balance: parseAmount(e.balance ?? "0").toString() }));
        for (const entry of entries) {
          notBonded += BigInt(entry.balance);
          ctx.store.set(ubdQueueKey(nsFromTimestamp(entry.completionTime), delegator, operator), new Uint8Array());
        }
        keeper.importUnbonding(ctx.store, delegator, operator, entries);
      }
      for (const r of genesis.redelegations ?? []) {
        const delegator = accAddressBytes(r.delegator_address);
        const src = valoperBytes(r.validator_src_address);
        const dst = valoperBytes(r.validator_dst_address);
        const entries = r.entries.map((e) => ({ ...entryOf(e), sharesDst: decFromString(e.shares_dst ?? "0").toString() }));
        for (const entry of entries) ctx.store.set(redQueueKey(nsFromTimestamp(entry.completionTime), delegator, src, dst), new Uint8Array());
        keeper.importRedelegation(ctx.store, delegator, src, dst, entries);
      }
      // The pools must hold exactly the stake, or supply and stake would disagree.
      const pool = bank.balance(ctx.store, BONDED_POOL_ADDRESS, params.bond_denom);
      if (pool !== bonded) throw ErrInvalidGenesis.wrap(`bonded pool holds ${pool}${params.bond_denom} but bonded validators have ${bonded}`);
      const notBondedPool = bank.balance(ctx.store, NOT_BONDED_POOL_ADDRESS, params.bond_denom);
      if (notBondedPool !== notBonded) {
        throw ErrInvalidGenesis.wrap(`not-bonded pool holds ${notBondedPool}${params.bond_denom} but unbonded validators and unbonding entries have ${notBonded}`);
      }
      // InitChain reports the set itself (validatorSet), so these updates are not returned.
      keeper.applySetUpdates(ctx, bank);
    },

    exportGenesis(state): StakingGenesis {
      return {
        params: keeper.params(state),
        validators: state.iterate(VALIDATOR_PREFIX).map(([, value]) => exportValidator(Validator.decode(value))),
        delegations: state.iterate(DELEGATION_PREFIX).map(([, value]) => {
          const d = Delegation.decode(value);
          return { delegator_address: d.delegatorAddress, validator_address: d.validatorAddress, shares: decToString(BigInt(d.shares)) };
        }),
        unbonding_delegations: state.iterate(UBD_PREFIX).map(([, value]) => {
          const u = UnbondingDelegation.decode(value);
          return { delegator_address: u.delegatorAddress, validator_address: u.validatorAddress, entries: u.entries.map((e) => ({ ...exportEntry(e), balance: e.balance })) };
        }),
        redelegations: state.iterate(RED_PREFIX).map(([, value]) => {
          const r = Redelegation.decode(value);
          return {
            delegator_address: r.delegatorAddress,
            validator_src_address: r.validatorSrcAddress,
            validator_dst_address: r.validatorDstAddress,
            entries: r.entries.map((e) => ({ ...exportEntry(e), shares_dst: decToString(BigInt(e.sharesDst)) })),
          };
        }),
      };
    },

    beginBlock(ctx) {
      keeper.forgetRemovedConsensusKeys(ctx.store);
    },

    endBlock(ctx) {
      const updates = keeper.applySetUpdates(ctx, bank);
      keeper.completeMatured(ctx, bank);
      return updates;
    },
  };
}

function camelDescription(description: GenesisValidator["description"]) {
  if (!description) return {};
  return { identity: description.identity, website: description.website, securityContact: description.security_contact, details: description.details };
}

function entryOf(e: GenesisEntry) {
  return {
    creationHeight: BigInt(e.creation_height),
    completionTime: timestampFromNs(BigInt(e.completion_time_ns)),
    initialBalance: parseAmount(e.initial_balance).toString(),
    unbondingId: 0n,
    unbondingOnHoldRefCount: 0n,
  };
}

function exportEntry(e: { creationHeight: bigint; completionTime: { seconds: bigint; nanos: number }; initialBalance: string }): GenesisEntry {
  return { creation_height: e.creationHeight.toString(), completion_time_ns: nsFromTimestamp(e.completionTime).toString(), initial_balance: e.initialBalance };
}

function exportValidator(v: Validator): GenesisValidator {
  return {
    operator_address: v.operatorAddress,
    moniker: v.description.moniker,
    consensus_pubkey: Buffer.from(consensusKeyOf(v)).toString("base64"),
    tokens: v.tokens,
    jailed: v.jailed,
    delegator_shares: decToString(BigInt(v.delegatorShares || "0")),
    status: statusName(v.status),
    unbonding_height: v.unbondingHeight.toString(),
    unbonding_time_ns: nsFromTimestamp(v.unbondingTime).toString(),
    commission: {
      rate: decToString(BigInt(v.commission.commissionRates.rate)),
      max_rate: decToString(BigInt(v.commission.commissionRates.maxRate)),
      max_change_rate: decToString(BigInt(v.commission.commissionRates.maxChangeRate)),
      update_time_ns: nsFromTimestamp(v.commission.updateTime).toString(),
    },
    min_self_delegation: v.minSelfDelegation,
    description: { identity: v.description.identity, website: v.description.website, security_contact: v.description.securityContact, details: v.description.details },
  };
}
