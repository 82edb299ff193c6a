import { registerError } from "../../app/errors";

export const CODESPACE = "upgrade";
export const ErrInvalidPlan = registerError(CODESPACE, 2, "invalid upgrade plan");
export const ErrUnauthorized = registerError(CODESPACE, 3, "signer is not the upgrade authority");
export const ErrAlreadyApplied = registerError(CODESPACE, 4, "upgrade with this name has already been applied");
export const ErrInvalidGenesis = registerError(CODESPACE, 5, "invalid upgrade genesis");
