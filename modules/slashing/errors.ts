import { registerError } from "../../app/errors";

// Numbers follow the Cosmos SDK's x/slashing where the meaning is the same.
export const CODESPACE = "slashing";
export const ErrNoValidator = registerError(CODESPACE, 2, "validator does not exist");
export const ErrJailTimeNotPassed = registerError(CODESPACE, 4, "validator still jailed; cannot be unjailed");
export const ErrValidatorNotJailed = registerError(CODESPACE, 5, "validator not jailed; cannot be unjailed");
export const ErrStakeTooLowToUnjail = registerError(CODESPACE, 7, "validator's stake is too low to unjail");
export const ErrTombstoned = registerError(CODESPACE, 9, "validator is tombstoned for double signing");
export const ErrInvalidParams = registerError(CODESPACE, 20, "invalid slashing params");
export const ErrInvalidGenesis = registerError(CODESPACE, 21, "invalid slashing genesis");
