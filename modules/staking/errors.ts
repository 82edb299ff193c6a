import { registerError } from "../../app/errors";

export const CODESPACE = "staking";
export const ErrNoValidator = registerError(CODESPACE, 3, "validator does not exist");
export const ErrInvalidGenesis = registerError(CODESPACE, 4, "invalid staking genesis");
export const ErrInvalidParams = registerError(CODESPACE, 5, "invalid staking params");
