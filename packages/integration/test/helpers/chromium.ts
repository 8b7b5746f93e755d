import { existsSync } from 'node:fs';

// Which Chromium the browser tests of the packages drive, and how. It imports no workspace package
// and not playwright-core either (each package that drives a browser has that as its own
// devDependency), so admin's and the CLI's tests import it relatively with no new edge. apps/chat keeps
// its own copy in test/helpers/browser.ts: it is the source of the chat template, and nothing in it may
// point above its folder (packages/cli/scripts/build-chat-template.mjs checks that).

/** Where Chromium or Chrome usually is; CHROMIUM_PATH, when set, is the only one looked at. */
export const browserCandidates: readonly string[] = process.env['CHROMIUM_PATH']
  ? [process.env['CHROMIUM_PATH']]
  : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The browser the tests drive, or undefined when there is none on this machine. */
export const chromiumPath: string | undefined = browserCandidates.find((path) => existsSync(path));

/**
 * playwright-core's launch options: that browser, headless (never a downloaded one), with flags that
 * keep it from reaching for the network, which a CI machine may not have.
 */
export function chromiumLaunchOptions(): { executablePath: string | undefined; args: string[] } {
  return {
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
  };
}
