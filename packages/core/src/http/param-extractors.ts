import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ParamDefinition } from '../definition/app-definition.js';
import { withoutKeys } from '../guards/guard-runner.js';
import { compileValidator, type Validator } from '../validation/dto-validator.js';
import type { ValueSource } from '../validation/field-error.js';
import type { ValidationSettings } from '../validation/validation-settings.js';

type Source = Record<string, unknown>;

/** One handler argument: where it comes from and how it is validated, decided at boot. */
export interface CompiledHttpParam {
  readonly extract: (request: FastifyRequest, reply: FastifyReply) => unknown;
  readonly validate?: Validator;
}

function fromSource(
  pick: (request: FastifyRequest) => Source,
  name: string | undefined,
): CompiledHttpParam['extract'] {
  return name === undefined ? (request) => pick(request) : (request) => pick(request)[name];
}

export function compileHttpParam(
  param: ParamDefinition,
  settings: ValidationSettings,
  guardKeys: readonly string[] = [],
): CompiledHttpParam {
  const validator = (source: ValueSource): Validator =>
    compileValidator(param.type, source, settings, param.name ?? '');
  switch (param.kind) {
    case 'body':
      return { extract: (request) => request.body, validate: validator('body') };
    case 'param':
      return {
        extract: fromSource((request) => request.params as Source, param.name),
        validate: validator('params'),
      };
    case 'query':
      return {
        extract: fromSource(
          (request) =>
            (param.name === undefined ? withoutKeys(request.query, guardKeys) : request.query) as Source,
          param.name,
        ),
        validate: validator('query'),
      };
    case 'headers':
      return {
        extract: fromSource((request) => request.headers as Source, param.name?.toLowerCase()),
        validate: validator('headers'),
      };
    case 'req':
      return { extract: (request) => request };
    case 'reply':
      return { extract: (_request, reply) => reply };
    case 'identity':
      return { extract: (request) => request.halyardIdentity };
    case 'message':
    case 'conn':
    case 'close-code':
    case 'close-reason':
      // The definition builder rejects these on HTTP routes; reaching here is a Halyard bug.
      throw new TypeError(`${param.kind} is not an HTTP parameter`);
    default: {
      const exhaustive: never = param.kind;
      throw new TypeError(`unhandled parameter kind ${String(exhaustive)}`);
    }
  }
}
