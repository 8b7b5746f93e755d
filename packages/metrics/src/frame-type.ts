const prefix = '{"type":"';
const prefixBytes = Buffer.from(prefix);
/** Longer types are counted as `other` anyway; the peek reads no further. */
const maxTypeLength = 128;
const quote = 0x22;
const backslash = 0x5c;

/**
 * The `type` of a frame Halyard serialised (`pushFrame`, `replyFrame`, `errorFrame`, `$pong` all
 * start with `{"type":"`), read without parsing the frame. `undefined` for anything else or for a
 * type with escapes, which then counts as `other`.
 */
export function frameType(frame: string | Buffer): string | undefined {
  if (typeof frame === 'string') {
    if (!frame.startsWith(prefix)) return undefined;
    const end = frame.indexOf('"', prefix.length);
    if (end === -1 || end - prefix.length > maxTypeLength) return undefined;
    const type = frame.slice(prefix.length, end);
    return type.includes('\\') ? undefined : type;
  }
  if (
    frame.length <= prefixBytes.length ||
    frame.compare(prefixBytes, 0, prefixBytes.length, 0, prefixBytes.length) !== 0
  )
    return undefined;
  const limit = Math.min(frame.length, prefixBytes.length + maxTypeLength + 1);
  for (let index = prefixBytes.length; index < limit; index++) {
    const byte = frame[index];
    if (byte === backslash) return undefined;
    if (byte === quote) return frame.toString('utf8', prefixBytes.length, index);
  }
  return undefined;
}
