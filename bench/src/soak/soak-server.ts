import 'reflect-metadata';
import { Writable } from 'node:stream';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import {
  Conn,
  Connection,
  createApp,
  Hub,
  Message,
  OnConnect,
  OnMessage,
  Query,
  WebSocket,
} from '@halyard/core';
import { inspectRuntime, whenRuntimeIdle } from '@halyard/core/testing';
import type { SoakCommand, SoakReport, SoakSample } from './soak-protocol.js';

// The soak server runs in its own process (forked by soak-main with --expose-gc) and answers
// the orchestrator's sample requests over IPC. Logging stays on at info and is counted, so its
// cost is part of the run and an error-level line would show.

class Hello {
  @IsString() @Length(1, 40) name!: string;
  @IsOptional() @IsString() @Length(0, 200) rooms?: string;
}

class Say {
  @IsString() @Length(1, 500) text!: string;
  @IsInt() @Min(0) @Max(1_000_000_000) seq!: number;
}

class RoomName {
  @IsString() @Length(1, 40) room!: string;
}

class RoomSay {
  @IsString() @Length(1, 40) room!: string;
  @IsString() @Length(1, 200) text!: string;
}

class Pause {
  @IsInt() @Min(0) @Max(500) ms!: number;
}

@WebSocket('/soak', { rateLimit: { perSecond: 20, burst: 40, closeAfter: 20 }, maxPayload: 16 * 1024 })
class SoakSocket {
  constructor(private readonly hub: Hub) {}

  @OnConnect() async hello(@Conn() conn: Connection, @Query() hello: Hello): Promise<void> {
    conn.presence = { name: hello.name };
    for (const room of hello.rooms ? hello.rooms.split(',') : []) await conn.join(room);
    conn.send('welcome', { id: conn.id });
  }

  @OnMessage('say', { reply: Say }) say(@Message() say: Say): Say {
    return say;
  }

  @OnMessage('join', { reply: null }) async join(
    @Message() m: RoomName,
    @Conn() conn: Connection,
  ): Promise<void> {
    await conn.join(m.room);
  }

  @OnMessage('leave', { reply: null }) async leave(
    @Message() m: RoomName,
    @Conn() conn: Connection,
  ): Promise<void> {
    await conn.leave(m.room);
  }

  @OnMessage('room', { reply: null }) async room(
    @Message() m: RoomSay,
    @Conn() conn: Connection,
  ): Promise<void> {
    await this.hub.toRoom(m.room, 'roomed', { text: m.text }, { except: conn.id });
  }

  @OnMessage('pause', { reply: null }) async pause(@Message() m: Pause): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, m.ms));
  }
}

let logLines = 0;
let errorLogLines = 0;
const logStream = new Writable({
  write(chunk: Buffer, _encoding, done) {
    const text = chunk.toString('utf8');
    for (const line of text.split('\n')) {
      if (!line) continue;
      logLines++;
      const level = /"level":(\d+)/.exec(line)?.[1];
      if (Number(level) >= 50) {
        errorLogLines++;
        process.stderr.write(`soak server error log: ${line.slice(0, 2000)}\n`);
      }
    }
    done();
  },
});

const app = await createApp({
  controllers: [SoakSocket],
  docs: false,
  fastify: { logger: { level: 'info', stream: logStream } },
  // Every soak connection comes from the one load-client address.
  websocket: { maxConnectionsPerIp: Infinity },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const started = performance.now();

const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const gc = (globalThis as { gc?: () => void }).gc;

function sample(): SoakSample {
  // A full collection first, when allowed: the heap figure then shows what is retained.
  gc?.();
  const memory = process.memoryUsage();
  const runtime = inspectRuntime(app);
  const stats = app.halyard.hub.stats();
  return {
    at: Math.round((performance.now() - started) / 1000),
    rssMiB: mib(memory.rss),
    heapUsedMiB: mib(memory.heapUsed),
    activeHandles: process.getActiveResourcesInfo().length,
    sockets: runtime.sockets,
    connections: runtime.connections,
    rooms: runtime.rooms,
    roomMembers: runtime.roomMembers,
    inFlight: runtime.inFlight,
    pendingSlots: runtime.pendingSlots,
    ipSlots: runtime.ipSlots,
    backlogBytes: runtime.backlogBytes,
    rateBuckets: runtime.rateBuckets,
    openBursts: runtime.openBursts,
    adapterEntries: Object.values(runtime.adapter).reduce((sum, count) => sum + count, 0),
    connectionsTotal: stats.connectionsTotal,
    messagesIn: stats.messagesIn,
    messagesOut: stats.messagesOut,
    errors: stats.errors,
    logLines,
    errorLogLines,
  };
}

const send = (report: SoakReport): void => {
  process.send?.(report);
};

process.on('message', (command: SoakCommand) => {
  switch (command.kind) {
    case 'sample':
      send({ kind: 'sample', sample: sample() });
      return;
    case 'idle':
      whenRuntimeIdle(app, { timeoutMs: 60_000 }).then(
        () => send({ kind: 'idle', sample: sample() }),
        (error: unknown) => send({ kind: 'failed', message: (error as Error).message }),
      );
      return;
    case 'stop':
      void app.close().then(() => process.exit(0));
      return;
    default: {
      const exhaustive: never = command;
      send({ kind: 'failed', message: `unknown command ${JSON.stringify(exhaustive)}` });
    }
  }
});

const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('the soak server has no TCP port');
send({ kind: 'ready', port: address.port });
