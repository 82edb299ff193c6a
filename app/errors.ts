/**
 * Registered errors, as in the Cosmos SDK: a (codespace, code) pair never renumbered, so wallets and
 * explorers can rely on it. Code 1 is reserved for internal errors; user errors start at 2.
 */
const registry = new Map<string, RegisteredError>();

export class RegisteredError {
  constructor(readonly codespace: string, readonly code: number, readonly description: string) {}

  /** A concrete failure of this kind, with the details that say what was wrong. */
  wrap(detail: string): AppError {
    return new AppError(this.codespace, this.code, `${detail}: ${this.description}`);
  }

  is(err: unknown): boolean {
    return err instanceof AppError && err.codespace === this.codespace && err.code === this.code;
  }
}

export class AppError extends Error {
  readonly codespace: string;
  readonly code: number;
  constructor(codespace: string, code: number, message: string) {
    super(message);
    this.codespace = codespace;
    this.code = code;
  }
}

export function registerError(codespace: string, code: number, description: string): RegisteredError {
  if (code < 2) throw new Error(`error code ${code} in ${codespace} is reserved`);
  const id = `${codespace}/${code}`;
  if (registry.has(id)) throw new Error(`error ${id} registered twice`);
  const registered = new RegisteredError(codespace, code, description);
  registry.set(id, registered);
  return registered;
}

/** Errors of the transaction pipeline itself; numbers follow the Cosmos SDK's `sdk` codespace. */
export const SDK = "sdk";
export const ErrTxDecode = registerError(SDK, 2, "tx parse error");
export const ErrUnauthorized = registerError(SDK, 4, "unauthorized");
export const ErrInsufficientFunds = registerError(SDK, 5, "insufficient funds");
export const ErrUnknownRequest = registerError(SDK, 6, "unknown request");
export const ErrInvalidAddress = registerError(SDK, 7, "invalid address");
export const ErrInvalidPubKey = registerError(SDK, 8, "invalid pubkey");
export const ErrUnknownAddress = registerError(SDK, 9, "unknown address");
export const ErrInvalidCoins = registerError(SDK, 10, "invalid coins");
export const ErrOutOfGas = registerError(SDK, 11, "out of gas");
export const ErrMemoTooLarge = registerError(SDK, 12, "memo too large");
export const ErrInsufficientFee = registerError(SDK, 13, "insufficient fee");
export const ErrTooManySignatures = registerError(SDK, 14, "maximum number of signatures exceeded");
export const ErrNoSignatures = registerError(SDK, 15, "no signatures supplied");
export const ErrInvalidRequest = registerError(SDK, 18, "invalid request");
export const ErrTxTooLarge = registerError(SDK, 21, "tx too large");
export const ErrKeyNotFound = registerError(SDK, 22, "key not found");
export const ErrWrongSequence = registerError(SDK, 32, "incorrect account sequence");
export const ErrInvalidGasLimit = registerError(SDK, 41, "invalid gas limit");
export const ErrTxTimeoutHeight = registerError(SDK, 30, "tx timeout height");
export const ErrUnknownExtensionOptions = registerError(SDK, 31, "unknown extension options");
export const ErrNotSupported = registerError(SDK, 37, "feature not supported");
// The SDK's code for a message its sign mode cannot express: here a type without an amino JSON name.
export const ErrInvalidType = registerError(SDK, 29, "invalid type");

/** Code and codespace for any thrown value; anything unregistered is an internal error (code 1). */
export function errorCode(err: unknown): { codespace: string; code: number; log: string } {
  if (err instanceof AppError) return { codespace: err.codespace, code: err.code, log: err.message };
  return { codespace: "undefined", code: 1, log: `internal error: ${err instanceof Error ? err.message : String(err)}` };
}
