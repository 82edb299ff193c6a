// Genesis with several validators and their feeders, for in-process oracle and slashing tests.
import { accAddressBytes, toAccAddress, toValoper } from "../../app/address";
import { DEV_ACCOUNT_BALANCE, devWallet } from "../../client";
import type { OracleParams } from "../../modules/oracle/params";
import type { SlashingParams } from "../../modules/slashing/params";
import { BONDED_POOL_ADDRESS } from "../../modules/staking/keeper";
import type { EncodeObject } from "@cosmjs/proto-signing";
import type { Any } from "cosmjs-types/google/protobuf/any";

export const VALIDATOR_TOKENS = 100_000_000n;

export interface ValidatorsGenesis {
  appState: Record<string, unknown>;
  /** valoper of validator i, whose operator is dev account i */
  validators: string[];
  /** dev account i: signs MsgDelegateFeedConsent and MsgUnjail for validator i */
  operators: string[];
  /** dev account count + i: validator i's feeder */
  feeders: string[];
  /** 32-byte ed25519 consensus keys (fixed bytes; nothing signs with them in process) */
  consensusKeys: Buffer[];
}

/**
 * `count` validators (dev accounts 0..count-1) and as many feeders (dev accounts count..2·count-1); dev
 * account i gets account number i. Feeders are delegated in genesis unless `delegate` is false.
 */
export async function validatorsGenesis(
  count: number,
  options: { tokens?: bigint[]; oracle?: Partial<OracleParams>; slashing?: Partial<SlashingParams>; delegate?: boolean } = {},
): Promise<ValidatorsGenesis> {
  const accounts = (await (await devWallet(2 * count)).getAccounts()).map((a) => a.address);
  const operators = accounts.slice(0, count);
  const feeders = accounts.slice(count);
  const validators = operators.map((address) => toValoper(accAddressBytes(address)));
  const tokens = options.tokens ?? validators.map(() => VALIDATOR_TOKENS);
  const consensusKeys = validators.map((_, i) => Buffer.alloc(32, i + 1));
  const bonded = tokens.reduce((sum, t) => sum + t, 0n);
  const appState = {
    auth: { accounts: [] },
    bank: {
      balances: [
        ...accounts.map((address) => ({
          address,
          coins: [
            { denom: "uopt", amount: DEV_ACCOUNT_BALANCE.toString() },
            { denom: "uusdc", amount: DEV_ACCOUNT_BALANCE.toString() },
          ],
        })),
        { address: toAccAddress(BONDED_POOL_ADDRESS), coins: [{ denom: "uopt", amount: bonded.toString() }] },
      ],
    },
    staking: {
      validators: validators.map((operator_address, i) => ({
        operator_address,
        moniker: `v${i}`,
        consensus_pubkey: consensusKeys[i].toString("base64"),
        tokens: tokens[i].toString(),
        jailed: false,
      })),
    },
    oracle: {
      params: { ...(options.oracle ?? {}) },
      feeder_delegations: options.delegate === false ? [] : validators.map((validator, i) => ({ validator, feeder: feeders[i] })),
    },
    slashing: { params: { ...(options.slashing ?? {}) } },
  };
  return { appState, validators, operators, feeders, consensusKeys };
}

/** Next sequence per dev account, for signing offline across many blocks. */
export class Sequences {
  private readonly next = new Map<number, number>();
  take(accountIndex: number): { accountNumber: number; sequence: number } {
    const sequence = this.next.get(accountIndex) ?? 0;
    this.next.set(accountIndex, sequence + 1);
    return { accountNumber: accountIndex, sequence };
  }
}

/** A MsgCreateValidator as a wallet sends it: moniker "joiner", 10 % commission (20 % max), self-bond `amount` uopt. */
export function createValidatorMsg(validatorAddress: string, pubkey: Any, amount: bigint): EncodeObject {
  return {
    typeUrl: "/cosmos.staking.v1beta1.MsgCreateValidator",
    value: {
      description: { moniker: "joiner", identity: "", website: "", securityContact: "", details: "" },
      commission: { rate: "100000000000000000", maxRate: "200000000000000000", maxChangeRate: "10000000000000000" },
      minSelfDelegation: "1",
      delegatorAddress: "",
      validatorAddress,
      pubkey,
      value: { denom: "uopt", amount: amount.toString() },
    },
  };
}
