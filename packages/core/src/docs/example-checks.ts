import type { AppDefinition, EmitDefinition, TypeRef } from '../definition/app-definition.js';
import { HalyardError } from '../errors.js';
import type { ExampleRecord } from '../metadata.js';
import { compileValidator } from '../validation/dto-validator.js';
import type { ValueSource } from '../validation/field-error.js';
import type { ValidationSettings } from '../validation/validation-settings.js';

/** One list of examples and the type its values must satisfy. */
interface ExampleSet {
  /** `ChatSocket.send`: the class and member that declared the examples. */
  readonly target: string;
  /** `@Example`, `@Emits('message.created') example`, `@OnMessage('send') reply example`. */
  readonly what: string;
  readonly type: TypeRef;
  readonly source: ValueSource;
  readonly examples: readonly ExampleRecord[];
}

function typeName(type: TypeRef): string {
  switch (type.kind) {
    case 'dto':
      return type.type.name;
    case 'array':
      return `[${typeName(type.items)}]`;
    case 'primitive':
      return type.type;
    case 'date':
      return 'Date';
    case 'unknown':
      return 'unknown';
    default: {
      const exhaustive: never = type;
      throw new TypeError(`unhandled type ref ${JSON.stringify(exhaustive)}`);
    }
  }
}

/** Every example of the app with the type it documents, in definition order. */
function exampleSets(definition: AppDefinition): ExampleSet[] {
  const sets: ExampleSet[] = [];
  for (const route of definition.routes) {
    const body = route.params.find((param) => param.kind === 'body');
    if (body && body.name === undefined && route.docs.examples.length > 0)
      sets.push({
        target: route.handlerName,
        what: '@Example',
        type: body.type,
        source: 'body',
        examples: route.docs.examples,
      });
  }
  for (const socket of definition.sockets) {
    const seen = new Set<EmitDefinition>();
    const emitSet = (target: string, emit: EmitDefinition): void => {
      seen.add(emit);
      if (emit.examples && emit.examples.length > 0)
        sets.push({
          target,
          what: `@Emits('${emit.event}') example`,
          type: emit.type,
          source: 'message',
          examples: emit.examples,
        });
    };
    for (const handler of socket.handlers.values()) {
      if (handler.docs.examples.length > 0)
        sets.push({
          target: handler.handlerName,
          what: '@Example',
          type: handler.message,
          source: 'message',
          examples: handler.docs.examples,
        });
      const replies = handler.docs.replyExamples ?? [];
      if (replies.length > 0 && handler.reply)
        sets.push({
          target: handler.handlerName,
          what: `@OnMessage('${handler.type}') reply example`,
          type: handler.reply,
          source: 'message',
          examples: replies,
        });
      for (const emit of handler.emits) emitSet(handler.handlerName, emit);
    }
    for (const emit of socket.emits) if (!seen.has(emit)) emitSet(socket.name, emit);
  }
  return sets;
}

/**
 * Validates every hand-written example (`@Example`, and the `example`/`examples` options of
 * `@Emits` and `@OnMessage`) with the compiled validator of the type it documents, so the
 * documents never show a payload the server would reject. Runs once at boot.
 *
 * @example `await checkExamples(definition, settings) // throws HALYARD_ERR_EXAMPLE_INVALID`
 */
export async function checkExamples(definition: AppDefinition, settings: ValidationSettings): Promise<void> {
  for (const set of exampleSets(definition)) {
    const validate = compileValidator(set.type, set.source, settings);
    for (const [index, example] of set.examples.entries()) {
      const result = await validate(structuredClone(example.value));
      if (result.ok) continue;
      throw new HalyardError('HALYARD_ERR_EXAMPLE_INVALID', {
        target: set.target,
        what: set.what,
        example: example.name ?? `#${index + 1}`,
        type: typeName(set.type),
        errors: result.errors
          .map((error) => (error.path ? `${error.path}: ${error.message}` : error.message))
          .join('; '),
      });
    }
  }
}
