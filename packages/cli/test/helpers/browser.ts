import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../../integration/test/helpers/chromium.js';

/** Chromium, headless, driven by playwright-core (see chromiumLaunchOptions); CI installs it with apt. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions());
}
