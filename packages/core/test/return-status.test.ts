import 'reflect-metadata';
import t, { type Test } from 'tap';
import { IsInt } from 'class-validator';
import { Controller, Delete, Get, HttpCode, Post, Returns } from '../src/index.js';
import { createLoggedApp } from './helpers/logged-app.js';
import { expectBootError } from './helpers/boot-error.js';
import { injectJson, injectText } from './helpers/inject-json.js';
import { assertProblem } from './helpers/problem.js';

class Count {
  @IsInt() count!: number;
}

@Controller('/status')
class StatusController {
  @Get('/created')
  @Returns(Count, { status: 201 })
  created(): Count {
    return { count: 1 };
  }

  @Get('/overridden')
  @HttpCode(202)
  @Returns(Count)
  overridden(): Count {
    return { count: 2 };
  }

  @Delete('/void')
  remove(): void {}

  @Post('/void')
  enqueue(): void {}

  @Get('/undocumented')
  @Returns(Count, { status: 404 })
  undocumented(): Count {
    return { count: 3 };
  }

  // No return type annotation: TypeScript emits the same metadata as for `void`.
  @Get('/untyped')
  untyped() {
    return { count: 4 };
  }

  @Get('/untyped-empty')
  untypedEmpty() {
    return undefined;
  }
}

async function app(t: Test) {
  const { app: instance, lines } = await createLoggedApp(t, {
    controllers: [StatusController],
  });
  return { instance, lines };
}

t.test('@Returns status sets the success status; @HttpCode overrides it', async (t) => {
  const { instance } = await app(t);
  t.strictSame(await injectJson(instance, '/status/created'), { status: 201, body: { count: 1 } });
  t.strictSame(await injectJson(instance, '/status/overridden'), { status: 202, body: { count: 2 } });
  const undocumented = await instance.inject({ url: '/status/undocumented' });
  t.equal(undocumented.statusCode, 200, 'a 4xx @Returns only documents an error response');
  const paths = instance.halyard.openapi.paths;
  t.strictSame(Object.keys(paths['/status/created']?.get?.responses ?? {}).sort(), ['201', '500']);
  t.strictSame(Object.keys(paths['/status/overridden']?.get?.responses ?? {}).sort(), ['202', '500']);
});

t.test('void answers 204 (201 for POST) with no body, as documented', async (t) => {
  const { instance } = await app(t);
  const deleted = await injectText(instance, { method: 'DELETE', url: '/status/void' });
  t.strictSame(deleted, { status: 204, body: '' });
  t.strictSame(await injectText(instance, { method: 'POST', url: '/status/void' }), {
    status: 201,
    body: '',
  });
  const documented = instance.halyard.openapi.paths['/status/void'];
  t.strictSame(documented?.delete?.responses['204'], { description: 'No Content' });
  const empty = await instance.inject({ url: '/status/untyped-empty' });
  t.equal(empty.statusCode, 204);
});

t.test('an untyped handler that returns a value is a 500 whose log line says what to write', async (t) => {
  const { instance, lines } = await app(t);
  assertProblem(t, await instance.inject({ url: '/status/untyped' }), {
    status: 500,
    detail: 'Internal server error',
    instance: '/status/untyped',
    code: 'HALYARD_ERR_INTERNAL',
  });
  const logged = lines.filter((line) => line['code'] === 'HALYARD_ERR_RETURN_VALUE_UNDECLARED');
  t.equal(logged.length, 1);
  t.equal(logged[0]?.['level'], 50);
  t.equal(logged[0]?.['msg'], 'handler failed');
  t.equal(
    (logged[0]?.['err'] as { message: string }).message,
    'HALYARD_ERR_RETURN_VALUE_UNDECLARED: StatusController.untyped returned a value, but its return type is void or not written, so the route answers 204 without a body; write the return type or add @Returns(YourDto), or return nothing',
  );
});

t.test('@HttpCode that no stated @Returns status documents is a boot error', async (t) => {
  @Controller('/clash')
  class Clash {
    @Get('/') @HttpCode(202) @Returns(Count, { status: 201 }) get(): Count {
      return { count: 1 };
    }
  }
  await expectBootError(t, [Clash], {
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'Clash.get: @HttpCode(202) answers a status no @Returns documents (201); drop the status from @Returns or make the two agree',
  });
});
