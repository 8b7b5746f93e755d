import { ValidationFailedError, type FieldError } from '@halyard/core';

/** `POST {prefix}/api/send`: a push `{ type, data }` to one connection, a room, or everyone. */
export type SendCommand =
  | { readonly target: 'connection'; readonly id: string; readonly type: string; readonly data: unknown }
  | { readonly target: 'room'; readonly room: string; readonly type: string; readonly data: unknown }
  | { readonly target: 'all'; readonly type: string; readonly data: unknown };

/** `POST {prefix}/api/disconnect`. */
export interface DisconnectCommand {
  readonly id: string;
  readonly code: number;
  readonly reason: string;
}

export const sendTargets = ['connection', 'room', 'all'] as const;
const maxNameLength = 200;
/** RFC 6455 leaves 123 bytes for the reason in a close frame. */
const maxReasonBytes = 123;
export const defaultDisconnectReason = 'Disconnected by admin';

/** The close codes `ws` lets a server send: 1000-1003, 1007-1014 and the application range. */
export function isSendableCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}

/** Collects every problem of a body before answering, like the DTO validation of core. */
class BodyCheck {
  readonly errors: FieldError[] = [];
  readonly body: Record<string, unknown>;
  readonly isObject: boolean;

  constructor(body: unknown, allowed: readonly string[]) {
    this.isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
    if (!this.isObject) {
      this.body = {};
      this.fail('', 'isObject', 'body must be a JSON object');
      return;
    }
    this.body = body as Record<string, unknown>;
    for (const key of Object.keys(this.body))
      if (!allowed.includes(key)) this.fail(key, 'whitelistValidation', `property ${key} should not exist`);
  }

  fail(path: string, constraint: string, message: string): void {
    this.errors.push({ in: 'body', path, constraint, message });
  }

  /** A required non-empty string of at most `maxLength` characters. */
  name(key: string, maxLength = maxNameLength, why = ''): string | undefined {
    const value = this.body[key];
    if (value === undefined) {
      this.fail(key, 'isDefined', `${key} is required${why}`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.fail(key, 'isString', `${key} must be a string`);
      return undefined;
    }
    if (value.trim().length === 0) this.fail(key, 'isNotEmpty', `${key} should not be empty`);
    else if (value.length > maxLength)
      this.fail(key, 'maxLength', `${key} must be shorter than or equal to ${maxLength} characters`);
    else return value;
    return undefined;
  }

  absent(key: string, why: string): void {
    if (this.body[key] !== undefined) this.fail(key, 'isEmpty', `${key} ${why}`);
  }

  result<T>(value: () => T): T {
    if (this.errors.length > 0) throw new ValidationFailedError('body', this.errors);
    return value();
  }
}

function reservedType(type: string): boolean {
  return type === 'reply' || type === 'error' || type.startsWith('presence.');
}

/** Validates a send body strictly: unknown properties, a missing or misplaced id/room all fail. */
export function parseSend(input: unknown): SendCommand {
  const check = new BodyCheck(input, ['target', 'id', 'room', 'type', 'data']);
  const target = check.body['target'];
  const validTarget = sendTargets.find((name) => name === target);
  if (check.isObject && !validTarget)
    check.fail(
      'target',
      target === undefined ? 'isDefined' : 'isIn',
      `target must be one of the following values: ${sendTargets.join(', ')}`,
    );
  const type = check.isObject ? check.name('type') : undefined;
  if (type !== undefined && reservedType(type))
    check.fail(
      'type',
      'notReserved',
      `type "${type}" is reserved by the wire protocol (reply, error, presence.*)`,
    );
  const id =
    validTarget === 'connection'
      ? check.name('id', maxNameLength, ' when target is "connection"')
      : undefined;
  const room =
    validTarget === 'room' ? check.name('room', maxNameLength, ' when target is "room"') : undefined;
  if (validTarget && validTarget !== 'connection')
    check.absent('id', 'is only used when target is "connection"');
  if (validTarget && validTarget !== 'room') check.absent('room', 'is only used when target is "room"');
  const data = check.body['data'];
  return check.result((): SendCommand => {
    switch (validTarget) {
      case 'connection':
        return { target: 'connection', id: id as string, type: type as string, data };
      case 'room':
        return { target: 'room', room: room as string, type: type as string, data };
      case 'all':
        return { target: 'all', type: type as string, data };
      case undefined:
        throw new Error('unreachable: a missing target is a validation error');
      default: {
        const exhaustive: never = validTarget;
        throw new Error(`unknown target ${String(exhaustive)}`);
      }
    }
  });
}

/** Validates a disconnect body: `id`, and optionally a close code `ws` can send and a short reason. */
export function parseDisconnect(input: unknown): DisconnectCommand {
  const check = new BodyCheck(input, ['id', 'code', 'reason']);
  const id =
    input !== null && typeof input === 'object' && !Array.isArray(input) ? check.name('id') : undefined;
  const code = check.body['code'] ?? 1000;
  if (typeof code !== 'number' || !Number.isInteger(code))
    check.fail('code', 'isInt', 'code must be an integer number');
  else if (!isSendableCloseCode(code))
    check.fail(
      'code',
      'isCloseCode',
      'code must be a close code a server can send: 1000-1003, 1007-1014 or 3000-4999',
    );
  const reason = check.body['reason'] ?? defaultDisconnectReason;
  if (typeof reason !== 'string') check.fail('reason', 'isString', 'reason must be a string');
  else if (Buffer.byteLength(reason) > maxReasonBytes)
    check.fail('reason', 'maxByteLength', `reason must be at most ${maxReasonBytes} bytes of UTF-8`);
  return check.result(() => ({ id: id as string, code: code as number, reason: reason as string }));
}
