import { existsSync } from 'node:fs';
import type { Test } from 'tap';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';

/** Where browser tests write their screenshots (gitignored). */
export const screenshotDir = new URL('../../test-output/', import.meta.url);

/**
 * Debian's Chromium, headless, driven by playwright-core (never a downloaded browser). The flags
 * keep it from reaching for the network, which this machine does not have.
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

export function screenshotPath(name: string): string {
  return new URL(name, screenshotDir).pathname;
}

/** Where Chromium or Chrome usually is; CHROMIUM_PATH, when set, is the only one looked at. */
const browserCandidates = process.env['CHROMIUM_PATH']
  ? [process.env['CHROMIUM_PATH']]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser the tests drive, or undefined when there is none on this machine. */
export const chromiumPath = browserCandidates.find((path) => existsSync(path));

/** Why the browser tests are skipped, or undefined when they run. */
export const browserMissing = chromiumPath
  ? undefined
  : `no browser at ${browserCandidates.join(', ')}: install Chromium (Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary`;

/** `t.test` for a test that needs the browser: skipped, with the reason, when there is none. */
export function browserTest(t: Test, name: string, fn: (t: Test) => Promise<void>): Promise<void> {
  return t.test(name, browserMissing ? { skip: browserMissing } : {}, fn);
}
