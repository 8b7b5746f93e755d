import { HalyardError } from '../errors.js';
import {
  assertNoMisuse,
  readClassRecord,
  readMemberNames,
  readMemberRecord,
  type MemberRecord,
} from '../metadata.js';
import { nestedClosure } from '../dto/dto-graph.js';
import type { DtoModel } from '../dto/dto-model.js';
import type { Class } from '../types.js';
import type { AppDefinition, HttpRouteDefinition, SocketDefinition } from './app-definition.js';
import { targetName } from './handler-meta.js';
import { routeKey } from './paths.js';
import { buildRoute } from './route-builder.js';
import { buildMultiSocket, buildSingleSocket, type SocketDraft } from './socket-builder.js';
import { withResolvedLimits } from '../ws/socket-limits.js';
import type { SocketLimitOptions } from '../metadata.js';
import { collectDtos } from './type-resolution.js';

type Role = 'route' | 'socket' | 'handler';

/** How each handler kind is written in boot errors. */
const handlerDecorators = {
  message: '@OnMessage',
  connect: '@OnConnect',
  disconnect: '@OnDisconnect',
  reauth: '@OnReauth',
} as const;

function rolesOf(record: MemberRecord): Role[] {
  const roles: Role[] = [];
  if (record.route) roles.push('route');
  if (record.socket) roles.push('socket');
  if (record.handler) roles.push('handler');
  return roles;
}

function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (!value || typeof value !== 'object' || seen.has(value)) return value;
  // Only Halyard's own records are frozen; user objects (guard instances, ...) stay as given.
  const proto: unknown = Object.getPrototypeOf(value);
  if (!(value instanceof Map) && !Array.isArray(value) && proto !== Object.prototype && proto !== null)
    return value;
  seen.add(value);
  if (value instanceof Map) {
    for (const entry of value.values()) deepFreeze(entry, seen);
  } else {
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (typeof child !== 'function') deepFreeze(child, seen);
    }
  }
  return Object.freeze(value);
}

/** The DTOs and every class nested in one that carries metadata (not `String`, `Date`, ...). */
function dtoModels(dtos: ReadonlySet<Class>): Map<Class, DtoModel> {
  const models = new Map<Class, DtoModel>();
  for (const dto of dtos)
    for (const model of nestedClosure(dto).models)
      if (model.type === dto || model.validated || model.properties.size > 0) models.set(model.type, model);
  return models;
}

/**
 * Reads the decorator metadata of every controller once and produces the immutable app definition.
 * Every misuse is reported here, at boot, with the class and member it concerns.
 */
export function buildDefinition(
  controllers: readonly Class[],
  options: {
    /** App-wide socket limits (`createApp({ websocket: { limits } })`), resolved into each socket's `resolvedLimits`. */
    readonly limits?: SocketLimitOptions | undefined;
  } = {},
): AppDefinition {
  const routes: HttpRouteDefinition[] = [];
  const drafts: SocketDraft[] = [];
  const owners = new Map<string, { target: string; route: string }>();

  const shapes = new Map<string, { path: string; target: string }>();
  // `/a/:x` and `/a/:y` are one path to a router and to OpenAPI, whatever the methods.
  const claimShape = (path: string, target: string): void => {
    const shape = routeKey('', path);
    const other = shapes.get(shape);
    if (other && other.path !== path) {
      throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
        target,
        detail: `${path} names its parameters differently from ${other.path} (${other.target}); use the same names`,
      });
    }
    shapes.set(shape, { path, target });
  };
  // The key (`GET /rooms/:`) only detects the clash; the message names both real paths.
  const claim = (method: string, path: string, target: string): void => {
    const key = routeKey(method, path);
    const route = `${method} ${path}`;
    const other = owners.get(key);
    if (other) {
      throw new HalyardError('HALYARD_ERR_ROUTE_DUPLICATE', {
        target,
        route,
        other: other.target,
        otherRoute: other.route,
      });
    }
    owners.set(key, { target, route });
  };

  for (const controller of controllers) {
    if (typeof controller !== 'function') {
      throw new HalyardError('HALYARD_ERR_OPTIONS_INVALID', {
        detail: `controllers must be classes, got ${typeof controller}`,
      });
    }
    assertNoMisuse(controller);
    const owner = readClassRecord(controller);
    if (owner.prefix === undefined && !owner.socket) {
      throw new HalyardError('HALYARD_ERR_CONTROLLER_NOT_DECORATED', { target: controller.name });
    }
    const members = readMemberNames(controller).map((member): [string, MemberRecord] => [
      member,
      readMemberRecord(controller, member),
    ]);

    for (const [member, record] of members) {
      const target = targetName(controller, member);
      const roles = rolesOf(record);
      const routeDecorators = record.decorators.filter((name) =>
        /^@(Get|Post|Put|Patch|Delete|WebSocket|OnMessage|OnConnect|OnDisconnect|OnReauth)$/.test(name),
      );
      if (roles.length > 1 || routeDecorators.length > 1) {
        throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
          target,
          detail: `a method is either an HTTP route, a @WebSocket or a socket handler; found ${routeDecorators.join(', ')}`,
        });
      }
      if (roles.length === 0) {
        throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
          target,
          detail: `${[...new Set(record.decorators)].join(', ')} without @Get/@Post/@Put/@Patch/@Delete, @WebSocket or @OnMessage has no effect`,
        });
      }
      if (record.handler && !owner.socket) {
        const decorator = handlerDecorators[record.handler.kind];
        throw new HalyardError('HALYARD_ERR_WS_HANDLER_OUTSIDE_SOCKET', { target, decorator });
      }
      if (record.route && record.requests) {
        throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
          target,
          detail: '@Requests declares what a socket asks its client; put it on a @WebSocket class or handler',
        });
      }
      if (record.route) {
        const route = buildRoute({ controller, owner }, member, record);
        claim(route.method, route.path, target);
        claimShape(route.path, target);
        routes.push(route);
      } else if (record.socket) {
        const socket = buildSingleSocket({ controller, owner }, member, record);
        claim('GET', socket.path, target);
        claimShape(socket.path, target);
        drafts.push(socket);
      }
    }
    if (owner.socket) {
      const socket = buildMultiSocket(controller, owner, members);
      claim('GET', socket.path, controller.name);
      claimShape(socket.path, controller.name);
      drafts.push(socket);
    }
  }
  const sockets: SocketDefinition[] = drafts.map((socket) => withResolvedLimits(socket, options.limits));

  const dtos = new Set<Class>();
  for (const route of routes) {
    for (const param of route.params) collectDtos(param.type, dtos);
    for (const response of route.responses) collectDtos(response.type, dtos);
  }
  for (const socket of sockets) {
    for (const handler of socket.handlers.values()) {
      collectDtos(handler.message, dtos);
      collectDtos(handler.reply, dtos);
    }
    for (const emit of socket.emits) collectDtos(emit.type, dtos);
    for (const request of socket.requests) {
      collectDtos(request.data, dtos);
      collectDtos(request.reply, dtos);
    }
    for (const dto of [socket.upgrade.params, socket.upgrade.query, socket.upgrade.headers])
      if (dto) dtos.add(dto);
  }

  const definition = deepFreeze({ controllers: [...controllers], routes, sockets, dtos: [...dtos] });
  // The models are frozen by describeDto; deepFreeze would also freeze class-transformer's own records.
  return Object.freeze({ ...definition, dtoModels: dtoModels(dtos) });
}
