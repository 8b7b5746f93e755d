import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import type { Test } from 'tap';

/** Where browser tests write their screenshots (gitignored). */
export const screenshotDir = new URL('../../test-output/', import.meta.url);

/** Where Chromium or Chrome usually is; CHROMIUM_PATH, when set, is the only one looked at. */
const browserCandidates = process.env['CHROMIUM_PATH']
  ? [process.env['CHROMIUM_PATH']]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser the tests drive, or undefined when there is none on this machine. */
export const chromiumPath = browserCandidates.find((path) => existsSync(path));

/** Why the browser tests cannot run, or undefined when they can. */
export const browserMissing = chromiumPath
  ? undefined
  : `no browser at ${browserCandidates.join(', ')}: install Chromium (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary`;

/**
 * `t.test` for a test that needs the browser. Without one it is skipped, with the reason, unless
 * HALYARD_REQUIRE_BROWSER is set (the Halyard repository's `pnpm test` sets it): then it fails, so
 * a CI machine without Chromium cannot pass by skipping.
 */
export async function browserTest(t: Test, name: string, fn: (t: Test) => Promise<void>): Promise<void> {
  if (browserMissing && process.env['HALYARD_REQUIRE_BROWSER'])
    await t.test(name, async (t) => {
      t.fail(browserMissing);
    });
  else await t.test(name, browserMissing ? { skip: browserMissing } : {}, fn);
}

/**
 * Chromium or Chrome, headless, driven by playwright-core (never a downloaded browser). The flags
 * keep it from reaching for the network, which a CI machine may not have.
 */
export async function launchBrowser(): Promise<Browser> {
  await mkdir(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Serves `app` on a free port and launches the browser; both are closed when the test ends.
 * `base` is the app's origin, e.g. `http://127.0.0.1:41234`.
 */
export async function servedInBrowser(
  t: Test,
  app: FastifyInstance,
): Promise<{ base: string; port: number; browser: Browser }> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const { port } = app.server.address() as { port: number };
  const browser = await launchBrowser();
  t.teardown(() => browser.close());
  return { base: `http://127.0.0.1:${port}`, port, browser };
}

export function screenshotPath(name: string): string {
  return new URL(name, screenshotDir).pathname;
}
