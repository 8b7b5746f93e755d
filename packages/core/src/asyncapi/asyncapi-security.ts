import type { GuardDefinition } from '../definition/app-definition.js';
import type { GuardSecurity } from '../guards/guard.js';
import type { JsonSchema } from '../schema/json-schema-builder.js';
import type { AsyncApiReference, AsyncApiSecurityScheme } from './asyncapi-document.js';
import { safeId } from './asyncapi-ids.js';

/** The AsyncAPI 3 form of a guard's credentials: API keys are `httpApiKey` over the upgrade request. */
export function securityScheme(security: GuardSecurity): AsyncApiSecurityScheme {
  const description = security.description !== undefined ? { description: security.description } : {};
  switch (security.type) {
    case 'http':
      return {
        type: 'http',
        scheme: security.scheme,
        // The 3.0.0 schema rejects bearerFormat on non-bearer schemes.
        ...(security.scheme === 'bearer' &&
          security.bearerFormat !== undefined && { bearerFormat: security.bearerFormat }),
        ...description,
      };
    case 'apiKey':
      return { type: 'httpApiKey', name: security.name, in: security.in, ...description };
    default: {
      const exhaustive: never = security;
      throw new TypeError(`unhandled guard security ${JSON.stringify(exhaustive)}`);
    }
  }
}

/**
 * Security schemes of every channel, named after their guards. Two guard classes of one name but
 * different credentials get distinct names (`TokenGuard`, `TokenGuard_2`).
 */
export class SecuritySchemes {
  readonly #schemes = new Map<string, AsyncApiSecurityScheme>();

  /** Registers the schemes of a socket's guards and returns the references its operations carry. */
  requirements(guards: readonly GuardDefinition[]): string[] {
    const names: string[] = [];
    for (const guard of guards) {
      if (!guard.security) continue;
      const scheme = securityScheme(guard.security);
      const name = this.#name(guard, scheme);
      this.#schemes.set(name, scheme);
      if (!names.includes(name)) names.push(name);
    }
    return names;
  }

  entries(): Array<[string, AsyncApiSecurityScheme]> {
    return [...this.#schemes].map(([name, scheme]) => [name, structuredClone(scheme)]);
  }

  #name(guard: GuardDefinition, scheme: AsyncApiSecurityScheme): string {
    const base = safeId(guard.name, 'Guard');
    const differs = (name: string): boolean => {
      const known = this.#schemes.get(name);
      return known !== undefined && JSON.stringify(known) !== JSON.stringify(scheme);
    };
    let name = base;
    for (let suffix = 2; differs(name); suffix++) name = `${base}_${suffix}`;
    return name;
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
): Array<[string, JsonSchema]> {
  return guards.flatMap((guard): Array<[string, JsonSchema]> => {
    const security = guard.security;
    if (security?.type !== 'apiKey' || security.in !== where) return [];
    return [
      [
        where === 'header' ? security.name.toLowerCase() : security.name,
        { description: security.description ?? `Credential read by ${guard.name}.`, type: 'string' },
      ],
    ];
  });
}
