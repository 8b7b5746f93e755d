import 'reflect-metadata';
import t from 'tap';
import { connectSocket } from '@halyard/core/testing';
import { createChatApp } from '../src/app.js';
import { browserTest, servedInBrowser, screenshotPath } from './helpers/browser.js';

browserTest(t, 'the /docs page renders the chat API and its console talks to the live server', async (t) => {
  const app = await createChatApp({ fastify: { logger: false } });
  const { port, browser } = await servedInBrowser(t, app);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const failed: string[] = [];
  page.on('requestfailed', (request) => failed.push(request.url()));
  page.on('pageerror', (error) => failed.push(`page error: ${error.message}`));
  // Every Content-Security-Policy violation, in the page and in the Swagger UI frame: Chromium logs
  // each one, and the event reports those a console message could hide (e.g. in an eval).
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy|CSP violation/.test(message.text())) violations.push(message.text());
  });
  // Offline proof: every request the page makes (WebSockets included) is recorded, and anything
  // not addressed to this server is aborted before it leaves, so a CDN link cannot hide behind a cache.
  const origin = `127.0.0.1:${port}`;
  const local = (url: string): boolean => new URL(url).host === origin;
  const requested: string[] = [];
  const blocked: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('websocket', (socket) => requested.push(socket.url()));
  await page.route(
    (url) => url.host !== origin,
    async (route) => {
      blocked.push(route.request().url());
      await route.abort('internetdisconnected');
    },
  );

  const response = await page.goto(`http://127.0.0.1:${port}/docs#ws`);
  const policy = response?.headers()['content-security-policy'] ?? '';
  t.match(policy, /^default-src 'none'; script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'; style-src 'self';/);
  t.match(policy, `connect-src 'self' ws://${origin} wss://${origin};`);
  t.match(policy, "frame-ancestors 'none'");
  t.notMatch(policy, /unsafe-(inline|eval)/, 'no inline code but the hashed config, no eval');
  t.equal(response?.headers()['x-content-type-options'], 'nosniff');
  const viewerPolicy = (await app.inject({ url: '/docs/asyncapi-viewer' })).headers[
    'content-security-policy'
  ];
  t.match(viewerPolicy, /^sandbox allow-scripts; /, 'the one frame that may eval has an opaque origin');
  t.match(viewerPolicy, "connect-src 'none'");
  // The viewer runs in a sandboxed frame: its bundled parser needs eval, which the page forbids.
  const viewer = page.frameLocator('[data-testid="asyncapi"]');
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
  const prefilled: unknown = JSON.parse(await consolePanel.getByTestId('payload').inputValue());
  const asyncapi = (await app.inject({ url: '/docs/asyncapi.json' })).json() as {
    channels: Record<string, { messages: Record<string, { $ref: string }> }>;
    components: { messages: Record<string, { examples?: Array<{ payload: unknown }> }> };
  };
  const sendRef = asyncapi.channels['ChatSocket']?.messages['send']?.$ref ?? '';
  const sendExample = asyncapi.components.messages[sendRef.split('/').pop() ?? '']?.examples?.[0]?.payload;
  t.ok(sendExample, 'the send message has an example');
  t.strictSame(prefilled, sendExample, 'the payload is pre-filled with examples[0].payload');

  // a push: another member joins the room, the console shows its presence.joined
  const bob = await connectSocket(app, '/ws/rooms/general', { query: { name: 'bob' } });
  t.teardown(() => bob.close());
  const push = consolePanel
    .locator('[data-testid="log"] li[data-kind="push"]')
    .filter({ hasText: 'presence.joined' })
    .first();
  await push.waitFor();
  t.match(await push.textContent(), /"name": "bob"/, 'the push carries the new member');
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
  const history = (await app.inject({ url: '/api/rooms/general/messages' })).json() as {
    messages: Array<{ text: string }>;
  };
  t.ok(history.messages.some((message) => message.text === 'hello from the docs'));

  await page.screenshot({ path: screenshotPath('docs-websocket.png'), fullPage: false });
  await page.getByRole('tab', { name: 'REST API' }).click();
  await page.frameLocator('iframe.hy-rest').getByText('/api/rooms').first().waitFor({ timeout: 20_000 });
  const swaggerPolicy = (await app.inject({ url: '/docs/http/' })).headers['content-security-policy'];
  t.match(swaggerPolicy, /^default-src 'none'; script-src 'self'; style-src 'self';/);
  t.match(swaggerPolicy, "frame-ancestors 'self'", 'Swagger UI may be framed by the docs page only');
  await page.screenshot({ path: screenshotPath('docs-rest.png'), fullPage: false });
  t.strictSame(failed, [], 'no failed requests: every asset is served locally');
  t.strictSame(violations, [], 'no Content-Security-Policy violation, in the page or the REST frame');
  t.strictSame(blocked, [], 'the page tried to reach nothing but this server');
  t.ok(requested.length > 5, `the page made requests (${requested.length})`);
  t.strictSame(
    requested.filter((url) => !local(url)),
    [],
    `every request went to ${origin}`,
  );
  t.ok(
    requested.some((url) => url.startsWith(`ws://${origin}/ws/rooms/general`)),
    'the console socket is among them',
  );
});
