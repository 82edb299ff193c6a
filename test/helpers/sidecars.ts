// Price sources for vote-extension tests: one per validator's sidecar on loopback, serving flat JSON as the
// feeder's http source reads it. Each can be made to lie by a factor.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FeederConfig } from "../../client/feeder/sources";

/** uusdc per unit, as the honest sidecars quote it. */
export const SIDECAR_PRICES = { BTC: 65_000_000_000n, ETH: 3_200_000_000n };

export async function sidecars() {
  /** Per validator: the quoted prices times numerator/100. */
  const percent = new Map<number, bigint>();
  const server = http.createServer((req, res) => {
    const index = Number(/^\/v(\d+)$/.exec(req.url ?? "")?.[1] ?? -1);
    const factor = percent.get(index) ?? 100n;
    const body = Object.fromEntries(Object.entries(SIDECAR_PRICES).map(([asset, price]) => [asset, ((price * factor) / 100n).toString()]));
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** Validator i's sidecar config: its own source, BTC and ETH only. */
    config: (i: number): FeederConfig => ({ sources: [{ type: "http", name: `source${i}`, url: `${base}/v${i}`, timeout_ms: 150 }], assets: Object.keys(SIDECAR_PRICES) }),
    /** 130: validator i's sidecar quotes 30 % high. */
    setPercent: (i: number, value: bigint) => percent.set(i, value),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
