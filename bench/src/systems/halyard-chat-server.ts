import 'reflect-metadata';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { IsInt, IsNotEmpty, IsString, Length, Min } from 'class-validator';
import {
  Body,
  Conn,
  Connection,
  Controller,
  createApp,
  HttpCode,
  Hub,
  Message,
  OnConnect,
  OnMessage,
  Post,
  WebSocket,
  type CreateAppOptions,
  type HalyardExtension,
} from '@halyard/core';
import { metrics } from '@halyard/metrics';
import { redisAdapter } from '@halyard/redis';
import { tracing } from '@halyard/tracing';
import { chatPath, chatReply } from './chat-protocol.js';
import type { RunningSystem } from './system.js';
import { listenOnFreePort } from '../process-helpers.js';

class ChatMessage {
  @IsString() @IsNotEmpty() room!: string;
  @IsString() @Length(1, 1000) text!: string;
  @IsInt() @Min(1) userId!: number;
}

class ChatReply {
  @IsString() room!: string;
  @IsString() text!: string;
  @IsInt() userId!: number;
  @IsInt() counter!: number;
}

class Bcast {
  @IsInt() seq!: number;
  @IsInt() sentAt!: number;
}

/** The room every client joins when the delivery case is on (a stream room: pushes carry positions). */
const streamRoom = 'room:bench';

let counter = 0;

/** Which Halyard case runs: the default, or one feature turned on (its cost is a ratio to the default). */
export type HalyardVariant = 'plain' | 'redis' | 'delivery' | 'tracing-nosdk' | 'tracing-sdk' | 'metrics';

@WebSocket(chatPath, { rateLimit: false })
class ChatSocket {
  constructor(private readonly hub: Hub) {}

  @OnMessage('chat', { reply: ChatReply })
  chat(@Message() message: ChatMessage): ChatReply {
    return chatReply(message, counter++);
  }

  @OnMessage('bcast', { reply: null })
  async bcast(@Message() data: Bcast): Promise<void> {
    await this.hub.broadcast('bcast', data);
  }
}

/** The delivery case: every client joins a stream room on connect and `bcast` goes to that room. */
@WebSocket(chatPath, { rateLimit: false })
class StreamChatSocket {
  constructor(private readonly hub: Hub) {}

  @OnConnect() async join(@Conn() conn: Connection): Promise<void> {
    await conn.join(streamRoom);
  }

  @OnMessage('chat', { reply: ChatReply })
  chat(@Message() message: ChatMessage): ChatReply {
    return chatReply(message, counter++);
  }

  @OnMessage('bcast', { reply: null })
  async bcast(@Message() data: Bcast): Promise<void> {
    await this.hub.toRoom(streamRoom, 'bcast', data);
  }
}

@Controller('/')
class ChatRest {
  // 200 like the fastify route, so both answer the same bytes.
  @Post('/chat')
  @HttpCode(200)
  chat(@Body() body: ChatMessage): ChatReply {
    return chatReply(body, counter++);
  }
}

/** An exporter that drops what it gets: the cost measured is making and batching spans, not the network. */
const discard: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => undefined,
};

function extensionsFor(variant: HalyardVariant): HalyardExtension[] {
  switch (variant) {
    case 'tracing-nosdk':
      return [tracing()];
    case 'tracing-sdk': {
      context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
      const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(discard)] });
      return [tracing({ tracerProvider: provider })];
    }
    case 'metrics':
      return [metrics()];
    case 'plain':
    case 'redis':
    case 'delivery':
      return [];
  }
}

/**
 * Halyard: a multi-message socket with a class-validator DTO and a reply DTO, `bcast` through the
 * hub, and `POST /chat` with the same DTO as a body. `variant` turns one feature on.
 */
export async function startHalyardChat(variant: HalyardVariant): Promise<RunningSystem> {
  const websocket: CreateAppOptions['websocket'] = {
    heartbeat: false,
    limits: { maxConnections: 50_000, sendHighWaterMark: 16 * 1024 * 1024 },
    // Every connection comes from the one load-client address.
    maxConnectionsPerIp: Infinity,
    ...(variant === 'redis' && {
      adapter: redisAdapter({ url: 'redis://127.0.0.1:6379', keyPrefix: `bench-${process.pid}` }),
    }),
    ...(variant === 'delivery' && { streams: [{ rooms: 'room:*', maxCount: 1000 }] }),
  };
  const app = await createApp({
    controllers: [variant === 'delivery' ? StreamChatSocket : ChatSocket, ChatRest],
    extensions: extensionsFor(variant),
    docs: false,
    fastify: { logger: false },
    websocket,
  });
  return listenOnFreePort(app, 'the Halyard app');
}
