import { ErrOutOfGas } from "./errors";
import type { Bytes, IterateOptions, KVStore } from "./store/types";

/** The Cosmos SDK's KV gas schedule, so gas figures look familiar to wallets and explorers. */
export const KV_GAS = {
  hasCost: 1000n,
  deleteCost: 1000n,
  readCostFlat: 1000n,
  readCostPerByte: 3n,
  writeCostFlat: 2000n,
  writeCostPerByte: 30n,
  iterNextCostFlat: 30n,
} as const;

export class GasMeter {
  private used = 0n;
  constructor(readonly limit: bigint) {}

  consume(amount: bigint, descriptor: string): void {
    this.used += amount;
    if (this.used > this.limit) {
      throw ErrOutOfGas.wrap(`out of gas in location: ${descriptor}; gasWanted: ${this.limit}, gasUsed: ${this.used}`);
    }
  }

  get consumed(): bigint {
    return this.used;
  }

  get remaining(): bigint {
    return this.used >= this.limit ? 0n : this.limit - this.used;
  }
}

/** An unbounded meter for block hooks, where work is bounded by the modules themselves. */
export function infiniteGasMeter(): GasMeter {
  return new GasMeter(2n ** 63n - 1n);
}

/** Charges every store access to the tx's meter; gas depends only on the keys and bytes touched, so it is deterministic. */
export class GasKVStore implements KVStore {
  constructor(private readonly inner: KVStore, private readonly meter: GasMeter) {}

  get(key: Bytes): Bytes | undefined {
    this.meter.consume(KV_GAS.readCostFlat, "ReadFlat");
    const value = this.inner.get(key);
    this.meter.consume(KV_GAS.readCostPerByte * BigInt(key.length + (value?.length ?? 0)), "ReadPerByte");
    return value;
  }

  has(key: Bytes): boolean {
    this.meter.consume(KV_GAS.hasCost, "Has");
    return this.inner.has(key);
  }

  /**
   * Every entry costs at least iterNextCostFlat plus its key bytes (which include the prefix), so no more than
   * remaining / that minimum entries can be paid for: one past it is enough to run out of gas, and the rest
   * of the range is never read.
   */
  iterate(prefix: Bytes, opts?: IterateOptions): Array<[Bytes, Bytes]> {
    const cheapest = KV_GAS.iterNextCostFlat + KV_GAS.readCostPerByte * BigInt(prefix.length);
    const affordable = this.meter.remaining / cheapest + 1n;
    const limit = affordable >= BigInt(opts?.limit ?? Number.MAX_SAFE_INTEGER) ? opts?.limit : Number(affordable);
    const entries = this.inner.iterate(prefix, { ...opts, limit });
    for (const [key, value] of entries) {
      this.meter.consume(KV_GAS.iterNextCostFlat, "IterNextFlat");
      this.meter.consume(KV_GAS.readCostPerByte * BigInt(key.length + value.length), "ValuePerByte");
    }
    return entries;
  }

  set(key: Bytes, value: Bytes): void {
    this.meter.consume(KV_GAS.writeCostFlat, "WriteFlat");
    this.meter.consume(KV_GAS.writeCostPerByte * BigInt(key.length + value.length), "WritePerByte");
    this.inner.set(key, value);
  }

  delete(key: Bytes): void {
    this.meter.consume(KV_GAS.deleteCost, "Delete");
    this.inner.delete(key);
  }
}

