import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HalyardError, statusOf, type StatusErrorCode } from '../errors.js';
import { codedError, wireError, wireErrorLog } from '../wire-error.js';
import { HttpError } from './http-error.js';
import { problem, problemContentType } from './problem.js';
import { pathOf } from './request-path.js';

/** The code a Fastify 4xx is answered with, by its status (the statuses come from the error table). */
const codeByStatus = new Map<number, StatusErrorCode>(
  (
    [
      'HALYARD_ERR_BAD_REQUEST',
      'HALYARD_ERR_UNAUTHORIZED',
      'HALYARD_ERR_FORBIDDEN',
      'HALYARD_ERR_NOT_FOUND',
      'HALYARD_ERR_METHOD_NOT_ALLOWED',
      'HALYARD_ERR_CONFLICT',
      'HALYARD_ERR_PAYLOAD_TOO_LARGE',
      'HALYARD_ERR_UNSUPPORTED_MEDIA_TYPE',
      'HALYARD_ERR_TOO_MANY_REQUESTS',
    ] as const
  ).map((code) => [statusOf(code), code]),
);

function isClientError(error: unknown): error is FastifyError & { statusCode: number } {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** Errors thrown by Halyard handlers and guards (filled by the route registrar). */
const fromHandlers = new WeakSet<object>();

/**
 * Records that a route handler or guard threw `error`. Only `HttpError`s choose their status there:
 * a `statusCode` on anything else (a database driver's, an HTTP client's) must not reach the client.
 */
export function markHandlerError(error: unknown): void {
  if (typeof error === 'object' && error !== null) fromHandlers.add(error);
}

/**
 * A 4xx that keeps its status and message: Fastify's own errors (`FST_*` codes, from Fastify and
 * the `@fastify/*` plugins) anywhere, and errors raised before the handler ran: body parsers and
 * plugins' hooks (a rate limiter's 429).
 */
function isPassThrough(error: unknown): error is FastifyError & { statusCode: number } {
  if (!isClientError(error)) return false;
  if (typeof error.code === 'string' && error.code.startsWith('FST_')) return true;
  return !fromHandlers.has(error);
}

/**
 * Answers every error as `application/problem+json`: `HttpError`s and Fastify's own 4xx (bad JSON,
 * body too large, wrong media type, plugins' hooks) with their status and code, anything else
 * (including a non-`HttpError` with a `statusCode` thrown by a handler or guard) as a generic 500.
 * Each answer is built by `wireError` (bounded: 100 field errors, cut texts) and logged: client
 * errors at `info` with the count and first few field errors, server errors at `error` with the stack.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpError) {
      const wire = wireError(error.code, error.message, error.errors);
      const log = wireErrorLog(wire);
      request.log.info({ ...log.fields, status: error.status }, `request rejected: ${log.message}`);
      return reply
        .code(error.status)
        .type(problemContentType)
        .send(problem(error.status, wire, pathOf(request.url)));
    }
    if (isPassThrough(error)) {
      const wire = wireError(codeByStatus.get(error.statusCode) ?? 'HALYARD_ERR_BAD_REQUEST', error.message);
      const log = wireErrorLog(wire);
      request.log.info(
        { ...log.fields, status: error.statusCode, fastifyCode: error.code },
        `request rejected: ${log.message}`,
      );
      return reply
        .code(error.statusCode)
        .type(problemContentType)
        .send(problem(error.statusCode, wire, pathOf(request.url)));
    }
    const logCode = error instanceof HalyardError ? error.code : 'HALYARD_ERR_INTERNAL';
    request.log.error({ err: error, code: logCode }, 'handler failed');
    const status = statusOf('HALYARD_ERR_INTERNAL');
    return reply
      .code(status)
      .type(problemContentType)
      .send(problem(status, codedError('HALYARD_ERR_INTERNAL'), pathOf(request.url)));
  });

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    const wire = codedError('HALYARD_ERR_NOT_FOUND', { method: request.method, url: path });
    const status = statusOf('HALYARD_ERR_NOT_FOUND');
    const log = wireErrorLog(wire);
    request.log.info({ ...log.fields, status }, log.message);
    return reply
      .code(status)
      .type(problemContentType)
      .send(problem(status, wire, path));
  });
}

/** What Fastify's router refuses before any route runs, answered as every other client error. */
const frameworkRefusals = new Map<string, { code: StatusErrorCode; detail: string }>([
  [
    'FST_ERR_BAD_URL',
    { code: 'HALYARD_ERR_BAD_REQUEST', detail: 'The URL path is not validly percent-encoded' },
  ],
  [
    'FST_ERR_MAX_PARAM_LENGTH',
    { code: 'HALYARD_ERR_URI_TOO_LONG', detail: 'A path parameter is longer than the server accepts' },
  ],
]);

/**
 * Fastify's `frameworkErrors`: the router's own refusals (a path that is not validly
 * percent-encoded, a path parameter above `maxParamLength`) are answered like every other client
 * error, as a problem+json with a Halyard code and an info log line, instead of Fastify's plain
 * JSON that echoes the whole URL, query string (and any credential in it) included.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const path = pathOf(request.url);
  const refusal = frameworkRefusals.get(error.code);
  if (refusal === undefined) {
    request.log.error({ err: error, code: 'HALYARD_ERR_INTERNAL' }, 'request failed in the router');
    const status = statusOf('HALYARD_ERR_INTERNAL');
    void reply
      .code(status)
      .type(problemContentType)
      .send(problem(status, codedError('HALYARD_ERR_INTERNAL'), path));
    return;
  }
  const status = statusOf(refusal.code);
  const wire = codedError(refusal.code, { detail: refusal.detail });
  const log = wireErrorLog(wire);
  request.log.info(
    { ...log.fields, status: status, fastifyCode: error.code },
    `request rejected: ${log.message}`,
  );
  void reply
    .code(status)
    .type(problemContentType)
    .send(problem(status, wire, path));
}
