import { deref, diffSchema, isObject, type Change, type JsonObject } from './schema-diff.js';

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function jsonSchema(document: JsonObject, holder: unknown): unknown {
  const content = deref(document, holder)?.['content'];
  if (!isObject(content)) return undefined;
  const json = Object.entries(content).find(([type]) => /json/.test(type));
  return json && isObject(json[1]) ? json[1]['schema'] : undefined;
}

interface Parameter {
  readonly required: boolean;
  readonly schema: unknown;
}

function parametersOf(document: JsonObject, ...lists: unknown[]): Map<string, Parameter> {
  const found = new Map<string, Parameter>();
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const parameter = deref(document, raw);
      if (!parameter || typeof parameter['name'] !== 'string') continue;
      found.set(`${String(parameter['in'])} parameter "${parameter['name']}"`, {
        required: parameter['required'] === true,
        schema: parameter['schema'],
      });
    }
  }
  return found;
}

/** Breaking and non-breaking differences between two OpenAPI 3 documents. */
export function diffOpenApi(before: JsonObject, after: JsonObject): Change[] {
  const changes: Change[] = [];
  const beforePaths = isObject(before['paths']) ? before['paths'] : {};
  const afterPaths = isObject(after['paths']) ? after['paths'] : {};

  for (const [path, rawItem] of Object.entries(beforePaths)) {
    const item = deref(before, rawItem) ?? {};
    const nextItem = deref(after, afterPaths[path]);
    if (!nextItem) {
      changes.push({ breaking: true, where: `path ${path}`, detail: 'path removed' });
      continue;
    }
    for (const method of methods) {
      const operation = deref(before, item[method]);
      const next = deref(after, nextItem[method]);
      const where = `${method.toUpperCase()} ${path}`;
      if (!operation && next) changes.push({ breaking: false, where, detail: 'operation added' });
      if (!operation) continue;
      if (!next) {
        changes.push({ breaking: true, where, detail: 'operation removed' });
        continue;
      }

      const parameters = parametersOf(before, item['parameters'], operation['parameters']);
      const nextParameters = parametersOf(after, nextItem['parameters'], next['parameters']);
      for (const [name, parameter] of parameters) {
        const now = nextParameters.get(name);
        if (!now) {
          changes.push({ breaking: !name.startsWith('path'), where, detail: `${name} removed` });
          continue;
        }
        if (now.required && !parameter.required)
          changes.push({ breaking: true, where, detail: `${name} newly required` });
        diffSchema(
          {
            before: { document: before, schema: parameter.schema },
            after: { document: after, schema: now.schema },
            direction: 'request',
            where: `${where}, ${name}`,
          },
          changes,
        );
      }
      for (const [name, parameter] of nextParameters)
        if (!parameters.has(name))
          changes.push({
            breaking: parameter.required && !name.startsWith('path'),
            where,
            detail: `${parameter.required ? 'required' : 'optional'} ${name} added`,
          });

      const body = deref(before, operation['requestBody']);
      const nextBody = deref(after, next['requestBody']);
      if (!body && nextBody?.['required'] === true)
        changes.push({ breaking: true, where, detail: 'a request body is now required' });
      if (body || nextBody)
        diffSchema(
          {
            before: { document: before, schema: jsonSchema(before, body) ?? {} },
            after: { document: after, schema: jsonSchema(after, nextBody) ?? {} },
            direction: 'request',
            where: `${where}, request body`,
          },
          changes,
        );

      const responses = isObject(operation['responses']) ? operation['responses'] : {};
      const nextResponses = isObject(next['responses']) ? next['responses'] : {};
      for (const status of Object.keys(responses)) {
        if (!(status in nextResponses)) {
          changes.push({ breaking: /^2/.test(status), where, detail: `response ${status} removed` });
          continue;
        }
        const schema = jsonSchema(before, responses[status]);
        const nextSchema = jsonSchema(after, nextResponses[status]);
        if (schema !== undefined && nextSchema === undefined && /^2/.test(status))
          changes.push({ breaking: true, where, detail: `response ${status} no longer has a JSON body` });
        if (schema !== undefined && nextSchema !== undefined)
          diffSchema(
            {
              before: { document: before, schema },
              after: { document: after, schema: nextSchema },
              direction: 'response',
              where: `${where}, response ${status}`,
            },
            changes,
          );
      }
      for (const status of Object.keys(nextResponses))
        if (!(status in responses))
          changes.push({ breaking: false, where, detail: `response ${status} added` });
    }
  }
  for (const path of Object.keys(afterPaths))
    if (!(path in beforePaths))
      changes.push({ breaking: false, where: `path ${path}`, detail: 'path added' });
  return changes;
}
