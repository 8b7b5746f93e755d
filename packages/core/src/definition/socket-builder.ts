import 'reflect-metadata';
import { HalyardError } from '../errors.js';
import type { ClassRecord, MemberRecord, SocketRecord } from '../metadata.js';
import type { Class } from '../types.js';
import type {
  EmitDefinition,
  LifecycleHandlerDefinition,
  MessageHandlerDefinition,
  ParamDefinition,
  SocketDefinition,
  TypeRef,
  UpgradeDefinition,
} from './app-definition.js';
import {
  buildEmits,
  buildGuards,
  declaredMember,
  mergeDocs,
  targetName,
  type DecoratedClass,
} from './handler-meta.js';
import { buildParams, decoratorNames } from './param-builder.js';
import { buildRequests } from './request-builder.js';
import { assertPathParams, joinPath, pathParams } from './paths.js';
import { toTypeRef, typeLabel } from './type-resolution.js';

/** `explicit` is the decorator's `reply` option; `decorator` is how to write it, for the boot error. */
function resolveReply(
  controller: Class,
  member: string,
  reply: { explicit: SocketRecord['reply']; decorator: string },
): TypeRef | null {
  const { explicit, decorator } = reply;
  const target = targetName(controller, member);
  if (explicit === null) return null;
  if (explicit) {
    const ref = toTypeRef(explicit, target);
    if (!ref) {
      throw new HalyardError('HALYARD_ERR_TYPE_MISSING', {
        target,
        what: 'reply',
        found: typeLabel(explicit),
        fix: 'pass a DTO class or [DtoClass]',
      });
    }
    return ref;
  }
  const design: unknown = Reflect.getMetadata('design:returntype', controller.prototype, member);
  if (design === undefined) return null;
  const ref = toTypeRef(design, target);
  if (!ref) {
    throw new HalyardError('HALYARD_ERR_RETURN_TYPE_MISSING', {
      target,
      found: typeLabel(design),
      what: 'reply',
      fix: `add the reply DTO to the decorator: ${decorator} (or reply: null if it answers nothing)`,
    });
  }
  return ref;
}

function messageType(params: readonly ParamDefinition[]): TypeRef {
  return params.find((param) => param.kind === 'message')?.type ?? { kind: 'unknown' };
}

/** What a message handler declares besides its class and method; `reply` as `resolveReply` takes it. */
interface HandlerParts extends Pick<
  MessageHandlerDefinition,
  'type' | 'params' | 'emits' | 'docs' | 'guards'
> {
  readonly reply: { explicit: SocketRecord['reply']; decorator: string };
}

/** One message handler, of either socket form: the reply type is resolved here, at boot. */
function messageHandler(controller: Class, member: string, parts: HandlerParts): MessageHandlerDefinition {
  const { type, params, reply, emits, docs, guards } = parts;
  return {
    type,
    member,
    handlerName: targetName(controller, member),
    params,
    message: messageType(params),
    reply: resolveReply(controller, member, reply),
    emits,
    docs,
    guards,
  };
}

/** Upgrade-level DTOs are shared by every handler of a socket, so they must agree. */
function collectUpgrade(
  name: string,
  path: string,
  handlers: ReadonlyArray<{ target: string; params: readonly ParamDefinition[] }>,
): UpgradeDefinition {
  const dtos: { params?: Class; query?: Class; headers?: Class } = {};
  const named = new Map<string, TypeRef>();
  const namedQuery = new Map<string, TypeRef>();
  const namedHeaders = new Map<string, TypeRef>();
  for (const { target, params } of handlers) {
    assertPathParams(params, path, { target, label: path });
    for (const param of params) {
      if (param.kind !== 'param' && param.kind !== 'query' && param.kind !== 'headers') continue;
      const slot = param.kind === 'param' ? 'params' : param.kind;
      if (param.name !== undefined) {
        const decorator = decoratorNames[param.kind].replace('()', `('${param.name}')`);
        const key = param.kind === 'headers' ? param.name.toLowerCase() : param.name;
        const map = param.kind === 'param' ? named : param.kind === 'query' ? namedQuery : namedHeaders;
        const known = map.get(key);
        if (known && JSON.stringify(known) !== JSON.stringify(param.type)) {
          throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
            target,
            detail: `${decorator} is typed differently by another handler of ${name}; one socket converts its upgrade request once`,
          });
        }
        map.set(key, param.type);
        continue;
      }
      if (param.type.kind !== 'dto') continue;
      const existing = dtos[slot];
      if (existing && existing !== param.type.type) {
        throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
          target,
          detail: `${decoratorNames[param.kind]} uses ${param.type.type.name} but another handler of ${name} uses ${existing.name}; one socket validates its upgrade request once`,
        });
      }
      dtos[slot] = param.type.type;
    }
  }
  const validated =
    Object.values(dtos).some((dto) => dto !== undefined) ||
    named.size > 0 ||
    namedQuery.size > 0 ||
    namedHeaders.size > 0;
  return { ...dtos, namedParams: named, namedQuery, namedHeaders, validated };
}

