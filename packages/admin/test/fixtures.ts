import 'reflect-metadata';
import { IsString } from 'class-validator';
import { Conn, Connection, createApp, Message, OnConnect, OnMessage, Query, WebSocket } from '@halyard/core';
import { connectSocket, type TestSocket } from '@halyard/core/testing';
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { adminPanel, type AdminPanelOptions } from '../src/index.js';

export const token = 'admin-token-for-tests-0123456789';
export const bearer = { authorization: `Bearer ${token}` };

/** The detail of the 401 for a request with no usable credential. */
export const tokenRequired =
  'Admin token required: send "Authorization: Bearer <token>" or log in on the admin page';

/** The problem+json body the admin routes answer `status` with: its title is the status's own. */
export function problem(
  status: number,
  instance: string,
  what: { readonly detail: string; readonly code: string },
): Record<string, unknown> {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status],
    status,
    detail: what.detail,
    instance,
    code: what.code,
  };
}

/** The whole problem body of that 401 from the admin API's stats route. */
export const statsUnauthorized = problem(401, '/admin/api/stats', {
  detail: tokenRequired,
  code: 'HALYARD_ERR_UNAUTHORIZED',
});

/** Posts the login form with `token` (and any further headers) to the admin at /admin. */
export function logIn(
  app: FastifyInstance,
  token: string,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: `token=${encodeURIComponent(token)}`,
  });
}

class Who {
  @IsString() name!: string;
}

export class Say {
  @IsString() text!: string;
}

/** A socket whose clients carry metadata, presence and rooms, for the admin views to show. */
@WebSocket('/hub')
export class HubSocket {
  @OnConnect() async hello(@Conn() conn: Connection, @Query() who: Who): Promise<void> {
    conn.presence = { name: who.name };
    conn.set('name', who.name);
    if (who.name === 'red') {
      const loop: Record<string, unknown> = {};
      loop['self'] = loop;
      conn.set('tags', new Set(['first']));
      conn.set('loop', loop);
      conn.set('big', 12n);
    }
    await conn.join('everyone');
    await conn.join(who.name);
  }

  @OnMessage('say', { reply: Say }) say(@Message() say: Say): Say {
    return say;
  }
}

export interface Fixture {
  readonly app: FastifyInstance;
  readonly red: TestSocket;
  readonly blue: TestSocket;
  readonly redId: string;
  readonly blueId: string;
}

export async function appWithAdmin(
  options: AdminPanelOptions = { token },
  controllers: Array<new (...args: never[]) => unknown> = [HubSocket],
): Promise<FastifyInstance> {
  return createApp({ controllers, fastify: { logger: false }, extensions: [adminPanel(options)] });
}

function idOf(app: FastifyInstance, name: string): string {
  const connection = app.halyard.hub.connections().find((candidate) => candidate.get('name') === name);
  if (!connection) throw new Error(`no connection named ${name}`);
  return connection.id;
}

/** An app with the admin panel and two connected clients, `red` (rooms everyone, red) and `blue`. */
export async function twoClients(options: AdminPanelOptions = { token }): Promise<Fixture> {
  const app = await appWithAdmin(options);
  const red = await connectSocket(app, '/hub', { query: { name: 'red' } });
  const blue = await connectSocket(app, '/hub', { query: { name: 'blue' } });
  // @OnConnect runs after the upgrade; wait until both have joined their rooms.
  for (let tries = 0; (await app.halyard.hub.rooms()).length < 3 && tries < 100; tries++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  return { app, red, blue, redId: idOf(app, 'red'), blueId: idOf(app, 'blue') };
}

export async function closeAll(fixture: Fixture): Promise<void> {
  for (const socket of [fixture.red, fixture.blue]) if (socket.isOpen) await socket.close();
  await fixture.app.close();
}
