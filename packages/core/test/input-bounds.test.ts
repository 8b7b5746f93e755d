import 'reflect-metadata';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import t, { type Test } from 'tap';
import { Transform } from 'class-transformer';
import { ArrayUnique, IsArray, IsObject, IsOptional, IsString } from 'class-validator';
import {
  Body,
  Controller,
  createApp,
  Get,
  Headers,
  Message,
  OnMessage,
  Post,
  Query,
  WebSocket,
  type ValidationSettings,
} from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { createLoggedApp, errorLines } from './helpers/logged-app.js';
import { postJson } from './helpers/post-json.js';

// Compiled by default: only class-validator decorators.
class Profile {
  @IsString() name!: string;
  @IsOptional() @IsObject() meta?: Record<string, unknown>;
  @IsOptional() @IsArray() @ArrayUnique() tags?: unknown[];
}
// `@Transform` keeps this DTO on class-transformer + class-validator for every input.
class TrimmedProfile {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  name!: string;
  @IsOptional() @IsObject() meta?: Record<string, unknown>;
  @IsOptional() @IsArray() @ArrayUnique() tags?: unknown[];
}
class Search {
  @IsOptional() @IsString() q?: string;
  @IsOptional() @IsObject() filter?: Record<string, unknown>;
}
class Trace {
  @IsOptional() @IsString() 'x-trace'?: string;
}

@Controller('/bounds')
class BoundsController {
  @Post('/profiles') save(@Body() profile: Profile): string {
    return profile.name;
  }
  @Post('/trimmed') trimmed(@Body() profile: TrimmedProfile): string {
    return profile.name;
  }
  @Post('/batch') batch(@Body({ type: [Profile] }) profiles: Profile[]): number {
    return profiles.length;
  }
  @Get('/search') search(@Query() query: Search, @Headers() headers: Trace): string {
    return `${query.q ?? ''}${headers['x-trace'] ?? ''}`;
  }
}

@WebSocket('/bounds')
class BoundsSocket {
  @OnMessage('save', { reply: String }) save(@Message() profile: Profile): string {
    return profile.name;
  }
  @OnMessage('trimmed', { reply: String }) trimmed(@Message() profile: TrimmedProfile): string {
    return profile.name;
  }
}

async function build(t: Test, validation: Partial<ValidationSettings> = {}) {
  return createLoggedApp(t, {
    controllers: [BoundsController, BoundsSocket],
    validation,
    fastify: {
      routerOptions: {
        // Lets a test send a nested query; Fastify's default parser yields strings and arrays only.
        querystringParser: (text: string) =>
          text.startsWith('json=')
            ? (JSON.parse(decodeURIComponent(text.slice(5))) as Record<string, unknown>)
            : {},
      },
    },
  });
}

/** `{"k0":0,…,"k<n-1>":0` plus `tail`: the ~1 MB object of the issue. */
function wide(keys: number, tail = ''): string {
  const parts: string[] = [];
  for (let index = 0; index < keys; index++) parts.push(`"k${index}":0`);
  return `{${parts.join(',')}${tail}}`;
}
const deep = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

const validationProblem = (instance: string, error: Record<string, string>, where = 'body') => ({
  type: 'about:blank',
  title: 'Bad Request',
  status: 400,
  detail: `${where} failed validation`,
  instance,
  code: 'HALYARD_ERR_VALIDATION',
  errors: [error],
});

// Every hostile body of defects 1 and 2, with the one error both validation paths answer.
const hostile: Array<[string, string, Record<string, string>]> = [
  [
    '90,000 keys and an untyped object with an own "constructor" (defect 1)',
    wide(90_000, ',"zz":{"constructor":"x"}'),
    { in: 'body', path: '', constraint: 'maxKeys', message: 'body has more than 1000 keys' },
  ],
  [
    'an own "constructor" under an undeclared key',
    '{"zzz":{"constructor":1}}',
    {
      in: 'body',
      path: 'zzz.constructor',
      constraint: 'reservedKey',
      message: 'property constructor is not allowed',
    },
  ],
  [
    'an own "constructor" in an @IsObject() field',
    '{"name":"ann","meta":{"constructor":"x"}}',
    {
      in: 'body',
      path: 'meta.constructor',
      constraint: 'reservedKey',
      message: 'property constructor is not allowed',
    },
  ],
  [
    'an own "toString" that is not a function',
    '{"name":"ann","meta":{"when":{"toString":1}}}',
    {
      in: 'body',
      path: 'meta.when.toString',
      constraint: 'reservedKey',
      message: 'property toString is not allowed',
    },
  ],
  [
    '10,000 levels of nesting',
    `{"name":"ann","meta":${deep(10_000)}}`,
    {
      in: 'body',
      path: `meta${'.a'.repeat(31)}`,
      constraint: 'maxDepth',
      message: `meta${'.a'.repeat(31)} is nested deeper than 32 levels`,
    },
  ],
  [
    '1,001 items in one array',
    `{"name":"ann","tags":[${Array.from({ length: 1001 }, (_, index) => index).join(',')}]}`,
    { in: 'body', path: 'tags', constraint: 'maxItems', message: 'tags has more than 1000 items' },
  ],
  [
    '1,001 keys in an @IsObject() field',
    `{"name":"ann","meta":${wide(1001)}}`,
    { in: 'body', path: 'meta', constraint: 'maxKeys', message: 'meta has more than 1000 keys' },
  ],
];

