import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../integration/test/helpers/chromium.js';
import { bearer, closeAll, token, twoClients } from './fixtures.js';

const outputDir = new URL('../../../test-output/', import.meta.url);
const screenshot = fileURLToPath(new URL('admin-page.png', outputDir));

t.test('the admin page in Chromium: log in, watch, send to a room, disconnect', async (t) => {
  const fixture = await twoClients({ token });
  t.teardown(() => closeAll(fixture));
  const { app, red, blue, redId, blueId } = fixture;
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on TCP');
  const base = `http://127.0.0.1:${address.port}`;

  const browser: Browser = await chromium.launch(chromiumLaunchOptions());
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The login page (401) and the rejected send (400) are answers by design; Chromium logs them.
    const expected = /^Failed to load resource: the server responded with a status of 40[01] /;
    if (message.type() === 'error' && !expected.test(message.text())) problems.push(message.text());
  });

  await page.goto(`${base}/admin`);
  await page.fill('[data-testid="login-token"]', 'not the token');
  await page.click('[data-testid="login-submit"]');
  t.equal(await page.textContent('[data-testid="login-error"]'), 'Wrong token');
  await page.fill('[data-testid="login-token"]', token);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('[data-testid="login-submit"]')]);
  await page.waitForSelector('[data-testid="live-status"][data-state="open"]');

  const redRow = page.locator(`tr[data-connection-id="${redId}"]`);
  const blueRow = page.locator(`tr[data-connection-id="${blueId}"]`);
  await redRow.waitFor();
  await blueRow.waitFor();
  t.equal(await page.locator('[data-testid="connections"] tbody tr').count(), 2);
  const redCells = await redRow.locator('td').allTextContents();
  t.equal(redCells[0], redId);
  t.equal(redCells[1], '/hub');
  t.equal(redCells[2], '127.0.0.1');
  t.match(redCells[3], /^\d\d:\d\d:\d\d\.\d{3} \(\d+s\)$/);
  t.equal(redCells[4], '{"name":"red","tags":["first"],"loop":{"self":"[Circular]"},"big":"12n"}');
  t.equal(redCells[5], '{"name":"red"}');
  t.equal(redCells[6], 'everyone, red');
  await page.waitForSelector('[data-testid="rooms"] li[data-room="everyone"]');
  t.equal(await page.locator('[data-testid="rooms"] > li').count(), 3);
  t.equal(await page.textContent('[data-stat="connections"] dd'), '2');
  t.equal(await page.textContent('[data-testid="adapter"]'), 'adapter: memory');
  t.equal(await page.locator('[data-testid="routes"] tr[data-route="/hub"]').count(), 1);

  // Handler latency per route and type: a message red sent shows up in its row at the next snapshot.
  await red.request('say', { text: 'measured' });
  const sayRow = page.locator('[data-testid="latency"] tr[data-route="/hub"][data-type="say"]');
  await sayRow.waitFor();
  const sayCells = await sayRow.locator('td').allTextContents();
  t.strictSame(sayCells.slice(0, 7), ['/hub', 'say', '1', '1', '0', '0', '0']);
  for (const cell of sayCells.slice(7)) t.match(cell, /^\d+\.\d+ m?s$/, 'p50, p95, p99 in milliseconds');

  // Send to a room from the form: only the room's member gets it, and the traffic view shows it.
  await page.selectOption('[data-testid="send-target"]', 'room');
  await page.fill('[data-testid="send-room"]', 'red');
  await page.fill('[data-testid="send-type"]', 'admin.notice');
  await page.fill('[data-testid="send-data"]', '{ "text": "from the page" }');
  await page.click('[data-testid="send-submit"]');
  t.strictSame(await red.nextPush('admin.notice'), { type: 'admin.notice', data: { text: 'from the page' } });
  await page.waitForSelector('[data-testid="send-result"][data-state="ok"]');
  t.equal(
    await page.textContent('[data-testid="send-result"]'),
    'Sent "admin.notice" to 1 connection(s) on this instance',
  );
  t.notOk(
    blue.frames.some((frame) => frame.type === 'admin.notice'),
    'blue is not in the room',
  );
  const notice = page.locator('[data-testid="traffic"] li', { hasText: 'admin.notice' });
  await notice.first().waitFor();
  t.equal(await notice.first().getAttribute('data-direction'), 'out');
  t.equal(await notice.first().getAttribute('data-connection-id'), redId);

  // Invalid JSON never leaves the page; a server-side validation error is shown as such.
  await page.fill('[data-testid="send-data"]', '{ nope');
  await page.click('[data-testid="send-submit"]');
  t.match(await page.textContent('[data-testid="send-result"]'), /^Data is not valid JSON: /);
  await page.fill('[data-testid="send-data"]', '');
  await page.fill('[data-testid="send-type"]', 'reply');
  await page.click('[data-testid="send-submit"]');
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="send-result"]')?.textContent?.startsWith('body failed'),
  );
  t.equal(
    await page.textContent('[data-testid="send-result"]'),
    'body failed validation: type "reply" is reserved by the wire protocol (reply, error, presence.*)',
  );

  // Pausing holds new frames back until resumed; newest first.
  await page.click('[data-testid="traffic-pause"]');
  await app.inject({
    method: 'POST',
    url: '/admin/api/send',
    headers: bearer,
    payload: { target: 'connection', id: blueId, type: 'while.paused' },
  });
  await blue.nextPush('while.paused');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="traffic-info"]')?.textContent === 'paused, 1 new',
  );
  t.equal(await page.locator('[data-testid="traffic"] li', { hasText: 'while.paused' }).count(), 0);
  await page.click('[data-testid="traffic-pause"]');
  t.match(await page.locator('[data-testid="traffic"] li').first().textContent(), 'while.paused');

  await page.fill('[data-testid="send-type"]', 'admin.notice');
  mkdirSync(outputDir, { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: true });

  // Disconnect blue from its row: the button fills the form.
  await blueRow.locator('button[data-action="disconnect"]').click();
  t.equal(await page.inputValue('[data-testid="disconnect-id"]'), blueId);
  await page.fill('[data-testid="disconnect-code"]', '4000');
  await page.fill('[data-testid="disconnect-reason"]', 'bye from the page');
  await page.click('[data-testid="disconnect-submit"]');
  t.strictSame(await blue.closed, { code: 4000, reason: 'bye from the page' });
  await page.waitForSelector('[data-testid="disconnect-result"][data-state="ok"]');
  t.equal(
    await page.textContent('[data-testid="disconnect-result"]'),
    `Closed ${blueId} with 4000 (bye from the page)`,
  );
  await blueRow.waitFor({ state: 'detached' });
  await page.waitForFunction(
    () => document.querySelector('[data-stat="connections"] dd')?.textContent === '1',
  );
  t.equal(await page.locator('[data-testid="connections"] tbody tr').count(), 1);
  t.ok(red.isOpen, 'red is still connected');

  t.strictSame(problems, [], 'no script error and no security-policy violation');
});
