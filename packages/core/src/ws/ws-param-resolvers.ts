import type { ParamDefinition } from '../definition/app-definition.js';
import { compileValidator, type Validator } from '../validation/dto-validator.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import type { Connection } from './connection.js';

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
  /** Present for named query/header values, which arrive as text and are converted per use. */
  readonly convert?: Validator;
}

/**
 * Decides at boot where each argument of a socket handler comes from. Path parameters, query and
 * headers were validated once at upgrade and live on the connection.
 */
export function compileWsParam(param: ParamDefinition, settings: ValidationSettings): CompiledWsParam {
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
        : {
            resolve: (scope) => scope.connection.query[name],
            convert: compileValidator(param.type, 'query', settings, name),
          };
    case 'headers': {
      if (name === undefined) return { resolve: (scope) => scope.connection.headers };
      const header = name.toLowerCase();
      return {
        resolve: (scope) => scope.connection.request.headers[header],
        convert: compileValidator(param.type, 'headers', settings, header),
      };
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
