import type { GuardDefinition } from '../definition/app-definition.js';
import type { GuardSecurity } from '../guards/guard.js';
import type { AsyncApiSecurityScheme } from '../asyncapi/asyncapi-document.js';
import type { OpenApiSecurityScheme } from '../openapi/openapi-document.js';

/** Which document a security scheme is written for. */
export type SchemeDialect = 'openapi' | 'asyncapi';

interface SchemeOf {
  openapi: OpenApiSecurityScheme;
  asyncapi: AsyncApiSecurityScheme;
}

/** Characters a scheme name keeps; others become `_` (AsyncAPI component keys allow no `.`). */
const nameCharacters: Record<SchemeDialect, RegExp> = {
  openapi: /[^A-Za-z0-9._-]/g,
  asyncapi: /[^A-Za-z0-9_-]/g,
};

/**
 * A guard's credentials as a security scheme of `dialect`: OpenAPI's `apiKey` is AsyncAPI's
 * `httpApiKey` (over the upgrade request), and AsyncAPI 3.0.0 takes `bearerFormat` only on bearer.
 */
export function guardScheme<D extends SchemeDialect>(security: GuardSecurity, dialect: D): SchemeOf[D];
export function guardScheme(security: GuardSecurity, dialect: SchemeDialect): SchemeOf[SchemeDialect] {
  const description = security.description !== undefined ? { description: security.description } : {};
  switch (security.type) {
    case 'http': {
      // The AsyncAPI 3.0.0 schema rejects bearerFormat on non-bearer schemes.
      const format =
        security.bearerFormat !== undefined && (dialect === 'openapi' || security.scheme === 'bearer');
      return {
        type: 'http',
        scheme: security.scheme,
        ...(format && { bearerFormat: security.bearerFormat }),
        ...description,
      };
    }
    case 'apiKey':
      return dialect === 'openapi'
        ? { type: 'apiKey', in: security.in, name: security.name, ...description }
        : { type: 'httpApiKey', name: security.name, in: security.in, ...description };
    default: {
      const exhaustive: never = security;
      throw new TypeError(`unhandled guard security ${JSON.stringify(exhaustive)}`);
    }
  }
}

/**
 * The security schemes of one document, named after their guards. Two guard classes of one name
 * but different credentials get distinct names (`TokenGuard`, `TokenGuard_2`).
 */
export class GuardSchemes<D extends SchemeDialect> {
  readonly #dialect: D;
  readonly #schemes = new Map<string, SchemeOf[D]>();

  constructor(dialect: D) {
    this.#dialect = dialect;
  }

  get size(): number {
    return this.#schemes.size;
  }

  /** Registers the schemes of `guards` (those that declare credentials); returns their names, once each. */
  register(guards: readonly GuardDefinition[]): string[] {
    const names: string[] = [];
    for (const guard of guards) {
      if (!guard.security) continue;
      const scheme = guardScheme(guard.security, this.#dialect);
      const name = this.#name(guard, scheme);
      this.#schemes.set(name, scheme);
      if (!names.includes(name)) names.push(name);
    }
    return names;
  }

  entries(): Array<[string, SchemeOf[D]]> {
    return [...this.#schemes];
  }

  #name(guard: GuardDefinition, scheme: SchemeOf[D]): string {
    const base = guard.name.replace(nameCharacters[this.#dialect], '_') || 'Guard';
    const differs = (name: string): boolean => {
      const known = this.#schemes.get(name);
      return known !== undefined && JSON.stringify(known) !== JSON.stringify(scheme);
    };
    let name = base;
    for (let suffix = 2; differs(name); suffix++) name = `${base}_${suffix}`;
    return name;
  }
}
