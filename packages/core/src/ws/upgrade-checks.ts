import { sessionQueryKey } from './resume-session.js';
import type { FastifyRequest } from 'fastify';
import type { SocketDefinition } from '../definition/app-definition.js';
import type { Container } from '../di/container.js';
import { compileGuards, guardQueryKeys, withoutKeys } from '../guards/guard-runner.js';
import { codedHttpError, ValidationFailedError, type HttpError } from '../http/http-error.js';
import { compileValidator, type ValidationResult, type Validator } from '../validation/dto-validator.js';
import type { FieldError, ValueSource } from '../validation/field-error.js';
import type { ValidationSettings } from '../validation/validation-settings.js';
import type { ConnectionSlots } from './connection-slots.js';
import type { IpSlots } from './ip-slots.js';
import { originAllowed } from './origin-check.js';
import type { UpgradeValues } from './connection.js';
import type { ResolvedLimits } from './socket-limits.js';
import type { UpgradeObservation } from './socket-observer.js';
import type { WireErrorCode } from '../errors.js';
import { pathOf } from '../http/request-path.js';

/** What a successful upgrade check leaves on the request for the socket handler. */
export interface UpgradeResult {
  readonly params: Record<string, unknown>;
  readonly query: Record<string, unknown>;
  readonly headers: Record<string, unknown>;
  /** Named `@Query('x')` / `@Headers('x')` values, converted once here instead of per message. */
  readonly values: UpgradeValues;
  /** Gives back the connection slot; the socket handler calls it once the hub counts the connection. */
  readonly release: () => void;
  /** Epoch milliseconds, when an upgrade guard gave the identity an expiry. */
  readonly expiresAt?: number;
}

/** The named values of a route that declares none: one frozen record for all its connections. */
const noUpgradeValues: UpgradeValues = Object.freeze({
  query: Object.freeze({}),
  headers: Object.freeze({}),
});

/**
 * Refusals for capacity (connection limits, shutdown) are always answered with HTTP 503 before
 * the upgrade, also under `refuseWith: 'close'`: accepting the upgrade just to close it would
 * spend the very resources the limit protects, and a 503 (1006 for a browser) means "retry later".
 */
export const refusedBeforeUpgrade: ReadonlySet<string> = new Set<WireErrorCode>([
  'HALYARD_ERR_WS_SHUTTING_DOWN',
  'HALYARD_ERR_WS_TOO_MANY_CONNECTIONS',
  'HALYARD_ERR_WS_TOO_MANY_CONNECTIONS_PER_IP',
]);

/** The 426 a plain HTTP request to a WebSocket route gets (the only place it is raised). */
export function upgradeRequired(request: FastifyRequest): HttpError {
  return codedHttpError('HALYARD_ERR_WS_UPGRADE_REQUIRED', { path: pathOf(request.url) });
}

async function settle(result: ValidationResult | Promise<ValidationResult>): Promise<ValidationResult> {
  return result;
}

/**
 * Compiles the checks that run before a socket is opened, in this order: 426 for a plain HTTP
 * request, shutdown (503), origin (403), connection limits of the route and of the address (503,
 * reserving a slot of each), guards (401/403), then path/query/header validation (400). A failure answers HTTP and no socket opens.
 */
