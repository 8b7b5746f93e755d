/**
 * Hostile HTTP requests for the fuzz app, as raw as `node:http` allows: JSON text written by
 * hand, bytes that are not UTF-8, wrong media types, query strings with repeated, bracketed,
 * reserved and badly percent-encoded keys, odd path segments.
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { dtoShapedTextArb } from './dto-shapes.js';
import { restBodyRoutes, searchFields, declaredFields } from './fuzz-app.js';
import {
  brokenJsonTextArb,
  extremeJsonTextArb,
  hostileKeyArb,
  hostileStringArb,
  invalidUtf8Arb,
  jsonTextArb,
} from './hostile-json.js';

export interface HostileRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query, already encoded as sent on the request line. */
  readonly path: string;
  readonly contentType?: string;
  readonly body?: Buffer;
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** Percent-encodes what the request line cannot carry raw, and leaves everything else as is. */
function encodeLoose(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('latin1')
    .replace(/[^\x21-\x7e]|[#%&=+?[\]]/g, (ch) => `%${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const badEscapeArb = fc.constantFrom(
  '%',
  '%z',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%00',
  '%FF',
  '%u0041',
);

const queryValueArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileStringArb.map(encodeLoose) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('', '0x1F', '1e3', '-0', '+1', ' 1 ', '01', '1.5', 'true', 'TRUE', '2026-13-45', '1e400')
      .map(encodeLoose),
  },
  { weight: 1, arbitrary: badEscapeArb },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: false }).map((d) => encodeLoose(String(d.getTime()))) },
);

const queryKeyArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...searchFields) },
  { weight: 2, arbitrary: hostileKeyArb.map(encodeLoose) },
  { weight: 1, arbitrary: fc.constantFrom(...searchFields).map((k) => `${k}[]`) },
  { weight: 1, arbitrary: fc.constantFrom('a[b]', 'q[__proto__]', '__proto__[x]', 'constructor[prototype]') },
  { weight: 1, arbitrary: badEscapeArb },
);

const queryStringArb: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.tuple(queryKeyArb, fc.option(queryValueArb, { nil: undefined })), { maxLength: 8 })
      .map((pairs) => pairs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join('&')),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 50, max: 1_500 })
      .map((n) => Array.from({ length: n }, (_, i) => `q=${i}`).join('&')),
  },
  { weight: 1, arbitrary: fc.constantFrom('&&&', '=', '==', '&=&', '?', 'q=1&q', 'limit=1&limit=2&limit=3') },
);

const bodyTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: dtoShapedTextArb },
  { weight: 3, arbitrary: jsonTextArb(declaredFields) },
  { weight: 1, arbitrary: extremeJsonTextArb },
  { weight: 1, arbitrary: brokenJsonTextArb },
);

const postArb: fc.Arbitrary<HostileRequest> = fc
  .record({
    route: fc.constantFrom(...restBodyRoutes),
    body: fc.oneof(
      { weight: 8, arbitrary: bodyTextArb.map((text) => Buffer.from(text, 'utf8')) },
      { weight: 1, arbitrary: invalidUtf8Arb },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)) },
    ),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'text/plain',
          'application/json; charset=latin1',
          'application/x-www-form-urlencoded',
          'application/octet-stream',
          'application/json; charset=utf-16',
          'APPLICATION/JSON',
        ),
      },
    ),
    query: fc.option(queryStringArb, { nil: undefined }),
  })
  .map(({ route, body, contentType, query }) => ({
    method: 'POST' as const,
    path: query === undefined ? route : `${route}?${query}`,
    contentType,
    body,
  }));

const searchArb: fc.Arbitrary<HostileRequest> = queryStringArb.map((query) => ({
  method: 'GET' as const,
  path: `/fuzz/search?${query}`,
}));

const itemArb: fc.Arbitrary<HostileRequest> = fc
  .tuple(
    fc.oneof(queryValueArb, fc.constantFrom('1', '0', '-1', '1e3', '0x10', '9007199254740993', '%20')),
    fc.option(queryStringArb, { nil: undefined }),
  )
  .map(([segment, query]) => ({
    method: 'GET' as const,
    // An empty segment would be another route (`/fuzz/items/`), which is a 404 anyway.
    path: `/fuzz/items/${segment || '1'}${query === undefined ? '' : `?${query}`}`,
  }));

export const hostileRequestArb: fc.Arbitrary<HostileRequest> = fc.oneof(
  { weight: 5, arbitrary: postArb },
  { weight: 2, arbitrary: searchArb },
  { weight: 1, arbitrary: itemArb },
);

/** Sends one request on its own connection and reads the whole answer. */
export function send(port: number, hostile: HostileRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: hostile.method,
        path: hostile.path,
        agent: false,
        headers: {
          ...(hostile.contentType !== undefined && { 'content-type': hostile.contentType }),
          ...(hostile.body !== undefined && { 'content-length': String(hostile.body.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(hostile.body);
  });
}
