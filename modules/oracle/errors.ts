import { registerError } from "../../app/errors";

export const CODESPACE = "oracle";
export const ErrInvalidParams = registerError(CODESPACE, 2, "invalid oracle params");
export const ErrInvalidGenesis = registerError(CODESPACE, 3, "invalid oracle genesis");
export const ErrUnknownAsset = registerError(CODESPACE, 4, "asset is not on the oracle whitelist");
export const ErrInvalidPrices = registerError(CODESPACE, 5, "malformed prices");
export const ErrInvalidHash = registerError(CODESPACE, 6, "malformed prevote hash");
export const ErrInvalidSalt = registerError(CODESPACE, 7, "malformed salt");
export const ErrNoPrevote = registerError(CODESPACE, 8, "no prevote to reveal");
export const ErrRevealPeriodMismatch = registerError(CODESPACE, 9, "a reveal must come in the vote period right after its prevote");
export const ErrVoteHashMismatch = registerError(CODESPACE, 10, "reveal does not match the prevote hash");
export const ErrFeederNotDelegated = registerError(CODESPACE, 11, "feeder is not allowed to vote for this validator");
export const ErrValidatorNotActive = registerError(CODESPACE, 12, "validator is not active");
export const ErrDuplicatePrevote = registerError(CODESPACE, 13, "already prevoted in this vote period");
export const ErrDuplicateVote = registerError(CODESPACE, 14, "already voted in this vote period");
export const ErrPriceNotFound = registerError(CODESPACE, 15, "no price tallied yet");
export const ErrPriceStale = registerError(CODESPACE, 16, "price is stale");
export const ErrUnknownValidator = registerError(CODESPACE, 17, "validator does not exist");
