import { WebSocketServer } from 'ws';
import { chatPath, errorFrame, handleJsonFrame } from './chat-protocol.js';
import type { RunningSystem } from './system.js';

/** The floor: a bare `ws` server with the hand-written checks and nothing else. */
export async function startRawWs(): Promise<RunningSystem> {
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: chatPath,
    perMessageDeflate: false,
    maxPayload: 1024 * 1024,
  });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    const reply = (frame: string): void => socket.send(frame);
    const broadcast = (frame: string): void => {
      for (const client of server.clients) client.send(frame);
    };
    socket.on('message', (raw, isBinary) => {
      if (isBinary) reply(errorFrame(undefined, 'BINARY', 'binary frames are not accepted'));
      else handleJsonFrame(raw.toString(), reply, broadcast);
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the ws server has no TCP port');
  return {
    port: address.port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
