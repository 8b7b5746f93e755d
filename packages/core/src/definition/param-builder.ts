import 'reflect-metadata';
import { HalyardError } from '../errors.js';
import type { ParamKind, ParamRecord } from '../metadata.js';
import type { Class } from '../types.js';
import type { ParamDefinition, TypeRef } from './app-definition.js';
import { toTypeRef, typeLabel } from './type-resolution.js';

/** Where a handler runs; decides which parameter decorators make sense. */
export type HandlerContext = 'http' | 'ws-message' | 'ws-connect' | 'ws-disconnect' | 'ws-reauth';

const allowedKinds: Record<HandlerContext, readonly ParamKind[]> = {
  http: ['body', 'param', 'query', 'headers', 'req', 'reply', 'identity'],
  'ws-message': ['message', 'conn', 'param', 'query', 'headers', 'req', 'identity'],
  'ws-connect': ['conn', 'param', 'query', 'headers', 'req', 'identity'],
  'ws-disconnect': ['conn', 'close-code', 'close-reason', 'param', 'query', 'headers', 'identity'],
  'ws-reauth': ['conn', 'param', 'query', 'headers', 'req', 'identity'],
};

/** How each parameter kind is written in boot errors: `@Param()`, `@Query()`, ... */
export const decoratorNames: Readonly<Record<ParamKind, string>> = {
  body: '@Body()',
  param: '@Param()',
  query: '@Query()',
  headers: '@Headers()',
  req: '@Req()',
  reply: '@Res()',
  identity: '@Identity()',
  message: '@Message()',
  conn: '@Conn()',
  'close-code': '@CloseCode()',
  'close-reason': '@CloseReason()',
};

const contextNames: Record<HandlerContext, string> = {
  http: 'an HTTP route',
  'ws-message': 'a WebSocket message handler',
  'ws-connect': 'an @OnConnect handler',
  'ws-disconnect': 'an @OnDisconnect handler',
  'ws-reauth': 'an @OnReauth handler',
};

function describeAllowed(context: HandlerContext): string {
  return allowedKinds[context].map((kind) => decoratorNames[kind]).join(', ');
}

function resolveParamType(record: ParamRecord, designType: unknown, target: string): TypeRef {
  const unvalidated =
    record.kind === 'req' || record.kind === 'reply' || record.kind === 'conn' || record.kind === 'identity';
  if (unvalidated) return { kind: 'unknown' };
  if (record.kind === 'close-code') return { kind: 'primitive', type: 'number' };
  if (record.kind === 'close-reason') return { kind: 'primitive', type: 'string' };

  const named = record.name !== undefined;
  const ref = toTypeRef(record.type ?? designType, target);
  if (named) {
    // A single path/query/header value is text on the wire; only scalar conversions make sense.
    if (!ref) return { kind: 'primitive', type: 'string' };
    if (ref.kind === 'primitive') return ref;
    throw new HalyardError('HALYARD_ERR_TYPE_MISSING', {
      target,
      what: `${decoratorNames[record.kind].replace('()', `('${record.name}')`)} parameter #${record.index}`,
      found: typeLabel(record.type ?? designType),
      fix: 'a named value must be typed string, number or boolean; take a DTO with the unnamed form instead',
    });
  }
  if (
    ref &&
    (ref.kind === 'dto' ||
      (ref.kind === 'array' && record.kind === 'body') ||
      (ref.kind === 'array' && record.kind === 'message'))
  ) {
    return ref;
  }
  throw new HalyardError('HALYARD_ERR_TYPE_MISSING', {
    target,
    what: `${decoratorNames[record.kind]} parameter #${record.index}`,
    found: typeLabel(record.type ?? designType),
    fix: `type it with a class-validator DTO class, or pass it explicitly: ${decoratorNames[record.kind].replace('()', '({ type: YourDto })')}${record.kind === 'body' || record.kind === 'message' ? ` or ${decoratorNames[record.kind].replace('()', '({ type: [YourDto] })')} for an array` : ''}`,
  });
}

/** The handler whose parameters `buildParams` turns into definitions, and where it runs. */
export interface ParamsSource {
  controller: Class;
  member: string;
  records: readonly ParamRecord[];
  context: HandlerContext;
}

/** Turns a member's parameter records into definitions, checking each against its context. */
export function buildParams({ controller, member, records, context }: ParamsSource): ParamDefinition[] {
  const target = `${controller.name}.${member}`;
  const designTypes =
    (Reflect.getMetadata('design:paramtypes', controller.prototype, member) as unknown[] | undefined) ?? [];
  const method = (controller.prototype as Record<string, unknown>)[member];
  const arity = Math.max(designTypes.length, typeof method === 'function' ? method.length : 0);
  const byIndex = new Map(records.map((record) => [record.index, record]));

  const params: ParamDefinition[] = [];
  for (let index = 0; index < arity; index++) {
    const record = byIndex.get(index);
    if (!record) {
      throw new HalyardError('HALYARD_ERR_PARAM_UNDECORATED', {
        target,
        index,
        allowed: describeAllowed(context),
      });
    }
    if (!allowedKinds[context].includes(record.kind)) {
      throw new HalyardError('HALYARD_ERR_PARAM_NOT_ALLOWED', {
        target,
        decorator: decoratorNames[record.kind],
        context: contextNames[context],
        allowed: describeAllowed(context),
      });
    }
    params.push({
      index,
      kind: record.kind,
      ...(record.name !== undefined && { name: record.name }),
      type: resolveParamType(record, designTypes[index], target),
    });
  }
  return params;
}
