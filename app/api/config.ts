/** app.toml's [api] section, kept in optd.json. */
export interface ApiConfig {
  enable: boolean;
  /** tcp://HOST:PORT */
  address: string;
}

export const DEFAULT_API_PORT = 1317;
export const DEFAULT_GRPC_PORT = 9090;
const ADDRESS = /^tcp:\/\/([^\s/:]+):([0-9]{1,5})$/;

export function parseApiAddress(address: string, flag = "--api.address"): { host: string; port: number } {
  const match = ADDRESS.exec(address);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) throw new Error(`${flag} wants tcp://HOST:PORT, got "${address}"`);
  return { host: match[1], port: Number(match[2]) };
}
