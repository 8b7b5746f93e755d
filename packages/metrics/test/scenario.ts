import { connectSocket, expectUpgradeRejected, type Frame } from '@halyard/core/testing';
import type { FastifyInstance } from 'fastify';

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What `drive` sent and got, so the tests compare the metrics with what really happened. */
export interface Driven {
  readonly annFrames: readonly Frame[];
  readonly bobPushes: number;
  readonly refusedStatus: number;
}

/**
 * The traffic the metrics tests count: two members of the lobby, one refused upgrade, three good
 * messages (each pushed to the other member), a validation failure, an unknown type, a handler
 * that throws, a handler's 400, a frame that is not JSON, then one member leaves.
 */
export async function drive(app: FastifyInstance): Promise<Driven> {
  const ann = await connectSocket(app, '/chat', { query: { name: 'ann' } });
  const bob = await connectSocket(app, '/chat', { query: { name: 'bob' } });
  const refused = await expectUpgradeRejected(app, '/chat', { query: { name: 'banned-eve' } });
  for (const text of ['one', 'two', 'three']) await ann.request('say', { text });
  for (let index = 0; index < 3; index++) await bob.nextPush('said');
  await ann.request('say', { text: 5 });
  await ann.request('nope', {});
  await ann.request('fail', { text: 'x' });
  await ann.request('refuse', { text: 'x' });
  ann.sendRaw('{oops');
  await ann.next((frame) => frame.type === 'error' && frame.id === undefined);
  await bob.close();
  await until(() => app.halyard.hub.connections().length === 1, 'bob to be gone');
  const annFrames = [...ann.frames];
  return { annFrames, bobPushes: 3, refusedStatus: refused.status };
}
