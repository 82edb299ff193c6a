// The dashboard: one page that reads the node's REST API (same origin) every REFRESH_MS and redraws. Values that
// came from users (monikers, reasons) are only ever set as text, never parsed as HTML.
"use strict";

const REFRESH_MS = 2000;
const HISTORY_POINTS = 60;
const SHOWN_SERIES = 20;

/** BTC and ETH are voted in uusdc per unit: shown in USD. Implied vols, smile multiples and uopt are plain numbers. */
function shownPrice(asset, price) {
  const value = Number(price);
  if (asset.endsWith("-IV") || asset.includes("-SMILE-") || asset.startsWith("u")) return value.toPrecision(4);
  return (value / 1e6).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

async function api(path) {
  const response = await fetch(path);
  const body = await response.json();
  if (!response.ok) throw new Error(`${path}: ${body.message ?? response.status}`);
  return body;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function fillRows(table, rows) {
  const body = document.querySelector(`#${table} tbody`);
  body.replaceChildren(
    ...rows.map((cells) => {
      const row = el("tr");
      for (const cell of cells) row.append(cell instanceof Node ? cell : el("td", cell));
      return row;
    }),
  );
}

const short = (address) => (address.length > 20 ? `${address.slice(0, 12)}…${address.slice(-6)}` : address);

let chart;
let chartAsset = "";

async function drawHeader() {
  const latest = await api("/cosmos/base/tendermint/v1beta1/blocks/latest");
  const header = latest.block.header;
  document.getElementById("chain-id").textContent = header.chain_id;
  document.getElementById("height").textContent = header.height;
  document.getElementById("block-time").textContent = new Date(header.time).toISOString().replace("T", " ").slice(0, 19) + " UTC";
  const { halt } = await api("/optchain/circuit/v1/halt");
  const haltNode = document.getElementById("halt");
  haltNode.hidden = !halt;
  if (halt) haltNode.textContent = `chain halts at height ${halt.height}: ${halt.reason ?? ""}`;
}

async function drawValidators() {
  const [{ validators }, { miss_counters: misses }, { infos }] = await Promise.all([
    api("/optchain/staking/v1/validators?pagination.limit=200"),
    api("/optchain/oracle/v1/miss_counters?pagination.limit=200"),
    api("/optchain/slashing/v1/signing_infos?pagination.limit=200"),
  ]);
  const missesOf = new Map(misses.map((entry) => [entry.validator, entry]));
  const infoOf = new Map(infos.map((info) => [info.validator, info]));
  fillRows(
    "validators",
    validators.map((validator) => {
      const miss = missesOf.get(validator.operator_address);
      const info = infoOf.get(validator.operator_address);
      const status = info?.tombstoned ? "tombstoned" : validator.jailed ? "jailed" : "active";
      return [validator.moniker, short(validator.operator_address), validator.power, miss ? `${miss.misses} / ${miss.ballots}` : "–", info?.missed_blocks_counter ?? "–", el("td", status, status === "active" ? "ok" : "bad")];
    }),
  );
}

async function drawOracle() {
  const [{ prices }, { tallies }] = await Promise.all([api("/optchain/oracle/v1/prices?pagination.limit=100"), api("/optchain/oracle/v1/last_tallies?pagination.limit=100")]);
  const tallyOf = new Map(tallies.map((tally) => [tally.asset, tally]));
  fillRows(
    "prices",
    prices.map((price) => {
      const tally = tallyOf.get(price.asset);
      const inBand = tally ? `${tally.votes.filter((vote) => vote.in_band).length} of ${tally.votes.length}` : "–";
      return [price.asset, shownPrice(price.asset, price.price), price.height, inBand, el("td", price.stale ? "stale" : "fresh", price.stale ? "bad" : "ok")];
    }),
  );

  const select = document.getElementById("chart-asset");
  if (select.options.length === 0 && prices.length > 0) {
    for (const price of prices) select.append(new Option(price.asset, price.asset));
    select.addEventListener("change", () => {
      chartAsset = select.value;
      void refresh();
    });
    chartAsset = prices[0].asset;
  }
  if (!chartAsset) return;
  document.getElementById("tally-asset").textContent = chartAsset;
  const tally = tallyOf.get(chartAsset);
  fillRows(
    "tally",
    (tally?.votes ?? []).map((vote) => [short(vote.validator), shownPrice(chartAsset, vote.price), vote.power, el("td", vote.in_band ? "yes" : "no", vote.in_band ? "ok" : "bad")]),
  );

  const history = await api(`/optchain/oracle/v1/price_history?asset=${encodeURIComponent(chartAsset)}&pagination.limit=${HISTORY_POINTS}&pagination.reverse=true`);
  const points = history.prices.slice().reverse();
  const labels = points.map((point) => point.height);
  const values = points.map((point) => Number(shownPrice(chartAsset, point.price).replace(/,/g, "")));
  if (!chart) {
    chart = new Chart(document.getElementById("price-chart"), {
      type: "line",
      data: { labels, datasets: [{ label: chartAsset, data: values, borderWidth: 2, pointRadius: 0 }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { title: { display: true, text: "height" } } } },
    });
  } else {
    chart.data.labels = labels;
    chart.data.datasets[0].data = values;
    chart.data.datasets[0].label = chartAsset;
    chart.update();
  }
}

async function drawMarkets() {
  const [{ series }, { open_interest: openInterest }] = await Promise.all([
    api(`/optchain/options/v1/series_list?pagination.limit=${SHOWN_SERIES}`),
    api("/optchain/options/v1/open_interest?pagination.limit=200"),
  ]);
  const openOf = new Map(openInterest.map((entry) => [entry.series_id, entry.contracts]));
  const books = await Promise.all(series.map((one) => api(`/optchain/options/v1/book?series_id=${one.id}&depth=10`)));
  const depth = (levels) => levels.reduce((sum, level) => sum + Number(level.quantity), 0);
  const best = (levels) => (levels.length > 0 ? (Number(levels[0].price) / 1e6).toFixed(2) : "–");
  fillRows(
    "markets",
    series.map((one, i) => [one.name, one.status.replace("SERIES_STATUS_", "").toLowerCase(), best(books[i].bids), depth(books[i].bids), best(books[i].asks), depth(books[i].asks), openOf.get(one.id) ?? "0"]),
  );
}

async function drawCircuit() {
  const [{ markets }, { breakers }] = await Promise.all([api("/optchain/circuit/v1/markets?pagination.limit=100"), api("/optchain/circuit/v1/breakers?pagination.limit=100")]);
  const items = [];
  for (const market of markets) {
    for (const freeze of market.freezes) {
      const until = freeze.until_height === "0" ? "until cleared" : `until height ${freeze.until_height}`;
      items.push(el("li", `${market.underlying || "whole market"} frozen (${freeze.kind}) since height ${freeze.since_height}, ${until}: ${freeze.detail}`, "bad"));
    }
    if (market.in_grace_period) items.push(el("li", `${market.underlying || "whole market"}: liquidation grace period until height ${market.grace_until_height}`));
  }
  for (const breaker of breakers) items.push(el("li", `breaker on ${breaker.type_url} since height ${breaker.height}: ${breaker.reason}`, "bad"));
  if (items.length === 0) items.push(el("li", "no breaker tripped, no market frozen", "ok"));
  document.getElementById("freezes").replaceChildren(...items);
}

async function drawFund() {
  const [fund, { events }] = await Promise.all([api("/optchain/options/v1/insurance_fund?pagination.limit=1"), api("/dashboard/api/events")]);
  document.getElementById("fund-equity").textContent = fund.equity;
  document.getElementById("fund-shares").textContent = fund.total_shares;
  fillRows(
    "events",
    events.map((event) => [event.height, event.type, Object.entries(event.attributes).map(([key, value]) => `${key}=${value}`).join(" ")]),
  );
}

async function refresh() {
  const errorNode = document.getElementById("api-error");
  const results = await Promise.allSettled([drawHeader(), drawValidators(), drawOracle(), drawMarkets(), drawCircuit(), drawFund()]);
  const failed = results.filter((result) => result.status === "rejected");
  errorNode.hidden = failed.length === 0;
  errorNode.textContent = failed.map((result) => result.reason.message).join("; ");
}

void refresh();
setInterval(() => void refresh(), REFRESH_MS);
