import type { ValidationError } from 'class-validator';

/** Where a validated value came from; matches the `in` of a problem/error-frame field error. */
export type ValueSource = 'body' | 'query' | 'params' | 'headers' | 'message';

/** One failed constraint on one property. `path` is dotted (`items.0.name`); empty for the value itself. */
export interface FieldError {
  readonly in: ValueSource;
  readonly path: string;
  readonly constraint: string;
  readonly message: string;
}

/** Flattens class-validator's nested tree into one entry per failed constraint. */
export function flattenErrors(
  errors: readonly ValidationError[],
  source: ValueSource,
  prefix = '',
): FieldError[] {
  const out: FieldError[] = [];
  flattenInto(out, errors, { source, prefix });
  return out;
}

// One output array for the whole tree: `out.push(...children)` copies per level and throws past
// the argument limit (about 100,000 errors fit in a 1 MB body).
// Where a level of the tree sits: the value source and the path of its parent property.
interface Level {
  source: ValueSource;
  prefix: string;
}

function flattenInto(out: FieldError[], errors: readonly ValidationError[], { source, prefix }: Level): void {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      out.push({ in: source, path, constraint, message });
    }
    if (error.children?.length) flattenInto(out, error.children, { source, prefix: path });
  }
}
