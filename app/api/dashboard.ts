// The web dashboard (web/), served beside the REST API it reads, so the page needs no CORS and no second port.
// Four fixed files, read once at start; the only dynamic route gathers recent block events the REST API does not
// answer (liquidations and settlements happen in FinalizeBlock, outside any tx, so tx search cannot find them).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { CometRpc } from "./comet";

const WEB_DIR = path.join(__dirname, "..", "..", "web");

/** Block events the dashboard lists, each found by an indexed attribute (app/context.ts INDEXED_ATTRIBUTES). */
export const DASHBOARD_EVENTS = [
  { type: "liquidation", indexed: "liquidation.account" },
  { type: "insurance_fund_takeover", indexed: "insurance_fund_takeover.account" },
  { type: "series_settled", indexed: "series_settled.series_id" },
] as const;
/** Blocks read per refresh: the newest few with any listed event, so a page load costs a bounded number of RPCs. */
const RECENT_BLOCKS = 10;

interface RecentEvent {
  height: string;
  type: string;
  attributes: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export async function recentBlockEvents(rpc: CometRpc): Promise<RecentEvent[]> {
  const searches = await Promise.all(
    DASHBOARD_EVENTS.map(({ indexed }) => rpc.call("block_search", { query: `${indexed} EXISTS`, page: "1", per_page: String(RECENT_BLOCKS), order_by: "desc" })),
  );
  const heights = [...new Set(searches.flatMap((result: Json) => (result.blocks as Json[]).map((found) => BigInt(found.block.header.height))))]
    .sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))
    .slice(0, RECENT_BLOCKS);
  const wanted = new Set<string>(DASHBOARD_EVENTS.map(({ type }) => type));
  const blocks = await Promise.all(heights.map((height) => rpc.call("block_results", { height: height.toString() })));
  return blocks.flatMap((result: Json) =>
    ((result.finalize_block_events ?? []) as Json[])
      .filter((event) => wanted.has(event.type))
      .map((event) => ({
        height: String(result.height),
        type: String(event.type),
        attributes: Object.fromEntries((event.attributes as Json[]).filter((attribute) => attribute.key !== "mode").map((attribute) => [String(attribute.key), String(attribute.value)])),
      })),
  );
}

export function registerDashboard(server: FastifyInstance, rpc: CometRpc): void {
  const files: Record<string, { type: string; body: Buffer }> = {
    "": { type: "text/html; charset=utf-8", body: readFileSync(path.join(WEB_DIR, "index.html")) },
    "dashboard.js": { type: "text/javascript; charset=utf-8", body: readFileSync(path.join(WEB_DIR, "dashboard.js")) },
    "dashboard.css": { type: "text/css; charset=utf-8", body: readFileSync(path.join(WEB_DIR, "dashboard.css")) },
    // Chart.js's own browser build beside its main entry (the package exports no path to it): no copy in the repository.
    "chart.umd.js": { type: "text/javascript; charset=utf-8", body: readFileSync(path.join(path.dirname(createRequire(__filename).resolve("chart.js")), "chart.umd.js")) },
  };
  server.get("/dashboard", async (_request, reply) => reply.redirect("/dashboard/"));
  for (const [name, file] of Object.entries(files)) {
    server.get(`/dashboard/${name}`, async (_request, reply) => reply.type(file.type).header("cache-control", "no-cache").send(file.body));
  }
  server.get("/dashboard/api/events", async () => ({ events: await recentBlockEvents(rpc) }));
}
