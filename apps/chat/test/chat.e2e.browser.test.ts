import 'reflect-metadata';
import t from 'tap';
import type { Page } from 'playwright-core';
import { createChatApp } from '../src/app.js';
import { browserTest, screenshotPath } from './helpers/browser.js';
import {
  annAndBob,
  inkedPixels,
  openBoard,
  openChat,
  recordStatus,
  sendAndSee,
  systemNotice,
  waitForInk,
  waitForMembers,
} from './helpers/chat-page.js';

browserTest(
  t,
  'two browsers in one room: presence, typing, messages, system notices; a shared whiteboard',
  async (t) => {
    const { base, browser, ann, bob } = await annAndBob(t);

    // presence: each sees the other in the member list (annAndBob waited for ann to see bob)
    await bob.getByTestId('members').getByText('ann').waitFor();
    // system message about bob joining, pushed live to ann
    await systemNotice(ann, 'bob joined').waitFor();

    // typing indicator
    await bob.locator('#message-input').pressSequentially('hello ann', { delay: 20 });
    await ann.getByTestId('typing').getByText('bob is typing…').waitFor();
    await bob.locator('#send-form button').click();
    await ann.getByTestId('messages').locator('li.message:not(.system)', { hasText: 'hello ann' }).waitFor();
    await ann.getByTestId('typing').getByText('bob is typing…').waitFor({ state: 'detached' });
    // the sender sees its own message once (the reply), not twice
    await bob.getByTestId('messages').getByText('hello ann').waitFor();
    t.equal(await bob.getByTestId('messages').getByText('hello ann').count(), 1);

    // and the other way round: bob sees ann typing, until her message arrives
    await ann.locator('#message-input').pressSequentially('hi bob', { delay: 20 });
    await bob.getByTestId('typing').getByText('ann is typing…').waitFor();
    t.equal(await ann.getByTestId('typing').textContent(), '', 'ann does not see herself typing');
    await ann.locator('#message-input').press('Enter');
    await bob.getByTestId('messages').locator('li.message:not(.system)', { hasText: 'hi bob' }).waitFor();
    await bob.getByTestId('typing').getByText('ann is typing…').waitFor({ state: 'detached' });
    await ann.screenshot({ path: screenshotPath('chat-ann.png') });
    await bob.screenshot({ path: screenshotPath('chat-bob.png') });

    // history over REST: a third browser sees the conversation so far
    const cy = (await openChat(browser, { base, name: 'cy' })).page;
    await cy.getByTestId('messages').getByText('hello ann').waitFor();
    await cy.getByTestId('messages').getByText('hi bob').waitFor();
    t.pass('history loads over REST');
    await cy.context().close();
    await systemNotice(ann, 'cy left').waitFor();

    // bob leaves: ann sees presence and a notice
    await bob.context().close();
    await ann.getByTestId('members').getByText('bob').waitFor({ state: 'detached' });
    await systemNotice(ann, 'bob left').waitFor();

    // whiteboard: a stroke drawn in one appears in the other, cursors are shared
    const boardA = await openBoard(browser, { base, name: 'ann' });
    const boardB = await openBoard(browser, { base, name: 'bob' });
    t.equal(await inkedPixels(boardB), 0, 'the board starts empty');
    const box = await boardA.getByTestId('canvas').boundingBox();
    if (!box) throw new Error('canvas has no box');
    await boardA.mouse.move(box.x + 100, box.y + 100);
    await boardA.mouse.down();
    for (let step = 1; step <= 20; step++)
      await boardA.mouse.move(box.x + 100 + step * 15, box.y + 100 + step * 8);
    await boardA.mouse.up();
    await boardB.waitForFunction(
      () => document.querySelector('[data-testid="remote-cursor"]')?.textContent === 'ann',
    );
    await waitForInk(boardB);
    t.ok((await inkedPixels(boardB)) > 500, 'the stroke drawn by ann is on bob’s canvas');
    // a late joiner gets the drawing from the snapshot
    const boardC = await openBoard(browser, { base, name: 'cy' });
    await waitForInk(boardC);
    await boardB.screenshot({ path: screenshotPath('whiteboard-bob.png') });
    t.pass('a late joiner sees the drawing');
  },
);