/** `$`-prefixed types are the protocol's own frames (`$ping` / `$pong`); a handler or push may not use them. */
function assertNotReserved(target: string, decorator: string, type: string): void {
  if (type.startsWith('$'))
    throw new HalyardError('HALYARD_ERR_WS_RESERVED_PREFIX', { target, decorator, type });
}

function socketEmits(records: Parameters<typeof buildEmits>[0], target: string): EmitDefinition[] {
  const emits = buildEmits(records, target);
  for (const emit of emits) assertNotReserved(target, `@Emits('${emit.event}')`, emit.event);
  return emits;
}

function dedupeEmits(emits: EmitDefinition[]): EmitDefinition[] {
  const byEvent = new Map<string, EmitDefinition>();
  for (const emit of emits) if (!byEvent.has(emit.event)) byEvent.set(emit.event, emit);
  return [...byEvent.values()];
}

/** A socket definition before the builder resolves its limits (`withResolvedLimits`). */
export type SocketDraft = Omit<SocketDefinition, 'resolvedLimits'>;

/** A method-level `@WebSocket`: one handler answers every message. */
export function buildSingleSocket(
  { controller, owner }: DecoratedClass,
  member: string,
  record: MemberRecord,
): SocketDraft {
  const {
    declaration: socket,
    target,
    path,
  } = declaredMember({ controller, owner }, [member, record], 'socket');
  const params = buildParams({ controller, member, records: record.params, context: 'ws-message' });
  const docs = mergeDocs(owner.docs, record.docs, `${controller.name}_${member}`);
  const emits = dedupeEmits(socketEmits([...owner.emits, ...record.emits], target));
  assertNotReserved(target, `@WebSocket('${socket.path}')`, socket.type ?? member);
  const handler = messageHandler(controller, member, {
    type: socket.type ?? member,
    params,
    reply: { explicit: socket.reply, decorator: `@WebSocket('${socket.path}', { reply: YourDto })` },
    emits,
    docs,
    // A method-level socket's own guards are its upgrade guards.
    guards: [],
  });
  return {
    controller,
    form: 'single',
    name: target,
    path,
    pathParams: pathParams(path),
    handlers: new Map([[handler.type, handler]]),
    emits,
    requests: buildRequests([
      { target: controller.name, records: owner.requests ?? [] },
      { target, records: record.requests ?? [] },
    ]),
    upgrade: collectUpgrade(target, path, [{ target, params }]),
    docs,
    guards: buildGuards(owner, record.guards),
    limits: socket.limits ?? {},
  };
}

