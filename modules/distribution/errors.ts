import { registerError } from "../../app/errors";

// Codes 2-13 are the Cosmos SDK's x/distribution codes, so clients that switch on them keep working.
export const CODESPACE = "distribution";
export const ErrEmptyDelegationDistInfo = registerError(CODESPACE, 5, "no delegation distribution info");
export const ErrNoValidatorDistInfo = registerError(CODESPACE, 6, "no validator distribution info");
export const ErrNoValidatorCommission = registerError(CODESPACE, 7, "no validator commission to withdraw");
export const ErrSetWithdrawAddrDisabled = registerError(CODESPACE, 8, "set withdraw address disabled");
export const ErrNoValidatorExists = registerError(CODESPACE, 12, "validator does not exist");
export const ErrNoDelegationExists = registerError(CODESPACE, 13, "delegation does not exist");
export const ErrInvalidParams = registerError(CODESPACE, 14, "invalid distribution params");
export const ErrInvalidGenesis = registerError(CODESPACE, 15, "invalid distribution genesis");
export const ErrBlockedWithdrawAddress = registerError(CODESPACE, 16, "withdraw address is a module account that cannot receive funds");
export const ErrInvalidState = registerError(CODESPACE, 17, "distribution state record is not in its stored form");
