import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MockChannel } from './mock-contract.js';

/** Bounds on what one client can make the mock do. */
const maxPayload = 1024 * 1024;
const maxDetails = 20;

interface FieldError {
  readonly in: 'message';
  readonly path: string;
  readonly constraint: string;
  readonly message: string;
}

function errorFrame(
  id: unknown,
  error: { readonly code: string; readonly message: string; readonly details?: unknown },
): string {
  const { code, message, details } = error;
  return JSON.stringify({
    type: 'error',
    ...((typeof id === 'string' || typeof id === 'number') && { id }),
    error: { code, message, ...(details !== undefined && { details }) },
  });
}

/** `/data/text` → `text`, the path Halyard's own validation errors use. */
function fieldPath(instancePath: string): string {
  return instancePath.replace(/^\/data\/?/, '').replace(/\//g, '.');
}

/** Answers one frame of one connection. */
function answer(channel: MockChannel, text: string): string | undefined {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return errorFrame(undefined, {
      code: 'HALYARD_ERR_WS_MALFORMED_JSON',
      message: 'Malformed JSON',
      details: { reason: error.message },
    });
  }
  const record =
    typeof frame === 'object' && frame !== null && !Array.isArray(frame)
      ? (frame as Record<string, unknown>)
      : {};
  const id = record['id'];
  const type = typeof record['type'] === 'string' ? record['type'] : undefined;
  const message = type === undefined ? undefined : channel.messages.get(type);
  if (!message)
    return errorFrame(id, {
      code: 'HALYARD_ERR_WS_UNKNOWN_TYPE',
      message: `Unknown message type ${JSON.stringify(type ?? null)}`,
      details: { known: [...channel.messages.keys()].sort() },
    });
  if (!message.validate(frame)) {
    const errors = message.validate.errors ?? [];
    const details: FieldError[] = errors.slice(0, maxDetails).map((error) => ({
      in: 'message',
      path: fieldPath(error.instancePath),
      constraint: error.keyword,
      message: `${fieldPath(error.instancePath) || 'message'} ${error.message ?? 'is invalid'}`,
    }));
    return errorFrame(id, { code: 'HALYARD_ERR_VALIDATION', message: 'message failed validation', details });
  }
  const reply = message.replies[0];
  if (!reply) return undefined;
  const { id: _exampleId, ...rest } = reply;
  void _exampleId;
  // The example's id is the documentation's; the answer carries the request's (or none).
  return JSON.stringify({
    ...rest,
    ...((typeof id === 'string' || typeof id === 'number') && { id }),
  });
}

export interface MockServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * A WebSocket server speaking the channels of a document: an upgrade to a channel's address is
 * accepted (any other path is refused with 404), each frame is validated against the message of
 * its `type` and answered with the documented reply example, or with a Halyard error frame
 * (`HALYARD_ERR_WS_MALFORMED_JSON`, `HALYARD_ERR_WS_UNKNOWN_TYPE`, `HALYARD_ERR_VALIDATION`).
 */
export async function startMockServer(
  channels: readonly MockChannel[],
  options: { readonly host: string; readonly port: number; readonly log: (line: string) => void },
): Promise<MockServer> {
  const http: Server = createServer((_request, response) => {
    response
      .writeHead(426, { 'content-type': 'text/plain' })
      .end('WebSocket only: this is a halyard docs mock\n');
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload });
  http.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://mock').pathname;
    const channel = channels.find((candidate) => candidate.pattern.test(path));
    if (!channel) {
      options.log(`refused ${path}: no channel has this address`);
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      options.log(`connected to ${channel.name} (${path})`);
      ws.on('message', (data, isBinary) => {
        const out = isBinary
          ? errorFrame(undefined, {
              code: 'HALYARD_ERR_WS_BINARY_UNSUPPORTED',
              message: 'Binary frames are not supported',
            })
          : answer(channel, data.toString('utf8'));
        if (out !== undefined) ws.send(out);
      });
      ws.on('error', (error) => options.log(`connection error: ${error.message}`));
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;
  return {
    url: `ws://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}
