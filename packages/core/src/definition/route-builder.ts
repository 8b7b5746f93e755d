import 'reflect-metadata';
import { HalyardError } from '../errors.js';
import type { MemberRecord } from '../metadata.js';
import type { Class } from '../types.js';
import type { HttpRouteDefinition, ResponseDefinition, TypeRef } from './app-definition.js';
import { buildGuards, declaredMember, mergeDocs, targetName, type DecoratedClass } from './handler-meta.js';
import { buildParams } from './param-builder.js';
import { assertPathParams } from './paths.js';
import { toTypeRef, typeLabel } from './type-resolution.js';

function successStatus(record: MemberRecord, returnsNothing: boolean): number {
  if (record.httpCode !== undefined) return record.httpCode;
  if (record.route?.method === 'POST') return 201;
  return returnsNothing ? 204 : 200;
}

function isHttpStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 100 && status <= 599;
}

function checkStatuses(record: MemberRecord, target: string): void {
  if (record.httpCode !== undefined && !isHttpStatus(record.httpCode)) {
    throw new HalyardError('HALYARD_ERR_STATUS_INVALID', { target, what: `@HttpCode(${record.httpCode})` });
  }
  for (const entry of record.returns) {
    if (entry.status !== undefined && !isHttpStatus(entry.status)) {
      throw new HalyardError('HALYARD_ERR_STATUS_INVALID', {
        target,
        what: `@Returns(..., { status: ${entry.status} })`,
      });
    }
  }
}

function buildResponses(
  controller: Class,
  member: string,
  record: MemberRecord,
): { status: number; responses: ResponseDefinition[]; bodyKnown: boolean } {
  const target = targetName(controller, member);
  checkStatuses(record, target);
  if (record.returns.length > 0) {
    // The success status: @HttpCode, else the one @Returns without a status, else the first 2xx @Returns.
    const unstated = record.returns.find((entry) => entry.status === undefined);
    const stated2xx = record.returns.find(
      (entry) => entry.status !== undefined && entry.status >= 200 && entry.status < 300,
    );
    const status =
      record.httpCode ??
      (unstated
        ? successStatus(record, unstated.type === null)
        : (stated2xx?.status ?? successStatus(record, false)));
    if (
      record.httpCode !== undefined &&
      !unstated &&
      !record.returns.some((entry) => entry.status === record.httpCode)
    ) {
      // Otherwise the document would describe a body under a status the route never answers with.
      throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
        target,
        detail: `@HttpCode(${record.httpCode}) answers a status no @Returns documents (${record.returns.map((entry) => entry.status).join(', ')}); drop the status from @Returns or make the two agree`,
      });
    }
    const responses = record.returns.map((entry): ResponseDefinition => {
      const type = entry.type === null ? null : toTypeRef(entry.type, target);
      if (type === undefined) {
        throw new HalyardError('HALYARD_ERR_TYPE_MISSING', {
          target,
          what: '@Returns',
          found: typeLabel(entry.type),
          fix: 'pass a class-validator DTO class, [DtoClass], String, Number, Boolean or null',
        });
      }
      return {
        status: entry.status ?? status,
        type,
        ...(entry.description !== undefined && { description: entry.description }),
      };
    });
    return { status, responses, bodyKnown: true };
  }
  const design: unknown = Reflect.getMetadata('design:returntype', controller.prototype, member);
  if (design === undefined) {
    // void, or no return type annotation at all (TypeScript emits the same for both).
    const status = successStatus(record, true);
    return { status, responses: [{ status, type: null }], bodyKnown: false };
  }
  const type: TypeRef | undefined = toTypeRef(design, target);
  if (!type) {
    throw new HalyardError('HALYARD_ERR_RETURN_TYPE_MISSING', {
      target,
      found: typeLabel(design),
      what: 'body',
      fix: 'add @Returns(YourDto), @Returns([YourDto]) or @Returns(null)',
    });
  }
  const status = successStatus(record, false);
  return { status, responses: [{ status, type }], bodyKnown: true };
}

export function buildRoute(
  { controller, owner }: DecoratedClass,
  member: string,
  record: MemberRecord,
): HttpRouteDefinition {
  const { declaration: route, path } = declaredMember({ controller, owner }, [member, record], 'route');
  const params = buildParams({ controller, member, records: record.params, context: 'http' });
  assertPathParams(params, path, {
    target: targetName(controller, member),
    label: `${route.method} ${path}`,
  });
  if ((record.docs.examples?.length ?? 0) > 0 && !params.some((param) => param.kind === 'body')) {
    throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
      target: targetName(controller, member),
      detail: '@Example documents the request body, but this route has no @Body() parameter',
    });
  }
  const { status, responses, bodyKnown } = buildResponses(controller, member, record);
  return {
    controller,
    member,
    handlerName: targetName(controller, member),
    method: route.method,
    path,
    params,
    status,
    responses,
    bodyKnown,
    docs: mergeDocs(owner.docs, record.docs, `${controller.name}_${member}`),
    guards: buildGuards(owner, record.guards),
  };
}