/** A class-level `@WebSocket`: `@OnMessage` handlers dispatched by `type`, plus lifecycle hooks. */
export function buildMultiSocket(
  controller: Class,
  owner: ClassRecord,
  members: ReadonlyArray<[string, MemberRecord]>,
): SocketDraft {
  const socket = owner.socket;
  if (!socket) throw new TypeError(`${controller.name} has no class-level @WebSocket`);
  if (socket.reply !== undefined || socket.type !== undefined) {
    throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
      target: controller.name,
      detail:
        'reply and type belong to a method-level @WebSocket; on a class-level socket set them per handler with @OnMessage(type, { reply })',
    });
  }
  const path = joinPath(owner.prefix ?? '', socket.path);
  const handlers = new Map<string, MessageHandlerDefinition>();
  const lifecycle: Partial<Record<'connect' | 'disconnect' | 'reauth', LifecycleHandlerDefinition>> = {};
  const allEmits = [...socketEmits(owner.emits, controller.name)];
  const guards = buildGuards(owner, []);
  const paramSets: Array<{ target: string; params: readonly ParamDefinition[] }> = [];
  const requestRecords = [{ target: controller.name, records: owner.requests ?? [] }];

  for (const [member, record] of members) {
    const handler = record.handler;
    const target = targetName(controller, member);
    assertGuardsPlaced(target, handler?.kind, record.guards.length);
    if (!handler) continue;
    if (record.requests) requestRecords.push({ target, records: record.requests });
    switch (handler.kind) {
      case 'message': {
        assertNotReserved(target, `@OnMessage('${handler.type}')`, handler.type);
        const existing = handlers.get(handler.type);
        if (existing)
          throw new HalyardError('HALYARD_ERR_WS_MESSAGE_DUPLICATE', {
            target,
            type: handler.type,
            other: existing.handlerName,
          });
        const params = buildParams({ controller, member, records: record.params, context: 'ws-message' });
        paramSets.push({ target, params });
        const emits = socketEmits(record.emits, target);
        allEmits.push(...emits);
        handlers.set(
          handler.type,
          messageHandler(controller, member, {
            type: handler.type,
            params,
            reply: {
              explicit: handler.reply,
              decorator: `@OnMessage('${handler.type}', { reply: YourDto })`,
            },
            emits,
            docs: mergeDocs(
              { tags: owner.docs.tags ?? [], ...(owner.docs.deprecated && { deprecated: true }) },
              record.docs,
              `${controller.name}_${member}`,
            ),
            guards: buildGuards(emptyGuardOwner, record.guards),
          }),
        );
        break;
      }
      case 'connect':
      case 'disconnect':
      case 'reauth': {
        const existing = lifecycle[handler.kind];
        const decorator = lifecycleDecorators[handler.kind];
        if (existing)
          throw new HalyardError('HALYARD_ERR_WS_LIFECYCLE_DUPLICATE', {
            target,
            decorator,
            other: existing.handlerName,
          });
        const params = buildParams({
          controller,
          member,
          records: record.params,
          context: `ws-${handler.kind}`,
        });
        paramSets.push({ target, params });
        allEmits.push(...socketEmits(record.emits, target));
        lifecycle[handler.kind] = { member, handlerName: target, params };
        break;
      }
      default: {
        const exhaustive: never = handler;
        throw new TypeError(`unhandled handler ${JSON.stringify(exhaustive)}`);
      }
    }
  }
  if (handlers.size === 0) throw new HalyardError('HALYARD_ERR_WS_NO_HANDLERS', { target: controller.name });
  if (lifecycle.reauth && guards.length === 0)
    throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
      target: lifecycle.reauth.handlerName,
      detail:
        '@OnReauth() would never run: only a socket with upgrade guards (@UseGuards on the class) accepts $auth re-authentication',
    });
  return {
    controller,
    form: 'multi',
    name: controller.name,
    path,
    pathParams: pathParams(path),
    handlers,
    ...(lifecycle.connect && { onConnect: lifecycle.connect }),
    ...(lifecycle.disconnect && { onDisconnect: lifecycle.disconnect }),
    ...(lifecycle.reauth && { onReauth: lifecycle.reauth }),
    emits: dedupeEmits(allEmits),
    requests: buildRequests(requestRecords),
    upgrade: collectUpgrade(controller.name, path, paramSets),
    docs: mergeDocs(owner.docs, {}, controller.name),
    guards,
    limits: socket.limits ?? {},
  };
}

const lifecycleDecorators = {
  connect: '@OnConnect()',
  disconnect: '@OnDisconnect()',
  reauth: '@OnReauth()',
} as const;

const emptyGuardOwner: ClassRecord = Object.freeze({ docs: {}, guards: [], emits: [] });

/** Per-message guards go on `@OnMessage` handlers; on anything else of a socket class they would do nothing. */
function assertGuardsPlaced(
  target: string,
  kind: 'message' | keyof typeof lifecycleDecorators | undefined,
  count: number,
): void {
  if (count === 0 || kind === 'message') return;
  const where = kind === undefined ? 'a member without @OnMessage' : lifecycleDecorators[kind];
  throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
    target,
    detail: `@UseGuards on ${where} has no effect; upgrade guards go on the class, message guards on an @OnMessage handler`,
  });
}
