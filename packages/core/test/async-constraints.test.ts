import 'reflect-metadata';
import t from 'tap';
import { Type } from 'class-transformer';
import { IsIn, IsString, ValidateNested, type ValidationOptions } from 'class-validator';
import {
  Body,
  Controller,
  createApp,
  Message,
  OnMessage,
  Post,
  Query,
  Returns,
  WebSocket,
} from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { customConstraint } from './helpers/custom-constraint.js';
import { createQuietApp } from './helpers/logged-app.js';

/** An async constraint: `taken` is taken. */
const IsFree = (options?: ValidationOptions) =>
  customConstraint(
    {
      name: 'isFree',
      async: true,
      validator: {
        validate: async (value: unknown) => {
          await new Promise((resolve) => setImmediate(resolve));
          return value !== 'taken';
        },
        defaultMessage: () => '$property is taken',
      },
    },
    options,
  );

class Pet {
  @IsIn(['cat', 'dog']) kind!: string;
}
class Cat extends Pet {
  @IsString() @IsFree() name!: string;
}
class Dog extends Pet {
  @IsString() name!: string;
}

/** The async constraint is only on a subtype named by the discriminator. */
class Adoption {
  @ValidateNested()
  @Type(() => Pet, {
    discriminator: {
      property: 'kind',
      subTypes: [
        { name: 'cat', value: Cat },
        { name: 'dog', value: Dog },
      ],
    },
    keepDiscriminatorProperty: true,
  })
  pet!: Pet;
}

/** A `@Type` function that picks the class from the value: which class is reached is known per request. */
class Registration {
  @ValidateNested()
  @Type((options) => ((options?.object as { pet?: { kind?: unknown } }).pet?.kind === 'cat' ? Cat : Dog))
  pet!: Pet;
}

/** The async constraint is inherited: the nested class only extends the one that declares it. */
class Kitten extends Cat {}
class Litter {
  @ValidateNested({ each: true }) @Type(() => Kitten) kittens!: Kitten[];
}

/** A class reached through a query DTO's declared type (implicit conversion), not `@Type`. */
class NameQuery {
  @ValidateNested() pet!: Cat;
}

@Controller('/adopt')
class AdoptController {
  @Post('/discriminated')
  @Returns(String)
  discriminated(@Body() body: Adoption): string {
    return body.pet.constructor.name;
  }

  @Post('/picked')
  @Returns(String)
  picked(@Body() body: Registration): string {
    return body.pet.constructor.name;
  }

  @Post('/litter')
  @Returns(String)
  litter(@Body() body: Litter): string {
    return String(body.kittens.length);
  }

  @Post('/query')
  @Returns(String)
  query(@Query() query: NameQuery): string {
    return query.pet.constructor.name;
  }
}

@WebSocket('/adoptions')
class AdoptionSocket {
  @OnMessage('adopt', { reply: String }) adopt(@Message() message: Adoption): string {
    return message.pet.constructor.name;
  }
}

type Reply = Awaited<ReturnType<Awaited<ReturnType<typeof createApp>>['inject']>>;

/** The status with either the problem's errors or the body, so a failure shows what came back. */
function answer(res: Reply): { status: number; errors?: unknown; body?: string } {
  return res.statusCode >= 400
    ? { status: res.statusCode, errors: (res.json() as { errors?: unknown }).errors }
    : { status: res.statusCode, body: res.body };
}

const taken = [{ in: 'body', path: 'pet.name', constraint: 'isFree', message: 'name is taken' }];

for (const compiled of [true, false]) {
  t.test(`async constraints reached through @Type are run (compiled: ${compiled})`, async (t) => {
    const app = await createQuietApp(t, {
      controllers: [AdoptController, AdoptionSocket],
      validation: { compiled },
    });
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

    const viaSubtype = await post('/adopt/discriminated', { pet: { kind: 'cat', name: 'taken' } });
    t.strictSame(answer(viaSubtype), { status: 400, errors: taken }, 'a discriminator subtype');
    const freeCat = await post('/adopt/discriminated', { pet: { kind: 'cat', name: 'tom' } });
    t.strictSame(answer(freeCat), { status: 201, body: 'Cat' });
    const dog = await post('/adopt/discriminated', { pet: { kind: 'dog', name: 'taken' } });
    t.strictSame(answer(dog), { status: 201, body: 'Dog' }, 'the other subtype has no async constraint');

    const viaFunction = await post('/adopt/picked', { pet: { kind: 'cat', name: 'taken' } });
    t.strictSame(answer(viaFunction), { status: 400, errors: taken }, 'a @Type function reading its options');
    const pickedDog = await post('/adopt/picked', { pet: { kind: 'dog', name: 'taken' } });
    t.strictSame(answer(pickedDog), { status: 201, body: 'Dog' });

    const inherited = await post('/adopt/litter', { kittens: [{ kind: 'cat', name: 'taken' }] });
    t.strictSame(
      answer(inherited),
      {
        status: 400,
        errors: [{ in: 'body', path: 'kittens.0.name', constraint: 'isFree', message: 'name is taken' }],
      },
      'an inherited async constraint',
    );

    const socket = await connectSocket(app, '/adoptions');
    t.teardown(() => socket.close());
    t.strictSame(await socket.request('adopt', { pet: { kind: 'cat', name: 'taken' } }), {
      type: 'error',
      id: 't1',
      error: {
        code: 'HALYARD_ERR_VALIDATION',
        message: 'message failed validation',
        details: [{ in: 'message', path: 'pet.name', constraint: 'isFree', message: 'name is taken' }],
      },
    });
  });
}

t.test('a query DTO reaches a class through its declared type; its async constraint runs', async (t) => {
  // Fastify's own parser gives strings only; a custom one (qs style) can give nested objects.
  const querystringParser = (text: string): Record<string, unknown> => {
    const out: Record<string, Record<string, string>> = {};
    for (const [key, value] of new URLSearchParams(text)) {
      const [, outer, inner] = /^(\w+)\[(\w+)\]$/.exec(key) ?? [];
      if (outer && inner) (out[outer] ??= {})[inner] = value;
    }
    return out;
  };
  const app = await createQuietApp(t, {
    controllers: [AdoptController],
    fastify: { routerOptions: { querystringParser } },
  });
  const res = await app.inject({ method: 'POST', url: '/adopt/query?pet[kind]=cat&pet[name]=taken' });
  t.strictSame(answer(res), {
    status: 400,
    errors: [{ in: 'query', path: 'pet.name', constraint: 'isFree', message: 'name is taken' }],
  });
  const free = await app.inject({ method: 'POST', url: '/adopt/query?pet[kind]=cat&pet[name]=tom' });
  t.strictSame(answer(free), { status: 201, body: 'Cat' });
});
