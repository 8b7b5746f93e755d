import type { Browser, Page } from 'playwright-core';

/** The history endpoint of the general room, as the page fetches it. */
export const historyPath = '/api/rooms/general/messages';

/** A chat page in its own browser context, counting the history requests it makes. */
export async function openChat(
  browser: Browser,
  options: { base: string; name: string },
): Promise<{ page: Page; historyRequests: () => number }> {
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
