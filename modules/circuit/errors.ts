import { registerError } from "../../app/errors";

export const CODESPACE = "circuit";
export const ErrInvalidParams = registerError(CODESPACE, 2, "invalid circuit params");
export const ErrInvalidGenesis = registerError(CODESPACE, 3, "invalid circuit genesis");
export const ErrNotGuardian = registerError(CODESPACE, 4, "signer is not a guardian");
export const ErrInvalidAction = registerError(CODESPACE, 5, "invalid guardian action");
export const ErrUnknownProposal = registerError(CODESPACE, 6, "guardian proposal does not exist");
export const ErrProposalClosed = registerError(CODESPACE, 7, "guardian proposal is no longer open");
export const ErrAlreadyApproved = registerError(CODESPACE, 8, "guardian already approved this proposal");
export const ErrMsgDisabled = registerError(CODESPACE, 9, "message type is disabled by a circuit breaker");
export const ErrMarketFrozen = registerError(CODESPACE, 10, "market is frozen: no new risk is accepted");
export const ErrNoGuardians = registerError(CODESPACE, 11, "no guardian set is configured");
