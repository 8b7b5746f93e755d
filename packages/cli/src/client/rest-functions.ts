import { docComment, isRecord, propertyKey, quote, type SchemaTypes } from './schema-types.js';

type Doc = Record<string, unknown>;

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Operation {
  readonly group: string | undefined;
  readonly name: string;
  /** The member of `createRestClient`'s object: one `call` or `callWith`. */
  readonly text: string;
  /** The `<Group><Name>Args` declaration, when the operation takes any. */
  readonly argsType: string | undefined;
}

/** `RoomsController_list` → group `rooms`, name `list`; `listRooms` → no group. */
function operationNames(operationId: string): { group: string | undefined; name: string } {
  const cut = operationId.lastIndexOf('_');
  const camel = (text: string): string => {
    const cleaned = text.replace(/[^\w$]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase());
    const lower = cleaned.charAt(0).toLowerCase() + cleaned.slice(1);
    return /^[A-Za-z_$]/.test(lower) ? lower : `op${cleaned}`;
  };
  if (cut <= 0) return { group: undefined, name: camel(operationId) };
  return {
    group: camel(operationId.slice(0, cut).replace(/Controller$/, '')),
    name: camel(operationId.slice(cut + 1)),
  };
}

function typeName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function jsonSchemaOf(content: unknown): unknown {
  if (!isRecord(content)) return undefined;
  const key = Object.keys(content).find((type) => /^application\/([\w.-]+\+)?json$/.test(type));
  return key === undefined || !isRecord(content[key]) ? undefined : ((content[key] as Doc)['schema'] ?? {});
}

/** The type of an object of parameters (`in: path` or `in: query`). */
function parameterObject(
  parameters: readonly Doc[],
  where: 'path' | 'query',
  types: SchemaTypes,
): { type: string; required: boolean } | undefined {
  const own = parameters.filter(
    (parameter) => parameter['in'] === where && typeof parameter['name'] === 'string',
  );
  if (own.length === 0) return undefined;
  const lines = own.map((parameter) => {
    const type =
      where === 'path' ? 'string | number' : types.typeOf(parameter['schema'] ?? {}, 'input', '    ');
    const optional = where === 'path' || parameter['required'] === true ? '' : '?';
    return `${docComment(parameter['description'], '    ')}    ${propertyKey(String(parameter['name']))}${optional}: ${type};`;
  });
  return {
    type: `{\n${lines.join('\n')}\n  }`,
    required: own.some((parameter) => where === 'path' || parameter['required'] === true),
  };
}

