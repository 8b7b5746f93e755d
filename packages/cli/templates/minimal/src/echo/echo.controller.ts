import { Message, OnMessage, Summary, Tags, WebSocket } from '@halyard/core';
import { EchoDto, EchoReplyDto } from './echo.dto.js';

/** A WebSocket at `/ws/echo`: every `echo` message is validated and answered with a reply. */
@WebSocket('/ws/echo')
@Tags('echo')
@Summary('Echo socket')
export class EchoSocket {
  @OnMessage('echo')
  @Summary('Echo a text back')
  echo(@Message() message: EchoDto): EchoReplyDto {
    return { text: message.text, receivedAt: new Date() };
  }
}
