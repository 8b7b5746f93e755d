import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { checkChat, chatReply, type ChatData } from './chat-protocol.js';
import type { RunningSystem } from './system.js';

type Ack = (
  answer: { data: ReturnType<typeof chatReply> } | { error: { code: string; message: string } },
) => void;

let counter = 0;

/**
 * socket.io 4 over its WebSocket transport only: `chat` answered through the ack with the
 * hand-written checks, `bcast` re-emitted to every socket.
 */
export async function startSocketIo(): Promise<RunningSystem> {
  const http = createServer();
  const io = new Server(http, {
    transports: ['websocket'],
    perMessageDeflate: false,
    serveClient: false,
    maxHttpBufferSize: 1024 * 1024,
  });
  io.on('connection', (socket) => {
    socket.on('chat', (data: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const problem = checkChat(data);
      (ack as Ack)(
        problem
          ? { error: { code: 'VALIDATION', message: problem } }
          : { data: chatReply(data as ChatData, counter++) },
      );
    });
    socket.on('bcast', (data: unknown) => {
      io.emit('bcast', data);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  if (!address || typeof address === 'string') throw new Error('socket.io has no TCP port');
  return {
    port: address.port,
    stop: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}
