/**
 * JSON Schema (as Halyard's documents write it: draft 2020-12 / OpenAPI 3.1 / AsyncAPI 3) to
 * TypeScript type text. A schema is typed in one of two modes: `output`, what arrives after
 * `JSON.parse` (a `date-time` is a string), and `input`, what may be sent (a `date-time` may be a
 * `Date`, which `JSON.stringify` turns into the ISO string the server's `@Type(() => Date)` reads).
 * A component schema whose input and output types differ gets a second declaration, `<Name>Input`.
 */
export type TypeMode = 'input' | 'output';

type Schema = boolean | Record<string, unknown>;

const identifier = /^[A-Za-z_$][\w$]*$/;
/** Where a schema is typed: its mode, the indentation of its position, its nesting depth. */
interface At {
  readonly mode: TypeMode;
  readonly indent: string;
  readonly depth: number;
}

/** Deeper than any DTO nests; a document nesting inline schemas further is typed `unknown` there. */
const maxDepth = 64;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A property key as TypeScript writes it: bare when it is an identifier, quoted otherwise. */
export function propertyKey(name: string): string {
  return identifier.test(name) ? name : quote(name);
}

/** A string literal in single quotes, as the repository's formatter writes them. */
export function quote(text: string): string {
  const json = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${json}'`;
}

