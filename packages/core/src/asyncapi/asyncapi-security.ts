import type { GuardDefinition } from '../definition/app-definition.js';
import type { JsonSchema } from '../schema/json-schema-builder.js';
import type { AsyncApiReference, AsyncApiSecurityScheme } from './asyncapi-document.js';
import { GuardSchemes } from '../api-docs/guard-schemes.js';

/**
 * Security schemes of every channel, named after their guards. Two guard classes of one name but
 * different credentials get distinct names (`TokenGuard`, `TokenGuard_2`).
 */
export class SecuritySchemes {
  readonly #schemes = new GuardSchemes('asyncapi');

  /** Registers the schemes of a socket's guards and returns the references its operations carry. */
  requirements(guards: readonly GuardDefinition[]): string[] {
    return this.#schemes.register(guards);
  }

  entries(): Array<[string, AsyncApiSecurityScheme]> {
    return this.#schemes.entries().map(([name, scheme]) => [name, structuredClone(scheme)]);
  }
}

/** Fresh reference objects for one operation. */
export function securityRefs(names: readonly string[]): AsyncApiReference[] {
  return names.map((name) => ({ $ref: `#/components/securitySchemes/${name}` }));
}

/**
 * Query parameters or headers the socket's guards read (`apiKey` in `query` / `header`): the
 * server takes query credentials out before the query DTO sees them, and headers are read from
 * the upgrade request, so the binding lists them next to the DTO's properties. Header names are
 * lower-cased, as Node delivers them.
 */
export function guardCredentialProperties(
  guards: readonly GuardDefinition[],
  where: 'query' | 'header',
): Array<[string, JsonSchema, boolean]> {
  return guards.flatMap((guard): Array<[string, JsonSchema, boolean]> => {
    const security = guard.security;
    if (security?.type !== 'apiKey' || security.in !== where) return [];
    return [
      [
        where === 'header' ? security.name.toLowerCase() : security.name,
        { description: security.description ?? `Credential read by ${guard.name}.`, type: 'string' },
        security.optional !== true,
      ],
    ];
  });
}
