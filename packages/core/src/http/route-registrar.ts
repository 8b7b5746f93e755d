import '../fastify-augmentation.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDefinition, HttpRouteDefinition } from '../definition/app-definition.js';
import type { Container } from '../di/container.js';
import { compileGuards, guardQueryKeys } from '../guards/guard-runner.js';
import type { FieldError } from '../validation/field-error.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import { ValidationFailedError } from './http-error.js';
import { compileHttpParam } from './param-extractors.js';

type Handler = (...args: unknown[]) => unknown;

async function registerRoute(
  app: FastifyInstance,
  route: HttpRouteDefinition,
  container: Container,
  settings: ValidationSettings,
): Promise<void> {
  const instance = (await container.get(route.controller)) as Record<string, Handler>;
  const method = instance[route.member] as Handler;
  const guardKeys = guardQueryKeys(route.guards);
  const params = route.params.map((param) => compileHttpParam(param, settings, guardKeys));
  const guard = await compileGuards(route.guards, container, 'http', route.handlerName);
  const noBody = route.responses.find((response) => response.status === route.status)?.type === null;
  const status = route.status;
  let warned = false;

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
      else (errors ??= []).push(...result.errors);
    }
    if (errors) {
      throw new ValidationFailedError([...new Set(errors.map((error) => error.in))].join(', '), errors);
    }
    const result = await method.apply(instance, args);
    if (reply.sent) return reply;
    if (result !== undefined && !route.bodyKnown) {
      // The metadata said void (or nothing): never drop what the handler returned.
      if (!warned) {
        warned = true;
        request.log.warn(
          { code: 'HALYARD_ERR_RETURN_TYPE_MISSING', handler: route.handlerName },
          `${route.handlerName} returned a value but declares no return type; sending it with 200. Add a return type or @Returns(YourDto) so it is documented`,
        );
      }
      return reply.code(status === 204 ? (route.method === 'POST' ? 201 : 200) : status).send(result);
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
        request.halyardIdentity = await guard(request);
      },
    }),
  });
}

/** Registers every REST route of the definition; controllers and guards are resolved once, here. */
export async function registerHttpRoutes(
  app: FastifyInstance,
  definition: AppDefinition,
  container: Container,
  settings: ValidationSettings,
): Promise<void> {
  for (const route of definition.routes) await registerRoute(app, route, container, settings);
}
