import type { MessageId } from './wire-protocol.js';

/** How many bytes of a frame refused before parsing (rate limit) are searched for its `id`. */
export const idPeekWindow = 512;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;

/** The number grammar of RFC 8259; the text it runs on is at most `idPeekWindow` bytes. */
const jsonNumber = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const isWhitespace = (byte: number | undefined): boolean =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
const isDigit = (byte: number): boolean => byte >= 0x30 && byte <= 0x39;

function skipWhitespace(frame: Buffer, from: number, end: number): number {
  let index = from;
  while (index < end && isWhitespace(frame[index])) index++;
  return index;
}

/** Index of the quote closing the string that opens at `start`, or -1 when it does not close before `end`. */
function stringEnd(frame: Buffer, start: number, end: number): number {
  for (let index = start + 1; index < end; index++) {
    const byte = frame[index];
    if (byte === BACKSLASH) index++;
    else if (byte === QUOTE) return index;
  }
  return -1;
}

/** The JSON string (quotes included) decoded, or `undefined` when it is not valid JSON (a bad escape). */
function decodeString(frame: Buffer, start: number, close: number): string | undefined {
  try {
    return JSON.parse(frame.toString('utf8', start, close + 1)) as string;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** Whether the key string `start..close` is `"id"`, also when escaped (`"\u0069d"`). */
function keyIsId(frame: Buffer, start: number, close: number): boolean {
  if (close - start === 3) return frame[start + 1] === 0x69 && frame[start + 2] === 0x64;
  return frame.indexOf(BACKSLASH, start) < close && decodeString(frame, start, close) === 'id';
}

/** Index just after the value starting at `start`, or -1 when the value does not end before `end`. */
function skipValue(frame: Buffer, start: number, end: number): number {
  const first = frame[start];
  if (first === QUOTE) {
    const close = stringEnd(frame, start, end);
    return close < 0 ? -1 : close + 1;
  }
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    for (let index = start; index < end; index++) {
      const byte = frame[index];
      if (byte === QUOTE) {
        index = stringEnd(frame, index, end);
        if (index < 0) return -1;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
      else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0) return index + 1;
    }
    return -1;
  }
  // A number or a literal: it ends at the first delimiter, which must be inside the window too.
  let index = start;
  while (index < end) {
    const byte = frame[index] as number;
    if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isWhitespace(byte)) return index;
    index++;
  }
  return -1;
}

/** The id value at `start`: `next` is -1 when it is cut by the window; `id` is undefined when it is not a valid id. */
function readId(frame: Buffer, start: number, end: number): { id: MessageId | undefined; next: number } {
  const first = frame[start] as number;
  const next = skipValue(frame, start, end);
  if (next < 0) return { id: undefined, next };
  if (first === QUOTE) {
    const id = decodeString(frame, start, next - 1);
    return { id: id !== undefined && id.length <= 128 ? id : undefined, next };
  }
  if (first === MINUS || isDigit(first)) {
    const text = frame.toString('latin1', start, next);
    const id = jsonNumber.test(text) ? Number(text) : Number.NaN;
    return { id: Number.isFinite(id) ? id : undefined, next };
  }
  return { id: undefined, next };
}

/**
 * The top-level `id` of a frame that is refused before it is parsed (rate limit), so a client
 * awaiting that id gets its error instead of a timeout. A bounded scan of the first
 * `idPeekWindow` bytes that tracks strings, escapes and nesting: it finds the `"id"` key of the
 * top-level object only (never one inside `data`), and takes its value only when it is complete
 * inside the window and a valid id (a string of at most 128 characters, or a finite JSON number
 * whose whole text is inside the window). Anything else, or JSON it cannot follow, gives
 * `undefined`: the answer then has no id rather than a wrong one. With duplicate `"id"` keys the
 * last one inside the window wins, as with `JSON.parse`; one that starts after the window is not seen.
 *
 * @example `peekMessageId(Buffer.from('{"data":{"id":"other"},"id":"mine"}')) // 'mine'`
 */
export function peekMessageId(frame: Buffer): MessageId | undefined {
  const end = Math.min(frame.length, idPeekWindow);
  let index = skipWhitespace(frame, 0, end);
  if (frame[index] !== OPEN_BRACE || index >= end) return undefined;
  let found: MessageId | undefined;
  index++;
  for (;;) {
    index = skipWhitespace(frame, index, end);
    if (index >= end) return found;
    if (frame[index] === CLOSE_BRACE) return found;
    if (frame[index] !== QUOTE) return undefined;
    const keyClose = stringEnd(frame, index, end);
    if (keyClose < 0) return found;
    const isId = keyIsId(frame, index, keyClose);
    index = skipWhitespace(frame, keyClose + 1, end);
    if (index >= end) return isId ? undefined : found;
    if (frame[index] !== COLON) return undefined;
    index = skipWhitespace(frame, index + 1, end);
    if (index >= end) return isId ? undefined : found;
    if (isId) {
      const value = readId(frame, index, end);
      // A later `"id"` replaces an earlier one: if it is cut off, the earlier one is not the answer.
      if (value.next < 0) return undefined;
      found = value.id;
      index = value.next;
    } else {
      index = skipValue(frame, index, end);
      if (index < 0) return found;
    }
    index = skipWhitespace(frame, index, end);
    if (index >= end) return found;
    if (frame[index] === COMMA) index++;
    else if (frame[index] === CLOSE_BRACE) return found;
    else return undefined;
  }
}
