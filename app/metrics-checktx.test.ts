// CheckTx's duration histogram and call counter are tallied in plain fields and handed to prom-client at scrape
// time. What /metrics answers must not change: the reference here is the code it replaced, prom-client's own
// Histogram and Counter with the same names, help, buckets and labels, fed the same calls, observe() and inc()
// on every call. Scrapes happen at generated points in between, so counts handed over by an earlier scrape and
// series first seen after it are covered too.
import fc from "fast-check";
import { Counter, Histogram, Registry } from "prom-client";
import { CheckTxTallies } from "./metrics";

/** The buckets the replaced histogram was declared with. */
const REFERENCE_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

function reference() {
  const registry = new Registry();
  const duration = new Histogram({ name: "optchain_check_tx_duration_seconds", help: "Wall time of one CheckTx", buckets: REFERENCE_BUCKETS, labelNames: ["type"], registers: [registry] });
  const calls = new Counter({ name: "optchain_check_tx_total", help: "CheckTx calls by type (new, recheck) and result (accepted, refused)", labelNames: ["type", "result"], registers: [registry] });
  return {
    registry,
    record(type: number, seconds: number, accepted: boolean) {
      const label = type === 1 ? "recheck" : "new";
      duration.observe({ type: label }, seconds);
      calls.inc({ type: label, result: accepted ? "accepted" : "refused" });
    },
  };
}

const duration = fc.oneof(
  // exactly on a bound (le is inclusive), next to one, and beyond the last
  fc.constantFrom(...REFERENCE_BUCKETS),
  fc.constantFrom(...REFERENCE_BUCKETS).map((bound) => bound * (1 + Number.EPSILON)),
  fc.double({ min: 0, max: 0.2, noNaN: true }),
  fc.double({ min: 0, max: 1e-6, noNaN: true }),
  fc.constantFrom(0, 5, 1e9),
);

type Step = { record: [number, number, boolean] } | { scrape: true };
const steps = fc.array(
  fc.oneof(
    { weight: 20, arbitrary: fc.tuple(fc.constantFrom(0, 1, 2), duration, fc.boolean()).map((record): Step => ({ record })) },
    { weight: 1, arbitrary: fc.constant<Step>({ scrape: true }) },
  ),
  { maxLength: 300 },
);

test("property: /metrics answers the same text for CheckTx as prom-client's Histogram and Counter fed every call", async () => {
  await fc.assert(
    fc.asyncProperty(steps, async (script) => {
      const tallied = new Registry();
      const tallies = new CheckTxTallies([tallied]);
      const expected = reference();
      for (const step of script) {
        if ("record" in step) {
          tallies.record(...step.record);
          expected.record(...step.record);
        } else expect(await tallied.metrics()).toBe(await expected.registry.metrics());
      }
      expect(await tallied.metrics()).toBe(await expected.registry.metrics());
    }),
    { numRuns: 300 },
  );
});

test("a scrape after a scrape with no CheckTx in between answers the same counts", async () => {
  const tallied = new Registry();
  const tallies = new CheckTxTallies([tallied]);
  for (let i = 0; i < 5; i++) tallies.record(i % 2, 0.0003 * i, i !== 3);
  const first = await tallied.metrics();
  expect(first).toContain('optchain_check_tx_total{type="new",result="accepted"} 3');
  expect(first).toContain('optchain_check_tx_duration_seconds_bucket{le="0.0005",type="recheck"} 1');
  expect(await tallied.metrics()).toBe(first);
});
