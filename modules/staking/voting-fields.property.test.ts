// votingFields reads what Validator.decode reads for the fields that decide voting power: the oracle's voter
// set is built from it every block, and every node must see the same powers the full decode gives.
import fc from "fast-check";
import { BondStatus, Validator } from "cosmjs-types/cosmos/staking/v1beta1/staking";
import { PubKey } from "cosmjs-types/cosmos/crypto/ed25519/keys";
import { Branch } from "../../app/store/branch";
import { StakingKeeper, votingFields } from "./keeper";
import { validatorKey } from "./keys";

const validator = fc
  .record({
    operatorAddress: fc.string({ maxLength: 60 }),
    jailed: fc.boolean(),
    status: fc.oneof(fc.constantFrom(BondStatus.BOND_STATUS_UNSPECIFIED, BondStatus.BOND_STATUS_UNBONDED, BondStatus.BOND_STATUS_UNBONDING, BondStatus.BOND_STATUS_BONDED), fc.integer({ min: -5, max: 1000 })),
    tokens: fc.oneof(fc.constant(""), fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String)),
    delegatorShares: fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
    moniker: fc.string({ maxLength: 40 }),
    unbondingHeight: fc.bigInt({ min: 0n, max: 2n ** 62n }),
    rate: fc.bigInt({ min: 0n, max: 10n ** 18n }).map(String),
    minSelfDelegation: fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
    pubkey: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  })
  .map((v) =>
    Validator.encode(
      Validator.fromPartial({
        operatorAddress: v.operatorAddress,
        consensusPubkey: { typeUrl: "/cosmos.crypto.ed25519.PubKey", value: PubKey.encode({ key: v.pubkey }).finish() },
        jailed: v.jailed,
        status: v.status,
        tokens: v.tokens,
        delegatorShares: v.delegatorShares,
        description: { moniker: v.moniker },
        unbondingHeight: v.unbondingHeight,
        unbondingTime: { seconds: v.unbondingHeight % 1000n, nanos: 0 },
        commission: { commissionRates: { rate: v.rate, maxRate: v.rate, maxChangeRate: "0" } },
        minSelfDelegation: v.minSelfDelegation,
      }),
    ).finish(),
  );

const expected = (bytes: Uint8Array) => {
  const decoded = Validator.decode(bytes);
  return { operatorAddress: decoded.operatorAddress, jailed: decoded.jailed, status: decoded.status, tokens: decoded.tokens };
};

describe("votingFields", () => {
  test("equals Validator.decode's operator address, jailed, status and tokens, for records and merged records", () => {
    // two encodings back to back are one message with the second's fields last, as protobuf merges them
    const records = fc.oneof(validator, fc.tuple(validator, validator).map(([a, b]) => Uint8Array.from([...a, ...b])));
    fc.assert(
      fc.property(records, (bytes) => {
        expect(votingFields(bytes)).toEqual(expected(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  test("poweredValidators is validators() with power() > 0, in operator order", () => {
    const keeper = new StakingKeeper();
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), validator), { maxLength: 8, selector: ([operator]) => Buffer.from(operator).toString("hex") }), (records) => {
        const state = new Branch({ get: () => undefined, has: () => false, iterate: () => [] });
        for (const [operator, bytes] of records) state.set(validatorKey(operator), bytes);
        const reference = keeper
          .validators(state)
          .map(({ operator, record }) => ({ operator: Buffer.from(operator).toString("hex"), operatorAddress: record.operator_address, power: keeper.power(state, record) }))
          .filter(({ power }) => power > 0n);
        expect(keeper.poweredValidators(state).map(({ operator, operatorAddress, power }) => ({ operator: Buffer.from(operator).toString("hex"), operatorAddress, power }))).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  test("read again (remembered by the record's bytes), a record still gives Validator.decode's fields: records a byte apart, or differing only in tokens or jailing, and more of them than are remembered", () => {
    // a few records, each also with its tokens changed, read in any order and many times over
    const family = fc.tuple(validator, fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([bytes, tokens, jailed]) => {
      const decoded = Validator.decode(bytes);
      // the last character of the operator address one code point on: the same length, one byte apart
      const address = decoded.operatorAddress;
      const nextAddress = address === "" ? "a" : address.slice(0, -1) + String.fromCharCode((address.charCodeAt(address.length - 1) % 0x7e) + 1);
      return [bytes, Validator.encode({ ...decoded, operatorAddress: nextAddress }).finish(), Validator.encode({ ...decoded, jailed }).finish(), ...tokens.map((t) => Validator.encode({ ...decoded, tokens: t.toString() }).finish())];
    });
    fc.assert(
      fc.property(fc.array(family, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 60 }), (families, reads) => {
        const records = families.flat();
        for (const pick of reads) {
          const bytes = records[pick % records.length];
          const got = votingFields(bytes);
          expect(got).toEqual(expected(bytes));
          expect(Object.isFrozen(got)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
    // more distinct records than are remembered: the oldest are forgotten, none is answered wrongly
    fc.assert(
      fc.property(fc.array(validator, { minLength: 5000, maxLength: 5000 }), (many) => {
        for (const bytes of many) expect(votingFields(bytes)).toEqual(expected(bytes));
        for (const bytes of many.slice(0, 50)) expect(votingFields(bytes)).toEqual(expected(bytes));
      }),
      { numRuns: 2 },
    );
  });
});
