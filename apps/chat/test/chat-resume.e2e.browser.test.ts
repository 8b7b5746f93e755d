import 'reflect-metadata';
import t from 'tap';
import type { Page } from 'playwright-core';
import { browserTest, screenshotPath } from './helpers/browser.js';
import {
  annAndBob,
  historyPath,
  recordStatus,
  sendAndSee,
  sendMessage,
  systemNotice,
} from './helpers/chat-page.js';

/** What a page shows, top to bottom: `author: text` for messages, the text for system notices. */
function shownMessages(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="messages"] li')].map((item) => {
      const element = item as HTMLElement;
      if (element.dataset['kind'] === 'system') return (element.textContent ?? '').replace(/ · .*$/, '');
      return `${element.querySelector('strong')?.textContent ?? ''}: ${element.querySelector('p')?.textContent ?? ''}`;
    }),
  );
}

browserTest(
  t,
  'a page that lost its connection gets what was said meanwhile, once, in order, without refetching history',
  async (t) => {
    const { app, ann, bob, historyRequests } = await annAndBob(t);
    await sendAndSee(bob, 'before the outage', ann);
    t.equal(historyRequests.ann(), 1, 'the page loaded the history once, when it opened the room');

    // ann's network goes away. Offline emulation stops new connections; Chromium keeps an open
    // WebSocket through it, so the server also drops ann's socket with no close handshake.
    await recordStatus(ann);
    await ann.context().setOffline(true);
    const annConnection = app.halyard.hub
      .connections()
      .find((connection) => connection.get('name') === 'ann');
    t.ok(annConnection, "the server has ann's connection");
    annConnection?.terminate();
    await ann.waitForSelector('#status[data-state="reconnecting"]');

    // meanwhile bob talks; ann's page cannot get it live
    for (const text of ['one', 'two', 'three']) {
      await sendMessage(bob, text);
      await bob.getByTestId('messages').getByText(text, { exact: true }).waitFor();
    }
    t.strictSame(
      (await shownMessages(ann)).filter((text) => text.startsWith('bob: ')),
      ['bob: before the outage'],
      "ann's page has not seen what bob said while she was offline",
    );

    await ann.context().setOffline(false);
    await ann.waitForFunction(
      () => (window as unknown as { statusStates: string[] }).statusStates.at(-1) === 'open',
    );
    await ann.getByTestId('messages').getByText('three', { exact: true }).waitFor();
    // the replay is followed by ann's own "ann joined" (pushed after her reconnect)
    await systemNotice(ann, 'ann joined').nth(1).waitFor();
    const stored = (await app.inject({ url: historyPath })).json() as {
      messages: Array<{ author: string; text: string; kind: string }>;
    };
    const truth = stored.messages.map((message) =>
      message.kind === 'system' ? message.text : `${message.author}: ${message.text}`,
    );
    t.strictSame(
      truth,
      [
        'ann joined',
        'bob joined',
        'bob: before the outage',
        'ann left',
        'bob: one',
        'bob: two',
        'bob: three',
        'ann joined',
      ],
      'what the server stored',
    );
    t.strictSame(await shownMessages(ann), truth, "ann's page: each message once, in order");
    t.strictSame(await shownMessages(bob), truth, "bob's page, which stayed connected, shows the same");
    t.equal(historyRequests.ann(), 1, 'the reconnect resumed: no history request after the first');
    await ann.screenshot({ path: screenshotPath('chat-resumed.png') });

    // and the resumed page is live again
    await sendMessage(bob, 'after');
    await ann.getByTestId('messages').getByText('after', { exact: true }).waitFor();
    t.equal(historyRequests.ann(), 1);
  },
);
