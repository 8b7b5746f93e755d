import 'reflect-metadata';
import t from 'tap';
import type { Browser } from 'playwright-core';
import { createChatApp } from '../src/app.js';
import { launchBrowser, screenshotPath } from './helpers/browser.js';

t.test('the /docs page renders the chat API and its console talks to the live server', async (t) => {
  const app = await createChatApp({ fastify: { logger: false } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const { port } = app.server.address() as { port: number };
  const browser: Browser = await launchBrowser();
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const failed: string[] = [];
  page.on('requestfailed', (request) => failed.push(request.url()));
  page.on('pageerror', (error) => failed.push(`page error: ${error.message}`));

  await page.goto(`http://127.0.0.1:${port}/docs#ws`);
  const viewer = page.getByTestId('asyncapi');
  // channels, operations and message schemas from the AsyncAPI document, rendered by the viewer
  await viewer.getByText('/ws/rooms/{roomId}').first().waitFor({ timeout: 20_000 });
  await viewer.getByText('/ws/boards/{boardId}').first().waitFor();
  // operation and schema sections are rendered collapsed: present in the page, not yet expanded
  await viewer.getByText('Send a message').first().waitFor({ state: 'attached' });
  await viewer.getByText('SendDto').first().waitFor({ state: 'attached' });
  t.pass('channels, operations and schemas are rendered');

  // the console: pick the chat room channel, fill parameters, connect, send, see the reply
  const consolePanel = page.getByTestId('console');
  await consolePanel.getByTestId('channel').selectOption({ label: '/ws/rooms/{roomId}' });
  await consolePanel.getByTestId('param-roomId').fill('general');
  await consolePanel.getByTestId('query-name').fill('docs-console');
  await consolePanel.getByTestId('connect').click();
  await page.waitForSelector('[data-testid="status"][data-state="open"]');
  await consolePanel.getByTestId('message').selectOption({ label: 'send' });
  const prefilled = JSON.parse(await consolePanel.getByTestId('payload').inputValue()) as {
    type: string;
    data: { text: string };
  };
  t.equal(prefilled.type, 'send', 'the payload is pre-filled from the example');
  await consolePanel
    .getByTestId('payload')
    .fill(JSON.stringify({ type: 'send', data: { text: 'hello from the docs' } }));
  await consolePanel.getByTestId('send').click();
  const reply = consolePanel.locator('[data-testid="log"] li[data-kind="reply"]').first();
  await reply.waitFor();
  t.match(await reply.textContent(), /"text": "hello from the docs"/);
  // an invalid message shows the error frame
  await consolePanel.getByTestId('payload').fill(JSON.stringify({ type: 'send', data: { text: '' } }));
  await consolePanel.getByTestId('send').click();
  const error = consolePanel.locator('[data-testid="log"] li[data-kind="error"]').first();
  await error.waitFor();
  t.match(await error.textContent(), /HALYARD_ERR_VALIDATION/);
  // the message was really stored: REST history has it
  const history = (await app.inject({ url: '/api/rooms/general/messages' })).json() as Array<{
    text: string;
  }>;
  t.ok(history.some((message) => message.text === 'hello from the docs'));

  await page.screenshot({ path: screenshotPath('docs-websocket.png'), fullPage: false });
  await page.getByRole('tab', { name: 'REST API' }).click();
  await page.frameLocator('iframe.hy-rest').getByText('/api/rooms').first().waitFor({ timeout: 20_000 });
  await page.screenshot({ path: screenshotPath('docs-rest.png'), fullPage: false });
  t.strictSame(failed, [], 'no failed requests: every asset is served locally');
});