function operationText(
  doc: Doc,
  types: SchemaTypes,
  at: { readonly path: string; readonly method: string; readonly operation: Doc },
): Operation {
  const { path, method, operation } = at;
  const names = operationNames(
    typeof operation['operationId'] === 'string' ? operation['operationId'] : `${method}_${path}`,
  );
  const pathParameters = Array.isArray(
    (doc['paths'] as Doc)[path] && ((doc['paths'] as Doc)[path] as Doc)['parameters'],
  )
    ? (((doc['paths'] as Doc)[path] as Doc)['parameters'] as Doc[])
    : [];
  const parameters = [
    ...pathParameters,
    ...(Array.isArray(operation['parameters']) ? (operation['parameters'] as Doc[]) : []),
  ].filter(isRecord);
  const args: string[] = [];
  let argsRequired = false;
  const params = parameterObject(parameters, 'path', types);
  if (params) {
    args.push(`  params: ${params.type};`);
    argsRequired = true;
  }
  const query = parameterObject(parameters, 'query', types);
  if (query) {
    args.push(`  query${query.required ? '' : '?'}: ${query.type};`);
    argsRequired ||= query.required;
  }
  const requestBody = isRecord(operation['requestBody']) ? operation['requestBody'] : undefined;
  const bodySchema = jsonSchemaOf(requestBody?.['content']);
  if (bodySchema !== undefined) {
    const required = requestBody?.['required'] === true;
    args.push(`  body${required ? '' : '?'}: ${types.typeOf(bodySchema, 'input', '  ')};`);
    argsRequired ||= required;
  }
  const responses = isRecord(operation['responses']) ? operation['responses'] : {};
  const results = Object.entries(responses)
    .filter(([status]) => /^2(\d\d|XX)$/.test(status))
    .map(([, response]) => {
      const schema = jsonSchemaOf(isRecord(response) ? response['content'] : undefined);
      return schema === undefined ? 'undefined' : types.typeOf(schema, 'output', '      ');
    });
  const result = results.length === 0 ? 'unknown' : [...new Set(results)].join(' | ');
  const argsName = `${typeName(names.group ?? '')}${typeName(names.name)}Args`;
  const caller = args.length
    ? `callWith<${argsName}${argsRequired ? '' : ' | void'}, ${result}>`
    : `call<${result}>`;
  const summary = [operation['summary'], `\`${method.toUpperCase()} ${path}\``]
    .filter((part) => typeof part === 'string')
    .join(': ');
  return {
    ...names,
    text: `${docComment(summary, '')}${memberText(names, caller, [quote(method.toUpperCase()), quote(path)])}`,
    argsType: args.length
      ? `/** What \`${names.group === undefined ? '' : `${names.group}.`}${names.name}\` takes: ${method.toUpperCase()} ${path}. */\nexport type ${argsName} = {\n${args.join('\n')}\n};\n`
      : undefined,
  };
}

/** `name: call<…>('GET', '/path'),`, its arguments broken over lines as the formatter would when it is long. */
function memberText(
  names: { readonly group: string | undefined; readonly name: string },
  caller: string,
  callArgs: readonly string[],
): string {
  const head = `${names.name}: ${caller}(`;
  const line = `${head}${callArgs.join(', ')}),`;
  // A member of a group sits 6 spaces in, one without 4; 110 columns is the repository's print width.
  const indent = names.group === undefined ? 4 : 6;
  return (line.split('\n').at(-1) ?? line).length + indent <= 110
    ? line
    : `${head}\n${callArgs.map((arg) => `  ${arg},\n`).join('')}),`;
}

function indented(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line) => (line ? indent + line : line))
    .join('\n');
}

/**
 * `createRestClient(options)`: one typed function per operation of an OpenAPI 3 document,
 * grouped by controller (`rooms.list()`), each resolving with the 2xx body and rejecting with
 * a `RestProblemError` that carries the problem+json body.
 */
export function restFunctions(doc: Doc, types: SchemaTypes): string {
  const paths = isRecord(doc['paths']) ? doc['paths'] : {};
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const method of methods)
      if (isRecord(item[method]))
        operations.push(operationText(doc, types, { path, method, operation: item[method] as Doc }));
  }
  const groups = new Map<string | undefined, Operation[]>();
  for (const operation of operations)
    groups.set(operation.group, [...(groups.get(operation.group) ?? []), operation]);
  const body: string[] = [];
  for (const [group, members] of groups) {
    const lines = members.map((member) => member.text).join('\n');
    body.push(
      group === undefined
        ? indented(lines, '    ')
        : `    ${propertyKey(group)}: {\n${indented(lines, '      ')}\n    },`,
    );
  }
  return [
    ...operations.flatMap((operation) => (operation.argsType === undefined ? [] : [operation.argsType])),
    '/**',
    " * The app's REST routes as functions: each resolves with the response body (`undefined` for",
    ' * 204) and rejects with a `RestProblemError` holding the problem+json body.',
    ' *',
    ' * @example',
    ' * ```ts',
    " * const api = createRestClient({ baseUrl: 'http://localhost:3000' });",
    ' * ```',
    ' */',
    'export function createRestClient(options: RestClientOptions = {}) {',
    '  const { call, callWith } = restCaller(options);',
    '  return {',
    ...body,
    '  };',
    '}',
    '',
  ].join('\n');
}
