import 'reflect-metadata';
import { HalyardError } from '../errors.js';
import { INJECT_TOKENS } from '../metadata-keys.js';
import { assertNoMisuse } from '../metadata.js';
import type { Class, ConcreteClass } from '../types.js';
import type { Provider } from './provider.js';
import { tokenName, type Token } from './token.js';

type Recipe =
  | { readonly kind: 'class'; readonly type: ConcreteClass }
  | { readonly kind: 'value'; readonly value: unknown }
  | {
      readonly kind: 'factory';
      readonly factory: (...deps: unknown[]) => unknown;
      readonly inject: readonly Token[];
    };

const notInjectable = new Set<unknown>([
  Object,
  String,
  Number,
  Boolean,
  Array,
  Function,
  Promise,
  undefined,
]);

function recipeOf(provider: Provider): [Token, Recipe] {
  if (typeof provider === 'function') return [provider, { kind: 'class', type: provider }];
  if ('useValue' in provider) return [provider.provide, { kind: 'value', value: provider.useValue }];
  if ('useClass' in provider) return [provider.provide, { kind: 'class', type: provider.useClass }];
  if ('useFactory' in provider) {
    return [
      provider.provide,
      {
        kind: 'factory',
        factory: provider.useFactory as (...deps: unknown[]) => unknown,
        inject: provider.inject ?? [],
      },
    ];
  }
  throw new HalyardError('HALYARD_ERR_OPTIONS_INVALID', {
    detail: `a provider must be a class or have useValue, useClass or useFactory: ${JSON.stringify(provider)}`,
  });
}

/**
 * A small explicit injector: singletons, constructor injection by `design:paramtypes`, and
 * `useValue` / `useClass` / `useFactory`. Controllers and guards are built by it without being
 * listed as providers; everything they need must be.
 */
export class Container {
  readonly #recipes = new Map<Token, Recipe>();
  readonly #instances = new Map<Token, unknown>();
  readonly #pending = new Map<Token, Promise<unknown>>();

  constructor(providers: readonly Provider[], builtins: ReadonlyMap<Token, unknown> = new Map()) {
    for (const [token, value] of builtins) this.#instances.set(token, value);
    for (const provider of providers) {
      const [token, recipe] = recipeOf(provider);
      if (this.#recipes.has(token) || this.#instances.has(token)) {
        throw new HalyardError('HALYARD_ERR_DI_DUPLICATE_PROVIDER', { token: tokenName(token) });
      }
      this.#recipes.set(token, recipe);
    }
  }

  /** Resolves a registered token (or a controller/guard class) to its singleton. */
  async get<T>(token: Token<T>): Promise<T> {
    return (await this.#resolve(token, [], undefined)) as T;
  }

  /** Builds every registered provider now, so configuration mistakes surface at boot. */
  async resolveAll(): Promise<void> {
    for (const token of this.#recipes.keys()) await this.#resolve(token, [], undefined);
  }

  async #resolve(
    token: Token,
    path: readonly Token[],
    requester: { target: string; index: number } | undefined,
  ): Promise<unknown> {
    if (this.#instances.has(token)) return this.#instances.get(token);
    if (path.includes(token)) {
      const cycle = [...path.slice(path.indexOf(token)), token].map(tokenName).join(' -> ');
      throw new HalyardError('HALYARD_ERR_DI_CYCLE', { cycle });
    }
    let recipe = this.#recipes.get(token);
    if (!recipe) {
      // Controllers and guards are built on demand; any other class must be listed.
      if (requester || typeof token !== 'function') {
        throw new HalyardError('HALYARD_ERR_DI_UNKNOWN_PROVIDER', {
          target: requester?.target ?? 'createApp',
          token: tokenName(token),
          index: requester?.index ?? 0,
        });
      }
      recipe = { kind: 'class', type: token as ConcreteClass };
    }
    const pending = this.#pending.get(token);
    if (pending) return pending;
    const creation = this.#create(token, recipe, [...path, token]);
    this.#pending.set(token, creation);
    try {
      const instance = await creation;
      this.#instances.set(token, instance);
      return instance;
    } finally {
      this.#pending.delete(token);
    }
  }

  /** Resolves a provider's dependencies in order; `target` names the provider in resolution errors. */
  async #resolveAll(deps: readonly Token[], path: readonly Token[], target: string): Promise<unknown[]> {
    const values: unknown[] = [];
    for (const [index, dep] of deps.entries()) values.push(await this.#resolve(dep, path, { target, index }));
    return values;
  }

  async #create(token: Token, recipe: Recipe, path: readonly Token[]): Promise<unknown> {
    switch (recipe.kind) {
      case 'value':
        return recipe.value;
      case 'factory': {
        const deps = await this.#resolveAll(recipe.inject, path, `factory of ${tokenName(token)}`);
        return construct(token, () => recipe.factory(...deps));
      }
      case 'class': {
        assertNoMisuse(recipe.type);
        const deps = await this.#resolveAll(this.#constructorTokens(recipe.type), path, recipe.type.name);
        return construct(token, () => new recipe.type(...deps));
      }
      default: {
        const exhaustive: never = recipe;
        throw new TypeError(`unhandled recipe ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  #constructorTokens(type: Class): Token[] {
    const overrides =
      (Reflect.getOwnMetadata(INJECT_TOKENS, type) as ReadonlyMap<number, Token> | undefined) ??
      new Map<number, Token>();
    const designTypes = Reflect.getOwnMetadata('design:paramtypes', type) as unknown[] | undefined;
    const arity = Math.max(
      type.length,
      designTypes?.length ?? 0,
      ...[...overrides.keys()].map((index) => index + 1),
    );
    const tokens: Token[] = [];
    for (let index = 0; index < arity; index++) {
      const override = overrides.get(index);
      if (override !== undefined) {
        tokens.push(override);
        continue;
      }
      if (!designTypes) throw new HalyardError('HALYARD_ERR_DI_MISSING_TYPE', { target: type.name, index });
      const design = designTypes[index];
      if (notInjectable.has(design)) {
        throw new HalyardError('HALYARD_ERR_DI_TYPE_NOT_INJECTABLE', {
          target: type.name,
          index,
          type:
            design === undefined
              ? 'undefined (a type-only import, or a class used before its module finished loading)'
              : `${(design as Class).name} (an interface, a union or a primitive)`,
        });
      }
      tokens.push(design as Token);
    }
    return tokens;
  }
}

/** Runs a provider's factory or constructor; what it throws becomes `HALYARD_ERR_DI_FACTORY_FAILED`. */
async function construct(token: Token, make: () => unknown): Promise<unknown> {
  try {
    return await make();
  } catch (cause) {
    throw new HalyardError(
      'HALYARD_ERR_DI_FACTORY_FAILED',
      { token: tokenName(token), cause: cause instanceof Error ? cause.message : String(cause) },
      { cause },
    );
  }
}
