import 'reflect-metadata';
import t from 'tap';
import { createChatApp } from '../src/app.js';
import { browserTest, servedInBrowser } from './helpers/browser.js';
import { sendMessage } from './helpers/chat-page.js';

browserTest(
  t,
  'the page refreshes its 2 s token live with no disconnect; a non-member is refused a private room',
  async (t) => {
    const app = await createChatApp({ fastify: { logger: false } }, { tokenTtlMs: 2_000 });
    const upgrades: string[] = [];
    app.server.on('upgrade', (request: { url?: string }) => upgrades.push(String(request.url).split('?')[0]));
    const { base, browser } = await servedInBrowser(t, app);

    const context = await browser.newContext();
    // Every state the status line ever shows, from the first paint on.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { seenStates: string[] }).seenStates = seen;
      new MutationObserver(() => {
        const state = document.getElementById('status')?.dataset['state'];
        if (state && seen.at(-1) !== state) seen.push(state);
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
    });
    const page = await context.newPage();
    await page.goto(`${base}/?name=ann&room=general`);
    await page.waitForSelector('#status[data-state="open"]');
    const [socket] = app.halyard.hub.connections();
    t.ok(socket, 'one socket');
    // Three token lifetimes: each `$expiring` is answered by the page's auth provider with `$auth`.
    await page.waitForTimeout(6_000);
    await sendMessage(page, 'still connected');
    await page.getByText('still connected').first().waitFor();
    t.strictSame(
      await page.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates),
      ['connecting', 'open'],
      'the page never showed a disconnect',
    );
    t.strictSame(upgrades, ['/ws/rooms/general'], 'one upgrade: the same socket all along');
    t.strictSame(
      app.halyard.hub.connections().map((connection) => connection.id),
      [socket!.id],
    );
    t.equal((socket!.identity as { name: string }).name, 'ann');

    // A private room of cy's: ann's page is refused it, over REST and so never opens its socket.
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { name: 'cy' } });
    const created = await app.inject({
      method: 'POST',
      url: '/api/rooms',
      headers: { authorization: `Bearer ${(login.json() as { token: string }).token}` },
      payload: { id: 'secret', title: 'Secret', private: true },
    });
    t.equal(created.statusCode, 201);
    const other = await context.newPage();
    await other.goto(`${base}/?name=ann&room=secret`);
    await other.getByText('Room "secret" is private: ann is not invited').waitFor();
    t.notOk(upgrades.includes('/ws/rooms/secret'), 'no socket to the private room was opened');
    t.equal(await other.locator('#rooms li[data-room="secret"]').count(), 0, 'not listed to ann');
    t.strictSame(await app.halyard.hub.roomMembers('room:secret'), []);
  },
);