export async function compileUpgradeChecks(options: {
  socket: SocketDefinition;
  limits: ResolvedLimits;
  settings: ValidationSettings;
  container: Container;
  isShuttingDown: () => boolean;
  slots: ConnectionSlots;
  /** App-wide, shared by every route: `maxConnectionsPerIp`. */
  ipSlots: IpSlots;
}): Promise<(request: FastifyRequest, seen?: UpgradeObservation) => Promise<UpgradeResult>> {
  const { socket, limits, settings } = options;
  const upgrade = socket.upgrade;
  const dto = (type: typeof upgrade.params, source: ValueSource): Validator | undefined =>
    type && compileValidator({ kind: 'dto', type }, source, settings);
  const paramsDto = dto(upgrade.params, 'params');
  const queryDto = dto(upgrade.query, 'query');
  const headersDto = dto(upgrade.headers, 'headers');
  const named = [...upgrade.namedParams].map(([name, type]) => ({
    name,
    validate: compileValidator(type, 'params', settings, name),
  }));
  const namedQuery = [...upgrade.namedQuery].map(([name, type]) => ({
    name,
    validate: compileValidator(type, 'query', settings, name),
  }));
  const namedHeaders = [...upgrade.namedHeaders].map(([name, type]) => ({
    name,
    validate: compileValidator(type, 'headers', settings, name),
  }));
  const guard = await compileGuards(socket.guards, options.container, {
    kind: 'upgrade',
    handler: socket.name,
  });
  // The resume token is the hub's, never the app's query.
  const guardKeys = [...guardQueryKeys(socket.guards), sessionQueryKey];
  const validates =
    paramsDto !== undefined ||
    queryDto !== undefined ||
    headersDto !== undefined ||
    named.length + namedQuery.length + namedHeaders.length > 0;
  // Copies the query only when it carries a credential or the resume token to take out.
  const withoutGuardKeys = (query: unknown): unknown =>
    typeof query === 'object' && query !== null && guardKeys.some((key) => Object.hasOwn(query, key))
      ? withoutKeys(query, guardKeys)
      : query;
  const watchGuards = (seen: UpgradeObservation | undefined) =>
    seen?.guard && ((name: string) => seen.guard?.(name));

  return async (request, seen) => {
    // A plain HTTP GET gets 426 before anything else looks at it.
    if (!(request as FastifyRequest & { ws?: boolean }).ws) {
      throw upgradeRequired(request);
    }
    if (options.isShuttingDown()) throw codedHttpError('HALYARD_ERR_WS_SHUTTING_DOWN');
    if (!originAllowed(request, limits)) {
      throw codedHttpError('HALYARD_ERR_WS_ORIGIN_REJECTED', { origin: request.headers.origin ?? '(none)' });
    }
    const release = options.slots.reserve();
    if (!release) {
      throw codedHttpError('HALYARD_ERR_WS_TOO_MANY_CONNECTIONS', { route: socket.path });
    }
    const releaseIp = options.ipSlots.reserve(request.ip);
    if (!releaseIp) {
      release();
      throw codedHttpError('HALYARD_ERR_WS_TOO_MANY_CONNECTIONS_PER_IP');
    }
    // The TCP socket owns the address's slot: it closes on every path (refused, failed, opened
    // then closed), and a refused upgrade under refuseWith 'close' still counts until it is gone.
    // Off, the release is a no-op and the socket needs no listener for it.
    if (options.ipSlots.counting) request.raw.socket.once('close', releaseIp);
    try {
      return { ...(await checkRequest(request, seen)), release };
    } catch (error) {
      release();
      throw error;
    }
  };

  async function checkRequest(
    request: FastifyRequest,
    seen: UpgradeObservation | undefined,
  ): Promise<Omit<UpgradeResult, 'release'>> {
    // Authentication comes before validation, as on HTTP routes: an anonymous caller learns nothing about the parameters.
    const outcome = guard && (await guard(request, undefined, watchGuards(seen)));
    if (outcome) request.halyardIdentity = outcome.identity;
    const expiry = outcome?.expiresAt === undefined ? {} : { expiresAt: outcome.expiresAt };
    const errors: FieldError[] = [];
    const convert = async (
      list: ReadonlyArray<{ name: string; validate: Validator }>,
      raw: Record<string, unknown>,
    ): Promise<Record<string, unknown>> => {
      const values: Record<string, unknown> = {};
      for (const { name, validate } of list) {
        const result = await settle(validate(raw[name]));
        if (result.ok) values[name] = result.value;
        else for (const error of result.errors) errors.push(error);
      }
      return values;
    };
    const rawParams = request.params as Record<string, unknown>;
    // Without named parameters or values there is nothing to convert: the request's own objects
    // (kept by the upgrade's socket anyway) and one shared empty record, no copies per connection.
    const params: Record<string, unknown> =
      named.length === 0 ? rawParams : { ...rawParams, ...(await convert(named, rawParams)) };
    const values: UpgradeValues =
      namedQuery.length + namedHeaders.length === 0
        ? noUpgradeValues
        : {
            query: await convert(namedQuery, request.query as Record<string, unknown>),
            headers: await convert(namedHeaders, request.headers),
          };
    const run = async (validator: Validator | undefined, raw: unknown): Promise<Record<string, unknown>> => {
      if (!validator) return raw as Record<string, unknown>;
      const result = await settle(validator(raw));
      if (result.ok) return result.value as Record<string, unknown>;
      // A loop, not push(...): the list may be longer than a call takes arguments.
      for (const error of result.errors) errors.push(error);
      return {};
    };
    const validatedParams = paramsDto ? await run(paramsDto, rawParams) : params;
    const query = await run(queryDto, withoutGuardKeys(request.query));
    const headers = await run(headersDto, request.headers);
    if (validates) seen?.validated?.(errors.length);
    if (errors.length > 0)
      throw new ValidationFailedError([...new Set(errors.map((error) => error.in))].join(', '), errors);
    return { params: validatedParams, query, headers, values, ...expiry };
  }
}