for (const compiled of [true, false]) {
  for (const url of ['/bounds/profiles', '/bounds/trimmed']) {
    t.test(`HTTP ${url}, compiled: ${compiled}: hostile bodies are a 400 naming the path`, async (t) => {
      const { app, lines } = await build(t, { compiled });
      for (const [name, payload, error] of hostile) {
        const res = await postJson(app, url, payload);
        t.equal(res.statusCode, 400, name);
        t.strictSame(res.json(), validationProblem(url, error), name);
      }
      const rejected = lines.filter((line) => line['msg'] === 'request rejected: body failed validation');
      t.equal(rejected.length, hostile.length, 'one info line per request');
      t.ok(
        rejected.every((line) => line['level'] === 30 && line['errorCount'] === 1),
        'at info, with the count',
      );
      t.strictSame(errorLines(lines), [], 'nothing at error level');
    });
  }
}

t.test('just within the bounds is accepted, on both paths', async (t) => {
  const { app } = await build(t);
  const distinct = Array.from({ length: 1000 }, (_, index) => index);
  const payload = JSON.stringify({
    name: 'ann',
    meta: { ...JSON.parse(wide(999)), nested: JSON.parse(deep(30)) },
    tags: distinct,
  });
  for (const url of ['/bounds/profiles', '/bounds/trimmed']) {
    const res = await postJson(app, url, payload);
    t.equal(res.statusCode, 201, url);
    t.equal(res.body, 'ann', url);
  }
});

t.test('an array body counts from the array: the path starts with the index', async (t) => {
  const { app } = await build(t);
  const payload = `[{"name":"a"},{"name":"b","meta":${deep(40)}}]`;
  const res = await postJson(app, '/bounds/batch', payload);
  const path = `1.meta${'.a'.repeat(30)}`;
  t.strictSame(
    res.json(),
    validationProblem('/bounds/batch', {
      in: 'body',
      path,
      constraint: 'maxDepth',
      message: `${path} is nested deeper than 32 levels`,
    }),
  );
});

t.test('query and headers DTOs are bounded too', async (t) => {
  const { app } = await build(t, { maxKeys: 8 });
  const query = encodeURIComponent(`{"filter":${deep(10_000)}}`);
  const deepQuery = await app.inject({ url: `/bounds/search?json=${query}` });
  const path = `filter${'.a'.repeat(31)}`;
  t.strictSame(
    deepQuery.json(),
    validationProblem(
      '/bounds/search', // the path only: a query string is never echoed
      { in: 'query', path, constraint: 'maxDepth', message: `${path} is nested deeper than 32 levels` },
      'query',
    ),
  );
  const reserved = encodeURIComponent('{"filter":{"__proto__":{"polluted":true}}}');
  const proto = await app.inject({ url: `/bounds/search?json=${reserved}` });
  t.strictSame(
    proto.json(),
    validationProblem(
      '/bounds/search',
      {
        in: 'query',
        path: 'filter.__proto__',
        constraint: 'reservedKey',
        message: 'property __proto__ is not allowed',
      },
      'query',
    ),
  );
  const headers: Record<string, string> = {};
  for (let index = 0; index < 12; index++) headers[`x-h${index}`] = 'v';
  const many = await app.inject({ url: '/bounds/search', headers });
  t.strictSame(
    many.json(),
    validationProblem(
      '/bounds/search',
      { in: 'headers', path: '', constraint: 'maxKeys', message: 'headers has more than 8 keys' },
      'headers',
    ),
  );
});

