import { registerError } from "../../app/errors";

export const CODESPACE = "bank";
export const ErrSendDisabled = registerError(CODESPACE, 5, "send transactions are disabled");
export const ErrInvalidParams = registerError(CODESPACE, 8, "invalid bank params");
export const ErrInvalidGenesis = registerError(CODESPACE, 9, "invalid bank genesis");
export const ErrBlockedAddress = registerError(CODESPACE, 10, "recipient is a module account that cannot receive funds");
export const ErrDenomMetadataNotFound = registerError(CODESPACE, 11, "denom metadata not found");
