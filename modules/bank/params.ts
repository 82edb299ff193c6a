import { ErrInvalidParams } from "./errors";
import { paramChecks } from "../../app/params";

export interface BankParams {
  default_send_enabled: boolean;
}

export const DEFAULT_PARAMS: BankParams = { default_send_enabled: true };

const { exactShape } = paramChecks(ErrInvalidParams);

export function validateParams(params: BankParams): void {
  exactShape(params, DEFAULT_PARAMS);
  if (typeof params.default_send_enabled !== "boolean") {
    throw ErrInvalidParams.wrap(`default_send_enabled must be a boolean, got ${JSON.stringify(params.default_send_enabled)}`);
  }
}