/** A `/** … *\/` comment (one line when it fits), or nothing. */
export function docComment(text: unknown, indent: string): string {
  if (typeof text !== 'string' || text.trim() === '') return '';
  const lines = text.replace(/\*\//g, '*\\/').trim().split('\n');
  if (lines.length === 1) return `${indent}/** ${lines[0]} */\n`;
  return `${indent}/**\n${lines.map((line) => `${indent} *${line ? ` ${line}` : ''}`).join('\n')}\n${indent} */\n`;
}

/** `FooDto`, `Foo_Bar` → a TypeScript type name; other characters become `_`. */
function typeName(name: string): string {
  const cleaned = name.replace(/[^\w$]/g, '_');
  return /^[A-Za-z_$]/.test(cleaned) ? cleaned : `T${cleaned}`;
}

function literal(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  return value === null || ['number', 'boolean'].includes(typeof value) ? JSON.stringify(value) : 'unknown';
}

function union(types: readonly string[]): string {
  const unique = [...new Set(types)];
  if (unique.includes('unknown')) return 'unknown';
  const kept = unique.filter((type) => type !== 'never');
  return kept.length === 0 ? 'never' : kept.join(' | ');
}

/** Parenthesised where `[]` or `&` would otherwise bind to its last member. */
function grouped(type: string): string {
  return /[|&]/.test(type) && !/^[{(]/.test(type) ? `(${type})` : type;
}

/**
 * Types the schemas of one document set; collects the component schemas it refers to, so
 * `declarations()` writes exactly those (and what they refer to).
 *
 * @example
 * ```ts
 * const types = new SchemaTypes({ MessageDto: { type: 'object', properties: { text: { type: 'string' } } } });
 * types.typeOf({ $ref: '#/components/schemas/MessageDto' }, 'output'); // 'MessageDto'
 * types.declarations(); // 'export type MessageDto = { … };'
 * ```
 */
export class SchemaTypes {
  private readonly used = new Map<string, TypeMode>();
  private readonly pending: Array<{ name: string; mode: TypeMode }> = [];
  private readonly differs = new Map<string, boolean>();

  constructor(
    private readonly components: Readonly<Record<string, Schema>>,
    private readonly refPrefix = '#/components/schemas/',
  ) {}

  /** The type of `schema` as an expression, indented for a position at `indent`. */
  typeOf(schema: unknown, mode: TypeMode, indent = ''): string {
    return this.type(schema, { mode: mode, indent: indent, depth: 0 });
  }

  /** The declarations of every component schema used so far, in a stable order. */
  declarations(): string {
    const written = new Map<string, string>();
    for (let next = this.pending.shift(); next; next = this.pending.shift()) {
      const key = `${next.mode}:${next.name}`;
      if (written.has(key)) continue;
      const schema = this.components[next.name];
      const text = `${docComment(isRecord(schema) ? schema['description'] : undefined, '')}export type ${this.declaredName(next.name, next.mode)} = ${this.type(schema, { mode: next.mode, indent: '', depth: 0 })};\n`;
      written.set(key, text);
    }
    // By name, the output type before its `Input` twin: the same file for the same documents.
    const order = (key: string): string =>
      `${key.slice(key.indexOf(':') + 1)}\u0000${key.startsWith('output') ? 0 : 1}`;
    return [...written.entries()]
      .sort(([a], [b]) => (order(a) < order(b) ? -1 : 1))
      .map(([, text]) => text)
      .join('\n');
  }

  private declaredName(name: string, mode: TypeMode): string {
    return mode === 'input' && this.inputDiffers(name) ? `${typeName(name)}Input` : typeName(name);
  }

  private reference(ref: string, mode: TypeMode): string {
    if (!ref.startsWith(this.refPrefix)) return 'unknown';
    const name = decodeURIComponent(ref.slice(this.refPrefix.length)).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!(name in this.components)) return 'unknown';
    const actual: TypeMode = mode === 'input' && this.inputDiffers(name) ? 'input' : 'output';
    if (!this.used.has(`${actual}:${name}`)) {
      this.used.set(`${actual}:${name}`, actual);
      this.pending.push({ name, mode: actual });
    }
    return this.declaredName(name, actual);
  }

  /** Whether the component holds a `date-time` anywhere (its input type then accepts a `Date`). */
  private inputDiffers(name: string): boolean {
    const known = this.differs.get(name);
    if (known !== undefined) return known;
    this.differs.set(name, false); // a cycle adds nothing
    const found = this.hasDateTime(this.components[name], 0);
    this.differs.set(name, found);
    return found;
  }

  private hasDateTime(schema: unknown, depth: number): boolean {
    if (depth > maxDepth) return false;
    if (Array.isArray(schema)) return schema.some((item) => this.hasDateTime(item, depth + 1));
    if (!isRecord(schema)) return false;
    if (schema['format'] === 'date-time') return true;
    if (typeof schema['$ref'] === 'string' && schema['$ref'].startsWith(this.refPrefix)) {
      const name = decodeURIComponent(schema['$ref'].slice(this.refPrefix.length));
      return name in this.components && this.inputDiffers(name);
    }
    return Object.entries(schema).some(
      ([key, value]) =>
        key !== 'examples' && key !== 'default' && key !== 'const' && this.hasDateTime(value, depth + 1),
    );
  }

  private type(schema: unknown, at: At): string {
    const { depth } = at;
    if (schema === false) return 'never';
    if (!isRecord(schema) || depth > maxDepth) return 'unknown';
    const nullable = schema['nullable'] === true;
    const base = this.baseType(schema, at);
    return nullable ? union([base, 'null']) : base;
  }

  private baseType(schema: Record<string, unknown>, at: At): string {
    const { mode, indent, depth } = at;
    if (typeof schema['$ref'] === 'string') return this.reference(schema['$ref'], mode);
    if ('const' in schema) return literal(schema['const']);
    if (Array.isArray(schema['enum'])) return union(schema['enum'].map(literal));
    const variants = (schema['oneOf'] ?? schema['anyOf']) as unknown;
    if (Array.isArray(variants))
      return union(
        variants.map((variant) => this.type(variant, { mode: mode, indent: indent, depth: depth + 1 })),
      );
    if (Array.isArray(schema['allOf'])) {
      const parts = schema['allOf'].map((part) =>
        grouped(this.type(part, { mode: mode, indent: indent, depth: depth + 1 })),
      );
      return parts.length === 0 ? 'unknown' : [...new Set(parts)].join(' & ');
    }
    const declared = schema['type'];
    const types = Array.isArray(declared)
      ? declared
      : typeof declared === 'string'
        ? [declared]
        : isRecord(schema['properties'])
          ? ['object']
          : schema['items'] !== undefined
            ? ['array']
            : [];
    if (types.length === 0) return 'unknown';
    return union(types.map((type) => this.ofType(String(type), schema, { mode, indent, depth })));
  }

  private ofType(
    type: string,
    schema: Record<string, unknown>,
    at: { mode: TypeMode; indent: string; depth: number },
  ): string {
    switch (type) {
      case 'string':
        return at.mode === 'input' && schema['format'] === 'date-time' ? 'string | Date' : 'string';
      case 'number':
      case 'integer':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return this.arrayType(schema, at);
      case 'object':
        return this.objectType(schema, at);
      default:
        return 'unknown';
    }
  }

  private arrayType(
    schema: Record<string, unknown>,
    at: { mode: TypeMode; indent: string; depth: number },
  ): string {
    const prefix = at.mode === 'input' ? 'readonly ' : '';
    if (Array.isArray(schema['prefixItems'])) {
      const items = schema['prefixItems'].map((item) =>
        this.type(item, { mode: at.mode, indent: at.indent, depth: at.depth + 1 }),
      );
      const rest =
        schema['items'] === false
          ? []
          : [
              `...${grouped(this.type(schema['items'] ?? {}, { mode: at.mode, indent: at.indent, depth: at.depth + 1 }))}[]`,
            ];
      return `${prefix}[${[...items, ...rest].join(', ')}]`;
    }
    return `${prefix}${grouped(this.type(schema['items'] ?? {}, { mode: at.mode, indent: at.indent, depth: at.depth + 1 }))}[]`;
  }

  private objectType(
    schema: Record<string, unknown>,
    at: { mode: TypeMode; indent: string; depth: number },
  ): string {
    const properties = isRecord(schema['properties']) ? schema['properties'] : {};
    const required = new Set(Array.isArray(schema['required']) ? schema['required'].map(String) : []);
    const inner = `${at.indent}  `;
    const lines: string[] = [];
    for (const [name, property] of Object.entries(properties)) {
      const type = this.type(property, { mode: at.mode, indent: inner, depth: at.depth + 1 });
      const optional = required.has(name) ? '' : '?';
      lines.push(
        `${docComment(isRecord(property) ? property['description'] : undefined, inner)}${inner}${propertyKey(name)}${optional}: ${type};`,
      );
    }
    const extra = schema['additionalProperties'];
    if (isRecord(extra) && Object.keys(extra).length > 0) {
      const value = this.type(extra, { mode: at.mode, indent: inner, depth: at.depth + 1 });
      if (lines.length === 0) return `Record<string, ${value}>`;
      lines.push(`${inner}[key: string]: unknown;`);
    } else if (lines.length === 0) {
      return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
    }
    return `{\n${lines.join('\n')}\n${at.indent}}`;
  }
}
