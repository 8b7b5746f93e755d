import { frameTypesByRoute, type AppDefinition } from '@halyard/core';

/**
 * Keeps every label value to a set fixed at boot: route patterns of the app's sockets, the message
 * and push types they declare (`@OnMessage`, `@Emits`) plus the protocol's own, and the error codes
 * the app raises, at most `maxCodes` of them. Anything else is `other`, so no client can grow the
 * number of series.
 */
export class LabelBounds {
  static readonly other = 'other';
  readonly #types: ReadonlyMap<string, ReadonlySet<string>>;
  readonly #codes = new Set<string>();
  readonly #maxCodes: number;

  constructor(definition: AppDefinition, maxCodes: number) {
    this.#maxCodes = maxCodes;
    this.#types = frameTypesByRoute(definition);
  }

  /** Route patterns of the app's sockets, for the series that exist from the start. */
  get routes(): readonly string[] {
    return [...this.#types.keys()];
  }

  route(route: string): string {
    return this.#types.has(route) ? route : LabelBounds.other;
  }

  type(route: string, type: string | undefined): string {
    return type !== undefined && this.#types.get(route)?.has(type) ? type : LabelBounds.other;
  }

  /** Codes come from the code base, not the client; the cap only guards against a code built from data. */
  code(code: string): string {
    if (this.#codes.has(code)) return code;
    if (this.#codes.size >= this.#maxCodes) return LabelBounds.other;
    this.#codes.add(code);
    return code;
  }
}
