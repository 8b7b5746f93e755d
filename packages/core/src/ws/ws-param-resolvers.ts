import type { ParamDefinition } from '../definition/app-definition.js';
import type { Connection } from './connection.js';
import { upgradeValues } from './connection-internals.js';

/** Everything a socket handler argument can come from. */
export interface HandlerScope {
  readonly connection: Connection;
  /** The validated message payload (message handlers only). */
  readonly message?: unknown;
  readonly closeCode?: number;
  readonly closeReason?: string;
}

export interface CompiledWsParam {
  readonly resolve: (scope: HandlerScope) => unknown;
}

/** A controller method bound to its instance. */
export type BoundMethod = (...args: unknown[]) => unknown;

/** The controller method `member` bound to its instance, looked up once at boot. */
export function bindMethod(instance: object, member: string): BoundMethod {
  return ((instance as Record<string, BoundMethod>)[member] as BoundMethod).bind(instance);
}

/** The arguments of one handler call; every source was validated before (upgrade or message). */
export function buildArgs(params: readonly CompiledWsParam[], scope: HandlerScope): unknown[] {
  const args = new Array<unknown>(params.length);
  for (let index = 0; index < params.length; index++)
    args[index] = (params[index] as CompiledWsParam).resolve(scope);
  return args;
}

/** Calls a message handler with its arguments for one connection and validated message. */
export type MessageInvoker = (connection: Connection, message: unknown) => unknown;

/**
 * The per-message call of a handler, specialised at boot: `@Message()` and `@Conn()` alone or
 * together (the common cases) call the method directly, without a scope object or an argument array.
 */
export function compileInvoker(params: readonly ParamDefinition[], method: BoundMethod): MessageInvoker {
  switch (params.map((param) => param.kind).join(',')) {
    case '':
      return () => method();
    case 'message':
      return (_connection, message) => method(message);
    case 'conn':
      return (connection) => method(connection);
    case 'message,conn':
      return (connection, message) => method(message, connection);
    case 'conn,message':
      return (connection, message) => method(connection, message);
    default: {
      const compiled = params.map(compileWsParam);
      return (connection, message) => method(...buildArgs(compiled, { connection, message }));
    }
  }
}

/**
 * Decides at boot where each argument of a socket handler comes from. Path parameters, query and
 * headers (named ones included, e.g. `@Query('side') side: number`) were validated and converted
 * once at upgrade and live on the connection, so nothing is converted per message.
 */
export function compileWsParam(param: ParamDefinition): CompiledWsParam {
  const name = param.name;
  switch (param.kind) {
    case 'message':
      return { resolve: (scope) => scope.message };
    case 'conn':
      return { resolve: (scope) => scope.connection };
    case 'param':
      return name === undefined
        ? { resolve: (scope) => scope.connection.params }
        : { resolve: (scope) => scope.connection.params[name] };
    case 'query':
      return name === undefined
        ? { resolve: (scope) => scope.connection.query }
        : { resolve: (scope) => scope.connection[upgradeValues].query[name] };
    case 'headers': {
      if (name === undefined) return { resolve: (scope) => scope.connection.headers };
      const header = name.toLowerCase();
      return { resolve: (scope) => scope.connection[upgradeValues].headers[header] };
    }
    case 'req':
      return { resolve: (scope) => scope.connection.request };
    case 'identity':
      return { resolve: (scope) => scope.connection.identity };
    case 'close-code':
      return { resolve: (scope) => scope.closeCode };
    case 'close-reason':
      return { resolve: (scope) => scope.closeReason };
    case 'body':
    case 'reply':
      // The definition builder rejects these on socket handlers; reaching here is a Halyard bug.
      throw new TypeError(`${param.kind} is not a WebSocket parameter`);
    default: {
      const exhaustive: never = param.kind;
      throw new TypeError(`unhandled parameter kind ${String(exhaustive)}`);
    }
  }
}
