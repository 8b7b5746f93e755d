import type { Browser, Locator, Page } from 'playwright-core';
import type { Test } from 'tap';
import { createChatApp } from '../../src/app.js';
import { servedInBrowser } from './browser.js';
import type { ChatApp } from './test-chat.js';

/** The history endpoint of the general room, as the page fetches it. */
export const historyPath = '/api/rooms/general/messages';

/** A chat page and how many history requests it has made. */
export interface ChatPage {
  readonly page: Page;
  readonly historyRequests: () => number;
}

/** A chat page in its own browser context, counting the history requests it makes. */
export async function openChat(browser: Browser, options: { base: string; name: string }): Promise<ChatPage> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  let requests = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === historyPath) requests++;
  });
  await page.goto(`${options.base}/?name=${options.name}&room=general`);
  await page.waitForSelector('#status[data-state="open"]');
  return { page, historyRequests: () => requests };
}

/**
 * `app` (default: the chat with its default settings) served to the browser, and ann and bob in
 * its general room, each in a page of their own (opened in that order, and ready once ann sees bob
 * in her member list), with how many history requests each page has made.
 */
export async function annAndBob(
  t: Test,
  app?: ChatApp,
): Promise<{
  app: ChatApp;
  base: string;
  browser: Browser;
  ann: Page;
  bob: Page;
  historyRequests: Record<'ann' | 'bob', () => number>;
}> {
  const served = app ?? (await createChatApp({ fastify: { logger: false } }));
  const { base, browser } = await servedInBrowser(t, served);
  const ann = await openChat(browser, { base, name: 'ann' });
  const bob = await openChat(browser, { base, name: 'bob' });
  await ann.page.getByTestId('members').getByText('bob').waitFor();
  return {
    app: served,
    base,
    browser,
    ann: ann.page,
    bob: bob.page,
    historyRequests: { ann: ann.historyRequests, bob: bob.historyRequests },
  };
}

/** Records every state the status element takes, so a fast reconnect is not missed. */
export function recordStatus(page: Page): Promise<void> {
  return page.evaluate(() => {
    const status = document.getElementById('status') as HTMLElement;
    const states: string[] = [];
    (window as unknown as { statusStates: string[] }).statusStates = states;
    new MutationObserver(() => states.push(status.dataset['state'] ?? '')).observe(status, {
      attributes: true,
      attributeFilter: ['data-state'],
    });
  });
}

/** Types `text` into the page's message box and sends it with Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.locator('#message-input').fill(text);
  await page.locator('#message-input').press('Enter');
}

/** Sends `text` from one page and waits until it shows among `seenBy`'s messages (the sender's own by default). */
export async function sendAndSee(from: Page, text: string, seenBy: Page = from): Promise<void> {
  await sendMessage(from, text);
  await seenBy.getByTestId('messages').getByText(text).waitFor();
}

/** The page's system notices (`bob joined`, `ann left`) that contain `text`. */
export function systemNotice(page: Page, text: string): Locator {
  return page.getByTestId('messages').locator('li[data-kind="system"]', { hasText: text });
}

/** Waits until the page's member list has `count` names. */
export async function waitForMembers(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (expected) => document.querySelectorAll('#members li').length === expected,
    count,
  );
}

/** A whiteboard page in its own browser context, once its socket is open. */
export async function openBoard(browser: Browser, options: { base: string; name: string }): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 900, height: 700 } })).newPage();
  await page.goto(`${options.base}/board.html?board=team&name=${options.name}`);
  await page.waitForSelector('#status[data-state="open"]');
  return page;
}

/** Runs in the page: how many pixels of the board's canvas are not blank. */
function inkOnCanvas(): number {
  const canvas = document.getElementById('canvas') as HTMLCanvasElement;
  const pixels = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
    0,
    0,
    canvas.width,
    canvas.height,
  ).data;
  let inked = 0;
  for (let index = 3; index < pixels.length; index += 4) if ((pixels[index] as number) > 0) inked++;
  return inked;
}

/** How many pixels of the board's canvas are not blank. */
export function inkedPixels(page: Page): Promise<number> {
  return page.evaluate(inkOnCanvas);
}

/** Waits until something is drawn on the board's canvas. */
export async function waitForInk(page: Page): Promise<void> {
  await page.waitForFunction(inkOnCanvas);
}