t.test('WebSocket: hostile data is an error frame; a bystander is served', async (t) => {
  const { app, lines } = await build(t);
  const attacker = await connectSocket(app, '/bounds');
  const bystander = await connectSocket(app, '/bounds');
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  for (const type of ['save', 'trimmed']) {
    attacker.sendRaw(`{"type":"${type}","id":"big","data":${wide(90_000, ',"zz":{"constructor":"x"}')}}`);
    bystander.sendRaw('{"type":"$ping","id":"p"}');
    t.strictSame(await bystander.next((frame) => frame.id === 'p'), { type: '$pong', id: 'p' });
    t.strictSame(await attacker.next((frame) => frame.id === 'big'), {
      type: 'error',
      id: 'big',
      error: {
        code: 'HALYARD_ERR_VALIDATION',
        message: 'message failed validation',
        details: [
          { in: 'message', path: '', constraint: 'maxKeys', message: 'message has more than 1000 keys' },
        ],
      },
    });
    attacker.sendRaw(`{"type":"${type}","id":"deep","data":{"name":"a","meta":${deep(10_000)}}}`);
    const path = `meta${'.a'.repeat(31)}`;
    t.strictSame(await attacker.next((frame) => frame.id === 'deep'), {
      type: 'error',
      id: 'deep',
      error: {
        code: 'HALYARD_ERR_VALIDATION',
        message: 'message failed validation',
        details: [
          { in: 'message', path, constraint: 'maxDepth', message: `${path} is nested deeper than 32 levels` },
        ],
      },
    });
    attacker.sendRaw(`{"type":"${type}","id":"proto","data":{"name":"a","__proto__":{"x":1}}}`);
    t.strictSame(await attacker.next((frame) => frame.id === 'proto'), {
      type: 'error',
      id: 'proto',
      error: {
        code: 'HALYARD_ERR_VALIDATION',
        message: 'message failed validation',
        details: [
          {
            in: 'message',
            path: '__proto__',
            constraint: 'reservedKey',
            message: 'property __proto__ is not allowed',
          },
        ],
      },
    });
  }
  delay.disable();
  // A measurement, not an assertion: the machine is shared.
  t.comment(`longest event-loop stall while rejecting 1 MB frames: ${(delay.max / 1e6).toFixed(1)} ms`);
  t.strictSame(await attacker.request('save', { name: 'fine' }), {
    type: 'reply',
    id: 't1',
    to: 'save',
    data: 'fine',
  });
  const rejected = lines.filter(
    (line) => line['msg'] === 'websocket message rejected: message failed validation',
  );
  t.equal(rejected.length, 6);
  t.ok(rejected.every((line) => line['level'] === 30 && line['errorCount'] === 1));
  t.strictSame(errorLines(lines), []);
});

t.test('the bounds are checked at boot: HALYARD_ERR_OPTIONS_INVALID', async (t) => {
  const cases: Array<[Partial<ValidationSettings>, string]> = [
    [{ maxDepth: 0 }, 'validation.maxDepth must be a whole number from 1 to 256, got 0'],
    [{ maxDepth: 257 }, 'validation.maxDepth must be a whole number from 1 to 256, got 257'],
    [{ maxDepth: 2.5 }, 'validation.maxDepth must be a whole number from 1 to 256, got 2.5'],
    [{ maxKeys: 0 }, 'validation.maxKeys must be a whole number of at least 1, got 0'],
    [{ maxItems: Infinity }, 'validation.maxItems must be a whole number of at least 1, got Infinity'],
    [
      { maxItems: '10' as unknown as number },
      'validation.maxItems must be a whole number of at least 1, got 10',
    ],
  ];
  for (const [validation, detail] of cases) {
    await t.rejects(createApp({ controllers: [BoundsController], validation }), {
      code: 'HALYARD_ERR_OPTIONS_INVALID',
      message: `HALYARD_ERR_OPTIONS_INVALID: createApp options: ${detail}`,
    });
  }
});

t.test('a raised maxDepth lets deeper data through, up to the new bound', async (t) => {
  const { app } = await build(t, { maxDepth: 200 });
  const within = await postJson(app, '/bounds/trimmed', `{"name":"ann","meta":${deep(199)}}`);
  t.equal(within.statusCode, 201);
  const beyond = await postJson(app, '/bounds/trimmed', `{"name":"ann","meta":${deep(200)}}`);
  t.equal(beyond.json<{ errors: Array<{ constraint: string }> }>().errors[0]?.constraint, 'maxDepth');
});
