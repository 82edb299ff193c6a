// The web dashboard in a real headless Chromium (Debian's, driven by puppeteer-core) against a real
// single-validator chain: the page must load without a console error, follow the chain's height, and show the
// price this test's feeder put on chain. A screenshot is kept for people to look at.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { stringToPath } from "@cosmjs/crypto";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import puppeteer, { type Browser } from "puppeteer-core";
import { accAddressBytes, toValoper } from "../app/address";
import { consoleLogger } from "../app/logger";
import { BECH32_PREFIX, DEV_MNEMONIC, devWallet } from "../client";
import { Feeder } from "../client/feeder/feeder";
import { FileSource } from "../client/feeder/sources";
import { feederHdPath, fundFeeders } from "../localnet/feeders";
import { PROJECT_ROOT } from "../localnet/cometbft";
import { startTestnet } from "./helpers/chain";

jest.setTimeout(240_000);

/** Installed by scripts/install-chromium.sh (Debian's chromium package); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOT = path.join(PROJECT_ROOT, "test-output", "dashboard.png");

describe("the dashboard in a real browser", () => {
  let chain: Awaited<ReturnType<typeof startTestnet>>;
  let browser: Browser;
  let feeder: Feeder | undefined;
  let feeding: Promise<void> | undefined;
  const priceDir = mkdtempSync(path.join(os.tmpdir(), "optchain-dashboard-"));
  const priceFile = path.join(priceDir, "prices.json");

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run bash scripts/install-chromium.sh (or set CHROMIUM_PATH)`);
    chain = await startTestnet(1, { timeoutCommitMs: 250, voteExtensionsEnableHeight: 0 }); // its feeder votes by commit-reveal
    writeFileSync(priceFile, JSON.stringify({ BTC: "61234500000" }));
    const [validatorAccount] = (await (await devWallet(1)).getAccounts()).map((a) => a.address);
    const wallet = await DirectSecp256k1HdWallet.fromMnemonic(DEV_MNEMONIC, { prefix: BECH32_PREFIX, hdPaths: [stringToPath(feederHdPath(0))] });
    await fundFeeders([chain.net.rpc(0)], [(await wallet.getAccounts())[0].address]);
    feeder = await Feeder.connect({
      rpc: chain.net.rpc(0),
      validator: toValoper(accAddressBytes(validatorAccount)),
      signer: wallet,
      sources: [new FileSource("file", priceFile)],
      assets: ["BTC"],
      log: consoleLogger("feeder", true),
    });
    feeding = feeder.run();
    // A clean-clone CI run (71226f2) once waited 30 s, puppeteer's default, for the DevTools line of a Chromium that
    // starts in under a second here; a launch that never answers is retried once. The timeouts only guard hangs.
    const launch = () => puppeteer.launch({ executablePath: CHROMIUM, headless: true, timeout: 45_000, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
    browser = await launch().catch((error: unknown) => {
      console.error(`Chromium did not start, once more: ${String(error)}`);
      return launch();
    });
  }, 180_000);

  afterAll(async () => {
    feeder?.stop();
    await feeding;
    feeder?.disconnect();
    await browser?.close();
    await chain?.stop();
    rmSync(priceDir, { recursive: true, force: true });
  });

  test("loads with no console error, follows the height, and shows the feeder's price and the validator", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warn") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${(error as Error).message}`));
    page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    await page.setViewport({ width: 1400, height: 1000 });

    const api = `http://127.0.0.1:${chain.net.nodes[0].ports.api}`;
    await page.goto(`${api}/dashboard`, { waitUntil: "load" });

    // Browser-side code as text: the test compiles without the DOM's types (they clash with Node's fetch types).
    const inPage = <T>(expression: string) => page.evaluate(expression) as Promise<T>;
    const text = (selector: string) => inPage<string>(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ""`);
    const rows = (table: string) => inPage<string[]>(`Array.from(document.querySelectorAll("#${table} tbody tr"), (row) => row.textContent)`);

    await page.waitForFunction(`/^[0-9]+$/.test(document.querySelector("#height")?.textContent ?? "")`, { timeout: 30_000 });
    const first = Number(await text("#height"));
    await page.waitForFunction(`Number(document.querySelector("#height").textContent) > ${first}`, { timeout: 30_000 });

    // The feeder's 61,234.5 USD reaches the chain after a vote period, then the page's next refresh shows it.
    await page.waitForFunction(`Array.from(document.querySelectorAll("#prices tbody tr")).some((row) => row.textContent.includes("BTC") && row.textContent.includes("61,234.50"))`, { timeout: 90_000 });
    const validators = await rows("validators");
    expect(validators).toEqual([expect.stringContaining("validator-0")]);
    expect(validators[0]).toContain("active");
    expect((await rows("markets")).length).toBeGreaterThan(0);
    expect(await text("#freezes")).toContain("no breaker tripped");
    expect(await text("#fund-equity")).toMatch(/^[0-9]+$/);
    // the tally table and the chart of the first asset (BTC) were drawn
    await page.waitForFunction(`document.querySelector("#tally tbody tr") !== null`, { timeout: 30_000 });
    expect((await rows("tally"))[0]).toContain("61,234.50");
    expect(await inPage<number>(`document.querySelector("#price-chart").width`)).toBeGreaterThan(0);
    expect(await inPage<boolean>(`document.querySelector("#api-error").hidden`)).toBe(true);

    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(problems).toEqual([]);
  });
});
