import { parseGasPrice } from "../../app/coins";
import { DEFAULT_MIN_GAS_PRICE } from "../../app/config";
import { ErrInvalidParams } from "./errors";
import { paramChecks } from "../../app/params";

export interface AuthParams {
  max_memo_characters: number;
  tx_sig_limit: number;
  tx_size_cost_per_byte: number;
  sig_verify_cost_secp256k1: number;
  /** Consensus-wide floor on fees (the SDK keeps this per node; here every validator enforces the same one). */
  min_gas_price: string;
  max_tx_bytes: number;
  max_gas_per_tx: number;
}

export const DEFAULT_PARAMS: AuthParams = {
  max_memo_characters: 256,
  tx_sig_limit: 7,
  tx_size_cost_per_byte: 10,
  sig_verify_cost_secp256k1: 1000,
  min_gas_price: DEFAULT_MIN_GAS_PRICE,
  max_tx_bytes: 1024 * 1024,
  max_gas_per_tx: 100_000_000,
};

function checkInt(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw ErrInvalidParams.wrap(`${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
  }
}

const { exactShape } = paramChecks(ErrInvalidParams);

export function validateParams(params: AuthParams): void {
  exactShape(params, DEFAULT_PARAMS);
  checkInt("max_memo_characters", params.max_memo_characters, 0, 65_536);
  checkInt("tx_sig_limit", params.tx_sig_limit, 1, 64);
  checkInt("tx_size_cost_per_byte", params.tx_size_cost_per_byte, 0, 10_000);
  checkInt("sig_verify_cost_secp256k1", params.sig_verify_cost_secp256k1, 0, 1_000_000);
  checkInt("max_tx_bytes", params.max_tx_bytes, 1024, 64 * 1024 * 1024);
  checkInt("max_gas_per_tx", params.max_gas_per_tx, 100_000, Number.MAX_SAFE_INTEGER);
  try {
    parseGasPrice(params.min_gas_price);
  } catch (err) {
    throw ErrInvalidParams.wrap(`min_gas_price: ${(err as Error).message}`);
  }
}