browserTest(
  t,
  'the admin page shows both chat connections, disconnects one, and that client reconnects by itself',
  async (t) => {
    const token = 'e2e-admin-token';
    const app = await createChatApp({ fastify: { logger: false } }, { adminToken: token });
    const { base, browser, ann, bob } = await annAndBob(t, app);

    const admin = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    await admin.goto(`${base}/admin`);
    await admin.fill('[data-testid="login-token"]', token);
    await Promise.all([admin.waitForURL(`${base}/admin`), admin.click('[data-testid="login-submit"]')]);
    await admin.waitForSelector('[data-testid="live-status"][data-state="open"]');
    const rows = admin.locator('[data-testid="connections"] tbody tr');
    await admin.waitForFunction(
      () => document.querySelectorAll('[data-testid="connections"] tbody tr').length === 2,
    );
    const bobRow = rows.filter({ hasText: '"bob"' });
    await bobRow.waitFor();
    const bobId = await bobRow.getAttribute('data-connection-id');
    t.ok(bobId, 'bob’s connection is listed with its metadata');
    await admin.screenshot({ path: screenshotPath('admin-chat.png') });

    await recordStatus(bob);
    await bobRow.locator('button[data-action="disconnect"]').click();
    await admin.fill('[data-testid="disconnect-code"]', '4000');
    await admin.fill('[data-testid="disconnect-reason"]', 'kicked by admin');
    await admin.click('[data-testid="disconnect-submit"]');
    await admin.waitForSelector('[data-testid="disconnect-result"][data-state="ok"]');

    // bob's page notices, reconnects on its own, and is back in the room under a new connection id;
    // every state the status element took is recorded in the page, so a fast reconnect is not missed
    await bob.waitForFunction(
      () => (window as unknown as { statusStates: string[] }).statusStates.at(-1) === 'open',
    );
    t.strictSame(
      await bob.evaluate(() => (window as unknown as { statusStates: string[] }).statusStates),
      ['reconnecting', 'open'],
      "bob's status went open → reconnecting → open",
    );
    t.match(await bob.locator('#status').textContent(), 'open');
    await admin.waitForFunction((oldId) => {
      const ids = [...document.querySelectorAll('[data-testid="connections"] tbody tr')].map((row) =>
        row.getAttribute('data-connection-id'),
      );
      return ids.length === 2 && !ids.includes(oldId);
    }, bobId);
    await systemNotice(ann, 'bob left').waitFor();
    await systemNotice(ann, 'bob joined').nth(1).waitFor();
    // "bob left" was stored and pushed while bob had no socket: his page has it from the history
    // it fetches on reconnect, in its place before his second "joined"
    await systemNotice(bob, 'bob left').waitFor();
    const notices = (
      await bob.getByTestId('messages').locator('li[data-kind="system"]').allTextContents()
    ).map((text) => text.replace(/ · .*$/, ''));
    t.strictSame(notices.slice(-3), ['bob joined', 'bob left', 'bob joined']);
    await sendAndSee(bob, 'back again', ann);
    t.pass('bob reconnected by himself and can talk again');
  },
);

/** The names in a page's member list, sorted. */
async function memberNames(page: Page): Promise<string[]> {
  return (await page.getByTestId('members').locator('li').allTextContents()).sort();
}

browserTest(
  t,
  'several rooms: create one with the form, switch, history and presence per room',
  async (t) => {
    const { base, ann, bob } = await annAndBob(t);
    await sendAndSee(bob, 'general news', ann);

    // ann creates "design" with the form and lands in it, alone
    await ann.locator('#room-id').fill('design');
    await ann.locator('#room-form button').click();
    await ann.locator('#room-title', { hasText: '# design' }).waitFor();
    await ann.locator('#rooms li.active[data-room="design"]').waitFor();
    await ann.waitForSelector('#status[data-state="open"]');
    await systemNotice(ann, 'ann joined').waitFor();
    await waitForMembers(ann, 1);
    t.strictSame(await memberNames(ann), ['ann'], 'design: only ann');
    t.equal(
      await ann.getByTestId('messages').getByText('general news').count(),
      0,
      "general's history stays there",
    );
    // leaving general is seen there
    await systemNotice(bob, 'ann left').waitFor();
    await waitForMembers(bob, 1);
    t.strictSame(await memberNames(bob), ['bob'], 'general: only bob now');

    await sendAndSee(ann, 'pixels please');

    // bob opens design by its URL: its history, its members
    await bob.goto(`${base}/?name=bob&room=design`);
    await bob.waitForSelector('#status[data-state="open"]');
    await bob.getByTestId('messages').getByText('pixels please').waitFor();
    await ann.getByTestId('members').getByText('bob').waitFor();
    await waitForMembers(bob, 2);
    t.strictSame(await memberNames(bob), ['ann', 'bob'], 'design: ann and bob');
    t.equal(await bob.getByTestId('messages').getByText('general news').count(), 0);
    await ann.screenshot({ path: screenshotPath('chat-rooms-ann.png') });

    // ann switches back to general with the room list: its own history, and nobody else there
    await ann.locator('#rooms li[data-room="general"] button').click();
    await ann.locator('#room-title', { hasText: '# general' }).waitFor();
    await ann.waitForSelector('#status[data-state="open"]');
    await ann.getByTestId('messages').getByText('general news').waitFor();
    t.equal(
      await ann.getByTestId('messages').getByText('pixels please').count(),
      0,
      "design's message is not in general",
    );
    await waitForMembers(ann, 1);
    t.strictSame(await memberNames(ann), ['ann'], 'general: only ann');
    await systemNotice(bob, 'ann left').waitFor();
    await waitForMembers(bob, 1);
    t.strictSame(await memberNames(bob), ['bob'], 'design: only bob after ann switched away');
    // a message in general does not reach design
    await sendAndSee(ann, 'only for general');
    await sendAndSee(bob, 'only for design');
    t.equal(await bob.getByTestId('messages').getByText('only for general').count(), 0);
    t.equal(await ann.getByTestId('messages').getByText('only for design').count(), 0);
    await bob.screenshot({ path: screenshotPath('chat-rooms-bob.png') });
  },
);
