import 'reflect-metadata';
import {
  Catch,
  Module,
  UseFilters,
  ValidationPipe,
  type ArgumentsHost,
  type WsExceptionFilter,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WsAdapter } from '@nestjs/platform-ws';
import {
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  WsException,
} from '@nestjs/websockets';
import { IsInt, IsNotEmpty, IsString, Length, Min } from 'class-validator';
import type { Server, WebSocket } from 'ws';
import { chatPath, chatReply } from './chat-protocol.js';
import type { RunningSystem } from './system.js';

class ChatDto {
  @IsString() @IsNotEmpty() room!: string;
  @IsString() @Length(1, 1000) text!: string;
  @IsInt() @Min(1) userId!: number;
}

/**
 * WsAdapter's stock filter only `emit`s on the ws socket (nothing reaches the wire), so a Nest user
 * writes this: the failed message's id and the validation messages as an error frame.
 */
@Catch(WsException)
class ErrorFrameFilter implements WsExceptionFilter<WsException> {
  catch(exception: WsException, host: ArgumentsHost): void {
    const ws = host.switchToWs();
    const envelope = ws.getData<{ id?: unknown } | undefined>();
    ws.getClient<WebSocket>().send(
      JSON.stringify({
        type: 'error',
        id: envelope?.id,
        error: { code: 'VALIDATION', message: exception.getError() },
      }),
    );
  }
}

const validation = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors) =>
    new WsException(errors.flatMap((error) => Object.values(error.constraints ?? {})).join('; ')),
});

let counter = 0;

@WebSocketGateway({ path: chatPath })
@UseFilters(new ErrorFrameFilter())
class ChatGateway {
  @WebSocketServer() server!: Server;

  @SubscribeMessage('chat')
  chat(@MessageBody('data', validation) data: ChatDto, @MessageBody('id') id: unknown): unknown {
    return { type: 'reply', id, to: 'chat', data: chatReply(data, counter++) };
  }

  @SubscribeMessage('bcast')
  bcast(@MessageBody('data') data: unknown): void {
    const frame = JSON.stringify({ type: 'bcast', data });
    for (const client of this.server.clients) client.send(frame);
  }
}

@Module({ providers: [ChatGateway] })
class BenchModule {}

/**
 * A NestJS gateway on @nestjs/platform-ws with `ValidationPipe`: the frame's `type` picks the
 * handler (a message parser maps it to Nest's `event`), the handler's return value is the reply.
 */
export async function startNestGateway(): Promise<RunningSystem> {
  const app = await NestFactory.create(BenchModule, { logger: false });
  app.useWebSocketAdapter(
    new WsAdapter(app, {
      messageParser: (raw: unknown) => {
        const envelope = JSON.parse(String(raw)) as { type?: unknown };
        return { event: String(envelope.type), data: envelope };
      },
    }),
  );
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number } | string | null;
  if (!address || typeof address === 'string') throw new Error('the Nest app has no TCP port');
  return { port: address.port, stop: () => app.close() };
}
