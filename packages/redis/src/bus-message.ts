import type {
  BroadcastTarget,
  OutboundMessage,
  PresenceEvent,
  PresenceMember,
  StreamPosition,
} from '@halyard/core';

/** Bumped when the wire format changes; instances ignore (and log) messages of another version. */
export const BUS_VERSION = 1;

/** What instances tell each other over the bus channel. `origin` is the sending instance's id. */
export type BusMessage =
  | { readonly kind: 'message'; readonly origin: string; readonly message: OutboundMessage }
  | { readonly kind: 'presence'; readonly origin: string; readonly event: PresenceEvent }
  | {
      readonly kind: 'disconnect';
      readonly origin: string;
      readonly id: string;
      readonly code: number;
      readonly reason: string;
    };

/**
 * One line of JSON header, then for messages a newline and the frame exactly as the hub serialised
 * it. The frame is neither re-encoded as a JSON string (no escaping) nor parsed on receipt: every
 * instance hands the same bytes to its sockets. JSON never contains a raw newline, so the first one
 * ends the header.
 */
export function encodeBusMessage(bus: BusMessage): string {
  switch (bus.kind) {
    case 'message': {
      const { target, except, frame, publishedAt, traceparent, tracestate } = bus.message;
      // Set only while the publishing app is observed: `at` gives the receivers their delivery
      // lag, the trace context links their delivery spans to the publish.
      const header = {
        v: BUS_VERSION,
        kind: bus.kind,
        origin: bus.origin,
        target,
        except,
        at: publishedAt,
        traceparent,
        tracestate,
      };
      return `${JSON.stringify(header)}\n${frame}`;
    }
    case 'presence':
      return JSON.stringify({ v: BUS_VERSION, kind: bus.kind, origin: bus.origin, event: bus.event });
    case 'disconnect':
      return JSON.stringify({
        v: BUS_VERSION,
        kind: bus.kind,
        origin: bus.origin,
        id: bus.id,
        code: bus.code,
        reason: bus.reason,
      });
    default: {
      const exhaustive: never = bus;
      throw new Error(`unknown bus message ${JSON.stringify(exhaustive)}`);
    }
  }
}

/**
 * The header of a stream message without its closing brace: the append script adds
 * `,"pos":{...}}`, the newline and the frame, so the position is in the header every instance reads.
 */
export function streamBusHeader(origin: string, message: OutboundMessage): string {
  const { target, except } = message;
  return JSON.stringify({ v: BUS_VERSION, kind: 'message', origin, target, except }).slice(0, -1);
}

function readPosition(value: unknown): StreamPosition | undefined | false {
  if (value === undefined) return undefined;
  if (!isObject(value)) return false;
  const { offset, epoch } = value;
  if (!Number.isSafeInteger(offset) || (offset as number) < 1) return false;
  if (typeof epoch !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(epoch)) return false;
  return { offset: offset as number, epoch };
}

export type DecodeResult =
  { readonly ok: true; readonly bus: BusMessage } | { readonly ok: false; readonly detail: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readTarget(value: unknown): BroadcastTarget | undefined {
  if (!isObject(value)) return undefined;
  if (value['kind'] === 'all') return { kind: 'all' };
  if (value['kind'] === 'room' && typeof value['room'] === 'string')
    return { kind: 'room', room: value['room'] };
  if (value['kind'] === 'connection' && typeof value['id'] === 'string')
    return { kind: 'connection', id: value['id'] };
  return undefined;
}

export function readMember(value: unknown): PresenceMember | undefined {
  if (!isObject(value) || typeof value['id'] !== 'string') return undefined;
  const data = value['data'];
  if (data !== undefined && !isObject(data)) return undefined;
  return { id: value['id'], ...(data !== undefined && { data }) };
}

function readEvent(value: unknown): PresenceEvent | undefined {
  if (!isObject(value) || typeof value['room'] !== 'string') return undefined;
  const kind = value['kind'];
  const member = readMember(value['member']);
  if ((kind !== 'joined' && kind !== 'left') || !member) return undefined;
  return { room: value['room'], kind, member };
}

/** Parses what `encodeBusMessage` wrote; anything else (another publisher, another version) is reported, never thrown. */
export function decodeBusMessage(raw: string): DecodeResult {
  const newline = raw.indexOf('\n');
  let header: unknown;
  try {
    header = JSON.parse(newline < 0 ? raw : raw.slice(0, newline));
  } catch {
    return { ok: false, detail: 'the header is not JSON' };
  }
  if (!isObject(header)) return { ok: false, detail: 'the header is not an object' };
  if (header['v'] !== BUS_VERSION)
    return { ok: false, detail: `version ${String(header['v'])} (this instance speaks ${BUS_VERSION})` };
  const origin = header['origin'];
  if (typeof origin !== 'string') return { ok: false, detail: 'origin is missing' };
  switch (header['kind']) {
    case 'message': {
      const target = readTarget(header['target']);
      const except = header['except'];
      if (!target) return { ok: false, detail: 'target is invalid' };
      if (newline < 0) return { ok: false, detail: 'the frame is missing' };
      if (except !== undefined && typeof except !== 'string')
        return { ok: false, detail: 'except is invalid' };
      const position = readPosition(header['pos']);
      if (position === false) return { ok: false, detail: 'pos is invalid' };
      const { at, traceparent, tracestate } = header;
      const message: OutboundMessage = {
        target,
        frame: raw.slice(newline + 1),
        ...(except !== undefined && { except }),
        ...(position !== undefined && { position }),
        // Optional metadata: a bad value is dropped, not a reason to refuse the message.
        ...(typeof at === 'number' && Number.isFinite(at) && { publishedAt: at }),
        ...(typeof traceparent === 'string' && traceparent.length <= 55 && { traceparent }),
        ...(typeof tracestate === 'string' && tracestate.length <= 512 && { tracestate }),
      };
      return { ok: true, bus: { kind: 'message', origin, message } };
    }
    case 'presence': {
      const event = readEvent(header['event']);
      if (!event) return { ok: false, detail: 'event is invalid' };
      return { ok: true, bus: { kind: 'presence', origin, event } };
    }
    case 'disconnect': {
      const { id, code, reason } = header;
      if (typeof id !== 'string' || typeof code !== 'number' || typeof reason !== 'string')
        return { ok: false, detail: 'disconnect needs id, code and reason' };
      return { ok: true, bus: { kind: 'disconnect', origin, id, code, reason } };
    }
    default:
      return { ok: false, detail: `unknown kind ${JSON.stringify(header['kind'])}` };
  }
}
