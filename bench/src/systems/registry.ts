import { startFastifyWs } from './fastify-ws-server.js';
import { startHalyardChat, type HalyardVariant } from './halyard-chat-server.js';
import { startNestGateway } from './nest-gateway-server.js';
import { startRawWs } from './raw-ws-server.js';
import { startSocketIo } from './socketio-server.js';
import type { RunningSystem, Transport } from './system.js';

/** A system the suite can start, how the load client speaks to it, and what it is called in tables. */
export interface SystemEntry {
  readonly label: string;
  readonly transport: Transport;
  /** Serves `POST /chat` validated (the REST scenario). */
  readonly rest: boolean;
  start(): Promise<RunningSystem>;
}

const halyard = (variant: HalyardVariant, label: string): SystemEntry => ({
  label,
  transport: 'json',
  rest: true,
  start: () => startHalyardChat(variant),
});

/** Every system by the name BENCH_SYSTEMS / BENCH_VARIANTS use. */
export const systems = {
  ws: { label: 'raw ws (hand-written checks)', transport: 'json', rest: false, start: startRawWs },
  'fastify-ws': {
    label: 'fastify + @fastify/websocket (hand-written checks)',
    transport: 'json',
    rest: true,
    start: startFastifyWs,
  },
  nestjs: {
    label: 'NestJS gateway (platform-ws, ValidationPipe)',
    transport: 'json',
    rest: false,
    start: startNestGateway,
  },
  'socket.io': {
    label: 'socket.io 4 (ack, hand-written checks)',
    transport: 'socket.io',
    rest: false,
    start: startSocketIo,
  },
  halyard: halyard('plain', 'Halyard (class-validator DTO)'),
  'halyard-redis': halyard('redis', 'Halyard, Redis adapter (1 instance)'),
  'halyard-delivery': halyard('delivery', 'Halyard, delivery (stream room)'),
  'halyard-tracing-nosdk': halyard('tracing-nosdk', 'Halyard, tracing() without an SDK'),
  'halyard-tracing-sdk': halyard('tracing-sdk', 'Halyard, tracing() with the SDK'),
  'halyard-metrics': halyard('metrics', 'Halyard, metrics()'),
} satisfies Record<string, SystemEntry>;

export type SystemName = keyof typeof systems;

export const isSystemName = (name: string): name is SystemName => Object.hasOwn(systems, name);
