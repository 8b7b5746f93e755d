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
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
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
