import { registerError } from "../../app/errors";

export const CODESPACE = "gov";
export const ErrInvalidParams = registerError(CODESPACE, 2, "invalid gov params");
export const ErrInvalidGenesis = registerError(CODESPACE, 3, "invalid gov genesis");
export const ErrInvalidProposal = registerError(CODESPACE, 4, "invalid proposal");
export const ErrUnknownProposal = registerError(CODESPACE, 5, "proposal does not exist");
export const ErrInactiveProposal = registerError(CODESPACE, 6, "proposal is not in the right period");
export const ErrNoVotingPower = registerError(CODESPACE, 7, "only bonded validators vote");
export const ErrInvalidVote = registerError(CODESPACE, 8, "invalid vote option");
export const ErrUnauthorized = registerError(CODESPACE, 9, "signer is not the governance authority");
export const ErrNotInTimelock = registerError(CODESPACE, 10, "proposal is not in its timelock");
export const ErrInvalidDeposit = registerError(CODESPACE, 11, "invalid deposit");
export const ErrUnknownModule = registerError(CODESPACE, 12, "module has no params governance can change");
export const ErrInvalidChanges = registerError(CODESPACE, 13, "invalid params changes");
export const ErrNotVetoable = registerError(CODESPACE, 14, "guardians may not veto this proposal");
export const ErrEscrowSpent = registerError(CODESPACE, 15, "proposal would spend the deposits gov holds in escrow");
