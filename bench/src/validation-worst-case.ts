import 'reflect-metadata';
import { Body, Controller, createApp, Post } from '@halyard/core';
import { Transform, Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

/**
 * `node bench/dist/validation-worst-case.js`: the most expensive bodies we know how to build within
 * Fastify's 1 MiB bodyLimit, sent to a compiled DTO and to one that always takes class-transformer +
 * class-validator (`@Transform`). Prints, per case and path, the status, the time of one request
 * (best of WORST_CASE_ROUNDS, default 3; nearly all of it synchronous, so it is also the event-loop stall) and the answer's
 * size. Not part of `pnpm bench`: it measures hostile input, not throughput.
 */

class Item {
  @IsString() name!: string;
}
class Profile {
  @IsString() name!: string;
  @IsOptional() @IsObject() meta?: Record<string, unknown>;
  @IsOptional() @IsArray() @ArrayUnique() tags?: unknown[];
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Item) items?: Item[];
}
class TrimmedProfile {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  name!: string;
  @IsOptional() @IsObject() meta?: Record<string, unknown>;
  @IsOptional() @IsArray() @ArrayUnique() tags?: unknown[];
  @IsOptional() @ValidateNested({ each: true }) @Type(() => Item) items?: Item[];
}

@Controller('/')
class Routes {
  // Fastify still parses the JSON body: the floor under every other figure.
  @Post('/parse-only') parseOnly(): string {
    return 'parsed';
  }
  @Post('/parse-only-list') parseOnlyList(): string {
    return 'parsed';
  }
  @Post('/compiled') compiled(@Body() profile: Profile): string {
    return profile.name;
  }
  @Post('/class-validator') classValidator(@Body() profile: TrimmedProfile): string {
    return profile.name;
  }
  @Post('/compiled-list') compiledList(@Body({ type: [Profile] }) list: Profile[]): number {
    return list.length;
  }
  @Post('/class-validator-list') classValidatorList(
    @Body({ type: [TrimmedProfile] }) list: TrimmedProfile[],
  ): number {
    return list.length;
  }
}

const keys = (count: number, prefix = 'k'): string =>
  Array.from({ length: count }, (_, index) => `"${prefix}${index}":0`).join(',');
/** `{part(0),part(1),…}` (or `[…]`, per `brackets`), as many parts as fit in `limit` characters. */
function fill(limit: number, part: (index: number) => string, brackets: '{}' | '[]'): string {
  const [open, close] = brackets;
  const parts: string[] = [];
  let size = open.length + close.length;
  for (let index = 0; size + part(index).length + 1 < limit; index++) {
    parts.push(part(index));
    size += part(index).length + 1;
  }
  return `${open}${parts.join(',')}${close}`;
}
const budget = 1024 * 1024 - 1024;
const distinct = Array.from({ length: 1000 }, (_, index) => index).join(',');

const cases: Array<{ name: string; list: boolean; body: string }> = [
  {
    name: '90,000 keys + untyped {"constructor":"x"} (issue)',
    list: false,
    body: `{${keys(90_000)},"zz":{"constructor":"x"}}`,
  },
  { name: '90,000 undeclared keys', list: false, body: `{${keys(90_000)}}` },
  { name: '90,000 keys in an @IsObject() field', list: false, body: `{"name":"a","meta":{${keys(90_000)}}}` },
  {
    name: '10,000 levels of nesting',
    list: false,
    body: `{"name":"a","meta":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
  },
  {
    name: '150,000 distinct items, @ArrayUnique()',
    list: false,
    body: `{"name":"a","tags":[${Array.from({ length: 150_000 }, (_, i) => i).join(',')}]}`,
  },
  {
    name: 'objects of 1,000 keys in @IsObject() (within bounds)',
    list: false,
    body: `{"name":"a","meta":${fill(budget, (index) => `"o${index}":{${keys(1000)}}`, '{}')}}`,
  },
  {
    name: '1,000-item @ArrayUnique() arrays (within bounds)',
    list: true,
    body: fill(budget, () => `{"name":"a","tags":[${distinct}]}`, '[]'),
  },
  {
    name: 'elements of 1,000 undeclared keys: ~100,000 errors',
    list: true,
    body: fill(budget, () => `{${keys(1000)}}`, '[]'),
  },
];

const rounds = Number(process.env['WORST_CASE_ROUNDS'] ?? 3);

async function timed(run: () => Promise<{ statusCode: number; body: string }>) {
  let best = Infinity;
  let last: { statusCode: number; body: string } = { statusCode: 0, body: '' };
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    last = await run();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, ...last };
}

const app = await createApp({ controllers: [Routes], docs: false, fastify: { logger: false } });
console.log(`| case | body | path | status | ms (best of ${rounds}) | ms per KB | answer |`);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const { name, list, body } of cases) {
  for (const path of ['parse-only', 'compiled', 'class-validator']) {
    const url = `/${path}${list ? '-list' : ''}`;
    const result = await timed(() =>
      app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: body }),
    );
    const kb = body.length / 1024;
    console.log(
      `| ${name} | ${kb.toFixed(0)} KB | ${path} | ${result.statusCode} | ${result.ms.toFixed(0)} | ${(result.ms / kb).toFixed(3)} | ${(result.body.length / 1024).toFixed(1)} KB |`,
    );
  }
}
await app.close();
