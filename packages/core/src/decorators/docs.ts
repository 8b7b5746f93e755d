import { updateClassRecord, updateMemberRecord, type DocsRecord, type ReturnsRecord } from '../metadata.js';
import type { Class } from '../types.js';

// Decorators run bottom-up (nearest the method first); list-valued records prepend so they keep source order.
type ClassOrMethodDecorator = ClassDecorator & MethodDecorator;

function docs(decorator: string, update: (current: DocsRecord) => DocsRecord): ClassOrMethodDecorator {
  return ((target: object, member?: string | symbol) => {
    if (member === undefined) {
      updateClassRecord(target as Class, (record) => ({ ...record, docs: update(record.docs) }));
    } else {
      updateMemberRecord({ prototype: target, member }, decorator, (record) => ({
        docs: update(record.docs),
      }));
    }
  }) as ClassOrMethodDecorator;
}

/** One-line summary of an operation (OpenAPI and AsyncAPI). @example `@Summary('Get a room')` */
export function Summary(summary: string): ClassOrMethodDecorator {
  return docs('@Summary', (current) => ({ ...current, summary }));
}

/** Longer description, Markdown allowed. @example `@Description('Creates a chat room.')` */
export function Description(description: string): ClassOrMethodDecorator {
  return docs('@Description', (current) => ({ ...current, description }));
}

/** Groups operations; on a class it applies to every route of the class. @example `@Tags('rooms')` */
export function Tags(...tags: string[]): ClassOrMethodDecorator {
  return docs('@Tags', (current) => ({ ...current, tags: [...tags, ...(current.tags ?? [])] }));
}

/** Marks a route, a socket or a message handler as deprecated in both documents. @example `@Deprecated()` */
export function Deprecated(): ClassOrMethodDecorator {
  return docs('@Deprecated', (current) => ({ ...current, deprecated: true }));
}

/** Overrides the generated operation id (`RoomsController_get` by default). @example `@OperationId('getRoom')` */
export function OperationId(operationId: string): MethodDecorator {
  return docs('@OperationId', (current) => ({ ...current, operationId }));
}

/**
 * An example payload: the request body of a REST route, or the message of a WebSocket handler.
 * Repeat it for several examples.
 *
 * @example `@Example({ text: 'hello' }, { name: 'greeting' })`
 */
export function Example(value: unknown, options: { name?: string; summary?: string } = {}): MethodDecorator {
  return docs('@Example', (current) => ({
    ...current,
    examples: [{ value, ...options }, ...(current.examples ?? [])],
  }));
}

export interface ReturnsOptions {
  /** HTTP status this body belongs to; defaults to the route's success status. */
  readonly status?: number;
  readonly description?: string;
}

/**
 * Documents (and declares) what an HTTP route returns. Needed whenever the return type is a
 * `Promise<T>` or an array, because TypeScript's metadata erases `T`. `@Returns(null)` means no body.
 *
 * @example `@Returns(RoomDto)` · `@Returns([RoomDto])` · `@Returns(ProblemDto, { status: 404 })`
 */
export function Returns(
  type: Class | readonly [Class] | null,
  options: ReturnsOptions = {},
): MethodDecorator {
  return (prototype, member) => {
    const record: ReturnsRecord = { type, ...options };
    updateMemberRecord({ prototype, member }, '@Returns', (current) => ({
      returns: [record, ...current.returns],
    }));
  };
}
