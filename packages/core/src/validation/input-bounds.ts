import type { FieldError, ValueSource } from './field-error.js';

/**
 * How large validated data may be: checked in one linear pass before class-transformer,
 * class-validator or the compiled validator sees the input, so no input within the payload limit
 * can make them recurse too deep or run their per-object work (quadratic in keys or items) long.
 */
export interface InputBounds {
  /** Nested objects and arrays, the value itself counting as 1. */
  readonly maxDepth: number;
  /** Keys of one object. */
  readonly maxKeys: number;
  /** Items of one array. */
  readonly maxItems: number;
}

/** The deepest `maxDepth` allowed: class-transformer and class-validator recurse per level and overflow the stack near 1,000. */
export const maxDepthCeiling = 256;

/**
 * Keys named like the members of `Object.prototype`. class-transformer never copies them (the new
 * object already has a function of that name), and some make it or class-validator throw: a truthy
 * `constructor` on an untyped object is taken for the class to build, a `toString` or `valueOf`
 * that is not a function breaks every conversion to text, number or date. Refused on both paths.
 */
const reservedKeys: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

function isReserved(key: string): boolean {
  return reservedKeys.has(key);
}

const within = Symbol('within bounds');

/**
 * `within` when the input is within the bounds; otherwise the object that has too many keys, or
 * `undefined` for any other violation. It runs per message: no recursion, no per-node allocation;
 * the stack of containers to visit is only created once a nested one appears.
 */
function scan(root: object, bounds: InputBounds): typeof within | object | undefined {
  const { maxDepth, maxKeys, maxItems } = bounds;
  let pending: unknown[] | undefined;
  let value: object = root;
  let depth = 1;
  for (;;) {
    if (Array.isArray(value)) {
      const length = value.length;
      if (length > maxItems) return undefined;
      for (let index = 0; index < length; index++) {
        const item: unknown = value[index];
        if (typeof item !== 'object' || item === null) continue;
        if (depth >= maxDepth) return undefined;
        (pending ??= []).push(item, depth + 1);
      }
    } else {
      let keys = 0;
      // for-in, not Object.keys: no array per object; JSON and query objects have no inherited keys.
      for (const key in value) {
        if (++keys > maxKeys) return value;
        if (isReserved(key)) return undefined;
        const item: unknown = (value as Record<string, unknown>)[key];
        if (typeof item !== 'object' || item === null) continue;
        if (depth >= maxDepth) return undefined;
        (pending ??= []).push(item, depth + 1);
      }
    }
    if (pending === undefined || pending.length === 0) return within;
    depth = pending.pop() as number;
    value = pending.pop() as object;
  }
}

interface Frame {
  readonly value: object;
  readonly keys: readonly string[] | undefined;
  readonly depth: number;
  readonly path: string;
  index: number;
}

const join = (path: string, key: string | number): string => (path ? `${path}.${key}` : String(key));
const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The keys `scan` sees, stopping one past the limit. */
function keysOf(value: object, maxKeys: number): string[] {
  const keys: string[] = [];
  for (const key in value) if (keys.push(key) > maxKeys) break;
  return keys;
}

/**
 * The first violation in document order, with its path. Only runs once `scan` found one;
 * iterative as well, since the input may be nested far deeper than the stack allows. `wide` is the
 * object `scan` found with too many keys: it is not enumerated again (a 90,000-key object costs
 * as much to enumerate as to parse).
 */
function firstViolation(
  root: object,
  bounds: InputBounds,
  options: { readonly source: ValueSource; readonly wide: object | undefined },
): FieldError {
  const { source, wide } = options;
  const error = (path: string, constraint: string, message: string): FieldError => ({
    in: source,
    path,
    constraint,
    message,
  });
  const open = (value: object, depth: number, path: string): Frame | FieldError => {
    const label = path || source;
    if (depth > bounds.maxDepth)
      return error(path, 'maxDepth', `${label} is nested deeper than ${count(bounds.maxDepth, 'level')}`);
    if (Array.isArray(value)) {
      if (value.length > bounds.maxItems)
        return error(path, 'maxItems', `${label} has more than ${count(bounds.maxItems, 'item')}`);
      return { value, keys: undefined, depth, path, index: 0 };
    }
    const keys = value === wide ? undefined : keysOf(value, bounds.maxKeys);
    if (keys === undefined || keys.length > bounds.maxKeys)
      return error(path, 'maxKeys', `${label} has more than ${count(bounds.maxKeys, 'key')}`);
    return { value, keys, depth, path, index: 0 };
  };
  const first = open(root, 1, '');
  if (!('index' in first)) return first;
  const frames: Frame[] = [first];
  for (let frame = frames[0]; frame !== undefined; frame = frames[frames.length - 1]) {
    const size = frame.keys ? frame.keys.length : (frame.value as unknown[]).length;
    if (frame.index >= size) {
      frames.pop();
      continue;
    }
    const at = frame.index++;
    const key = frame.keys ? (frame.keys[at] as string) : at;
    if (typeof key === 'string' && isReserved(key))
      return error(join(frame.path, key), 'reservedKey', `property ${key} is not allowed`);
    const item: unknown = (frame.value as Record<string | number, unknown>)[key];
    if (typeof item !== 'object' || item === null) continue;
    const next = open(item, frame.depth + 1, join(frame.path, key));
    if (!('index' in next)) return next;
    frames.push(next);
  }
  throw new Error('input bounds: a violation was detected but not located');
}

/**
 * The one field error for input that exceeds the bounds (`undefined` when it is within them):
 * the first offending place, e.g. `{ path: 'meta.a.a', constraint: 'maxDepth', message: 'meta.a.a is nested deeper than 32 levels' }`.
 */
export function checkInputBounds(
  input: unknown,
  bounds: InputBounds,
  source: ValueSource,
): FieldError | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const found = scan(input, bounds);
  return found === within ? undefined : firstViolation(input, bounds, { source, wide: found });
}
