import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { percentile, round } from "./load.ts";

// playwright-core comes with @playwright/test in the web app; Debian's Chromium, never a download.
const webRequire = createRequire(path.resolve(import.meta.dirname, "../../apps/web/package.json"));

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface BrowserResult {
  chromium: string;
  runs: number;
  rowsVisibleMs: number[];
  rowsVisibleP50: number;
  rowsVisibleMax: number;
  /** JavaScript fetched before the rows were visible, per file. */
  scripts: { url: string; bytes: number; gzipBytes: number }[];
  initialJsGzipKb: number;
  initialJsKb: number;
  /** The reports.list request the dashboard sent for the inbox. */
  listRequestUrl: string | null;
}

/** The little of Playwright's API used here (its types live in the web app's dependencies). */
interface PwResponse {
  url(): string;
  body(): Promise<Buffer>;
  request(): { resourceType(): string };
}
interface PwPage {
  addInitScript(script: string): Promise<void>;
  on(event: "response", fn: (res: PwResponse) => void): void;
  on(event: "request", fn: (req: { url(): string }) => void): void;
  goto(url: string, opts: { waitUntil: "commit" }): Promise<unknown>;
  waitForFunction(fn: () => boolean, arg: undefined, opts: { timeout: number }): Promise<unknown>;
  evaluate<T>(fn: () => T): Promise<T>;
}
interface Chromium {
  launch(opts: { executablePath: string; args: string[] }): Promise<{
    version(): string;
    close(): Promise<void>;
    newContext(opts: { viewport: { width: number; height: number } }): Promise<{
      addCookies(
        cookies: { name: string; value: string; url: string; httpOnly: boolean; sameSite: "Strict" }[],
      ): Promise<void>;
      newPage(): Promise<PwPage>;
      close(): Promise<void>;
    }>;
  }>;
}

type RowsWindow = Window & { __rowsVisibleAt?: number };

/** Records when the first inbox row is in the page, at the next frame (when it is painted). */
const ROWS_OBSERVER = `
  const observer = new MutationObserver(() => {
    if (window.__rowsVisibleAt === undefined && document.querySelector('table[aria-label="Reports"] tbody tr td')) {
      observer.disconnect();
      requestAnimationFrame(() => { window.__rowsVisibleAt = performance.now(); });
    }
  });
  observer.observe(document, { childList: true, subtree: true });
`;

/**
 * First load of the inbox in headless Chromium, signed in by cookie, each run
 * in a fresh context (empty cache): milliseconds from navigation start until
 * the first frame after the inbox rows are in the page.
 */
export async function measureBrowser(
  baseUrl: string,
  sessionToken: string,
  opts: { runs: number; executablePath: string },
): Promise<BrowserResult> {
  const { chromium } = webRequire("@playwright/test") as { chromium: Chromium };
  const browser = await chromium.launch({ executablePath: opts.executablePath, args: CHROMIUM_ARGS });
  const times: number[] = [];
  let scripts: BrowserResult["scripts"] = [];
  let listRequestUrl: string | null = null;
  try {
    for (let run = 0; run < opts.runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
      await context.addCookies([
        {
          name: "embargo_session",
          value: sessionToken,
          url: baseUrl,
          httpOnly: true,
          sameSite: "Strict",
        },
      ]);
      const page = await context.newPage();
      // A string, not a function: tsx would wrap named functions in a helper the page does not have.
      await page.addInitScript(ROWS_OBSERVER);
      const bodies: Promise<BrowserResult["scripts"][number] | null>[] = [];
      page.on("response", (res) => {
        if (res.request().resourceType() !== "script") return;
        bodies.push(
          res
            .body()
            .then((b) => ({ url: new URL(res.url()).pathname, bytes: b.length, gzipBytes: gzipSync(b).length }))
            .catch(() => null),
        );
      });
      page.on("request", (req) => {
        if (req.url().includes("reports.list")) listRequestUrl ??= req.url();
      });
      await page.goto(`${baseUrl}/`, { waitUntil: "commit" });
      // Inline arrow functions (no named helpers for tsx to wrap); strings would be eval, which the CSP forbids.
      await page.waitForFunction(() => (window as RowsWindow).__rowsVisibleAt !== undefined, undefined, {
        timeout: 30_000,
      });
      times.push(round((await page.evaluate(() => (window as RowsWindow).__rowsVisibleAt)) as number, 1));
      if (run === 0) scripts = (await Promise.all(bodies)).filter((s) => s !== null);
      await context.close();
    }
    const version = browser.version();
    const sorted = [...times].sort((a, b) => a - b);
    const gz = scripts.reduce((n, s) => n + s.gzipBytes, 0);
    const rawBytes = scripts.reduce((n, s) => n + s.bytes, 0);
    return {
      chromium: version,
      runs: times.length,
      rowsVisibleMs: times,
      rowsVisibleP50: round(percentile(sorted, 50), 1),
      rowsVisibleMax: round(sorted[sorted.length - 1]!, 1),
      scripts,
      initialJsGzipKb: round(gz / 1024, 1),
      initialJsKb: round(rawBytes / 1024, 1),
      listRequestUrl,
    };
  } finally {
    await browser.close();
  }
}
