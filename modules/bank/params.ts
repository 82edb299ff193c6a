import { ErrInvalidParams } from "./errors";

export interface BankParams {
  default_send_enabled: boolean;
}

export const DEFAULT_PARAMS: BankParams = { default_send_enabled: true };

export function validateParams(params: BankParams): void {
  if (typeof params.default_send_enabled !== "boolean") {
    throw ErrInvalidParams.wrap(`default_send_enabled must be a boolean, got ${JSON.stringify(params.default_send_enabled)}`);
  }
}
