import '../fastify-augmentation.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDefinition, HttpRouteDefinition } from '../definition/app-definition.js';
import type { Container } from '../di/container.js';
import { HalyardError } from '../errors.js';
import { compileGuards, guardQueryKeys } from '../guards/guard-runner.js';
import type { FieldError } from '../validation/field-error.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import { markHandlerError } from './error-handler.js';
import { ValidationFailedError } from './http-error.js';
import { compileHttpParam } from './param-extractors.js';

type Handler = (...args: unknown[]) => unknown;

/** What every route is registered with: the app's container and its validation settings. */
export interface RouteServices {
  container: Container;
  settings: ValidationSettings;
}

async function registerRoute(
  app: FastifyInstance,
  route: HttpRouteDefinition,
  { container, settings }: RouteServices,
): Promise<void> {
  const instance = (await container.get(route.controller)) as Record<string, Handler>;
  const method = instance[route.member] as Handler;
  const guardKeys = guardQueryKeys(route.guards);
  const params = route.params.map((param) => compileHttpParam(param, settings, guardKeys));
  const guard = await compileGuards(route.guards, container, { kind: 'http', handler: route.handlerName });
  const noBody = route.responses.find((response) => response.status === route.status)?.type === null;
  const status = route.status;

  const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const args = new Array<unknown>(params.length);
    let errors: FieldError[] | undefined;
    for (let index = 0; index < params.length; index++) {
      const param = params[index] as (typeof params)[number];
      const raw = param.extract(request, reply);
      if (!param.validate) {
        args[index] = raw;
        continue;
      }
      let result = param.validate(raw);
      if (result instanceof Promise) result = await result;
      if (result.ok) args[index] = result.value;
      // A loop, not push(...): a body may fail with more errors than a call takes arguments.
      else for (const error of result.errors) (errors ??= []).push(error);
    }
    if (errors) {
      throw new ValidationFailedError([...new Set(errors.map((error) => error.in))].join(', '), errors);
    }
    let result: unknown;
    try {
      result = await method.apply(instance, args);
    } catch (error) {
      markHandlerError(error);
      throw error;
    }
    if (reply.sent) return reply;
    if (result !== undefined && !route.bodyKnown) {
      // `void` and a missing annotation look the same in metadata; the route is documented without a
      // body, so a value here is a handler bug. Dropping it silently or sending it undocumented would
      // both hide the bug: it becomes a 500 whose log line says what to write.
      throw new HalyardError('HALYARD_ERR_RETURN_VALUE_UNDECLARED', { target: route.handlerName, status });
    }
    reply.code(status);
    return noBody ? reply.send() : result;
  };

  app.route({
    method: route.method,
    url: route.path,
    handler,
    config: { halyardHandler: route.handlerName },
    ...(guard && {
      preHandler: async (request: FastifyRequest) => {
        try {
          request.halyardIdentity = (await guard(request)).identity;
        } catch (error) {
          markHandlerError(error);
          throw error;
        }
      },
    }),
  });
}

/** Registers every REST route of the definition; controllers and guards are resolved once, here. */
export async function registerHttpRoutes(
  app: FastifyInstance,
  definition: AppDefinition,
  services: RouteServices,
): Promise<void> {
  for (const route of definition.routes) await registerRoute(app, route, services);
}
