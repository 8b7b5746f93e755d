import 'reflect-metadata';
import t from 'tap';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import {
  Controller,
  createApp,
  FASTIFY,
  Get,
  HalyardError,
  Inject,
  Injectable,
  LOGGER,
} from '../src/index.js';
import { expectAppBootError } from './helpers/boot-error.js';

const CONFIG = Symbol('config');
interface Config {
  greeting: string;
}

@Injectable()
class Clock {
  now = () => 42;
}

@Injectable()
class Greeter {
  static instances = 0;
  constructor(
    readonly clock: Clock,
    @Inject(CONFIG) readonly config: Config,
  ) {
    Greeter.instances++;
  }
  greet() {
    return `${this.config.greeting} at ${this.clock.now()}`;
  }
}

abstract class Store {
  abstract name(): string;
}
class MemoryStore extends Store {
  name() {
    return 'memory';
  }
}

@Controller('/di')
class DiController {
  // eslint-disable-next-line @typescript-eslint/max-params -- each parameter is injected by its own decorator, as a handler or provider declares them
  constructor(
    private readonly greeter: Greeter,
    private readonly store: Store,
    @Inject('db') private readonly db: { url: string },
    @Inject(FASTIFY) private readonly app: FastifyInstance,
    @Inject(LOGGER) private readonly log: FastifyBaseLogger,
  ) {}
  @Get('/') get(): string {
    return [
      this.greeter.greet(),
      this.store.name(),
      this.db.url,
      typeof this.app.inject,
      typeof this.log.info,
    ].join('|');
  }
}

t.test('class, useValue, useClass and async useFactory providers are injected as singletons', async (t) => {
  Greeter.instances = 0;
  const app = await createApp({
    controllers: [DiController],
    providers: [
      Clock,
      Greeter,
      { provide: CONFIG, useValue: { greeting: 'hello' } },
      { provide: Store, useClass: MemoryStore },
      {
        provide: 'db',
        useFactory: async (config: Config) => ({ url: `db://${config.greeting}` }),
        inject: [CONFIG],
      },
    ],
    fastify: { logger: false },
  });
  const res = await app.inject({ method: 'GET', url: '/di' });
  t.equal(res.body, 'hello at 42|memory|db://hello|function|function');
  t.equal(await app.halyard.get(Greeter), await app.halyard.get(Greeter));
  t.equal(Greeter.instances, 1);
});

async function bootError(
  providers: unknown[],
  controllers: unknown[] = [DiController],
): Promise<HalyardError> {
  try {
    await createApp({
      controllers: controllers as never,
      providers: providers as never,
      fastify: { logger: false },
    });
  } catch (error) {
    if (error instanceof HalyardError) return error;
    throw error;
  }
  throw new Error('createApp did not fail');
}

t.test('a missing provider names the class, the token and the parameter', async (t) => {
  const providers = [
    Clock,
    { provide: CONFIG, useValue: {} },
    { provide: Store, useClass: MemoryStore },
    { provide: 'db', useValue: {} },
  ];
  await expectAppBootError(
    t,
    { controllers: [DiController], providers },
    {
      code: 'HALYARD_ERR_DI_UNKNOWN_PROVIDER',
      message: 'DiController: cannot resolve Greeter (parameter #0); add it to createApp({ providers })',
    },
  );
});

t.test('a cycle is reported with its path', async (t) => {
  @Injectable()
  class A {
    constructor(@Inject('B') readonly b: unknown) {}
  }
  const providers = [A, { provide: 'B', useFactory: (a: A) => a, inject: [A] }];
  await expectAppBootError(
    t,
    { controllers: [], providers },
    {
      code: 'HALYARD_ERR_DI_CYCLE',
      message: 'dependency cycle: A -> "B" -> A',
    },
  );
});

t.test('a provider without type metadata says to add @Injectable()', async (t) => {
  class NoMeta {
    constructor(readonly clock: Clock) {}
  }
  await expectAppBootError(
    t,
    { controllers: [], providers: [Clock, NoMeta] },
    {
      code: 'HALYARD_ERR_DI_MISSING_TYPE',
      message:
        'NoMeta: constructor parameter #0 has no type metadata; add @Injectable() to the class or @Inject(token) to the parameter',
    },
  );
});

t.test('an interface-typed parameter gives one fix: @Inject(TOKEN) plus a provider', async (t) => {
  @Injectable()
  class NeedsConfig {
    constructor(readonly config: Config) {}
  }
  await expectAppBootError(
    t,
    { controllers: [], providers: [NeedsConfig] },
    {
      code: 'HALYARD_ERR_DI_TYPE_NOT_INJECTABLE',
      message:
        'NeedsConfig: constructor parameter #0 is typed Object (an interface, a union or a primitive), which cannot be injected by type; write @Inject(TOKEN) on the parameter and provide TOKEN in createApp({ providers })',
    },
  );
  @Injectable()
  class NeedsName {
    constructor(readonly name: string) {}
  }
  const primitive = await bootError([NeedsName], []);
  t.equal(
    primitive.message,
    'HALYARD_ERR_DI_TYPE_NOT_INJECTABLE: NeedsName: constructor parameter #0 is typed String (an interface, a union or a primitive), which cannot be injected by type; write @Inject(TOKEN) on the parameter and provide TOKEN in createApp({ providers })',
  );
});

t.test('duplicate providers and failing factories are boot errors', async (t) => {
  const dup = await bootError([Clock, Clock], []);
  t.equal(dup.message, 'HALYARD_ERR_DI_DUPLICATE_PROVIDER: Clock is provided twice');
  const failing = await bootError(
    [
      {
        provide: 'db',
        useFactory: () => {
          throw new Error('connection refused');
        },
      },
    ],
    [],
  );
  t.equal(
    failing.message,
    'HALYARD_ERR_DI_FACTORY_FAILED: provider "db" failed to construct: connection refused',
  );
  const invalid = await bootError([{ provide: 'x' }], []);
  t.equal(invalid.code, 'HALYARD_ERR_OPTIONS_INVALID');
});
