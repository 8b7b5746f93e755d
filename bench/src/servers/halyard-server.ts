import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Controller, createApp, Message, Param, WebSocket, type HalyardExtension } from '@halyard/core';

class ChatMessage {
  @IsString() @Length(1, 500) text!: string;
  @IsInt() @Min(0) @Max(1_000_000) seq!: number;
  @IsOptional() @IsString() @Length(0, 40) replyTo?: string;
}

class ChatResponse {
  @IsInt() messageId!: number;
  @IsString() text!: string;
  @IsString() room!: string;
  @Type(() => Date) timestamp!: Date;
}

let next = 0;

@Controller('/ws')
class ChatController {
  @WebSocket('/chat/:room', { reply: ChatResponse, rateLimit: false })
  chat(@Message() msg: ChatMessage, @Param('room') room: string): ChatResponse {
    return { messageId: next++, text: msg.text, room, timestamp: new Date() };
  }
}

/** The Halyard side of the benchmark: one validated single-message socket (with `extensions`, e.g. metrics). */
export async function startHalyard(
  port: number,
  extensions: readonly HalyardExtension[] = [],
): Promise<() => Promise<void>> {
  const app = await createApp({
    controllers: [ChatController],
    extensions,
    docs: false,
    fastify: { logger: false },
    // The load client is one address; BENCH_CONNECTIONS may exceed the per-address default.
    websocket: { heartbeat: false, maxConnectionsPerIp: Infinity },
  });
  await app.listen({ port, host: '127.0.0.1' });
  return () => app.close();
}
