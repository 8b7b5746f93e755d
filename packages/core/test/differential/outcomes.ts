import type { ValidationResult } from '../../src/validation/class-validator-dto.js';

type Run = (input: unknown) => ValidationResult | Promise<ValidationResult>;

/** Everything observable about a value: prototypes (by identity), own keys in order, dates, Sets, Maps, -0, NaN. */
export class Describer {
  private readonly protos = new Map<unknown, number>();

  private protoId(proto: unknown): number {
    if (!this.protos.has(proto)) this.protos.set(proto, this.protos.size);
    return this.protos.get(proto) as number;
  }

  describe(value: unknown): unknown {
    if (value === undefined) return { undefined: true };
    if (typeof value === 'number')
      return Object.is(value, -0) || !Number.isFinite(value) ? { number: String(value) } : value;
    if (typeof value === 'function') return { function: value.name };
    if (typeof value !== 'object' || value === null) return value;
    const proto = this.protoId(Object.getPrototypeOf(value));
    if (value instanceof Date) return { proto, date: String(value.getTime()) };
    if (value instanceof Set) return { proto, set: [...value].map((item) => this.describe(item)) };
    if (value instanceof Map)
      return { proto, map: [...value].map(([key, item]) => [this.describe(key), this.describe(item)]) };
    const entries = Object.keys(value).map((key) => [
      key,
      this.describe((value as Record<string, unknown>)[key]),
    ]);
    return Array.isArray(value) ? { proto, length: value.length, entries } : { proto, entries };
  }
}

/** A validator's answer in comparable form: the instance described, the error list, or what it threw. */
export async function outcome(run: Run, input: unknown, describer: Describer): Promise<unknown> {
  try {
    const result = await run(input);
    return result.ok
      ? { ok: true, value: describer.describe(result.value) }
      : { ok: false, errors: result.errors };
  } catch (error) {
    return { threw: `${(error as Error).name}: ${(error as Error).message}` };
  }
}
